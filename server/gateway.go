package server

import (
	"net/http"

	"github.com/gatehouse-dev/gatehouse/gateway"
)

// errMissingAuthToken is API Gateway's answer to a route it does not know.
var errMissingAuthToken = &gateway.Error{Status: http.StatusForbidden, Type: "MissingAuthenticationTokenException",
	Body: []byte(`{"message":"Missing Authentication Token"}`)}

func writeGatewayError(w http.ResponseWriter, e *gateway.Error) {
	gateway.WriteError(w, e)
}

// serveGateway serves a request for API apiID, stage, path through the
// gateway, which answers an unknown API, stage or route with AWS's
// "Missing Authentication Token".
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request, apiID, stage, path string) {
	setRoute(r, routeGateway)
	s.gateway.ServeAPI(w, r, apiID, stage, path)
}

package server

import (
	"net/http"
	"slices"
)

// gatewayError is an API Gateway error response: status, x-amzn-ErrorType
// and the {"message": ...} body.
type gatewayError struct {
	status  int
	errType string
	message string
}

var (
	// errMissingAuthToken is API Gateway's answer to a route it does not know.
	errMissingAuthToken = gatewayError{http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token"}
	// errGatewayNotImplemented answers routes of configured APIs: request
	// routing, authorizers and integrations are not served by this version.
	errGatewayNotImplemented = gatewayError{http.StatusNotImplemented, "NotImplementedException", "The API gateway is not implemented in this version of Gatehouse."}
)

func writeGatewayError(w http.ResponseWriter, e gatewayError) {
	w.Header().Set("x-amzn-ErrorType", e.errType)
	writeJSONStatus(w, e.status, map[string]string{"message": e.message})
}

// serveGateway serves a request for API apiID, stage, path. An unknown API or
// stage gets AWS's "Missing Authentication Token".
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request, apiID, stage, path string) {
	setRoute(r, routeGateway)
	for _, api := range s.cfg.APIs {
		if api.ID == apiID && slices.Contains(api.Stages, stage) {
			writeGatewayError(w, errGatewayNotImplemented)
			return
		}
	}
	writeGatewayError(w, errMissingAuthToken)
}

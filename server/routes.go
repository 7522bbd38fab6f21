package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/identitypool"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

// Route labels used in logs and metrics.
const (
	routeHealth      = "health"
	routeMetrics     = "metrics"
	routeOutbox      = "outbox"
	routeUserPools   = "cognito-idp"
	routeIdentity    = "cognito-identity"
	routeSTS         = "sts"
	routeGateway     = "gateway"
	routeWellKnown   = "well-known"
	routeUnknownJSON = "json-unknown"
	routeNotFound    = "not-found"
)

// hostGatewaySuffix is the host-style API gateway domain, as on AWS but local.
const hostGatewaySuffix = ".execute-api.localhost"

// route dispatches one request by the URL map.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if apiID, ok := gatewayHost(r.Host); ok {
		stage, path := splitFirst(strings.TrimPrefix(r.URL.Path, "/"))
		s.serveGateway(w, r, apiID, stage, "/"+path)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/_gatehouse/health":
		setRoute(r, routeHealth)
		s.serveHealth(w, r)
	case p == "/_gatehouse/metrics":
		setRoute(r, routeMetrics)
		s.metrics.handler().ServeHTTP(w, r)
	case p == "/_gatehouse/outbox" && s.outbox != nil:
		setRoute(r, routeOutbox)
		s.outbox.ServeHTTP(w, r)
	case isWebPath(p):
		s.serveWeb(w, r)
	case strings.HasPrefix(p, "/restapis/"):
		// /restapis/{apiId}/{stage}/_user_request_/{path}
		apiID, rest := splitFirst(strings.TrimPrefix(p, "/restapis/"))
		stage, rest := splitFirst(rest)
		marker, path := splitFirst(rest)
		if apiID == "" || stage == "" || marker != "_user_request_" {
			setRoute(r, routeGateway)
			writeGatewayError(w, errMissingAuthToken)
			return
		}
		s.serveGateway(w, r, apiID, stage, "/"+path)
	case p == "/":
		if isBrowserRoot(r) {
			s.redirectToWeb(w, r)
			return
		}
		if serviceCORS(w, r) {
			return
		}
		s.serveRoot(w, r)
	case strings.Contains(p, "/.well-known/"):
		setRoute(r, routeWellKnown)
		if serviceCORS(w, r) {
			return
		}
		s.serveWellKnown(w, r, p)
	default:
		setRoute(r, routeNotFound)
		writeNotFound(w)
	}
}

// serveRoot serves POST / (JSON 1.1 by X-Amz-Target, or STS query protocol)
// and GET /?Action=... (STS).
func (s *Server) serveRoot(w http.ResponseWriter, r *http.Request) {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		s.serveJSON(w, r, target)
		return
	}
	if isQueryProtocol(r) {
		setRoute(r, routeSTS)
		s.serveSTS(w, r)
		return
	}
	setRoute(r, routeUnknownJSON)
	awsproto.WriteJSONError(w, awsproto.ErrUnknownOperation)
}

// serveJSON dispatches a JSON 1.1 request on its X-Amz-Target.
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, target string) {
	service, op, ok := awsproto.SplitTarget(target)
	ops, known := s.targets[service]
	switch service {
	case targetUserPools:
		setRoute(r, routeUserPools)
	case targetIdentityPools:
		setRoute(r, routeIdentity)
	default:
		setRoute(r, routeUnknownJSON)
	}
	if r.Method != http.MethodPost || !ok || !known {
		awsproto.WriteJSONError(w, awsproto.ErrUnknownOperation)
		return
	}
	handle, ok := ops[op]
	if !ok {
		awsproto.WriteJSONError(w, awsproto.ErrUnknownOperation)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, awsproto.MaxJSONBody))
	if err != nil {
		awsproto.WriteJSONError(w, awsproto.ErrRequestTooLarge())
		return
	}
	out, err := handle(r.Context(), r, body)
	if err != nil {
		s.logInternal(r, err)
		awsproto.WriteJSONError(w, err)
		return
	}
	awsproto.WriteJSON(w, out)
}

// serveWellKnown serves /{userPoolId}/.well-known/jwks.json and
// /{userPoolId}/.well-known/openid-configuration, and the identity pools'
// /.well-known/jwks_uri and /.well-known/openid-configuration; any other
// path with .well-known in it is not found.
func (s *Server) serveWellKnown(w http.ResponseWriter, r *http.Request, p string) {
	first, rest := splitFirst(strings.TrimPrefix(p, "/"))
	dir, name := splitFirst(rest)
	var serve func()
	switch {
	case first == ".well-known" && (rest == identitypool.WellKnownJWKS || rest == identitypool.WellKnownOpenIDConfig):
		serve = func() { s.identityPools.ServeWellKnown(w, r, rest) }
	case first != "" && dir == ".well-known" && (name == userpool.WellKnownJWKS || name == userpool.WellKnownOpenIDConfig):
		serve = func() { s.userPools.ServeWellKnown(w, r, first, name) }
	default:
		writeNotFound(w)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSONStatus(w, http.StatusMethodNotAllowed, map[string]string{"message": "Method Not Allowed"})
		return
	}
	serve()
}

// isQueryProtocol reports whether r is an AWS query-protocol request: a
// form-encoded POST, or a GET with an Action parameter.
func isQueryProtocol(r *http.Request) bool {
	switch r.Method {
	case http.MethodPost:
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return mt == "application/x-www-form-urlencoded"
	case http.MethodGet:
		return r.URL.Query().Has("Action")
	}
	return false
}

// serveSTS answers the STS query protocol (GetCallerIdentity,
// AssumeRoleWithWebIdentity; other actions get InvalidAction).
func (s *Server) serveSTS(w http.ResponseWriter, r *http.Request) {
	s.sts.ServeHTTP(w, r)
}

// serveHealth answers 200 {"status":"ok"} when the store answers.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	status, code := "ok", http.StatusOK
	if err := s.store.Ping(ctx); err != nil {
		s.log.ErrorContext(ctx, "health check: store does not answer", "err", err)
		status, code = "unavailable", http.StatusServiceUnavailable
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSONStatus(w, code, map[string]string{"status": status})
}

// logInternal logs errors that are not AWS errors (they are rendered as a
// generic internal error, so this log line is the only place they appear).
func (s *Server) logInternal(r *http.Request, err error) {
	var e *awsproto.Error
	if errors.As(err, &e) {
		return
	}
	s.log.ErrorContext(r.Context(), "internal error", "request_id", awsproto.RequestID(r.Context()), "err", err)
}

// gatewayHost returns the API id of a host-style gateway Host header,
// "{apiId}.execute-api.localhost[:port]".
func gatewayHost(host string) (string, bool) {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	apiID, ok := strings.CutSuffix(host, hostGatewaySuffix)
	if !ok || apiID == "" || strings.Contains(apiID, ".") {
		return "", false
	}
	return apiID, true
}

// splitFirst splits "a/b/c" into "a" and "b/c".
func splitFirst(p string) (string, string) {
	first, rest, _ := strings.Cut(p, "/")
	return first, rest
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeNotFound(w http.ResponseWriter) {
	writeJSONStatus(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
}

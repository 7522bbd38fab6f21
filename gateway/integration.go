package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gatehouse-dev/gatehouse/config"
)

// Integration serves a routed, authorized request: it writes the whole
// response to w. The gateway has already set the response's CORS,
// x-amzn-RequestId and x-amz-apigw-id headers and removed the caller's
// Authorization and X-Amz-* headers from r. An integration that fails
// answers with WriteError (ErrInternalServerError, ErrIntegrationTimeout,
// ErrRequestTooLarge); it bounds its own work by call.Timeout.
type Integration interface {
	Serve(w http.ResponseWriter, r *http.Request, call *Call)
}

// IntegrationFunc adapts a function to Integration.
type IntegrationFunc func(w http.ResponseWriter, r *http.Request, call *Call)

// Serve calls f.
func (f IntegrationFunc) Serve(w http.ResponseWriter, r *http.Request, call *Call) { f(w, r, call) }

// IntegrationBuilder builds the integration of one route at start; it
// gets the API and the route (whose Integration field is its
// configuration).
type IntegrationBuilder func(api *config.API, route *config.Route) (Integration, error)

// builtinIntegrations are the integration types this package serves;
// Options.Integrations adds or replaces types (lambda, http_proxy).
func builtinIntegrations() map[string]IntegrationBuilder {
	return map[string]IntegrationBuilder{
		config.IntegrationMock:     newMock,
		config.IntegrationMockEcho: newMockEcho,
	}
}

// buildIntegration builds the integration of route with the builder of its
// type. A type without a builder answers 502 Internal server error, so a
// configuration naming it still starts.
func buildIntegration(builders map[string]IntegrationBuilder, api *config.API, route *config.Route) (Integration, error) {
	build, ok := builders[route.Integration.Type]
	if !ok {
		return unavailable{}, nil
	}
	in, err := build(api, route)
	if err != nil {
		return nil, fmt.Errorf("gateway: api %s route %s %s: %w", api.ID, route.Method, route.Path, err)
	}
	return in, nil
}

// unavailable serves integration types this build does not provide.
type unavailable struct{}

func (unavailable) Serve(w http.ResponseWriter, _ *http.Request, _ *Call) {
	WriteError(w, ErrInternalServerError)
}

// mock answers the configured status, body and headers.
type mock struct {
	status  int
	body    []byte
	headers map[string]string
	length  string
}

func newMock(_ *config.API, route *config.Route) (Integration, error) {
	in := route.Integration
	status := in.Status
	if status == 0 {
		status = http.StatusOK
	}
	return &mock{status: status, body: []byte(in.Body), headers: in.Headers, length: strconv.Itoa(len(in.Body))}, nil
}

func (m *mock) Serve(w http.ResponseWriter, _ *http.Request, _ *Call) {
	h := w.Header()
	if len(m.body) > 0 {
		h.Set("Content-Type", "application/json")
	}
	for k, v := range m.headers {
		h.Set(k, v)
	}
	h.Set("Content-Length", m.length)
	w.WriteHeader(m.status)
	_, _ = w.Write(m.body)
}

// mockEcho answers 200 with the Lambda proxy event of the request as JSON,
// which shows exactly what a lambda integration would receive.
type mockEcho struct {
	headers map[string]string
}

func newMockEcho(_ *config.API, route *config.Route) (Integration, error) {
	return &mockEcho{headers: route.Integration.Headers}, nil
}

func (m *mockEcho) Serve(w http.ResponseWriter, r *http.Request, call *Call) {
	body, err := call.ReadBody(r)
	if err != nil {
		if e, ok := err.(*Error); ok {
			WriteError(w, e)
			return
		}
		WriteError(w, ErrInternalServerError)
		return
	}
	out, err := json.Marshal(call.ProxyRequest(r, body))
	if err != nil {
		WriteError(w, ErrInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	for k, v := range m.headers {
		h.Set(k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

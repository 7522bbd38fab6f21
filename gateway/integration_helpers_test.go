package gateway

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
)

// integrationAPI is the API of the integration tests: routes of auth NONE
// given in YAML, served at stage test.
const integrationAPI = `region: us-east-1
account_id: "123456789012"
apis:
  - id: integapi01
    name: integrations
    stages: [test]
    routes:
`

// serveRoutes serves an API with routes (YAML list items, indented for
// integrationAPI) and the in-process functions fns over HTTP: the URL
// path is /test/<path>, as the host-style URLs of the server.
func serveRoutes(t *testing.T, routes string, fns Functions) *httptest.Server {
	t.Helper()
	cfg, err := config.Parse([]byte(integrationAPI+routes), nil)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	g, err := New(Options{Config: cfg, Functions: fns})
	if err != nil {
		t.Fatalf("gateway: %v", err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(awsproto.WithRequestID(r.Context(), "c0ffee00-0000-4000-8000-000000000001"))
		w.Header().Set(awsproto.HeaderRequestID, "c0ffee00-0000-4000-8000-000000000001")
		stage, path, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		g.ServeAPI(w, r, "integapi01", stage, "/"+path)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// response is a response read whole.
type response struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, method, url string, body io.Reader, header http.Header) response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// wantGatewayError checks a gateway error response.
func wantGatewayError(t *testing.T, r response, e *Error) {
	t.Helper()
	if r.status != e.Status || r.body != string(e.Body) || r.header.Get("x-amzn-ErrorType") != e.Type {
		t.Errorf("got %d %q (type %q), want %d %q (type %q)", r.status, r.body, r.header.Get("x-amzn-ErrorType"),
			e.Status, e.Body, e.Type)
	}
}

func parseConfig(yaml string) (*config.Config, error) { return config.Parse([]byte(yaml), nil) }

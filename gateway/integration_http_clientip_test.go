package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/clientip"
)

// TestHTTPProxyForwardedFor checks the X-Forwarded-For an http_proxy backend
// gets: the caller's IP resolved through the trusted proxies, not the
// caller's header nor the peer.
func TestHTTPProxyForwardedFor(t *testing.T) {
	got := make(chan string, 1)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- strings.Join(r.Header.Values("X-Forwarded-For"), ",")
	}))
	t.Cleanup(backend.Close)
	cfg, err := config.Parse([]byte(integrationAPI+`      - {method: GET, path: /p, auth: NONE, integration: {type: http_proxy, uri: "`+backend.URL+`/p"}}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		trusted []string
		xff     string
		want    string
	}{
		{nil, "203.0.113.9", "127.0.0.1"},
		{[]string{"127.0.0.1"}, "198.51.100.1, 203.0.113.9", "203.0.113.9"},
		{[]string{"127.0.0.1"}, "bogus", "127.0.0.1"},
	} {
		tr, _, ok := clientip.New(tt.trusted)
		if !ok {
			t.Fatal(tt.trusted)
		}
		ts := httptest.NewServer(tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.WithContext(awsproto.WithRequestID(r.Context(), "c0ffee00-0000-4000-8000-000000000001"))
			g.ServeAPI(w, r, "integapi01", "test", "/p")
		})))
		res := do(t, "GET", ts.URL+"/test/p", nil, http.Header{"X-Forwarded-For": {tt.xff}})
		ts.Close()
		if res.status != 200 {
			t.Fatalf("trusted %q: %d %s", tt.trusted, res.status, res.body)
		}
		if v := <-got; v != tt.want {
			t.Errorf("trusted %q, X-Forwarded-For %q: backend got %q, want %q", tt.trusted, tt.xff, v, tt.want)
		}
	}
}

package gateway

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/creds"
)

// seen is what a backend received.
type seen struct {
	method, path, rawPath, query string
	header                       http.Header
}

func TestHTTPProxyRequest(t *testing.T) {
	got := make(chan seen, 1)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- seen{r.Method, r.URL.Path, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone()}
		w.Header().Set("X-Backend", "yes")
		w.Header().Set("x-amzn-RequestId", "backend's")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "from backend")
	}))
	t.Cleanup(backend.Close)
	gw := serveRoutes(t, fmt.Sprintf(`      - method: ANY
        path: "/items/{id}/{proxy+}"
        auth: NONE
        integration:
          type: http_proxy
          uri: "%[1]s/base/{id}/x/{proxy}?fixed=1"
          request_parameters:
            integration.request.header.X-User: method.request.header.X-Caller
            integration.request.header.X-Static: "'constant'"
            integration.request.header.X-Request-Id: context.requestId
            integration.request.header.X-Source-Ip: context.identity.sourceIp
            integration.request.querystring.item: method.request.path.id
      - {method: GET, path: "/mapped/{id}", auth: NONE, integration: {type: http_proxy, uri: "%[1]s/m/{other}", request_parameters: {integration.request.path.other: "'a/b c'"}}}
      - {method: GET, path: /plain, auth: NONE, integration: {type: http_proxy, uri: "%[1]s/plain"}}
`, backend.URL), nil)

	res := do(t, "PATCH", gw.URL+"/test/items/a%20b/c/d%20e%3F?q=1&q=2&sp=x%20y", strings.NewReader("body"), http.Header{
		"Authorization":        {"AWS4-HMAC-SHA256 Credential=..."},
		"X-Amz-Date":           {"20250101T000000Z"},
		"X-Amz-Security-Token": {"token"},
		"X-Caller":             {"alice"},
		"Cookie":               {"k=v"},
	})
	if res.status != http.StatusAccepted || res.body != "from backend" || res.header.Get("X-Backend") != "yes" {
		t.Fatalf("got %d %q %v", res.status, res.body, res.header)
	}
	if res.header.Get("x-amzn-RequestId") != "c0ffee00-0000-4000-8000-000000000001" ||
		res.header.Get("x-amzn-Remapped-x-amzn-RequestId") != "backend's" {
		t.Errorf("request id headers: %v", res.header)
	}
	s := <-got
	if s.method != "PATCH" || s.path != "/base/a b/x/c/d e?" || s.rawPath != "/base/a%20b/x/c/d%20e%3F" {
		t.Errorf("backend path %s %q (raw %q)", s.method, s.path, s.rawPath)
	}
	if s.query != "fixed=1&item=a+b&q=1&q=2&sp=x+y" {
		t.Errorf("backend query %q", s.query)
	}
	for _, name := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"} {
		if v := s.header.Get(name); v != "" {
			t.Errorf("backend got the caller's %s: %q", name, v)
		}
	}
	for name, want := range map[string]string{
		"X-User":          "alice",
		"X-Static":        "constant",
		"X-Request-Id":    "c0ffee00-0000-4000-8000-000000000001",
		"X-Source-Ip":     "127.0.0.1",
		"X-Forwarded-For": "127.0.0.1",
		"Cookie":          "k=v",
	} {
		if v := s.header.Get(name); v != want {
			t.Errorf("backend header %s = %q, want %q", name, v, want)
		}
	}

	do(t, "GET", gw.URL+"/test/mapped/7", nil, nil)
	if s := <-got; s.rawPath != "/m/a%2Fb%20c" {
		t.Errorf("mapped path: raw %q", s.rawPath)
	}
	do(t, "GET", gw.URL+"/test/plain?x=1", nil, nil)
	if s := <-got; s.path != "/plain" || s.query != "x=1" {
		t.Errorf("plain: %q %q", s.path, s.query)
	}
}

// TestHTTPProxyStreams sends a large body through the gateway and back, and
// shows that neither direction is buffered whole: the backend reads the
// start of the request body before the client finished sending it, and the
// client reads the start of the response before the backend finished it.
func TestHTTPProxyStreams(t *testing.T) {
	firstIn := make(chan struct{})
	release := make(chan struct{})
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
			w.Header().Set("Content-Type", "application/octet-stream")
			if err := http.NewResponseController(w).EnableFullDuplex(); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			io.Copy(w, r.Body)
		case "/upload":
			buf := make([]byte, 5)
			if _, err := io.ReadFull(r.Body, buf); err != nil || string(buf) != "first" {
				http.Error(w, "bad start", http.StatusBadRequest)
				return
			}
			close(firstIn)
			n, _ := io.Copy(io.Discard, r.Body)
			fmt.Fprintf(w, "%d", n)
		case "/download":
			io.WriteString(w, "first")
			w.(http.Flusher).Flush()
			<-release
			io.WriteString(w, "rest")
		}
	}))
	t.Cleanup(backend.Close)
	gw := serveRoutes(t, fmt.Sprintf(`      - {method: ANY, path: "/{proxy+}", auth: NONE, integration: {type: http_proxy, uri: "%s/{proxy}"}}
`, backend.URL), nil)

	t.Run("large body both ways", func(t *testing.T) {
		body := bytes.Repeat([]byte("0123456789abcdef"), 8<<20/16) // 8 MiB
		res := do(t, "POST", gw.URL+"/test/echo", bytes.NewReader(body), nil)
		if res.status != 200 || sha256.Sum256([]byte(res.body)) != sha256.Sum256(body) {
			t.Fatalf("echo: status %d, %d bytes back of %d", res.status, len(res.body), len(body))
		}
	})
	t.Run("upload", func(t *testing.T) {
		pr, pw := io.Pipe()
		done := make(chan response, 1)
		go func() { done <- do(t, "POST", gw.URL+"/test/upload", pr, nil) }()
		pw.Write([]byte("first"))
		select {
		case <-firstIn:
		case <-time.After(10 * time.Second):
			t.Fatal("the backend did not get the start of the body before its end")
		}
		pw.Write([]byte("more"))
		pw.Close()
		if res := <-done; res.status != 200 || res.body != "4" {
			t.Fatalf("upload: %d %q", res.status, res.body)
		}
	})
	t.Run("download", func(t *testing.T) {
		res, err := http.Get(gw.URL + "/test/download")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		buf := make([]byte, 5)
		read := make(chan error, 1)
		go func() { _, err := io.ReadFull(res.Body, buf); read <- err }()
		select {
		case err := <-read:
			if err != nil || string(buf) != "first" {
				t.Fatalf("first chunk %q: %v", buf, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the client did not get the start of the response before its end")
		}
		close(release)
		rest, _ := io.ReadAll(res.Body)
		if string(rest) != "rest" {
			t.Fatalf("rest %q", rest)
		}
	})
}

func TestHTTPProxyErrors(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	gw := serveRoutes(t, fmt.Sprintf(`      - {method: GET, path: /slow, auth: NONE, integration: {type: http_proxy, uri: "%s/", timeout: 100ms}}
      - {method: GET, path: /down, auth: NONE, integration: {type: http_proxy, uri: "%s/"}}
`, slow.URL, down.URL), nil)
	wantGatewayError(t, do(t, "GET", gw.URL+"/test/slow", nil, nil), ErrIntegrationTimeout)
	wantGatewayError(t, do(t, "GET", gw.URL+"/test/down", nil, nil), ErrInternalServerError)
}

// TestRequestParametersContext maps the caller's identity and claims.
func TestRequestParametersContext(t *testing.T) {
	rp, err := parseRequestParameters(map[string]string{
		"integration.request.header.X-Identity":  "context.identity.cognitoIdentityId",
		"integration.request.header.X-Pool":      "context.identity.cognitoIdentityPoolId",
		"integration.request.header.X-Sub":       "context.authorizer.claims.sub",
		"integration.request.header.X-Stage":     "context.stage",
		"integration.request.header.X-Missing":   "context.identity.nothing",
		"integration.request.header.X-Multi":     "method.request.multivalueheader.X-In",
		"integration.request.querystring.tags":   "method.request.multivaluequerystring.tag",
		"integration.request.querystring.stage":  "stageVariables.name",
		"integration.request.path.id":            "context.authorizer.claims.sub",
		"integration.request.header.X-Last":      "method.request.header.X-In",
		"integration.request.querystring.single": "method.request.querystring.tag",
	})
	if err != nil {
		t.Fatal(err)
	}
	in := httptest.NewRequest("GET", "/test/x?tag=a&tag=b", nil)
	in.Header["X-In"] = []string{"1", "2"}
	call := &Call{Route: &Route{Resource: "/x"}, Stage: "test", Path: "/x",
		Principal: &creds.Principal{IdentityID: "us-east-1:identity", IdentityPoolID: "us-east-1:pool"},
		Claims:    map[string]string{"sub": "the-sub"}}
	out := in.Clone(in.Context())
	out.URL.RawQuery = ""
	rp.apply(out, call, in)
	for name, want := range map[string]string{"X-Identity": "us-east-1:identity", "X-Pool": "us-east-1:pool",
		"X-Sub": "the-sub", "X-Stage": "test", "X-Missing": "", "X-Multi": "1,2", "X-Last": "2"} {
		if got := out.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if out.URL.RawQuery != "single=b&tags=a&tags=b" {
		t.Errorf("query %q", out.URL.RawQuery)
	}
	if v, ok := rp.path("id", call, in); !ok || v != "the-sub" {
		t.Errorf("path id = %q %v", v, ok)
	}
}

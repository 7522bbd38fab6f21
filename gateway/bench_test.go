package gateway_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// BenchmarkGatewayIAMMock is an AWS_IAM route to a mock: each request
// signed with identity pool credentials, verified, the role's policies
// evaluated, answered by the mock; over HTTP in process, from parallel
// clients. The signing is part of the clients' cost.
func BenchmarkGatewayIAMMock(b *testing.B) {
	benchmarkGateway(b, "/echo/bench", true)
}

// BenchmarkGatewayNoneMock is the same mock route with auth NONE.
func BenchmarkGatewayNoneMock(b *testing.B) {
	benchmarkGateway(b, "/none/bench", false)
}

func benchmarkGateway(b *testing.B, path string, signed bool) {
	cfg := testConfig(b)
	api := &cfg.APIs[0]
	public := api.Routes[len(api.Routes)-2] // the /public mock
	for auth, p := range map[string]string{"AWS_IAM": "/echo/bench", "NONE": "/none/bench"} {
		r := public
		r.Auth, r.Path = auth, p
		api.Routes = append(api.Routes, r)
	}
	e := newEnv(b, cfg)
	c := e.credentials()
	url := e.pathURL("testapi001", path)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", url, nil)
			if signed {
				sign(b, req, c.creds, region, e.clock.Now())
			}
			res, err := e.hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 201 {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkGatewayIAMMockServer is the server's side of
// BenchmarkGatewayIAMMock: the whole server's handler (middleware, routing,
// SigV4 verification, session lookup, policies, mock) on a request signed
// once before the timed loop, so that no client cost is counted. Each
// iteration serves a fresh copy of the received request, as the server
// strips the caller's signing headers from the one it serves.
func BenchmarkGatewayIAMMockServer(b *testing.B) {
	benchmarkGatewayServer(b, "/echo/bench", true)
}

// BenchmarkGatewayNoneMockServer is the same with auth NONE.
func BenchmarkGatewayNoneMockServer(b *testing.B) {
	benchmarkGatewayServer(b, "/none/bench", false)
}

func benchmarkGatewayServer(b *testing.B, path string, signed bool) {
	cfg := testConfig(b)
	api := &cfg.APIs[0]
	public := api.Routes[len(api.Routes)-2] // the /public mock
	for auth, p := range map[string]string{"AWS_IAM": "/echo/bench", "NONE": "/none/bench"} {
		r := public
		r.Auth, r.Path = auth, p
		api.Routes = append(api.Routes, r)
	}
	e := newEnv(b, cfg)
	c := e.credentials()
	h := e.ts.Config.Handler
	tmpl := httptest.NewRequest("GET", e.pathURL("testapi001", path), nil)
	tmpl.RemoteAddr = "127.0.0.1:40000"
	if signed {
		creds := sigv4.Credentials{AccessKeyID: c.creds.AccessKeyID, SecretAccessKey: c.creds.SecretAccessKey, SessionToken: c.creds.SessionToken}
		if err := sigv4.Sign(tmpl, creds, emptyBodySHA256, "execute-api", region, e.clock.Now()); err != nil {
			b.Fatal(err)
		}
	}
	tmpl.Header.Set("User-Agent", "bench")
	tmpl.Header.Set("Accept-Encoding", "gzip")
	serve := func(w *discardWriter) {
		r := *tmpl
		r.Header = tmpl.Header.Clone()
		w.reset()
		h.ServeHTTP(w, &r)
		if w.status != 201 {
			b.Fatalf("status %d", w.status)
		}
	}
	serve(newDiscardWriter()) // warms the caches, as any client's first request does
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := newDiscardWriter()
		for pb.Next() {
			serve(w)
		}
	})
}

// emptyBodySHA256 is the hex SHA-256 of an empty body.
const emptyBodySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// discardWriter is a ResponseWriter that keeps only the status, reused
// from request to request as a server connection reuses its own.
type discardWriter struct {
	h      http.Header
	status int
}

func newDiscardWriter() *discardWriter { return &discardWriter{h: http.Header{}} }

func (w *discardWriter) reset() {
	clear(w.h)
	w.status = 0
}

func (w *discardWriter) Header() http.Header { return w.h }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

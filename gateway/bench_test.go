package gateway_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// BenchmarkGatewayIAMMock is an AWS_IAM route to a mock: each request
// signed with identity pool credentials, verified, the role's policies
// evaluated, answered by the mock; over HTTP in process, from parallel
// clients. The signing is part of the clients' cost.
func BenchmarkGatewayIAMMock(b *testing.B) {
	benchmarkGateway(b, "/echo/bench", true, false)
}

// BenchmarkGatewayIAMMockPresigned is BenchmarkGatewayIAMMock with the
// request signed once before the timed loop and sent again and again, as
// bench/cmd/loadgen does by default: the server verifies each in full,
// the clients only write it.
func BenchmarkGatewayIAMMockPresigned(b *testing.B) {
	benchmarkGateway(b, "/echo/bench", true, true)
}

// BenchmarkGatewayNoneMock is the same mock route with auth NONE.
func BenchmarkGatewayNoneMock(b *testing.B) {
	benchmarkGateway(b, "/none/bench", false, false)
}

func benchmarkGateway(b *testing.B, path string, signed, presigned bool) {
	e := newBenchEnv(b)
	c := e.credentials()
	url := e.pathURL("testapi001", path)
	var signedHeader http.Header
	if presigned {
		req, _ := http.NewRequest("GET", url, nil)
		sign(b, req, c.creds, region, e.clock.Now())
		signedHeader = req.Header
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", url, nil)
			switch {
			case presigned:
				req.Header = signedHeader // only read by the client
			case signed:
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

// newBenchEnv serves the test configuration with the /public mock also at
// /echo/bench (AWS_IAM) and /none/bench (NONE).
func newBenchEnv(b *testing.B) *env {
	cfg := testConfig(b)
	api := &cfg.APIs[0]
	public := api.Routes[len(api.Routes)-2] // the /public mock
	for auth, p := range map[string]string{"AWS_IAM": "/echo/bench", "NONE": "/none/bench"} {
		r := public
		r.Auth, r.Path = auth, p
		api.Routes = append(api.Routes, r)
	}
	return newEnv(b, cfg)
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
	e := newBenchEnv(b)
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
	cpu := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		w := newDiscardWriter()
		for pb.Next() {
			serve(w)
		}
	})
	reportCPU(b, cpu)
}

// processCPU is the CPU time the process has used (user and system, every
// thread, the garbage collector's included).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process's CPU time per op since start as
// cpu-ns/op: on a machine that other work loads, it varies less than the
// elapsed time does.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
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

package gateway_test

import (
	"io"
	"net/http"
	"testing"
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

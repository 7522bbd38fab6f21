package server

import (
	"net/http"
	"strings"
	"testing"
)

// Browsers on another origin reach the service endpoints: the preflight is
// answered and responses carry Access-Control-Allow-Origin, as on AWS.
func TestServiceCORS(t *testing.T) {
	env := newTestEnv(t)
	req, _ := http.NewRequest("OPTIONS", env.ts.URL+"/", nil)
	req.Header.Set("Origin", "http://localhost:3000")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent, bad header, x<y, cache-control")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	want := map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "POST, GET, OPTIONS",
		"Access-Control-Allow-Headers": "content-type, x-amz-target, x-amz-user-agent, cache-control",
		"Access-Control-Max-Age":       "172800",
	}
	if res.StatusCode != 200 {
		t.Fatalf("preflight status = %d", res.StatusCode)
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}

	// An actual call from the page: the error is readable by the script.
	res, _ = post(t, env.ts.URL+"/", map[string]string{"Origin": "http://localhost:3000",
		"X-Amz-Target": "AWSCognitoIdentityProviderService.NoSuchOperation"}, `{}`)
	if res.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "x-amzn-ErrorType") {
		t.Fatalf("response headers = %v", res.Header)
	}
	// JWKS too.
	res, _ = get(t, env.ts.URL+"/us-east-1_NotesDemo/.well-known/jwks.json", map[string]string{"Origin": "http://localhost:3000"})
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("jwks: %d %v", res.StatusCode, res.Header)
	}
	// No Origin, no CORS headers.
	res, _ = get(t, env.ts.URL+"/us-east-1_NotesDemo/.well-known/jwks.json", nil)
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS headers without Origin")
	}
}

package userpool_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

func (e *env) get(path string) (*http.Response, string) {
	e.t.Helper()
	res, err := e.ts.Client().Get(e.ts.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	return res, readAll(e.t, res.Body)
}

func TestJWKS(t *testing.T) {
	e := newEnv(t)
	res, body := e.get("/" + demoPool + "/.well-known/jwks.json")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json" ||
		res.Header.Get("Cache-Control") != "public, max-age=3600" {
		t.Fatalf("JWKS: %d %v", res.StatusCode, res.Header)
	}
	var set struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal([]byte(body), &set); err != nil {
		t.Fatal(err)
	}
	kid, priv := e.ring.SigningKey()
	if len(set.Keys) != 1 {
		t.Fatalf("JWKS has %d keys, want 1: %s", len(set.Keys), body)
	}
	k := set.Keys[0]
	if len(k) != 6 || k["alg"] != "RS256" || k["kty"] != "RSA" || k["use"] != "sig" || k["kid"] != kid || k["e"] != "AQAB" {
		t.Errorf("JWKS key %v: want exactly alg, e, kid, kty, n, use", k)
	}
	if got := e.fetchJWKS(demoPool)[kid]; got == nil || !got.Equal(&priv.PublicKey) {
		t.Error("the JWKS key is not the ring's signing key")
	}
	// Every pool publishes the ring's keys.
	if res, _ := e.get("/" + officePool + "/.well-known/jwks.json"); res.StatusCode != 200 {
		t.Errorf("JWKS of the second pool: %d", res.StatusCode)
	}
}

// After a rotation the JWKS has both keys until the old one retires: tokens
// signed before still work, new ones carry the new kid.
func TestJWKSAfterRotation(t *testing.T) {
	e := newEnv(t)
	before := e.signInDemo(t)
	oldKid, _ := e.ring.SigningKey()
	newKid, err := e.ring.Rotate(context.Background(), keys.Signing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	jwks := e.fetchJWKS(demoPool)
	if len(jwks) != 2 || jwks[oldKid] == nil || jwks[newKid] == nil {
		t.Fatalf("JWKS after rotation has %d keys", len(jwks))
	}
	after := e.signInDemo(t)
	header, _ := e.verifyJWT(demoPool, aws.ToString(after.AccessToken))
	if header["kid"] != newKid {
		t.Errorf("new token kid %v, want %s", header["kid"], newKid)
	}
	for _, s := range []*string{before.AccessToken, after.AccessToken} {
		if err := e.getUser(s); err != nil {
			t.Fatal(err)
		}
	}
	// Once the old key retires, its tokens are no longer accepted.
	e.clock.Advance(time.Hour)
	if len(e.fetchJWKS(demoPool)) != 1 {
		t.Error("the retired key is still published")
	}
	gatehousetest.RequireAPIError(t, e.getUser(before.AccessToken), notAuthorized, "Invalid Access Token")
}

func TestOpenIDConfiguration(t *testing.T) {
	e := newEnv(t)
	res, body := e.get("/" + demoPool + "/.well-known/openid-configuration")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("openid-configuration: %d %s", res.StatusCode, body)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	jwksURI := e.ts.URL + "/" + demoPool + "/.well-known/jwks.json"
	want := map[string]any{
		"issuer":                                "https://cognito-idp.us-east-1.amazonaws.com/" + demoPool,
		"jwks_uri":                              jwksURI,
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "token"},
		"scopes_supported":                      []string{"openid", "email", "phone", "profile"},
		"subject_types_supported":               []string{"public"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
	}
	if len(doc) != len(want) {
		t.Errorf("document has %d members, want %d: %s", len(doc), len(want), body)
	}
	for k, v := range want {
		if !equalJSON(doc[k], v) {
			t.Errorf("%s = %v, want %v", k, doc[k], v)
		}
	}
	// Behind a proxy that terminated TLS, jwks_uri keeps https.
	req, _ := http.NewRequest("GET", e.ts.URL+"/"+demoPool+"/.well-known/openid-configuration", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	res2, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res2.Body.Close()
	if err := json.NewDecoder(res2.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(jwksURI, "http://", "https://", 1); doc["jwks_uri"] != want {
		t.Errorf("jwks_uri behind a TLS proxy = %v, want %s", doc["jwks_uri"], want)
	}
}

func TestWellKnownErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/us-east-1_Unknown00/.well-known/jwks.json", 400, `{"message":"User pool us-east-1_Unknown00 does not exist."}`},
		{"GET", "/us-east-1_Unknown00/.well-known/openid-configuration", 400, `{"message":"User pool us-east-1_Unknown00 does not exist."}`},
		{"GET", "/" + demoPool + "/.well-known/other.json", 404, `{"message":"Not Found"}`},
		{"GET", "/" + demoPool + "/extra/.well-known/jwks.json", 404, `{"message":"Not Found"}`},
		{"POST", "/" + demoPool + "/.well-known/jwks.json", 405, `{"message":"Method Not Allowed"}`},
	} {
		req, _ := http.NewRequest(tc.method, e.ts.URL+tc.path, nil)
		res, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || body != tc.body {
			t.Errorf("%s %s = %d %s, want %d %s", tc.method, tc.path, res.StatusCode, body, tc.status, tc.body)
		}
	}
}

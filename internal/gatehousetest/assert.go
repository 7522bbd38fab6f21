package gatehousetest

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

// RequireAPIError checks that err is the AWS error code with message, as
// the SDK parsed it from the response.
func RequireAPIError(t testing.TB, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want API error %s %q", err, code, message)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("API error = %s %q, want %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

// ParseJWKS decodes a JWKS and parses its RSA keys by hand, independently
// of the server's JOSE library; every key must be an RS256 signing key.
func ParseJWKS(t testing.TB, r io.Reader) map[string]*rsa.PublicKey {
	t.Helper()
	var set struct {
		Keys []struct {
			Alg, E, Kid, Kty, N, Use string
		} `json:"keys"`
	}
	if err := json.NewDecoder(r).Decode(&set); err != nil {
		t.Fatal(err)
	}
	out := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" || k.Alg != "RS256" || k.Use != "sig" {
			t.Fatalf("JWKS key %+v is not an RS256 signing key", k)
		}
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		eb, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if err1 != nil || err2 != nil {
			t.Fatalf("JWKS key %s: n or e is not base64url", k.Kid)
		}
		out[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(eb).Int64())}
	}
	return out
}

// JWTClaims decodes the payload of a JWT without verifying it, as a JSON
// decoder without UseNumber does (numbers are float64).
func JWTClaims(t testing.TB, token string) map[string]any {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT (%d parts): %.40q", len(parts), token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("JWT payload: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(b, &claims); err != nil {
		t.Fatalf("JWT payload: %v", err)
	}
	return claims
}

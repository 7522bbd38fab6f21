package sigv4

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// The request of the benchmarks: a GET with four signed headers (host,
// x-amz-content-sha256, x-amz-date, x-amz-security-token) and an unsigned
// payload, as an API Gateway client with temporary credentials sends it.
var benchCreds = Credentials{
	AccessKeyID:     "ASIAEXAMPLEEXAMPLE01",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	SessionToken:    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example+session+token==",
}

func benchRequest() *http.Request {
	r := httptest.NewRequest("GET", "http://abc123.execute-api.localhost:8080/prod/notes/123?limit=10", nil)
	r.RequestURI = ""
	r.Header.Set(HeaderContentSHA256, UnsignedPayload)
	return r
}

func BenchmarkVerifyHeader(b *testing.B) {
	r := benchRequest()
	if err := Sign(r, benchCreds, UnsignedPayload, "execute-api", "us-east-1", testTime); err != nil {
		b.Fatal(err)
	}
	r.RequestURI = "/prod/notes/123?limit=10"
	lookup := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		return benchCreds.SecretAccessKey, nil, nil
	})
	v := NewVerifier(lookup, WithService("execute-api"), WithRegions("us-east-1"), WithKeyCache(NewKeyCache(0)))
	res, err := v.Verify(r, testTime) // warms the key cache
	if err != nil {
		b.Fatal(err)
	}
	if len(res.SignedHeaders) != 4 {
		b.Fatalf("signed headers %q", res.SignedHeaders)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r, testTime); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	r := benchRequest()
	cache := NewKeyCache(0)
	b.ReportAllocs()
	for b.Loop() {
		if err := Sign(r, benchCreds, UnsignedPayload, "execute-api", "us-east-1", testTime, WithSigningKeyCache(cache)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSDKSignHTTP(b *testing.B) {
	r := benchRequest()
	r.Header.Set(HeaderSecurityToken, benchCreds.SessionToken)
	creds := aws.Credentials{AccessKeyID: benchCreds.AccessKeyID, SecretAccessKey: benchCreds.SecretAccessKey, SessionToken: benchCreds.SessionToken}
	signer := v4.NewSigner()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := signer.SignHTTP(ctx, creds, r, UnsignedPayload, "execute-api", "us-east-1", testTime); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCanonicalQuery(b *testing.B) {
	b.ReportAllocs()
	var buf [256]byte
	for b.Loop() {
		_ = appendCanonicalQuery(buf[:0], "b=2&a=1&c=%20x&a=0&flag", 0)
	}
}

// benchToken is as long as the session tokens of Gatehouse's identity
// pools (about 640 characters of base64).
var benchToken = strings.Repeat("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/==", 16)

// BenchmarkVerifyHeaderLongToken is BenchmarkVerifyHeader with a session
// token of benchToken's length, signed.
func BenchmarkVerifyHeaderLongToken(b *testing.B) {
	creds := benchCreds
	creds.SessionToken = benchToken
	r := benchRequest()
	if err := Sign(r, creds, UnsignedPayload, "execute-api", "us-east-1", testTime); err != nil {
		b.Fatal(err)
	}
	r.RequestURI = "/prod/notes/123?limit=10"
	lookup := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		return creds.SecretAccessKey, nil, nil
	})
	v := NewVerifier(lookup, WithService("execute-api"), WithRegions("us-east-1"), WithKeyCache(NewKeyCache(0)))
	res, err := v.Verify(r, testTime) // warms the key cache
	if err != nil {
		b.Fatal(err)
	}
	if !res.SessionTokenSigned {
		b.Fatal("token not signed")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(r, testTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeaderValueToken is the canonical value of a session token
// header.
func BenchmarkHeaderValueToken(b *testing.B) {
	var buf [1024]byte
	b.SetBytes(int64(len(benchToken)))
	for b.Loop() {
		_ = appendHeaderValue(buf[:0], benchToken)
	}
}

// BenchmarkKeyCacheHit is a cached signing key looked up from parallel
// goroutines, as a verifier serving many connections does.
func BenchmarkKeyCacheHit(b *testing.B) {
	c := NewKeyCache(0)
	secret := benchCreds.SecretAccessKey
	c.SigningKey(secret, "20150830", "us-east-1", "execute-api")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.SigningKey(secret, "20150830", "us-east-1", "execute-api")
		}
	})
}

package sigv4

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

// TestVerifyInto: VerifyInto gives the Result Verify gives, for a signed
// header and a presigned URL, reuses the room of SignedHeaders without
// allocating, and leaves res alone when it refuses the request.
func TestVerifyInto(t *testing.T) {
	lookup := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		if akid != benchCreds.AccessKeyID {
			return "", nil, UnrecognizedClient()
		}
		return benchCreds.SecretAccessKey, "principal", nil
	})
	v := NewVerifier(lookup, WithService("execute-api"), WithRegions("us-east-1"), WithKeyCache(NewKeyCache(0)))

	header := benchRequest()
	if err := Sign(header, benchCreds, UnsignedPayload, "execute-api", "us-east-1", testTime); err != nil {
		t.Fatal(err)
	}
	header.RequestURI = "/prod/notes/123?limit=10"
	plain := httptest.NewRequest("GET", "http://abc123.execute-api.localhost:8080/prod/notes/123?limit=10", nil)
	plain.RequestURI = ""
	u, err := Presign(plain, benchCreds, "", "execute-api", "us-east-1", 5*time.Minute, testTime)
	if err != nil {
		t.Fatal(err)
	}
	presigned := httptest.NewRequest("GET", u.String(), nil)

	res := &Result{SignedHeaders: make([]string, 0, 8)}
	for _, r := range []*httptestRequest{{"header", header}, {"presigned", presigned}} {
		want, err := v.Verify(r.req, testTime)
		if err != nil {
			t.Fatalf("%s: Verify: %v", r.name, err)
		}
		if err := v.VerifyInto(r.req, testTime, res); err != nil {
			t.Fatalf("%s: VerifyInto: %v", r.name, err)
		}
		if !reflect.DeepEqual(res, want) {
			t.Fatalf("%s: VerifyInto\n%+v\nVerify\n%+v", r.name, res, want)
		}
		into := testing.AllocsPerRun(100, func() {
			if err := v.VerifyInto(r.req, testTime, res); err != nil {
				t.Fatal(err)
			}
		})
		verify := testing.AllocsPerRun(100, func() {
			if _, err := v.Verify(r.req, testTime); err != nil {
				t.Fatal(err)
			}
		})
		// The presigned URL's query costs allocations of its own.
		if !raceEnabled && (into != verify-1 || r.name == "header" && into != 0) {
			t.Errorf("%s: VerifyInto allocates %v times, Verify %v", r.name, into, verify)
		}
	}

	before := *res
	before.SignedHeaders = append([]string(nil), res.SignedHeaders...)
	auth := header.Header.Get(HeaderAuthorization)
	last := "0"
	if auth[len(auth)-1] == '0' {
		last = "1"
	}
	header.Header.Set(HeaderAuthorization, auth[:len(auth)-1]+last)
	if err := v.VerifyInto(header, testTime, res); err == nil {
		t.Fatal("altered signature accepted")
	}
	if !reflect.DeepEqual(*res, before) {
		t.Fatalf("refused request wrote the result: %+v", res)
	}
}

type httptestRequest struct {
	name string
	req  *http.Request
}

// BenchmarkVerifyInto is BenchmarkVerifyHeader into a reused Result.
func BenchmarkVerifyInto(b *testing.B) {
	r := benchRequest()
	if err := Sign(r, benchCreds, UnsignedPayload, "execute-api", "us-east-1", testTime); err != nil {
		b.Fatal(err)
	}
	r.RequestURI = "/prod/notes/123?limit=10"
	lookup := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		return benchCreds.SecretAccessKey, nil, nil
	})
	v := NewVerifier(lookup, WithService("execute-api"), WithRegions("us-east-1"), WithKeyCache(NewKeyCache(0)))
	res := &Result{SignedHeaders: make([]string, 0, 8)}
	b.ReportAllocs()
	for b.Loop() {
		if err := v.VerifyInto(r, testTime, res); err != nil {
			b.Fatal(err)
		}
	}
}

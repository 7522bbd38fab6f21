package sigv4

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseAuthorization: the parser never panics, returns slices of the
// header when it succeeds, and an IncompleteSignatureException otherwise.
func FuzzParseAuthorization(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", true)
	f.Add("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", true)
	f.Add("AWS4-HMAC-SHA256 Credential=a,,Signature=b , SignedHeaders=", false)
	f.Add("", false)
	f.Fuzz(func(t *testing.T, header string, hasDate bool) {
		a, err := parseAuthorization(header, hasDate)
		if err != nil {
			if err.Kind != KindIncompleteSignature || err.Status != 403 || err.Message == "" {
				t.Fatalf("error %+v", err)
			}
			return
		}
		if !hasDate {
			t.Fatal("accepted without a date")
		}
		for _, part := range []string{a.algorithm, a.credential, a.signedHeaders, a.signature} {
			if !strings.Contains(header, part) {
				t.Fatalf("%q is not part of the header", part)
			}
		}
		if c, cerr := parseCredential(a.credential); cerr == nil {
			if c.accessKeyID+"/"+c.scope != strings.TrimRight(a.credential, "/") ||
				c.date+"/"+c.region+"/"+c.service+"/"+c.terminator != c.scope {
				t.Fatalf("credential %q parsed as %+v", a.credential, c)
			}
		} else if cerr.Kind != KindIncompleteSignature {
			t.Fatalf("credential error %+v", cerr)
		}
	})
}

// FuzzCanonicalQuery: the canonical query is canonical (a fixed point),
// uses only unreserved characters, uppercase escapes, '=' and '&', and
// equals what the AWS SDK for Go v2 computes whenever url.ParseQuery
// accepts the query.
func FuzzCanonicalQuery(f *testing.F) {
	f.Add("Param-3=Value3&Param=Value2&%E1%88%B4=Value1")
	f.Add("a+b=c%20d&a=&flag&=v&&x=%zz%4")
	f.Add("ሴ=bar&k=%2B%26%3D")
	f.Fuzz(func(t *testing.T, raw string) {
		got := CanonicalQuery(raw)
		if again := CanonicalQuery(got); again != got {
			t.Fatalf("not a fixed point: %q -> %q -> %q", raw, got, again)
		}
		for i := 0; i < len(got); i++ {
			c := got[i]
			switch {
			case unreserved(c) || c == '=' || c == '&':
			case c == '%' && i+2 < len(got) && strings.IndexByte(upperHex, got[i+1]) >= 0 && strings.IndexByte(upperHex, got[i+2]) >= 0:
				i += 2
			default:
				t.Fatalf("byte %q at %d of %q", c, i, got)
			}
		}
		if values, err := url.ParseQuery(raw); err == nil {
			if want := sdkEncodeQuery(values); got != want {
				t.Fatalf("query %q: got %q, the SDK %q", raw, got, want)
			}
		}
	})
}

// sdkEncodeQuery is the AWS SDK for Go v2's canonical query of parsed
// values (aws/signer/internal/v4.EncodeQuery, which tests cannot import).
func sdkEncodeQuery(query url.Values) string {
	type pair struct{ k, v string }
	var pairs []pair
	enc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	for k, vs := range query {
		for _, v := range vs {
			pairs = append(pairs, pair{enc(k), enc(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k + "=" + p.v)
	}
	return b.String()
}

// FuzzVerify: Verify never panics on arbitrary requests and returns only
// typed errors for them; and a request signed by Sign from the same inputs
// is always accepted.
func FuzzVerify(f *testing.F) {
	f.Add("GET", "/prod/items?a=1&b=", "example.amazonaws.com", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "20150830T123600Z", "", "v  a", "")
	f.Add("POST", "/a/../b//c/%2F?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60&X-Amz-Signature=ab", "localhost:8080", "", "", "tok", "", "body")
	f.Add("PUT", "/ሴ/ x", "h:443", "Bearer x", "Sun, 30 Aug 2015 12:36:00 GMT", "t", "\t", "")
	f.Fuzz(func(t *testing.T, method, target, host, authorization, amzDate, token, value, body string) {
		lookup := StaticCredentials{testCreds.AccessKeyID: testCreds.SecretAccessKey}
		r := fuzzServerRequest(method, target, host, value, body)
		if authorization != "" {
			r.Header.Set("Authorization", authorization)
		}
		if amzDate != "" {
			r.Header.Set("X-Amz-Date", amzDate)
		}
		if token != "" {
			r.Header.Set("X-Amz-Security-Token", token)
		}
		_, err := Verify(r, lookup, testTime, WithMaxBodySize(1<<16))
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("untyped error %v", err)
		}

		// Round trip through Sign, for requests a client can express.
		path, query, _ := strings.Cut(target, "?")
		if path == "" || path[0] != '/' || strings.ContainsAny(host, "/?#") || host == "" {
			return
		}
		creds := testCreds
		creds.SessionToken = token
		c := &http.Request{
			Method: method,
			URL:    &url.URL{Scheme: "https", Host: host, Opaque: "//" + host + path, RawQuery: query},
			Host:   host,
			Header: http.Header{"X-Fuzz": {value}},
		}
		if body != "" {
			c.Body, c.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
		}
		if err := Sign(c, creds, "", "service", "us-east-1", testTime); err != nil {
			t.Fatal(err)
		}
		r = fuzzServerRequest(method, target, host, value, body)
		for _, k := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"} {
			if v := c.Header.Get(k); v != "" {
				r.Header.Set(k, v)
			}
		}
		if _, err := Verify(r, lookup, testTime, WithMaxBodySize(1<<16)); err != nil {
			t.Fatalf("signed request rejected: %v\nAuthorization: %s", err, c.Header.Get("Authorization"))
		}
		if b, _ := io.ReadAll(r.Body); string(b) != body {
			t.Fatalf("body %q, want %q", b, body)
		}
	})
}

// fuzzServerRequest builds a request as a server would receive it.
func fuzzServerRequest(method, target, host, value, body string) *http.Request {
	path, query, _ := strings.Cut(target, "?")
	r := &http.Request{
		Method:     method,
		RequestURI: target,
		URL:        &url.URL{Path: path, RawQuery: query},
		Host:       host,
		Header:     http.Header{"X-Fuzz": {value}},
		Body:       http.NoBody,
	}
	if body != "" {
		r.Body = io.NopCloser(bytes.NewReader([]byte(body)))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return r
}

package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

var (
	testCreds = Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	testTime  = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
)

const (
	sigMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// signedRequest returns a request signed by Sign, as a server receives it.
func signedRequest(t *testing.T, method, target, body string, opts ...Option) *http.Request {
	t.Helper()
	return signedRequestWith(t, testCreds, "service", "us-east-1", testTime, method, target, body, opts...)
}

func signedRequestWith(t *testing.T, creds Credentials, service, region string, at time.Time, method, target, body string, opts ...Option) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, "http://example.amazonaws.com"+target, rd)
	r.RequestURI = "" // a client request while signing
	if err := Sign(r, creds, "", service, region, at, opts...); err != nil {
		t.Fatal(err)
	}
	r.RequestURI = target
	return r
}

func wantError(t *testing.T, err error, kind Kind, status int, code, message string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if e.Kind != kind || e.Status != status || e.Code != code || e.Message != message {
		t.Fatalf("got kind %d, %d %s %q\nwant kind %d, %d %s %q", e.Kind, e.Status, e.Code, e.Message, kind, status, code, message)
	}
	return e
}

var static = StaticCredentials{testCreds.AccessKeyID: testCreds.SecretAccessKey}

func TestErrorTable(t *testing.T) {
	for k := KindMissingAuthenticationToken; k <= KindContentSHA256Mismatch; k++ {
		e := NewError(k, "")
		if e.Code == "" || e.Status == 0 {
			t.Errorf("kind %d has no table entry", k)
		}
		if !errors.Is(e, &Error{Kind: k}) || errors.Is(e, &Error{Kind: k + 1}) {
			t.Errorf("kind %d: errors.Is does not compare kinds", k)
		}
	}
	if !strings.Contains(UnrecognizedClient().Error(), "UnrecognizedClientException") {
		t.Error(UnrecognizedClient().Error())
	}
}

func TestMissingAuthenticationToken(t *testing.T) {
	r := httptest.NewRequest("GET", "http://example.amazonaws.com/prod/items", nil)
	_, err := Verify(r, static, testTime)
	wantError(t, err, KindMissingAuthenticationToken, 403, "MissingAuthenticationTokenException", "Missing Authentication Token")

	// A presigned query with another algorithm is no authentication either.
	r = httptest.NewRequest("GET", "http://example.amazonaws.com/?X-Amz-Algorithm=AWS2&X-Amz-Signature=x", nil)
	_, err = Verify(r, static, testTime)
	wantError(t, err, KindMissingAuthenticationToken, 403, "MissingAuthenticationTokenException", "Missing Authentication Token")
}

func TestIncompleteSignature(t *testing.T) {
	const cred = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
	bearerHash := sha256.Sum256([]byte(jwt))
	tests := []struct {
		name, authorization, date, message string
	}{
		{"a bare token", jwt, "",
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
				"'X-Amz-Date' or a 'Date' header. Authorization=" + jwt},
		{"only a credential", "AWS4-HMAC-SHA256 " + cred, "20150830T123600Z",
			"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
				"Authorization=AWS4-HMAC-SHA256 " + cred},
		{"no date", "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=abc", "",
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
				"Authorization=AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host, Signature=abc"},
		{"a bearer token", "Bearer " + jwt, "20150830T123600Z",
			"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '" +
				base64.StdEncoding.EncodeToString(bearerHash[:]) + "'."},
		{"unknown algorithm", "AWS4-HMAC-SHA512 " + cred + ", SignedHeaders=host;x-amz-date, Signature=abc", "20150830T123600Z",
			"Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "},
		{"four-part credential", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, SignedHeaders=host;x-amz-date, Signature=abc",
			"20150830T123600Z",
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/service'"},
		{"malformed date", "AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;x-amz-date, Signature=abc", "2015-08-30T12:36:00Z",
			"Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "http://example.amazonaws.com/", nil)
			r.Header.Set("Authorization", tc.authorization)
			if tc.date != "" {
				r.Header.Set("X-Amz-Date", tc.date)
			}
			_, err := Verify(r, static, testTime)
			wantError(t, err, KindIncompleteSignature, 403, "IncompleteSignatureException", tc.message)
		})
	}
}

func TestHostMustBeSigned(t *testing.T) {
	r := httptest.NewRequest("GET", "http://example.amazonaws.com/", nil)
	r.Header.Set("X-Amz-Date", "20150830T123600Z")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=abc")
	_, err := Verify(r, static, testTime)
	wantError(t, err, KindHostNotSigned, 403, "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
}

func TestCredentialScope(t *testing.T) {
	r := signedRequest(t, "GET", "/", "")
	_, err := Verify(r, static, testTime, WithService("execute-api"))
	wantError(t, err, KindCredentialScope, 403, "InvalidSignatureException", "Credential should be scoped to correct service: 'execute-api'. ")

	_, err = Verify(r, static, testTime, WithRegions("eu-west-1", "eu-west-2"))
	wantError(t, err, KindCredentialScope, 403, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'us-east-1'. ")

	if _, err = Verify(r, static, testTime, WithRegions("eu-west-1", "us-east-1"), WithService("service")); err != nil {
		t.Fatal(err)
	}

	// Every difference at once, in AWS's order.
	r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"),
		"20150830/us-east-1/service/aws4_request", "20150829/mars-1/svc/aws5_request", 1))
	_, err = Verify(r, static, testTime, WithRegions("us-east-1"), WithService("service"))
	wantError(t, err, KindCredentialScope, 403, "InvalidSignatureException",
		"Credential should be scoped to a valid region, not 'mars-1'. Credential should be scoped to correct service: 'service'. "+
			"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "+
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.")
}

func TestSignatureDoesNotMatch(t *testing.T) {
	r := signedRequest(t, "GET", "/items?a=1", "")
	auth := r.Header.Get("Authorization")
	r.Header.Set("Authorization", auth[:len(auth)-64]+strings.Repeat("0", 64))
	_, err := Verify(r, static, testTime)
	e := wantError(t, err, KindSignatureDoesNotMatch, 403, "InvalidSignatureException", sigMismatch)
	if !strings.HasPrefix(e.CanonicalRequest, "GET\n/items\na=1\nhost:example.amazonaws.com\n") ||
		!strings.HasPrefix(e.StringToSign, "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n") {
		t.Errorf("canonical request %q, string to sign %q", e.CanonicalRequest, e.StringToSign)
	}

	// A wrong secret.
	r = signedRequestWith(t, Credentials{AccessKeyID: testCreds.AccessKeyID, SecretAccessKey: "other"}, "service", "us-east-1", testTime, "GET", "/", "")
	_, err = Verify(r, static, testTime)
	wantError(t, err, KindSignatureDoesNotMatch, 403, "InvalidSignatureException", sigMismatch)
}

func TestClockWindow(t *testing.T) {
	r := signedRequest(t, "GET", "/", "")
	for _, ok := range []time.Duration{0, ClockSkew, -ClockSkew} {
		if _, err := Verify(r, static, testTime.Add(ok)); err != nil {
			t.Errorf("now = date %+v: %v", ok, err)
		}
	}
	_, err := Verify(r, static, testTime.Add(ClockSkew+time.Second))
	wantError(t, err, KindSignatureExpired, 403, "InvalidSignatureException",
		"Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)")
	_, err = Verify(r, static, testTime.Add(-ClockSkew-time.Second))
	wantError(t, err, KindSignatureNotYetCurrent, 403, "InvalidSignatureException",
		"Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)")
}

func TestDateHeaderFallback(t *testing.T) {
	// Signed with the HTTP Date header instead of X-Amz-Date, by hand.
	r := httptest.NewRequest("GET", "http://example.amazonaws.com/", nil)
	r.Header.Set("Date", "Sun, 30 Aug 2015 12:36:00 GMT")
	canonical := "GET\n/\n\ndate:Sun, 30 Aug 2015 12:36:00 GMT\nhost:example.amazonaws.com\n\ndate;host\n" + emptySHA256
	key := SigningKey(testCreds.SecretAccessKey, testTime, "us-east-1", "service")
	mac := hmacSHA256(key[:], StringToSign(testTime, "us-east-1", "service", canonical))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"+CredentialScope(testTime, "us-east-1", "service")+
		", SignedHeaders=date;host, Signature="+hex.EncodeToString(mac[:]))
	res, err := Verify(r, static, testTime.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Date.Equal(testTime) {
		t.Errorf("date %v", res.Date)
	}
	_, err = Verify(r, static, testTime.Add(time.Hour))
	wantError(t, err, KindSignatureExpired, 403, "InvalidSignatureException",
		"Signature expired: 20150830T123600Z is now earlier than 20150830T133100Z (20150830T133600Z - 5 min.)")
}

func TestLookupErrors(t *testing.T) {
	r := signedRequestWith(t, Credentials{AccessKeyID: "AKIDUNKNOWN", SecretAccessKey: "x"}, "service", "us-east-1", testTime, "GET", "/", "")
	_, err := Verify(r, static, testTime)
	wantError(t, err, KindUnrecognizedClient, 403, "UnrecognizedClientException", "The security token included in the request is invalid.")

	creds := testCreds
	creds.SessionToken = "expired-token"
	var gotToken string
	expiring := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		gotToken = token
		return "", nil, ExpiredToken()
	})
	r = signedRequestWith(t, creds, "service", "us-east-1", testTime, "GET", "/", "")
	_, err = Verify(r, expiring, testTime)
	wantError(t, err, KindExpiredToken, 403, "ExpiredTokenException", "The security token included in the request is expired")
	if gotToken != "expired-token" {
		t.Errorf("lookup got token %q", gotToken)
	}

	// Any other lookup failure is not a verification error.
	broken := CredentialLookupFunc(func(context.Context, string, string) (string, any, error) {
		return "", nil, io.ErrUnexpectedEOF
	})
	_, err = Verify(r, broken, testTime)
	var e *Error
	if errors.As(err, &e) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("got %v", err)
	}
}

func TestUnsignedSessionToken(t *testing.T) {
	creds := testCreds
	creds.SessionToken = "token/with+chars=="
	var gotToken string
	lookup := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		gotToken = token
		return testCreds.SecretAccessKey, "p", nil
	})

	r := signedRequestWith(t, creds, "service", "us-east-1", testTime, "GET", "/", "", UnsignedSessionToken())
	if strings.Contains(r.Header.Get("Authorization"), "x-amz-security-token") {
		t.Fatal("token signed")
	}
	res, err := Verify(r, lookup, testTime)
	if err != nil {
		t.Fatal(err)
	}
	if res.SessionToken != creds.SessionToken || res.SessionTokenSigned || gotToken != creds.SessionToken {
		t.Errorf("result %+v, lookup got %q", res, gotToken)
	}

	// A token added after signing, as aws-api-gateway-client does.
	r = signedRequest(t, "GET", "/", "")
	r.Header.Set("X-Amz-Security-Token", "added-later")
	if res, err = Verify(r, lookup, testTime); err != nil || res.SessionToken != "added-later" || res.SessionTokenSigned {
		t.Errorf("result %+v, %v", res, err)
	}

	// A signed token.
	r = signedRequestWith(t, creds, "service", "us-east-1", testTime, "GET", "/", "")
	if res, err = Verify(r, lookup, testTime); err != nil || !res.SessionTokenSigned {
		t.Errorf("result %+v, %v", res, err)
	}
}

// presigned returns a presigned request as a server receives it.
func presigned(t *testing.T, target string, expires time.Duration) *http.Request {
	t.Helper()
	r := httptest.NewRequest("GET", "http://example.amazonaws.com"+target, nil)
	r.RequestURI = ""
	u, err := Presign(r, testCreds, "", "service", "us-east-1", expires, testTime)
	if err != nil {
		t.Fatal(err)
	}
	return httptest.NewRequest("GET", u.String(), nil)
}

func TestPresignExpiry(t *testing.T) {
	r := presigned(t, "/file?x=1", time.Hour)
	for _, at := range []time.Duration{0, time.Minute, 59 * time.Minute, time.Hour, -ClockSkew} {
		if _, err := Verify(r, static, testTime.Add(at)); err != nil {
			t.Errorf("at +%v: %v", at, err)
		}
	}
	_, err := Verify(r, static, testTime.Add(time.Hour+time.Second))
	wantError(t, err, KindRequestExpired, 403, "AccessDenied", "Request has expired")
	_, err = Verify(r, static, testTime.Add(-ClockSkew-time.Second))
	wantError(t, err, KindSignatureNotYetCurrent, 403, "InvalidSignatureException",
		"Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)")

	// Without X-Amz-Expires the ±5 minute window applies, as for headers.
	r = presigned(t, "/file", 0)
	_, err = Verify(r, static, testTime.Add(ClockSkew+time.Second))
	wantError(t, err, KindSignatureExpired, 403, "InvalidSignatureException",
		"Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)")

	if _, err := Presign(httptest.NewRequest("GET", "http://h/", nil), testCreds, "", "s", "r", MaxPresignExpires+time.Second, testTime); err == nil {
		t.Error("Presign accepted more than 7 days")
	}
}

func TestPresignExpiresParameter(t *testing.T) {
	r := presigned(t, "/", MaxPresignExpires)
	if _, err := Verify(r, static, testTime.Add(MaxPresignExpires)); err != nil {
		t.Fatal(err)
	}
	for value, message := range map[string]string{
		"604801":               msgExpiresTooLarge,
		"99999999999999999999": msgExpiresTooLarge,
		"-1":                   msgExpiresNegative,
		"soon":                 msgExpiresNotNumber,
	} {
		q := r.URL.Query()
		q.Set("X-Amz-Expires", value)
		r2 := httptest.NewRequest("GET", "http://example.amazonaws.com/?"+q.Encode(), nil)
		_, err := Verify(r2, static, testTime)
		wantError(t, err, KindInvalidExpires, 400, "AuthorizationQueryParametersError", message)
	}
	if msgExpiresTooLarge != "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds" {
		t.Error(msgExpiresTooLarge)
	}
}

func TestPresignIncomplete(t *testing.T) {
	r := httptest.NewRequest("GET", "http://example.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-SignedHeaders=host", nil)
	_, err := Verify(r, static, testTime)
	wantError(t, err, KindIncompleteSignature, 403, "IncompleteSignatureException",
		"AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. "+
			"AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.")
}

// TestBodyRestoredForHandler runs Verify inside a real HTTP server: the
// handler reads the body after Verify read it to hash it.
func TestBodyRestoredForHandler(t *testing.T) {
	var handlerBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := Verify(r, static, testTime, WithService("service"), WithRegions("us-east-1"))
		if err != nil {
			var e *Error
			errors.As(err, &e)
			w.Header().Set("X-Amzn-ErrorType", e.Code)
			http.Error(w, e.Message, e.Status)
			return
		}
		b, _ := io.ReadAll(r.Body)
		handlerBody = string(b)
		io.WriteString(w, res.AccessKeyID)
	}))
	defer srv.Close()
	for _, opts := range [][]Option{nil, {ContentSHA256Header()}} {
		body := `{"note":"hello world"}`
		req, _ := http.NewRequest("POST", srv.URL+"/prod/notes/a%20b?x=1&y", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if err := Sign(req, testCreds, "", "service", "us-east-1", testTime, opts...); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(got) != "AKIDEXAMPLE" || handlerBody != body {
			t.Errorf("status %d %q, handler read %q", resp.StatusCode, got, handlerBody)
		}
	}
}

func TestContentSHA256(t *testing.T) {
	// The signature covers the header's hash; the body does not match it.
	r := signedRequest(t, "PUT", "/obj", "original body", ContentSHA256Header())
	r.Body = io.NopCloser(strings.NewReader("tampered body"))
	_, err := Verify(r, static, testTime)
	wantError(t, err, KindContentSHA256Mismatch, 400, "XAmzContentSHA256Mismatch",
		"The provided 'x-amz-content-sha256' header does not match what was computed.")

	// Uppercase hex in the header is accepted.
	sum := sha256.Sum256([]byte("body"))
	up := strings.ToUpper(hex.EncodeToString(sum[:]))
	req := httptest.NewRequest("PUT", "http://example.amazonaws.com/obj", strings.NewReader("body"))
	req.RequestURI = ""
	req.Header.Set(HeaderContentSHA256, up)
	if err := Sign(req, testCreds, up, "service", "us-east-1", testTime); err != nil {
		t.Fatal(err)
	}
	req.RequestURI = "/obj"
	if _, err := Verify(req, static, testTime); err != nil {
		t.Error(err)
	}

	// UNSIGNED-PAYLOAD: the body is never read.
	req = httptest.NewRequest("PUT", "http://example.amazonaws.com/obj", nil)
	req.RequestURI = ""
	if err := Sign(req, testCreds, UnsignedPayload, "service", "us-east-1", testTime, ContentSHA256Header()); err != nil {
		t.Fatal(err)
	}
	req.RequestURI = "/obj"
	req.Body = io.NopCloser(failingReader{t})
	req.ContentLength = 1 << 40
	if _, err := Verify(req, static, testTime); err != nil {
		t.Error(err)
	}

	// Streaming payloads are not supported.
	req.Header.Set(HeaderContentSHA256, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
	_, err = Verify(req, static, testTime)
	wantError(t, err, KindInvalidContentSHA256, 400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value.")
}

type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("body read")
	return 0, io.ErrUnexpectedEOF
}

func TestBodyTooLarge(t *testing.T) {
	r := signedRequest(t, "POST", "/", "0123456789A")
	_, err := Verify(r, static, testTime, WithMaxBodySize(10))
	wantError(t, err, KindRequestTooLarge, 413, "BadRequestException", "HTTP content length exceeded 10 bytes.")

	// Unknown length (chunked): the limit applies while reading, and what
	// was read stays readable.
	r = signedRequest(t, "POST", "/", "0123456789A")
	r.ContentLength = -1
	_, err = Verify(r, static, testTime, WithMaxBodySize(10))
	wantError(t, err, KindRequestTooLarge, 413, "BadRequestException", "HTTP content length exceeded 10 bytes.")
	if b, _ := io.ReadAll(r.Body); string(b) != "0123456789A" {
		t.Errorf("body after rejection %q", b)
	}

	r = signedRequest(t, "POST", "/", "0123456789")
	if _, err := Verify(r, static, testTime, WithMaxBodySize(10)); err != nil {
		t.Error(err)
	}
	if NewVerifier(static).maxBody != DefaultMaxBodySize || DefaultMaxBodySize != 10485760 {
		t.Error("default body limit")
	}
}

func TestPathNormalizationOption(t *testing.T) {
	// Signed by a client that normalizes: accepted only with normalization.
	r := signedRequest(t, "GET", "/a/./b//c/../d", "")
	if _, err := Verify(r, static, testTime); err != nil {
		t.Error(err)
	}
	_, err := Verify(r, static, testTime, WithPathNormalization(false))
	wantError(t, err, KindSignatureDoesNotMatch, 403, "InvalidSignatureException", sigMismatch)

	// Signed as sent: accepted either way.
	r = signedRequest(t, "GET", "/a/./b//c/../d", "", DisablePathNormalization())
	for _, on := range []bool{true, false} {
		if _, err := Verify(r, static, testTime, WithPathNormalization(on)); err != nil {
			t.Errorf("normalization %v: %v", on, err)
		}
	}
}

func TestHostPort(t *testing.T) {
	// The signature covers the port as sent.
	r := httptest.NewRequest("GET", "http://localhost:8080/x", nil)
	r.RequestURI = ""
	if err := Sign(r, testCreds, "", "service", "us-east-1", testTime); err != nil {
		t.Fatal(err)
	}
	r.RequestURI = "/x"
	if _, err := Verify(r, static, testTime); err != nil {
		t.Fatal(err)
	}
	r.Host = "localhost:8081"
	_, err := Verify(r, static, testTime)
	wantError(t, err, KindSignatureDoesNotMatch, 403, "InvalidSignatureException", sigMismatch)

	// SDKs sign a default port away; a client may still send it.
	u := &url.URL{Scheme: "https", Host: "example.com:443", Path: "/x"}
	r = &http.Request{Method: "GET", URL: u, Header: http.Header{}, Host: "example.com:443"}
	if err := Sign(r, testCreds, "", "service", "us-east-1", testTime); err != nil {
		t.Fatal(err)
	}
	if r.Host != "example.com" {
		t.Fatalf("host %q", r.Host)
	}
	r.Host = "example.com:443"
	if _, err := Verify(r, static, testTime); err != nil {
		t.Error(err)
	}

	// aws-api-gateway-client signs the invoke URL's host name without any
	// port; the request still reaches a local port.
	r = httptest.NewRequest("GET", "http://localhost/x", nil)
	r.RequestURI = ""
	if err := Sign(r, testCreds, "", "service", "us-east-1", testTime); err != nil {
		t.Fatal(err)
	}
	r.RequestURI = "/x"
	r.Host = "localhost:8080"
	if _, err := Verify(r, static, testTime); err != nil {
		t.Errorf("host name signed without its port: %v", err)
	}
	r.Host = "otherhost:8080"
	_, err = Verify(r, static, testTime)
	wantError(t, err, KindSignatureDoesNotMatch, 403, "InvalidSignatureException", sigMismatch)
}

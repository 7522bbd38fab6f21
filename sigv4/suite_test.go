package sigv4

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The AWS Signature Version 4 test suite (testdata/v4, see
// testdata/README.md): every case is signed with the Authorization header
// and with query parameters, and each intermediate string must equal the
// expected file byte for byte; Verify must accept every signed request.

type suiteContext struct {
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		Token           string `json:"token"`
	} `json:"credentials"`
	ExpirationInSeconds int64     `json:"expiration_in_seconds"`
	Normalize           bool      `json:"normalize"`
	Region              string    `json:"region"`
	Service             string    `json:"service"`
	SignBody            bool      `json:"sign_body"`
	Timestamp           time.Time `json:"timestamp"`
	OmitSessionToken    bool      `json:"omit_session_token"`
}

// suiteRequest is a request.txt parsed by the upstream harness's rules.
type suiteRequest struct {
	method, target string
	headers        [][2]string // name, value as written (continuation lines keep their newline)
	body           []byte
}

func parseSuiteRequest(t *testing.T, raw []byte) suiteRequest {
	t.Helper()
	text := string(raw)
	var req suiteRequest
	line, rest, _ := strings.Cut(text, "\n")
	first, last := strings.IndexByte(line, ' '), strings.LastIndexByte(line, ' ')
	if first < 0 || last <= first || line[last+1:] != "HTTP/1.1" {
		t.Fatalf("bad request line %q", line)
	}
	req.method, req.target = line[:first], line[first+1:last]
	for rest != "" {
		line, rest, _ = strings.Cut(rest, "\n")
		if line == "" {
			req.body = []byte(rest)
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			req.headers[len(req.headers)-1][1] += "\n" + line
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("bad header line %q", line)
		}
		req.headers = append(req.headers, [2]string{name, value})
	}
	return req
}

func (s suiteRequest) host() string {
	for _, h := range s.headers {
		if strings.EqualFold(h[0], "Host") {
			return strings.TrimSpace(h[1])
		}
	}
	return ""
}

// clientRequest builds the request a client would sign. URL.Opaque carries
// the path exactly as written, which the suite treats as the path sent.
func (s suiteRequest) clientRequest() *http.Request {
	path, query, _ := strings.Cut(s.target, "?")
	host := s.host()
	r := &http.Request{
		Method: s.method,
		URL:    &url.URL{Scheme: "https", Host: host, Opaque: "//" + host + path, RawQuery: query},
		Host:   host,
		Header: http.Header{},
	}
	for _, h := range s.headers {
		if strings.EqualFold(h[0], "Host") {
			continue
		}
		r.Header[h[0]] = append(r.Header[h[0]], h[1])
	}
	if len(s.body) > 0 {
		r.ContentLength = int64(len(s.body))
		r.Body = io.NopCloser(bytes.NewReader(s.body))
	}
	return r
}

// serverRequest builds the request net/http's server would hand to a
// handler: RequestURI as received, canonical header keys, values trimmed
// and folded lines joined with a space.
func (s suiteRequest) serverRequest(t *testing.T) *http.Request {
	t.Helper()
	path, query, _ := strings.Cut(s.target, "?")
	r := &http.Request{
		Method:     s.method,
		RequestURI: s.target,
		URL:        &url.URL{Path: path, RawQuery: query},
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{},
		Body:   http.NoBody,
	}
	for _, h := range s.headers {
		var parts []string
		for _, l := range strings.Split(h[1], "\n") {
			parts = append(parts, strings.TrimSpace(l))
		}
		value := strings.Join(parts, " ")
		key := textproto.CanonicalMIMEHeaderKey(h[0])
		if key == "Host" {
			r.Host = value
			continue
		}
		r.Header[key] = append(r.Header[key], value)
	}
	if cl := r.Header.Get("Content-Length"); cl != "" {
		n, err := strconv.ParseInt(cl, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		r.ContentLength = n
	}
	if len(s.body) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(s.body))
	}
	return r
}

type suiteCase struct {
	name string
	dir  string
	ctx  suiteContext
	req  suiteRequest
}

func (c suiteCase) file(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (c suiteCase) creds() Credentials {
	return Credentials{
		AccessKeyID:     c.ctx.Credentials.AccessKeyID,
		SecretAccessKey: c.ctx.Credentials.SecretAccessKey,
		SessionToken:    c.ctx.Credentials.Token,
	}
}

func (c suiteCase) options() []Option {
	var opts []Option
	if !c.ctx.Normalize {
		opts = append(opts, DisablePathNormalization())
	}
	if c.ctx.OmitSessionToken {
		opts = append(opts, UnsignedSessionToken())
	}
	return opts
}

func (c suiteCase) payloadHash() string {
	if c.ctx.SignBody {
		return "" // Sign hashes the body
	}
	return emptySHA256
}

func loadSuite(t *testing.T) []suiteCase {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("testdata", "v4", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []suiteCase
	for _, dir := range dirs {
		c := suiteCase{name: filepath.Base(dir), dir: dir}
		if err := json.Unmarshal([]byte(c.file(t, "context.json")), &c.ctx); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		c.req = parseSuiteRequest(t, []byte(c.file(t, "request.txt")))
		cases = append(cases, c)
	}
	if len(cases) != 38 {
		t.Fatalf("found %d cases, want 38", len(cases))
	}
	return cases
}

// suiteSkips lists cases that cannot apply, with the reason. It is empty:
// every case runs in both variants.
var suiteSkips = map[string]string{}

func TestSuiteSkips(t *testing.T) {
	for name, reason := range suiteSkips {
		t.Logf("skipped %s: %s", name, reason)
	}
	if len(suiteSkips) != 0 {
		t.Errorf("%d suite cases skipped", len(suiteSkips))
	}
}

func TestSuiteHeader(t *testing.T) {
	for _, c := range loadSuite(t) {
		t.Run(c.name, func(t *testing.T) {
			r := c.req.clientRequest()
			var d Details
			opts := append(c.options(), CaptureDetails(&d))
			if c.ctx.SignBody {
				opts = append(opts, ContentSHA256Header())
			}
			if err := Sign(r, c.creds(), c.payloadHash(), c.ctx.Service, c.ctx.Region, c.ctx.Timestamp, opts...); err != nil {
				t.Fatal(err)
			}
			expectEqual(t, "canonical request", d.CanonicalRequest, c.file(t, "header-canonical-request.txt"))
			expectEqual(t, "string to sign", d.StringToSign, c.file(t, "header-string-to-sign.txt"))
			expectEqual(t, "signature", d.Signature, c.file(t, "header-signature.txt"))

			// The headers Sign added are those of the signed request.
			signed := parseSuiteRequest(t, []byte(c.file(t, "header-signed-request.txt")))
			for _, h := range signed.headers {
				if strings.EqualFold(h[0], "Host") {
					continue
				}
				got := r.Header.Values(h[0])
				if !slices.Contains(got, h[1]) {
					t.Errorf("header %s: got %q, want %q", h[0], got, h[1])
				}
			}
		})
	}
}

func TestSuiteQuery(t *testing.T) {
	for _, c := range loadSuite(t) {
		t.Run(c.name, func(t *testing.T) {
			r := c.req.clientRequest()
			var d Details
			opts := append(c.options(), CaptureDetails(&d))
			expires := time.Duration(c.ctx.ExpirationInSeconds) * time.Second
			u, err := Presign(r, c.creds(), c.payloadHash(), c.ctx.Service, c.ctx.Region, expires, c.ctx.Timestamp, opts...)
			if err != nil {
				t.Fatal(err)
			}
			expectEqual(t, "canonical request", d.CanonicalRequest, c.file(t, "query-canonical-request.txt"))
			expectEqual(t, "string to sign", d.StringToSign, c.file(t, "query-string-to-sign.txt"))
			expectEqual(t, "signature", d.Signature, c.file(t, "query-signature.txt"))

			// The query parameters, compared as a set like the upstream harness.
			signed := parseSuiteRequest(t, []byte(c.file(t, "query-signed-request.txt")))
			_, wantQuery, _ := strings.Cut(signed.target, "?")
			got, want := decodedPairs(u.RawQuery), decodedPairs(wantQuery)
			if !slices.Equal(got, want) {
				t.Errorf("query parameters:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func decodedPairs(raw string) []string {
	var out []string
	for _, p := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(p, "=")
		out = append(out, queryUnescape(k)+"="+queryUnescape(v))
	}
	slices.Sort(out)
	return out
}

func TestSuiteVerify(t *testing.T) {
	for _, c := range loadSuite(t) {
		for _, variant := range []string{"header", "query"} {
			t.Run(c.name+"/"+variant, func(t *testing.T) {
				signed := parseSuiteRequest(t, []byte(c.file(t, variant+"-signed-request.txt")))
				lookup := CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
					if akid != c.ctx.Credentials.AccessKeyID || token != c.ctx.Credentials.Token {
						return "", nil, UnrecognizedClient()
					}
					return c.ctx.Credentials.SecretAccessKey, "principal", nil
				})
				for _, opts := range [][]VerifyOption{
					{WithService(c.ctx.Service), WithRegions(c.ctx.Region)},
					{WithPathNormalization(c.ctx.Normalize), WithKeyCache(NewKeyCache(4))},
				} {
					r := signed.serverRequest(t)
					res, err := Verify(r, lookup, c.ctx.Timestamp, opts...)
					if err != nil {
						t.Fatalf("Verify: %v", err)
					}
					if res.AccessKeyID != "AKIDEXAMPLE" || res.Region != "us-east-1" || res.Service != "service" ||
						!res.Date.Equal(c.ctx.Timestamp) || res.Principal != "principal" ||
						res.Presigned != (variant == "query") || res.SessionToken != c.ctx.Credentials.Token ||
						res.SessionTokenSigned != (c.ctx.Credentials.Token != "" && !c.ctx.OmitSessionToken) {
						t.Errorf("result %+v", res)
					}
					body, err := io.ReadAll(r.Body)
					if err != nil || !bytes.Equal(body, signed.body) {
						t.Errorf("body after Verify: %q, %v; want %q", body, err, signed.body)
					}
				}
			})
		}
	}
}

func expectEqual(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

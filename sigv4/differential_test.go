package sigv4

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/logging"
)

// The AWS SDK for Go v2 signer is the oracle: for thousands of random
// requests our signature must equal its signature, Verify must accept what
// it signed after a trip through the HTTP/1.1 wire format, and Verify must
// reject every single mutation with the expected error.

const differentialCases = 5000

// payload modes of a generated request.
const (
	payloadBodyHash   = iota // hash of the body, no X-Amz-Content-Sha256
	payloadUnsigned          // X-Amz-Content-Sha256: UNSIGNED-PAYLOAD
	payloadHeaderHash        // X-Amz-Content-Sha256: hash of the body
	payloadModes
)

type genRequest struct {
	method      string
	scheme      string
	host        string
	path        string // escaped, as sent
	rawQuery    string
	headers     [][2]string // key as stored in the map, value
	body        []byte
	creds       Credentials
	region      string
	service     string
	signTime    time.Time
	payloadMode int
	presign     bool
	expires     time.Duration
}

func (g *genRequest) payloadHash() string {
	switch g.payloadMode {
	case payloadUnsigned:
		return UnsignedPayload
	default:
		sum := sha256.Sum256(g.body)
		return hex.EncodeToString(sum[:])
	}
}

// build returns a fresh client request.
func (g *genRequest) build(t *testing.T) *http.Request {
	t.Helper()
	raw := g.scheme + "://" + g.host + g.path
	if g.rawQuery != "" {
		raw += "?" + g.rawQuery
	}
	var body io.Reader
	if len(g.body) > 0 {
		body = bytes.NewReader(g.body)
	}
	r, err := http.NewRequest(g.method, raw, body)
	if err != nil {
		t.Fatalf("NewRequest(%q): %v", raw, err)
	}
	for _, h := range g.headers {
		r.Header[h[0]] = append(r.Header[h[0]], h[1])
	}
	if g.payloadMode != payloadBodyHash {
		r.Header[HeaderContentSHA256] = []string{g.payloadHash()}
	}
	return r
}

func (g *genRequest) awsCreds() aws.Credentials {
	return aws.Credentials{AccessKeyID: g.creds.AccessKeyID, SecretAccessKey: g.creds.SecretAccessKey, SessionToken: g.creds.SessionToken}
}

func (g *genRequest) lookup() CredentialLookup {
	return CredentialLookupFunc(func(_ context.Context, akid, token string) (string, any, error) {
		if akid != g.creds.AccessKeyID {
			return "", nil, UnrecognizedClient()
		}
		if token != g.creds.SessionToken {
			return "", nil, ExpiredToken()
		}
		return g.creds.SecretAccessKey, akid, nil
	})
}

// Alphabets of the generator.
var (
	pathPieces = []string{"a", "Z", "0", "-", ".", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@",
		"%20", "%2F", "%25", "%41", "%e2%82%ac", "%E2%82%AC", "ሴ", "é", "日本", "seg", "v1", "%3F", "%23"}
	queryPieces = []string{"a", "B", "9", "-", ".", "_", "~", "%20", "+", "%2B", "%26", "%3D", "%3B", "%25", "!", "*", "(", ")",
		"'", "/", ":", "@", ",", "$", "ሴ", "%E1%88%B4", "ü", "%c3%bc", "X-Amz-Foo", "key", "v"}
	headerNames = []string{"Content-Type", "X-Amz-Target", "X-Amz-Meta-Data", "Accept", "If-None-Match", "Cache-Control",
		"X-Custom-Header", "X-Api-Key", "X-Forwarded-For", "Range", "Content-Encoding", "My-Header1"}
	valuePieces = []string{"a", "B", "0", " ", "  ", "   ", ",", ";", "=", "\"", "/", ":", "application/json", "é", "ሴ",
		"text/plain; charset=utf-8", "*", "(x)", "\\", "{", "}", "?", "%"}
	regions  = []string{"us-east-1", "eu-west-3", "ap-southeast-2"}
	services = []string{"execute-api", "service", "monitoring"}
	methods  = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
)

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

func randomCase(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if rng.IntN(3) == 0 {
			if 'a' <= c && c <= 'z' {
				b[i] = c - 'a' + 'A'
			} else if 'A' <= c && c <= 'Z' {
				b[i] = c - 'A' + 'a'
			}
		}
	}
	return string(b)
}

func generate(rng *rand.Rand) *genRequest {
	g := &genRequest{
		method:  pick(rng, methods),
		scheme:  pick(rng, []string{"http", "https"}),
		region:  pick(rng, regions),
		service: pick(rng, services),
		// Between 2015 and 2035, away from midnight so a one-second change
		// of X-Amz-Date stays in the same day.
		signTime: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).
			AddDate(0, 0, rng.IntN(365*20)).Add(time.Duration(1+rng.IntN(86398)) * time.Second),
		payloadMode: rng.IntN(payloadModes),
	}
	g.host = pick(rng, []string{"example.amazonaws.com", "abc123.execute-api.localhost", "127.0.0.1", "[::1]", "localhost"})
	switch rng.IntN(4) {
	case 0:
		g.host += ":" + strconv.Itoa(1024+rng.IntN(60000))
	case 1:
		// Default ports are stripped by both signers. (The SDK strips the
		// brackets of an IPv6 literal too, so those are left out here.)
		if !strings.HasPrefix(g.host, "[") {
			g.host += pick(rng, []string{":80", ":443"})
		}
	}

	// Path: segments of random pieces; sometimes empty, "." or ".." segments.
	var path strings.Builder
	for range rng.IntN(5) {
		path.WriteByte('/')
		switch rng.IntN(12) {
		case 0: // empty segment
		case 1:
			path.WriteString(".")
		case 2:
			path.WriteString("..")
		default:
			for range 1 + rng.IntN(4) {
				path.WriteString(pick(rng, pathPieces))
			}
		}
	}
	if rng.IntN(4) == 0 {
		path.WriteByte('/')
	}
	g.path = path.String()
	if g.path == "" {
		g.path = "/"
	}

	// Query: repeated keys, empty values, keys without '='.
	var q []string
	keys := []string{}
	for range rng.IntN(6) {
		var k string
		if len(keys) > 0 && rng.IntN(3) == 0 {
			k = pick(rng, keys) // repeated key
		} else {
			for range 1 + rng.IntN(3) {
				k += pick(rng, queryPieces)
			}
			keys = append(keys, k)
		}
		switch rng.IntN(5) {
		case 0:
			q = append(q, k)
		case 1:
			q = append(q, k+"=")
		default:
			v := ""
			for range 1 + rng.IntN(4) {
				v += pick(rng, queryPieces)
			}
			q = append(q, k+"="+v)
		}
	}
	g.rawQuery = strings.Join(q, "&")

	// Headers with random casing and whitespace, some repeated.
	keyOf := map[string]string{} // lowercase name -> map key used
	for range rng.IntN(6) {
		name := pick(rng, headerNames)
		if rng.IntN(4) == 0 {
			name = "X-Gen-" + strconv.Itoa(rng.IntN(100))
		}
		key, seen := keyOf[strings.ToLower(name)]
		if !seen {
			key = http.CanonicalHeaderKey(randomCase(rng, name))
			if rng.IntN(4) == 0 {
				key = strings.ToLower(name) // stored without canonicalization
			}
			keyOf[strings.ToLower(name)] = key
		}
		var v strings.Builder
		v.WriteString(pick(rng, []string{"", " ", "\t", "  "}))
		for range rng.IntN(6) {
			v.WriteString(pick(rng, valuePieces))
		}
		v.WriteString(pick(rng, []string{"", " ", "\t ", "  "}))
		g.headers = append(g.headers, [2]string{key, v.String()})
	}
	if rng.IntN(5) == 0 {
		g.headers = append(g.headers, [2]string{"User-Agent", "gen/" + strconv.Itoa(rng.IntN(9))})
	}
	if rng.IntN(8) == 0 {
		g.headers = append(g.headers, [2]string{"X-Amzn-Trace-Id", "Root=1-" + strconv.Itoa(rng.IntN(1e6))})
	}

	if g.method != "GET" && g.method != "HEAD" && rng.IntN(4) != 0 {
		g.body = make([]byte, rng.IntN(2000))
		for i := range g.body {
			g.body[i] = byte(rng.IntN(256))
		}
	}

	g.creds = Credentials{
		AccessKeyID:     "AKID" + strconv.Itoa(rng.IntN(1e6)),
		SecretAccessKey: "secret/" + strconv.FormatUint(rng.Uint64(), 36) + "+KEY",
	}
	if rng.IntN(3) == 0 {
		g.creds.SessionToken = "IQoJb3JpZ2lu/" + strconv.FormatUint(rng.Uint64(), 36) + "+tok=="
	}
	if rng.IntN(3) == 0 {
		g.presign = true
		g.expires = time.Duration(1+rng.IntN(7*24*3600)) * time.Second
		if g.payloadMode == payloadUnsigned {
			g.payloadMode = payloadBodyHash // the URL alone then states nothing about the payload
		}
	}
	return g
}

// wire sends r through the HTTP/1.1 wire format and returns what a server
// handler receives.
func wire(t *testing.T, r *http.Request) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	sr, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(buf.Bytes())))
	if err != nil {
		t.Fatalf("ReadRequest: %v\n%s", err, buf.Bytes())
	}
	return sr
}

func TestDifferentialSDK(t *testing.T) {
	rng := rand.New(rand.NewPCG(2015, 830))
	sdk := v4.NewSigner()
	cache := NewKeyCache(64)
	applied := map[string]int{}
	for i := range differentialCases {
		g := generate(rng)
		if g.presign {
			differentialPresign(t, i, g, sdk, cache, applied)
			applied["presigned requests"]++
		} else {
			differentialHeader(t, i, g, sdk, cache, applied)
			applied["header requests"]++
		}
		if t.Failed() {
			t.Fatalf("case %d: %s %s%s?%s headers %q body %d bytes, payload mode %d, presign %v, token %q",
				i, g.method, g.host, g.path, g.rawQuery, g.headers, len(g.body), g.payloadMode, g.presign, g.creds.SessionToken)
		}
	}
	// Every mutation must have been exercised often in both forms.
	for _, name := range []string{"method", "path", "query value", "signed header value", "body", "x-amz-date",
		"scope region", "scope service", "scope date", "signature digit"} {
		for _, form := range []string{" (header)", " (query)"} {
			if applied[name+form] < 200 {
				t.Errorf("mutation %s%s applied %d times", name, form, applied[name+form])
			}
		}
	}
	t.Logf("%v", applied)
}

func (g *genRequest) signOptions(r *http.Request) []Option {
	var opts []Option
	if !pathIsNormal(clientPath(r.URL)) {
		opts = append(opts, DisablePathNormalization()) // the SDK never normalizes
	}
	if g.payloadMode != payloadBodyHash {
		opts = append(opts, ContentSHA256Header())
	}
	return opts
}

func differentialHeader(t *testing.T, i int, g *genRequest, sdk *v4.Signer, cache *KeyCache, applied map[string]int) {
	sdkReq := g.build(t)
	if err := sdk.SignHTTP(context.Background(), g.awsCreds(), sdkReq, g.payloadHash(), g.service, g.region, g.signTime); err != nil {
		t.Fatal(err)
	}
	ourReq := g.build(t)
	ph := g.payloadHash()
	if i%2 == 0 && g.payloadMode != payloadUnsigned {
		ph = "" // Sign hashes the body itself
	}
	if err := Sign(ourReq, g.creds, ph, g.service, g.region, g.signTime, append(g.signOptions(ourReq), WithSigningKeyCache(cache))...); err != nil {
		t.Fatal(err)
	}
	if got, want := ourReq.Header.Get("Authorization"), sdkReq.Header.Get("Authorization"); got != want {
		var d Details
		Sign(g.build(t), g.creds, g.payloadHash(), g.service, g.region, g.signTime, append(g.signOptions(ourReq), CaptureDetails(&d))...)
		var sdkLog string
		sdk.SignHTTP(context.Background(), g.awsCreds(), g.build(t), g.payloadHash(), g.service, g.region, g.signTime, func(o *v4.SignerOptions) {
			o.LogSigning = true
			o.Logger = logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) { sdkLog = fmt.Sprintf(format, v...) })
		})
		t.Errorf("Authorization\n got %s\nwant %s\nours:\n%s\nsdk:\n%s", got, want, d.CanonicalRequest, sdkLog)
		return
	}

	opts := []VerifyOption{WithKeyCache(cache)}
	wireReq := wire(t, sdkReq)
	wireBytes := requestBytes(t, wireReq)
	now := g.signTime.Add(time.Duration(rng2(i)%500-250) * time.Second)
	res, err := Verify(wireReq, g.lookup(), now, opts...)
	if err != nil {
		t.Errorf("Verify of the SDK's request: %v", err)
		return
	}
	if res.AccessKeyID != g.creds.AccessKeyID || res.SessionToken != g.creds.SessionToken ||
		res.SessionTokenSigned != (g.creds.SessionToken != "") || res.Presigned {
		t.Errorf("result %+v", res)
	}
	if body, _ := io.ReadAll(wireReq.Body); !bytes.Equal(body, g.body) {
		t.Errorf("body not restored: %d bytes, want %d", len(body), len(g.body))
	}
	if _, err := Verify(wire(t, ourReq), g.lookup(), now, opts...); err != nil {
		t.Errorf("Verify of our request: %v", err)
	}
	mutations(t, g, wireBytes, now, false, applied)
}

func differentialPresign(t *testing.T, i int, g *genRequest, sdk *v4.Signer, cache *KeyCache, applied map[string]int) {
	sdkReq := g.build(t)
	q := sdkReq.URL.Query() // the SDK reads X-Amz-Expires from the query
	q.Set("X-Amz-Expires", strconv.FormatInt(int64(g.expires/time.Second), 10))
	sdkReq.URL.RawQuery = q.Encode()
	signedURI, _, err := sdk.PresignHTTP(context.Background(), g.awsCreds(), sdkReq, g.payloadHash(), g.service, g.region, g.signTime,
		func(o *v4.SignerOptions) { o.DisableHeaderHoisting = true })
	if err != nil {
		t.Fatal(err)
	}
	ourReq := g.build(t)
	ph := g.payloadHash()
	if i%2 == 0 {
		ph = ""
	}
	u, err := Presign(ourReq, g.creds, ph, g.service, g.region, g.expires, g.signTime, append(g.signOptions(ourReq), WithSigningKeyCache(cache))...)
	if err != nil {
		t.Fatal(err)
	}
	su, err := url.Parse(signedURI)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := u.Query().Get("X-Amz-Signature"), su.Query().Get("X-Amz-Signature"); got != want {
		t.Errorf("X-Amz-Signature %s, want %s\nours %s\nsdk  %s", got, want, u, signedURI)
		return
	}

	// Send the presigned URL with the request's headers and body.
	sdkReq = g.build(t)
	sdkReq.URL = su
	sdkReq.Host, _ = signingHost(sdkReq)
	wireReq := wire(t, sdkReq)
	wireBytes := requestBytes(t, wireReq)
	now := g.signTime.Add(time.Duration(rng2(i)) % g.expires)
	res, err := Verify(wireReq, g.lookup(), now, WithKeyCache(cache))
	if err != nil {
		t.Errorf("Verify of the SDK's URL %s: %v", signedURI, err)
		return
	}
	if !res.Presigned || res.SessionToken != g.creds.SessionToken || res.SessionTokenSigned != (g.creds.SessionToken != "") {
		t.Errorf("result %+v", res)
	}
	ourReq = g.build(t)
	ourReq.URL = u
	ourReq.Host, _ = signingHost(ourReq)
	if _, err := Verify(wire(t, ourReq), g.lookup(), now); err != nil {
		t.Errorf("Verify of our URL %s: %v", u, err)
	}
	mutations(t, g, wireBytes, now, true, applied)
}

// rng2 is a cheap deterministic spread of i.
func rng2(i int) int { return (i*7919 + 104729) % 100003 }

// requestBytes serializes a received request (consuming and restoring its body).
func requestBytes(t *testing.T, r *http.Request) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(r.Method + " " + r.RequestURI + " HTTP/1.1\r\nHost: " + r.Host + "\r\n")
	if err := r.Header.Write(&buf); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("\r\n")
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	buf.Write(body)
	return buf.Bytes()
}

func reparse(t *testing.T, b []byte) *http.Request {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type mutation struct {
	name string
	// apply changes r; it returns false when it does not apply.
	apply func(r *http.Request) bool
	want  Kind
	// message, when set, is the exact message expected.
	message string
	opts    []VerifyOption
}

func mutations(t *testing.T, g *genRequest, wireBytes []byte, now time.Time, presigned bool, applied map[string]int) {
	t.Helper()
	// Helpers reading and writing the credential and signature wherever they are.
	getCred := func(r *http.Request) string {
		if presigned {
			return r.URL.Query().Get("X-Amz-Credential")
		}
		a := r.Header.Get("Authorization")
		i := strings.Index(a, "Credential=") + len("Credential=")
		return a[i : i+strings.IndexByte(a[i:], ',')]
	}
	replaceInAuth := func(r *http.Request, old, repl string) {
		if presigned {
			setRequestURI(r, strings.Replace(r.RequestURI, url.QueryEscape(old), url.QueryEscape(repl), 1))
			return
		}
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), old, repl, 1))
	}
	ms := []mutation{
		{name: "method", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			r.Method = map[string]string{"GET": "POST"}[r.Method] + "X"
			return true
		}},
		{name: "path", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			path, query, hasQuery := strings.Cut(r.RequestURI, "?")
			uri := path + "z"
			if hasQuery {
				uri += "?" + query
			}
			setRequestURI(r, uri)
			return true
		}},
		{name: "query value", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			path, query, _ := strings.Cut(r.RequestURI, "?")
			pairs := strings.Split(query, "&")
			changed := false
			for i, p := range pairs {
				if p != "" && !strings.HasPrefix(p, "X-Amz-") {
					pairs[i] = p + "q" // a value changes ("k" becomes "kq=", the same change)
					if !strings.Contains(p, "=") {
						pairs[i] = p + "=q"
					}
					changed = true
					break
				}
			}
			if !changed {
				pairs = append(pairs, "added=1")
			}
			setRequestURI(r, path+"?"+strings.TrimPrefix(strings.Join(pairs, "&"), "&"))
			return true
		}},
		{name: "signed header value", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			var list string
			if presigned {
				list = r.URL.Query().Get("X-Amz-SignedHeaders")
			} else {
				a := r.Header.Get("Authorization")
				i := strings.Index(a, "SignedHeaders=") + len("SignedHeaders=")
				list = a[i : i+strings.IndexByte(a[i:], ',')]
			}
			for _, name := range strings.Split(list, ";") {
				switch name {
				case "host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "content-length":
					continue
				}
				key := http.CanonicalHeaderKey(name)
				r.Header[key] = append([]string{r.Header.Get(key) + "x"}, r.Header[key][1:]...)
				return true
			}
			r.Host += "x" // only host is left
			return true
		}},
		{name: "body", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			if g.payloadMode == payloadUnsigned || len(g.body) == 0 {
				return false
			}
			b := bytes.Clone(g.body)
			b[len(b)/2] ^= 0x20
			r.Body = io.NopCloser(bytes.NewReader(b))
			return true
		}},
		{name: "x-amz-date", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			d := g.signTime.Add(time.Second).Format(amzDateLayout)
			if presigned {
				setRequestURI(r, strings.Replace(r.RequestURI, "X-Amz-Date="+g.signTime.Format(amzDateLayout), "X-Amz-Date="+d, 1))
			} else {
				r.Header.Set("X-Amz-Date", d)
			}
			return true
		}},
		{name: "scope region", want: KindCredentialScope, opts: []VerifyOption{WithRegions(g.region)},
			message: "Credential should be scoped to a valid region, not 'zz-mutated-1'. ",
			apply: func(r *http.Request) bool {
				c := getCred(r)
				replaceInAuth(r, c, strings.Replace(c, "/"+g.region+"/", "/zz-mutated-1/", 1))
				return true
			}},
		{name: "scope service", want: KindCredentialScope, opts: []VerifyOption{WithService(g.service)},
			message: "Credential should be scoped to correct service: '" + g.service + "'. ",
			apply: func(r *http.Request) bool {
				c := getCred(r)
				replaceInAuth(r, c, strings.Replace(c, "/"+g.service+"/", "/other-svc/", 1))
				return true
			}},
		{name: "scope date", want: KindCredentialScope,
			message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
				g.signTime.AddDate(0, 0, -1).Format("20060102") + "' != '" + g.signTime.Format("20060102") +
				"', from '" + g.signTime.Format(amzDateLayout) + "'.",
			apply: func(r *http.Request) bool {
				c := getCred(r)
				replaceInAuth(r, c, strings.Replace(c, "/"+g.signTime.Format("20060102")+"/", "/"+g.signTime.AddDate(0, 0, -1).Format("20060102")+"/", 1))
				return true
			}},
		{name: "signature digit", want: KindSignatureDoesNotMatch, apply: func(r *http.Request) bool {
			var sig string
			if presigned {
				sig = r.URL.Query().Get("X-Amz-Signature")
			} else {
				a := r.Header.Get("Authorization")
				sig = a[strings.Index(a, "Signature=")+len("Signature="):]
			}
			b := []byte(sig)
			i := int(g.signTime.Unix() % int64(len(b)))
			b[i] = "1032547698badcfe"[strings.IndexByte("0123456789abcdef", b[i])]
			if presigned {
				setRequestURI(r, strings.Replace(r.RequestURI, "X-Amz-Signature="+sig, "X-Amz-Signature="+string(b), 1))
			} else {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "Signature="+sig, "Signature="+string(b), 1))
			}
			return true
		}},
	}
	if g.payloadMode == payloadHeaderHash {
		ms[4].want = KindContentSHA256Mismatch
	}
	for _, m := range ms {
		r := reparse(t, wireBytes)
		if !m.apply(r) {
			continue
		}
		applied[m.name+map[bool]string{false: " (header)", true: " (query)"}[presigned]]++
		_, err := Verify(r, g.lookup(), now, m.opts...)
		var e *Error
		if !errors.As(err, &e) || e.Kind != m.want || m.message != "" && e.Message != m.message {
			t.Errorf("mutation %s: got %v, want kind %d %q", m.name, err, m.want, m.message)
		}
	}
}

// setRequestURI changes the request-target of a received request.
func setRequestURI(r *http.Request, uri string) {
	r.RequestURI = uri
	if u, err := url.ParseRequestURI(uri); err == nil {
		r.URL = u
	}
}

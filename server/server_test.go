package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// syncBuffer is a log sink safe for the concurrent writes of a test server.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testEnv struct {
	srv   *Server
	ts    *httptest.Server
	store *sqlite.Store
	logs  *syncBuffer
}

// openStoreAndRing opens a store in a temporary directory, closed with the
// test, and its key ring under a master key generated in that directory.
func openStoreAndRing(t *testing.T) (*sqlite.Store, *keys.Ring) {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mk, err := keys.LoadMasterKey(dir, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Open(context.Background(), st, mk, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return st, ring
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	st, ring := openStoreAndRing(t)
	logs := &syncBuffer{}
	srv, err := New(Options{Config: config.Demo(), Store: st, Ring: ring,
		Logger: slog.New(slog.NewJSONHandler(logs, nil)), Functions: demoFunctions(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testEnv{srv: srv, ts: ts, store: st, logs: logs}
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestHealth(t *testing.T) {
	env := newTestEnv(t)
	res, body := get(t, env.ts.URL+"/_gatehouse/health", nil)
	if res.StatusCode != 200 || body != `{"status":"ok"}` {
		t.Fatalf("health = %d %s", res.StatusCode, body)
	}
	if id := res.Header.Get("x-amzn-RequestId"); !uuidRE.MatchString(id) {
		t.Fatalf("x-amzn-RequestId = %q, want a UUID", id)
	}
	env.store.Close()
	res, body = get(t, env.ts.URL+"/_gatehouse/health", nil)
	if res.StatusCode != 503 || body != `{"status":"unavailable"}` {
		t.Fatalf("health with a closed store = %d %s", res.StatusCode, body)
	}
}

func staticCreds() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
}

func awsConfig(env *testEnv) aws.Config {
	return aws.Config{Region: "us-east-1", Credentials: staticCreds(), BaseEndpoint: aws.String(env.ts.URL)}
}

// requireAPIError checks that err is an AWS API error with the given code
// and message, as the SDK parsed it from our response.
func requireAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want an API error %s", err, code)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("API error = %q %q, want %q %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

// Operations of later services are not served yet: real SDK clients must get
// AWS's UnknownOperationException and parse it as such.
func TestSDKClientsGetAWSErrors(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	cfg := awsConfig(env)

	idp := cip.NewFromConfig(cfg)
	_, err := idp.DescribeRiskConfiguration(ctx, &cip.DescribeRiskConfigurationInput{UserPoolId: aws.String("us-east-1_NotesDemo")})
	// AWS sends no message with this error; the SDK then reports "UnknownError".
	requireAPIError(t, err, "UnknownOperationException", "UnknownError")

	ident := cognitoidentity.NewFromConfig(cfg)
	_, err = ident.LookupDeveloperIdentity(ctx, &cognitoidentity.LookupDeveloperIdentityInput{
		IdentityPoolId: aws.String("us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"), MaxResults: aws.Int32(10)})
	requireAPIError(t, err, "UnknownOperationException", "UnknownError")

	stsc := sts.NewFromConfig(cfg)
	_, err = stsc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/notes-authenticated"),
		RoleSessionName: aws.String("s")})
	requireAPIError(t, err, "InvalidAction", "Could not find operation AssumeRole for version 2011-06-15")
}

func TestURLMap(t *testing.T) {
	env := newTestEnv(t)
	host := strings.TrimPrefix(env.ts.URL, "http://")
	tests := []struct {
		name        string
		method, url string
		header      map[string]string
		body        string
		status      int
		errType     string
		wantBody    string
	}{
		{"unknown JSON service", "POST", "/", map[string]string{"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": awsproto.ContentTypeJSON11}, `{}`,
			400, "UnknownOperationException", `{"__type":"UnknownOperationException"}`},
		{"malformed target", "POST", "/", map[string]string{"X-Amz-Target": "nodot"}, `{}`,
			400, "UnknownOperationException", `{"__type":"UnknownOperationException"}`},
		{"GET with a target", "GET", "/", map[string]string{"X-Amz-Target": "AWSCognitoIdentityProviderService.GetUser"}, ``,
			400, "UnknownOperationException", `{"__type":"UnknownOperationException"}`},
		{"POST / without target", "POST", "/", map[string]string{"Content-Type": awsproto.ContentTypeJSON11}, `{}`,
			400, "UnknownOperationException", `{"__type":"UnknownOperationException"}`},
		{"STS without Action", "POST", "/", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, `Version=2011-06-15`,
			400, "", ""},
		{"STS body too large", "POST", "/", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "Action=" + strings.Repeat("a", awsproto.MaxQueryBody),
			413, "", ""},
		{"gateway unknown API (path style)", "GET", "/restapis/nosuchapi1/prod/_user_request_/notes", nil, ``,
			403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
		{"gateway unknown stage", "GET", "/restapis/notesapi01/dev/_user_request_/notes", nil, ``,
			403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
		{"gateway malformed path", "GET", "/restapis/notesapi01/prod/notes", nil, ``,
			403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
		{"gateway known API", "GET", "/restapis/notesapi01/prod/_user_request_/public", nil, ``,
			200, "", `{"ok":true}`},
		{"gateway host style", "GET", "/prod/public", map[string]string{"Host": "notesapi01.execute-api.localhost:" + portOf(host)}, ``,
			200, "", `{"ok":true}`},
		{"gateway unknown route", "GET", "/restapis/notesapi01/prod/_user_request_/nothing", nil, ``,
			403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
		{"gateway host style unknown API", "GET", "/prod/public", map[string]string{"Host": "otherapi01.execute-api.localhost"}, ``,
			403, "MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`},
		{"unknown path", "GET", "/nothing/here", nil, ``, 404, "", `{"message":"Not Found"}`},
		{"identity pools' JWKS", "GET", "/.well-known/jwks_uri", nil, ``, 200, "", ""},
		{"identity pools' discovery document", "GET", "/.well-known/openid-configuration", nil, ``, 200, "", ""},
		{"identity pools' JWKS, POST", "POST", "/.well-known/jwks_uri", nil, ``, 405, "", `{"message":"Method Not Allowed"}`},
		{"unknown root document", "GET", "/.well-known/jwks.json", nil, ``, 404, "", `{"message":"Not Found"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, env.ts.URL+tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				if k == "Host" {
					req.Host = v
					continue
				}
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%s)", res.StatusCode, tt.status, b)
			}
			if got := res.Header.Get("x-amzn-ErrorType"); got != tt.errType {
				t.Errorf("x-amzn-ErrorType = %q, want %q", got, tt.errType)
			}
			if tt.wantBody != "" && string(b) != tt.wantBody {
				t.Errorf("body = %s, want %s", b, tt.wantBody)
			}
			if res.Header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId")
			}
		})
	}
}

func portOf(hostport string) string {
	_, port, _ := strings.Cut(hostport, ":")
	return port
}

func TestPanicIsRecovered(t *testing.T) {
	env := newTestEnv(t)
	env.srv.targets[targetUserPools]["Boom"] = func(context.Context, *http.Request, []byte) (any, error) {
		panic("secret internal state")
	}
	res, body := post(t, env.ts.URL+"/", map[string]string{"X-Amz-Target": targetUserPools + ".Boom"}, `{}`)
	if res.StatusCode != 500 || body != `{"message":"Internal server error"}` {
		t.Fatalf("got %d %s", res.StatusCode, body)
	}
	// The server keeps serving.
	if res, _ := get(t, env.ts.URL+"/_gatehouse/health", nil); res.StatusCode != 200 {
		t.Fatalf("health after panic = %d", res.StatusCode)
	}
	if !strings.Contains(env.logs.String(), "secret internal state") {
		t.Fatal("the panic was not logged")
	}
}

func TestInternalErrorsAreHidden(t *testing.T) {
	env := newTestEnv(t)
	env.srv.targets[targetUserPools]["Fail"] = func(context.Context, *http.Request, []byte) (any, error) {
		return nil, errors.New("disk /var/lib/x is full")
	}
	res, body := post(t, env.ts.URL+"/", map[string]string{"X-Amz-Target": targetUserPools + ".Fail"}, `{}`)
	if res.StatusCode != 500 || body != `{"__type":"InternalErrorException","message":"An internal error occurred."}` {
		t.Fatalf("got %d %s", res.StatusCode, body)
	}
	if !strings.Contains(env.logs.String(), "disk /var/lib/x is full") {
		t.Fatal("the internal error was not logged")
	}
}

func TestOperationDispatch(t *testing.T) {
	env := newTestEnv(t)
	env.srv.targets[targetIdentityPools]["Echo"] = func(_ context.Context, _ *http.Request, body []byte) (any, error) {
		var in map[string]string
		if err := awsproto.UnmarshalJSON(body, &in); err != nil {
			return nil, err
		}
		return in, nil
	}
	res, body := post(t, env.ts.URL+"/", map[string]string{"X-Amz-Target": targetIdentityPools + ".Echo"}, `{"IdentityId":"x"}`)
	if res.StatusCode != 200 || body != `{"IdentityId":"x"}` || res.Header.Get("Content-Type") != awsproto.ContentTypeJSON11 {
		t.Fatalf("got %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	res, body = post(t, env.ts.URL+"/", map[string]string{"X-Amz-Target": targetIdentityPools + ".Echo"}, `{"IdentityId":`)
	if res.StatusCode != 400 || body != `{"__type":"SerializationException","message":"The request body is not valid JSON."}` {
		t.Fatalf("got %d %s", res.StatusCode, body)
	}
	res, body = post(t, env.ts.URL+"/", map[string]string{"X-Amz-Target": targetIdentityPools + ".Echo"}, `{"a":"`+strings.Repeat("x", awsproto.MaxJSONBody)+`"}`)
	if res.StatusCode != 413 {
		t.Fatalf("oversized body: got %d %s", res.StatusCode, body)
	}
}

// The request log has one line per request with id, route and status, and
// never the query string (presigned URLs carry credentials in it).
func TestRequestLog(t *testing.T) {
	env := newTestEnv(t)
	res, _ := get(t, env.ts.URL+"/_gatehouse/health?X-Amz-Signature=deadbeefcafe&X-Amz-Credential=AKIAEXAMPLE", nil)
	reqID := res.Header.Get("x-amzn-RequestId")
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(env.logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if rec["msg"] == "request" && rec["request_id"] == reqID {
			found = true
			if rec["route"] != "health" || rec["status"] != float64(200) || rec["method"] != "GET" || rec["level"] != "INFO" {
				t.Errorf("log line = %s", line)
			}
			if _, ok := rec["latency"]; !ok {
				t.Errorf("no latency in %s", line)
			}
		}
	}
	if !found {
		t.Fatalf("no request log line for %s in:\n%s", reqID, env.logs.String())
	}
	if s := env.logs.String(); strings.Contains(s, "deadbeefcafe") || strings.Contains(s, "AKIAEXAMPLE") {
		t.Fatalf("the query string was logged:\n%s", s)
	}
}

func TestMetrics(t *testing.T) {
	env := newTestEnv(t)
	get(t, env.ts.URL+"/_gatehouse/health", nil)
	res, body := get(t, env.ts.URL+"/_gatehouse/metrics", nil)
	if res.StatusCode != 200 {
		t.Fatalf("metrics = %d", res.StatusCode)
	}
	want := `gatehouse_http_requests_total{code="200",method="GET",route="health"} 1`
	if !strings.Contains(body, want) {
		t.Fatalf("metrics lack %s:\n%s", want, body)
	}
}

func TestNewRequiresDependencies(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New with no dependencies succeeded")
	}
}

func get(t *testing.T, u string, header map[string]string) (*http.Response, string) {
	t.Helper()
	return do(t, "GET", u, header, "")
}

func post(t *testing.T, u string, header map[string]string, body string) (*http.Response, string) {
	t.Helper()
	return do(t, "POST", u, header, body)
}

func do(t *testing.T, method, u string, header map[string]string, body string) (*http.Response, string) {
	t.Helper()
	if _, err := url.Parse(u); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

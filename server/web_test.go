package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/web"
)

// noRedirects is an HTTP client that returns redirects instead of
// following them.
var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

func doNoRedirect(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := noRedirects.Do(req)
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

func newRequest(t *testing.T, method, u string, header map[string]string, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req
}

// A browser opening the server's root is sent to the app; nothing else
// sent to / is.
func TestWebRootRedirect(t *testing.T) {
	env := newTestEnv(t)
	browser := map[string]string{"Accept": "text/html,application/xhtml+xml", "User-Agent": "Mozilla/5.0"}
	for _, method := range []string{"GET", "HEAD"} {
		res, _ := doNoRedirect(t, newRequest(t, method, env.ts.URL+"/", browser, ""))
		if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/_gatehouse/" {
			t.Errorf("%s / = %d Location %q, want 302 /_gatehouse/", method, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// Without Action or X-Amz-Target any other query is still a browser's.
	res, _ := doNoRedirect(t, newRequest(t, "GET", env.ts.URL+"/?utm=x", nil, ""))
	if res.StatusCode != http.StatusFound {
		t.Errorf("GET /?utm=x = %d, want 302", res.StatusCode)
	}
	res, _ = doNoRedirect(t, newRequest(t, "GET", env.ts.URL+"/_gatehouse", nil, ""))
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/_gatehouse/" {
		t.Errorf("GET /_gatehouse = %d Location %q, want 301 /_gatehouse/", res.StatusCode, res.Header.Get("Location"))
	}

	notRedirected := []struct {
		name         string
		method, path string
		header       map[string]string
		body         string
		status       int
		bodyPattern  string
	}{
		{"GET /?Action= unsigned (STS query protocol)", "GET", "/?Action=GetCallerIdentity&Version=2011-06-15", browser, "",
			403, `<ErrorResponse .*<Code>MissingAuthenticationToken</Code>`},
		{"GET /?Action= of an unknown action", "GET", "/?Action=NoSuchAction&Version=2011-06-15", nil, "",
			400, `<Code>InvalidAction</Code>`},
		{"GET / with X-Amz-Target", "GET", "/", map[string]string{"X-Amz-Target": "AWSCognitoIdentityProviderService.GetUser"}, "",
			400, `^\{"__type":"UnknownOperationException"\}$`},
		{"POST / JSON 1.1 without target", "POST", "/", map[string]string{"Content-Type": "application/x-amz-json-1.1"}, "{}",
			400, `^\{"__type":"UnknownOperationException"\}$`},
		{"POST / JSON 1.1 GetId", "POST", "/", map[string]string{"Content-Type": "application/x-amz-json-1.1",
			"X-Amz-Target": "AWSCognitoIdentityService.GetId"}, `{"IdentityPoolId":"us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"}`,
			400, `"__type":"NotAuthorizedException"`},
		{"PUT /", "PUT", "/", nil, "", 400, `^\{"__type":"UnknownOperationException"\}$`},
	}
	for _, tt := range notRedirected {
		t.Run(tt.name, func(t *testing.T) {
			res, body := doNoRedirect(t, newRequest(t, tt.method, env.ts.URL+tt.path, tt.header, tt.body))
			if res.StatusCode != tt.status || !regexp.MustCompile(tt.bodyPattern).MatchString(body) {
				t.Fatalf("%s %s = %d %s, want %d matching %s", tt.method, tt.path, res.StatusCode, body, tt.status, tt.bodyPattern)
			}
		})
	}
}

// Real AWS clients calling / get their answers, not the app's redirect:
// a GetCallerIdentity URL presigned by aws-sdk-go-v2's signer (the STS
// query protocol over GET), the STS client (query protocol over POST) and
// the user pools' client (JSON 1.1).
func TestWebRootLeavesAWSClientsAlone(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	cfg := awsConfig(env)
	cfg.HTTPClient = noRedirects

	r, err := http.NewRequest("GET", env.ts.URL+"/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60", nil)
	if err != nil {
		t.Fatal(err)
	}
	creds, err := staticCreds().Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	presigned, _, err := v4.NewSigner().PresignHTTP(ctx, creds, r,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sts", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, body := doNoRedirect(t, newRequest(t, "GET", presigned, nil, ""))
	if res.StatusCode != 200 || !strings.Contains(body, "<Arn>arn:aws:iam::123456789012:user/admin</Arn>") {
		t.Fatalf("presigned GET /?Action=GetCallerIdentity = %d %s", res.StatusCode, body)
	}

	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("sts GetCallerIdentity: %v", err)
	}
	if aws.ToString(who.Arn) != "arn:aws:iam::123456789012:user/admin" {
		t.Fatalf("sts GetCallerIdentity Arn = %q", aws.ToString(who.Arn))
	}

	out, err := cip.NewFromConfig(cfg).InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       ciptypes.AuthFlowTypeUserPasswordAuth,
		ClientId:       aws.String("gatehousenotesdemoclient01"),
		AuthParameters: map[string]string{"USERNAME": "demo@example.com", "PASSWORD": "Passw0rd!"},
	})
	if err != nil {
		t.Fatalf("cognito-idp InitiateAuth: %v", err)
	}
	if out.AuthenticationResult == nil || aws.ToString(out.AuthenticationResult.IdToken) == "" {
		t.Fatal("InitiateAuth returned no ID token")
	}
}

// The app's files are served from the embedded dist/ with their types and
// the app's security headers; conditional requests get 304.
func TestWebFiles(t *testing.T) {
	env := newTestEnv(t)
	files := web.FS()
	wantTypes := map[string]string{
		"/_gatehouse/":                         "text/html; charset=utf-8",
		"/_gatehouse/index.html":               "text/html; charset=utf-8",
		"/_gatehouse/app.js":                   "text/javascript; charset=utf-8",
		"/_gatehouse/app.css":                  "text/css; charset=utf-8",
		"/_gatehouse/favicon.svg":              "image/svg+xml",
		"/_gatehouse/THIRD_PARTY_LICENSES.txt": "text/plain; charset=utf-8",
	}
	for path, ctype := range wantTypes {
		t.Run(path, func(t *testing.T) {
			name := strings.TrimPrefix(path, "/_gatehouse/")
			if name == "" {
				name = "index.html"
			}
			want, err := fs.ReadFile(files, name)
			if err != nil {
				t.Fatal(err)
			}
			res, body := get(t, env.ts.URL+path, nil)
			if res.StatusCode != 200 || body != string(want) {
				t.Fatalf("GET %s = %d, %d bytes, want 200 and the %d bytes of dist/%s", path, res.StatusCode, len(body), len(want), name)
			}
			checkWebHeaders(t, res.Header)
			if got := res.Header.Get("Content-Type"); got != ctype {
				t.Errorf("Content-Type = %q, want %q", got, ctype)
			}
			if res.Header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId")
			}
			etag := res.Header.Get("ETag")
			if etag == "" {
				t.Fatal("no ETag")
			}
			res, body = get(t, env.ts.URL+path, map[string]string{"If-None-Match": etag})
			if res.StatusCode != http.StatusNotModified || body != "" {
				t.Errorf("GET %s If-None-Match its ETag = %d %q, want 304", path, res.StatusCode, body)
			}
			res, body = do(t, "HEAD", env.ts.URL+path, nil, "")
			if res.StatusCode != 200 || body != "" || res.Header.Get("Content-Type") != ctype {
				t.Errorf("HEAD %s = %d %q %q", path, res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		})
	}

	// Every file the page names is one the server has.
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllSubmatch(index, -1)
	if len(refs) < 3 {
		t.Fatalf("index.html names %d files, want app.js, app.css and favicon.svg at least", len(refs))
	}
	for _, m := range refs {
		res, _ := get(t, env.ts.URL+"/_gatehouse/"+string(m[1]), nil)
		if res.StatusCode != 200 {
			t.Errorf("index.html names %s, which answers %d", m[1], res.StatusCode)
		}
	}

	for _, tt := range []struct{ method, path, body string }{
		{"GET", "/_gatehouse/nothing.js", `{"message":"Not Found"}`},
		{"GET", "/_gatehouse/dist/app.js", `{"message":"Not Found"}`},
		{"GET", "/_gatehouse/../go.mod", `{"message":"Not Found"}`},
		{"GET", "/_gatehouse/outbox", `{"message":"Not Found"}`}, // no outbox in this server
		{"POST", "/_gatehouse/", `{"message":"Method Not Allowed"}`},
		{"DELETE", "/_gatehouse/app.js", `{"message":"Method Not Allowed"}`},
		{"POST", "/_gatehouse/config.json", `{"message":"Method Not Allowed"}`},
	} {
		res, body := do(t, tt.method, env.ts.URL+tt.path, nil, "")
		status := 404
		if strings.Contains(tt.body, "Method") {
			status = 405
			if res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q", tt.method, tt.path, res.Header.Get("Allow"))
			}
		}
		if res.StatusCode != status || body != tt.body {
			t.Errorf("%s %s = %d %s, want %d %s", tt.method, tt.path, res.StatusCode, body, status, tt.body)
		}
	}

	// The service paths under /_gatehouse/ are unchanged.
	res, body := get(t, env.ts.URL+"/_gatehouse/health", nil)
	if res.StatusCode != 200 || body != `{"status":"ok"}` {
		t.Errorf("health = %d %s", res.StatusCode, body)
	}
	res, body = get(t, env.ts.URL+"/_gatehouse/metrics", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `route="web"`) {
		t.Errorf("metrics = %d, want 200 counting route=\"web\":\n%s", res.StatusCode, body)
	}
}

func checkWebHeaders(t *testing.T, h http.Header) {
	t.Helper()
	want := map[string]string{
		"Cache-Control":           "no-cache",
		"Content-Security-Policy": web.ContentSecurityPolicy,
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, directive+";") && !strings.HasSuffix(csp, directive) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, directive)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "*") {
		t.Errorf("Content-Security-Policy %q allows more than the origin", csp)
	}
}

// config.json tells the app the ids of the loaded configuration, and
// whether the outbox is on.
func TestWebConfigJSON(t *testing.T) {
	env := newTestEnv(t)
	res, body := get(t, env.ts.URL+"/_gatehouse/config.json", nil)
	want := `{"region":"us-east-1","userPoolId":"us-east-1_NotesDemo","clientId":"gatehousenotesdemoclient01",` +
		`"identityPoolId":"us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b","apiId":"notesapi01","stage":"prod",` +
		`"apiBasePath":"/restapis/notesapi01/prod/_user_request_","outbox":false}`
	if res.StatusCode != 200 || body != want {
		t.Fatalf("config.json = %d %s, want %s", res.StatusCode, body, want)
	}
	checkWebHeaders(t, res.Header)
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}

	// With an outbox the app offers to read the code from it.
	st, ring := openStoreAndRing(t)
	outbox := messaging.Outbox{Store: st, Now: time.Now}
	srv, err := New(Options{Config: config.Demo(), Store: st, Ring: ring, Logger: slog.New(slog.DiscardHandler),
		Sink: outbox, Outbox: outbox, Functions: demoFunctions(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	_, body = get(t, ts.URL+"/_gatehouse/config.json", nil)
	var got webAppConfig
	if err := json.Unmarshal([]byte(body), &got); err != nil || !got.Outbox {
		t.Fatalf("config.json with an outbox = %s (%v), want outbox true", body, err)
	}
	res, body = get(t, ts.URL+"/_gatehouse/outbox", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(body, `{"messages":`) {
		t.Fatalf("outbox with the app = %d %s", res.StatusCode, body)
	}
}

func TestNewWebAppConfig(t *testing.T) {
	pool := func(id string, clients ...config.UserPoolClient) config.UserPool {
		return config.UserPool{ID: id, Clients: clients}
	}
	client := func(id, secret string) config.UserPoolClient { return config.UserPoolClient{ID: id, Secret: secret} }
	idPool := func(id string, providers ...config.IdentityProvider) config.IdentityPool {
		return config.IdentityPool{ID: id, Providers: providers}
	}
	tests := []struct {
		name string
		cfg  config.Config
		want webAppConfig
	}{
		{"empty", config.Config{Region: "eu-west-1"}, webAppConfig{Region: "eu-west-1"}},
		{"the first client without a secret, the identity pool that takes it",
			config.Config{Region: "us-east-1",
				UserPools: []config.UserPool{pool("us-east-1_aaaaaaaaa", client("secretclient", "s3cr3t"), client("publicclient", "")),
					pool("us-east-1_bbbbbbbbb", client("otherclient", ""))},
				IdentityPools: []config.IdentityPool{
					idPool("us-east-1:1", config.IdentityProvider{UserPool: "us-east-1_bbbbbbbbb", ClientID: "otherclient"}),
					idPool("us-east-1:2", config.IdentityProvider{UserPool: "us-east-1_aaaaaaaaa", ClientID: "publicclient"})},
				APIs: []config.API{{ID: "api1", Stages: []string{"dev", "prod"}}, {ID: "api2", Stages: []string{"x"}}}},
			webAppConfig{Region: "us-east-1", UserPoolID: "us-east-1_aaaaaaaaa", ClientID: "publicclient",
				IdentityPoolID: "us-east-1:2", APIID: "api1", Stage: "dev", APIBasePath: "/restapis/api1/dev/_user_request_"}},
		{"only clients with secrets: no pool, the first identity pool",
			config.Config{Region: "us-east-1",
				UserPools:     []config.UserPool{pool("us-east-1_aaaaaaaaa", client("secretclient", "s3cr3t"))},
				IdentityPools: []config.IdentityPool{idPool("us-east-1:1"), idPool("us-east-1:2")}},
			webAppConfig{Region: "us-east-1", IdentityPoolID: "us-east-1:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newWebAppConfig(&tt.cfg, false); got != tt.want {
				t.Fatalf("newWebAppConfig = %+v, want %+v", got, tt.want)
			}
		})
	}
	// The app's secret-free view: the configuration's secrets never reach it.
	b, _ := json.Marshal(newWebAppConfig(config.Demo(), true))
	for _, secret := range []string{"wJalrXUtnFEMI", "Passw0rd"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Fatalf("config.json %s holds a secret", b)
		}
	}
}

package gateway_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cipTypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

const (
	region       = "us-east-1"
	account      = "123456789012"
	demoUser     = "demo@example.com"
	demoPassword = "Passw0rd!"
	demoClient   = "gatehousenotesdemoclient01"
	demoPool     = "us-east-1_NotesDemo"
	identityPool = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	provider     = "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"
	adminKey     = "AKIAIOSFODNN7EXAMPLE"
	adminSecret  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	limitedKey   = "AKIAI44QH8DHBEXAMPLE"
	limitedSec   = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
	keyValue     = "test-api-key-value-0001"
	quotaKey     = "test-api-key-value-0002"
	burstKey     = "test-api-key-value-0003"
	disabledKey  = "test-api-key-value-0004"
)

// testConfigYAML is the demo's user pool and identity pool with roles and
// APIs that exercise every authorization path of the gateway.
const testConfigYAML = `
region: us-east-1
account_id: "123456789012"
iam_users:
  - name: admin
    access_key_id: AKIAIOSFODNN7EXAMPLE
    secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    policies:
      - Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "*", Resource: "*"}
  - name: limited
    access_key_id: AKIAI44QH8DHBEXAMPLE
    secret_access_key: je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
    policies:
      - Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: execute-api:Invoke, Resource: "arn:aws:execute-api:us-east-1:123456789012:testapi001/prod/GET/echo/*"}
user_pools:
  - id: us-east-1_NotesDemo
    name: notes
    username_attributes: [email]
    auto_verified_attributes: [email]
    mfa: "OFF"
    password_policy: {minimum_length: 8}
    clients:
      - id: gatehousenotesdemoclient01
        name: notes-web
        explicit_auth_flows: [ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: demo@example.com
        password: Passw0rd!
        attributes: {email: demo@example.com, email_verified: "true", name: Demo User}
identity_pools:
  - id: us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b
    name: notes_identity
    providers:
      - {user_pool: us-east-1_NotesDemo, client_id: gatehousenotesdemoclient01}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
roles:
  - arn: arn:aws:iam::123456789012:role/notes-authenticated
    policies:
      - Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: execute-api:Invoke
            Resource:
              - "arn:aws:execute-api:us-east-1:*:testapi001/prod/*/echo/*"
              - "arn:aws:execute-api:us-east-1:*:testapi001/prod/GET/notes/${cognito-identity.amazonaws.com:sub}"
          - Effect: Deny
            Action: execute-api:Invoke
            Resource: "arn:aws:execute-api:us-east-1:*:testapi001/prod/DELETE/*"
apis:
  - id: testapi001
    name: test
    stages: [prod]
    cors:
      allow_origins: ["*"]
      allow_headers: [Content-Type, Authorization, X-Amz-Date, X-Amz-Security-Token, X-Api-Key]
      expose_headers: [x-amzn-RequestId]
      max_age: 10m
    authorizers:
      - {name: users, type: COGNITO_USER_POOLS, user_pools: [us-east-1_NotesDemo]}
      - {name: custom, type: COGNITO_USER_POOLS, user_pools: [us-east-1_NotesDemo], identity_source: method.request.header.X-Token}
    api_keys:
      - {id: key0000001, name: main, value: test-api-key-value-0001}
      - {id: key0000002, name: quota, value: test-api-key-value-0002}
      - {id: key0000003, name: burst, value: test-api-key-value-0003}
      - {id: key0000004, name: disabled, value: test-api-key-value-0004, enabled: false}
    usage_plans:
      - {name: small, api_keys: [key0000002], quota: {limit: 2, period: DAY}}
      - {name: slow, api_keys: [key0000003], throttle: {rate_limit: 0.001, burst_limit: 1}}
    routes:
      - {method: ANY,    path: "/echo/{proxy+}", auth: AWS_IAM, integration: {type: mock_echo}}
      - {method: GET,    path: "/notes/{id}",    auth: AWS_IAM, integration: {type: mock_echo}}
      - {method: GET,    path: "/admin",         auth: AWS_IAM, integration: {type: mock, status: 200, body: "{}"}}
      - {method: GET,    path: /items,  auth: COGNITO_USER_POOLS, authorizer: users, integration: {type: mock_echo}}
      - {method: GET,    path: /custom, auth: COGNITO_USER_POOLS, authorizer: custom, integration: {type: mock_echo}}
      - {method: GET,    path: /scoped, auth: COGNITO_USER_POOLS, authorizer: users, authorization_scopes: [aws.cognito.signin.user.admin], integration: {type: mock_echo}}
      - {method: GET,    path: /otherscope, auth: COGNITO_USER_POOLS, authorizer: users, authorization_scopes: [notes/read], integration: {type: mock_echo}}
      - {method: GET,    path: /keyed,  auth: NONE, api_key_required: true, integration: {type: mock_echo}}
      - {method: GET,    path: /public, auth: NONE, integration: {type: mock, status: 201, body: '{"ok":true}', headers: {X-Mock: "yes"}}}
      - {method: POST,   path: /upload, auth: NONE, integration: {type: mock_echo}}
  - id: slowapi001
    name: slow
    stages: [prod]
    throttle: {rate_limit: 0.001, burst_limit: 2}
    routes:
      - {method: GET, path: /public, auth: NONE, integration: {type: mock, status: 200, body: "{}"}}
`

// env is a whole Gatehouse server over HTTP with the Cognito clients.
type env struct {
	t     testing.TB
	clock *gatehousetest.Clock
	ts    *httptest.Server
	hc    *http.Client
	idp   *cip.Client
	ident *ci.Client
}

func testConfig(t testing.TB) *config.Config {
	t.Helper()
	return gatehousetest.ParseConfig(t, testConfigYAML)
}

func newEnv(t testing.TB, cfg *config.Config) *env {
	t.Helper()
	c := gatehousetest.NewClock()
	s := gatehousetest.Start(t, gatehousetest.Options{Config: cfg, Now: c.Now,
		MasterKey: bytes.Repeat([]byte{9}, 32), Functions: gatehousetest.NotesFunctions(t)})
	hc := s.HTTPClient(256)
	return &env{t: t, clock: c, ts: s.Server, hc: hc,
		idp:   s.UserPoolClient(hc),
		ident: s.IdentityClient(hc, nil),
	}
}

// signIn returns the demo user's tokens (USER_PASSWORD_AUTH over HTTP).
func (e *env) signIn() *cipTypes.AuthenticationResultType {
	e.t.Helper()
	out, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: cipTypes.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(demoClient),
		AuthParameters: map[string]string{"USERNAME": demoUser, "PASSWORD": demoPassword},
	})
	if err != nil {
		e.t.Fatalf("InitiateAuth: %v", err)
	}
	return out.AuthenticationResult
}

// identityCreds are temporary credentials of the demo identity pool.
type identityCreds struct {
	creds      aws.Credentials
	identityID string
	sub        string
	idToken    string
}

// credentials signs the demo user in and trades the ID token for
// credentials of the identity pool, all over HTTP.
func (e *env) credentials() identityCreds {
	e.t.Helper()
	ctx := context.Background()
	tokens := e.signIn()
	logins := map[string]string{provider: *tokens.IdToken}
	id, err := e.ident.GetId(ctx, &ci.GetIdInput{IdentityPoolId: aws.String(identityPool), Logins: logins})
	if err != nil {
		e.t.Fatalf("GetId: %v", err)
	}
	out, err := e.ident.GetCredentialsForIdentity(ctx, &ci.GetCredentialsForIdentityInput{IdentityId: id.IdentityId, Logins: logins})
	if err != nil {
		e.t.Fatalf("GetCredentialsForIdentity: %v", err)
	}
	c := out.Credentials
	sub, _ := jwtPayload(e.t, *tokens.IdToken)["sub"].(string)
	return identityCreds{
		creds:      aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretKey, SessionToken: *c.SessionToken},
		identityID: *id.IdentityId, sub: sub, idToken: *tokens.IdToken,
	}
}

func jwtPayload(t testing.TB, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// pathURL is the path-style URL of path on stage prod of apiID.
func (e *env) pathURL(apiID, path string) string {
	return e.ts.URL + "/restapis/" + apiID + "/prod/_user_request_" + path
}

// request builds a request with an optional body.
func (e *env) request(method, url, body string) *http.Request {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	return req
}

// sign signs req for execute-api with the SDK's signer at time at.
func sign(t testing.TB, req *http.Request, c aws.Credentials, signRegion string, at time.Time) {
	t.Helper()
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), c, req, hex.EncodeToString(sum[:]), "execute-api", signRegion, at); err != nil {
		t.Fatal(err)
	}
}

// response is a received response, its body read.
type response struct {
	status int
	header http.Header
	body   string
}

func (e *env) do(req *http.Request) response {
	e.t.Helper()
	res, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// expectError checks a gateway error response: status, x-amzn-ErrorType
// and the exact body.
func expectError(t testing.TB, res response, status int, errType, body string) {
	t.Helper()
	if res.status != status || res.header.Get("x-amzn-ErrorType") != errType || res.body != body {
		t.Fatalf("got %d %q %s\nwant %d %q %s", res.status, res.header.Get("x-amzn-ErrorType"), res.body, status, errType, body)
	}
	expectGatewayHeaders(t, res)
}

// expectGatewayHeaders checks the ids every gateway response carries.
func expectGatewayHeaders(t testing.TB, res response) {
	t.Helper()
	if res.header.Get("x-amzn-RequestId") == "" {
		t.Error("no x-amzn-RequestId")
	}
	if id := res.header.Get("x-amz-apigw-id"); len(id) != 16 {
		t.Errorf("x-amz-apigw-id = %q, want 16 characters", id)
	}
}

// proxyEvent decodes a mock_echo body.
type proxyEvent struct {
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	Body                            string              `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
	RequestContext                  struct {
		AccountID    string            `json:"accountId"`
		APIID        string            `json:"apiId"`
		Stage        string            `json:"stage"`
		ResourcePath string            `json:"resourcePath"`
		HTTPMethod   string            `json:"httpMethod"`
		RequestID    string            `json:"requestId"`
		Path         string            `json:"path"`
		Identity     map[string]string `json:"identity"`
		Authorizer   struct {
			Claims map[string]string `json:"claims"`
		} `json:"authorizer"`
	} `json:"requestContext"`
}

func decodeEvent(t testing.TB, res response) proxyEvent {
	t.Helper()
	if res.status != 200 {
		t.Fatalf("mock_echo = %d %s", res.status, res.body)
	}
	var ev proxyEvent
	if err := json.Unmarshal([]byte(res.body), &ev); err != nil {
		t.Fatalf("mock_echo body: %v\n%s", err, res.body)
	}
	return ev
}

// bodyOfZeros is a body of n zero bytes.
func bodyOfZeros(n int64) io.ReadCloser {
	return io.NopCloser(io.LimitReader(zeros{}, n))
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

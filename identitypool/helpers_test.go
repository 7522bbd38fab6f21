package identitypool_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cipTypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// The user pools, clients, users, roles and identity pools of the tests.
const (
	userPool      = "us-east-1_NotesDemo"
	provider      = "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"
	client        = "gatehousenotesdemoclient01"
	otherClient   = "notesotherclient0000000001"
	otherUserPool = "us-east-1_OtherPool"
	otherProvider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool"
	otherPoolApp  = "otherpoolclient00000000001"
	password      = "Passw0rd!"

	demoUser   = "demo@example.com"   // no groups
	adminUser  = "admin@example.com"  // admins (1) and editors (2); custom:team blue
	editorUser = "editor@example.com" // editors
	twoRoles   = "two@example.com"    // two groups with roles and no precedence
	otherUser  = "other@example.com"  // of the other user pool

	roleAuth   = "arn:aws:iam::123456789012:role/notes-authenticated"
	roleUnauth = "arn:aws:iam::123456789012:role/notes-unauthenticated"
	roleAdmin  = "arn:aws:iam::123456789012:role/notes-admin"
	roleEditor = "arn:aws:iam::123456789012:role/notes-editor"
	roleBlue   = "arn:aws:iam::123456789012:role/notes-blue"
	roleGreen  = "arn:aws:iam::123456789012:role/notes-green"

	// Identity pools: demoPool allows no unauthenticated identities,
	// guestPool does; the others have role mappings.
	demoPool       = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	guestPool      = "us-east-1:11111111-1111-4111-8111-111111111111"
	tokenDenyPool  = "us-east-1:22222222-2222-4222-8222-222222222222"
	tokenAuthPool  = "us-east-1:33333333-3333-4333-8333-333333333333"
	rulesAuthPool  = "us-east-1:44444444-4444-4444-8444-444444444444"
	rulesDenyPool  = "us-east-1:55555555-5555-4555-8555-555555555555"
	unknownPool    = "us-east-1:99999999-9999-4999-8999-999999999999"
	adminAccessKey = "AKIAIOSFODNN7EXAMPLE"
	adminSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

const testConfigYAML = `
region: us-east-1
account_id: "123456789012"
iam_users:
  - name: admin
    access_key_id: AKIAIOSFODNN7EXAMPLE
    secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
    policies:
      - Version: "2012-10-17"
        Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
  - name: auditor
    access_key_id: AKIAAUDITOR000000000
    secret_access_key: auditorauditorauditorauditorauditor00000
    policies:
      - Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: ["cognito-identity:List*", "cognito-identity:Describe*"], Resource: "*"}
          - {Effect: Deny, Action: "cognito-identity:*", Resource: "arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"}
roles:
  - arn: arn:aws:iam::123456789012:role/notes-authenticated
    max_session: 1h
  - arn: arn:aws:iam::123456789012:role/notes-unauthenticated
    max_session: 15m
  - arn: arn:aws:iam::123456789012:role/notes-admin
    max_session: 2h
  - arn: arn:aws:iam::123456789012:role/notes-editor
  - arn: arn:aws:iam::123456789012:role/notes-blue
  - arn: arn:aws:iam::123456789012:role/notes-green
user_pools:
  - id: us-east-1_NotesDemo
    name: notes
    username_attributes: [email]
    clients:
      - id: gatehousenotesdemoclient01
        name: notes-web
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      - id: notesotherclient0000000001
        name: notes-other
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    groups:
      - name: admins
        role_arn: arn:aws:iam::123456789012:role/notes-admin
        precedence: 1
      - name: editors
        role_arn: arn:aws:iam::123456789012:role/notes-editor
        precedence: 2
      - name: blue
        role_arn: arn:aws:iam::123456789012:role/notes-blue
      - name: green
        role_arn: arn:aws:iam::123456789012:role/notes-green
    users:
      - username: demo@example.com
        password: Passw0rd!
        attributes: {email: demo@example.com, email_verified: "true", name: Demo User}
      - username: admin@example.com
        password: Passw0rd!
        attributes: {email: admin@example.com, email_verified: "true", "custom:team": blue}
        groups: [admins, editors]
      - username: editor@example.com
        password: Passw0rd!
        attributes: {email: editor@example.com, email_verified: "true"}
        groups: [editors]
      - username: two@example.com
        password: Passw0rd!
        attributes: {email: two@example.com, email_verified: "true"}
        groups: [blue, green]
  - id: us-east-1_OtherPool
    name: other
    username_attributes: [email]
    clients:
      - id: otherpoolclient00000000001
        name: other-web
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: other@example.com
        password: Passw0rd!
        attributes: {email: other@example.com}
identity_pools:
  - id: us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b
    name: notes_identity
    providers:
      - {user_pool: us-east-1_NotesDemo, client_id: gatehousenotesdemoclient01}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
      unauthenticated: arn:aws:iam::123456789012:role/notes-unauthenticated
  - id: us-east-1:11111111-1111-4111-8111-111111111111
    name: guests
    allow_unauthenticated: true
    providers:
      - {user_pool: us-east-1_NotesDemo, client_id: gatehousenotesdemoclient01}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
      unauthenticated: arn:aws:iam::123456789012:role/notes-unauthenticated
  - id: us-east-1:22222222-2222-4222-8222-222222222222
    name: token_deny
    providers:
      - user_pool: us-east-1_NotesDemo
        client_id: gatehousenotesdemoclient01
        role_mapping: {type: Token, ambiguous_role_resolution: Deny}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
  - id: us-east-1:33333333-3333-4333-8333-333333333333
    name: token_authenticated_role
    providers:
      - user_pool: us-east-1_NotesDemo
        client_id: gatehousenotesdemoclient01
        role_mapping: {type: Token, ambiguous_role_resolution: AuthenticatedRole}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
  - id: us-east-1:44444444-4444-4444-8444-444444444444
    name: rules_authenticated_role
    providers:
      - user_pool: us-east-1_NotesDemo
        client_id: gatehousenotesdemoclient01
        role_mapping:
          type: Rules
          ambiguous_role_resolution: AuthenticatedRole
          rules:
            - {claim: "custom:team", match_type: Equals, value: blue, role_arn: "arn:aws:iam::123456789012:role/notes-blue"}
            - {claim: email, match_type: StartsWith, value: admin, role_arn: "arn:aws:iam::123456789012:role/notes-admin"}
            - {claim: "cognito:groups", match_type: Contains, value: edit, role_arn: "arn:aws:iam::123456789012:role/notes-editor"}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
  - id: us-east-1:55555555-5555-4555-8555-555555555555
    name: rules_deny
    providers:
      - user_pool: us-east-1_NotesDemo
        client_id: gatehousenotesdemoclient01
        role_mapping:
          type: Rules
          ambiguous_role_resolution: Deny
          rules:
            - {claim: email, match_type: NotEqual, value: demo@example.com, role_arn: "arn:aws:iam::123456789012:role/notes-green"}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
`

func testConfig(t testing.TB) *config.Config {
	t.Helper()
	return gatehousetest.ParseConfig(t, testConfigYAML)
}

// env is a whole Gatehouse server on a real listener with AWS SDK clients
// pointed at it: unsigned Cognito Identity and user-pool clients, and a
// Cognito Identity client signed with the admin's keys.
type env struct {
	t      testing.TB
	clock  *gatehousetest.Clock
	ring   *keys.Ring
	cfg    *config.Config
	ts     *httptest.Server
	ident  *ci.Client
	admin  *ci.Client
	idp    *cip.Client
	minter *creds.Minter

	mu     sync.Mutex
	tokens map[string]*cipTypes.AuthenticationResultType
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWithConfig(t, testConfig(t))
}

func newEnvWithConfig(t testing.TB, cfg *config.Config) *env {
	t.Helper()
	c := gatehousetest.NewClock()
	s := gatehousetest.Start(t, gatehousetest.Options{Config: cfg, Now: c.Now, MasterKey: bytes.Repeat([]byte{7}, 32)})
	hc := s.HTTPClient(64) // parallel benchmark clients keep their connections
	return &env{
		t:      t,
		clock:  c,
		ring:   s.Ring,
		cfg:    cfg,
		ts:     s.Server,
		ident:  s.IdentityClient(hc, nil),
		admin:  s.IdentityClient(hc, credentials.NewStaticCredentialsProvider(adminAccessKey, adminSecretKey, "")),
		idp:    s.UserPoolClient(hc),
		minter: creds.NewMinter(cfg, s.Ring, c.Now),
		tokens: map[string]*cipTypes.AuthenticationResultType{},
	}
}

// signIn signs the user in with USER_PASSWORD_AUTH over HTTP through
// clientID and returns the tokens, once per env, user and client.
func (e *env) signIn(username, clientID string) *cipTypes.AuthenticationResultType {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	key := username + " " + clientID
	if res, ok := e.tokens[key]; ok {
		return res
	}
	out, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: cipTypes.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil || out.AuthenticationResult == nil {
		e.t.Fatalf("InitiateAuth %s: %v", username, err)
	}
	e.tokens[key] = out.AuthenticationResult
	return out.AuthenticationResult
}

// idToken returns an ID token of the user from the demo client (or the
// other user pool's client for otherUser).
func (e *env) idToken(username string) string {
	e.t.Helper()
	if username == otherUser {
		return *e.signIn(username, otherPoolApp).IdToken
	}
	return *e.signIn(username, client).IdToken
}

// logins returns the Logins map of the user's ID token.
func (e *env) logins(username string) map[string]string {
	e.t.Helper()
	if username == otherUser {
		return map[string]string{otherProvider: e.idToken(username)}
	}
	return map[string]string{provider: e.idToken(username)}
}

// getID calls GetId and returns the identity id.
func (e *env) getID(pool string, logins map[string]string) (string, error) {
	out, err := e.ident.GetId(context.Background(), &ci.GetIdInput{IdentityPoolId: aws.String(pool), Logins: logins})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.IdentityId), nil
}

// mustGetID is getID that fails the test on error.
func (e *env) mustGetID(pool string, logins map[string]string) string {
	e.t.Helper()
	id, err := e.getID(pool, logins)
	if err != nil {
		e.t.Fatalf("GetId %s: %v", pool, err)
	}
	return id
}

// credentialsFor calls GetCredentialsForIdentity.
func (e *env) credentialsFor(identityID string, logins map[string]string, customRole string) (*ci.GetCredentialsForIdentityOutput, error) {
	in := &ci.GetCredentialsForIdentityInput{IdentityId: aws.String(identityID), Logins: logins}
	if customRole != "" {
		in.CustomRoleArn = aws.String(customRole)
	}
	return e.ident.GetCredentialsForIdentity(context.Background(), in)
}

// session opens the session token of credentials the server minted.
func (e *env) session(out *ci.GetCredentialsForIdentityOutput) *creds.Session {
	e.t.Helper()
	s, err := e.minter.Open(aws.ToString(out.Credentials.SessionToken))
	if err != nil {
		e.t.Fatalf("the session token does not open: %v", err)
	}
	return s
}

// post sends a JSON 1.1 request of the Cognito Identity API and returns the
// status, headers and body.
func (e *env) post(operation, body string) (int, http.Header, string) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.ts.URL+"/", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityService."+operation)
	res, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, res.Header, string(b)
}

// identityIDPattern is the shape of identity and pool ids: {region}:{uuid}.
var identityIDPattern = regexp.MustCompile(`^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// fetchJWKS reads a JWKS over HTTP and parses its RSA keys by hand,
// independently of the server's JOSE library.
func (e *env) fetchJWKS(path string) map[string]*rsa.PublicKey {
	e.t.Helper()
	res, err := e.ts.Client().Get(e.ts.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
		e.t.Fatalf("JWKS %s: status %d, Content-Type %q", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return gatehousetest.ParseJWKS(e.t, res.Body)
}

// verifyOpenIDToken checks a GetOpenIdToken token's RS256 signature with
// golang-jwt against GET /.well-known/jwks_uri, and its issuer, audience
// and expiry, and returns its header and claims.
func (e *env) verifyOpenIDToken(token, audience string) (map[string]any, jwt.MapClaims) {
	e.t.Helper()
	jwks := e.fetchJWKS("/.well-known/jwks_uri")
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		if k, ok := jwks[kid]; ok {
			return k, nil
		}
		return nil, errors.New("unknown kid")
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(e.clock.Now),
		jwt.WithIssuer("https://cognito-identity.amazonaws.com"), jwt.WithAudience(audience),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		e.t.Fatalf("OpenID token does not verify: %v", err)
	}
	return tok.Header, claims
}

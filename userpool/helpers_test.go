package userpool_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/internal/srp"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

// The pools and clients of the tests.
const (
	demoPool        = "us-east-1_NotesDemo"
	demoClient      = "gatehousenotesdemoclient01"
	demoSRPOnly     = "notessrponlyclient00000001"
	demoUser        = "demo@example.com"
	demoPassword    = "Passw0rd!"
	officePool      = "us-east-1_Backoffic"
	officeClient    = "backofficesecretclient0001"
	officeSecret    = "s3cr3tBackofficeClientSecret0123"
	officeRefresh   = "backofficerefreshonly00001"
	officeUser      = "Alice"
	officePassword  = "Correct-Horse-9"
	officeAdminRole = "arn:aws:iam::123456789012:role/backoffice-admin"
)

// testConfigYAML is the demo pool plus a pool without username_attributes
// whose client has a secret, with groups.
const testConfigYAML = `
region: us-east-1
account_id: "123456789012"
roles:
  - arn: arn:aws:iam::123456789012:role/backoffice-admin
user_pools:
  - id: us-east-1_NotesDemo
    name: notes
    username_attributes: [email]
    auto_verified_attributes: [email]
    mfa: "OFF"
    password_policy:
      minimum_length: 8
      require_lowercase: true
      require_uppercase: true
      require_numbers: true
      require_symbols: false
    clients:
      - id: gatehousenotesdemoclient01
        name: notes-web
        explicit_auth_flows: [ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        access_token_validity: 1h
        id_token_validity: 1h
        refresh_token_validity: 720h
      - id: notessrponlyclient00000001
        name: notes-srp-only
        access_token_validity: 30m
        id_token_validity: 45m
        refresh_token_validity: 2h
    users:
      - username: demo@example.com
        password: Passw0rd!
        attributes:
          email: demo@example.com
          email_verified: "true"
          name: Demo User
  - id: us-east-1_Backoffic
    name: backoffice
    password_policy:
      minimum_length: 10
    clients:
      - id: backofficesecretclient0001
        name: backoffice-server
        secret: s3cr3tBackofficeClientSecret0123
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      - id: backofficerefreshonly00001
        name: backoffice-refresh-only
        explicit_auth_flows: [ALLOW_REFRESH_TOKEN_AUTH]
    groups:
      - name: admins
        role_arn: arn:aws:iam::123456789012:role/backoffice-admin
        precedence: 1
      - name: staff
    users:
      - username: Alice
        password: Correct-Horse-9
        attributes:
          email: alice@example.com
          email_verified: "false"
          phone_number: "+15555550100"
          phone_number_verified: "true"
          custom:team: blue
        groups: [admins, staff]
`

func testConfig(t testing.TB) *config.Config {
	t.Helper()
	return gatehousetest.ParseConfig(t, testConfigYAML)
}

// env is a whole Gatehouse server on a real listener, a Cognito client of
// the AWS SDK pointed at it, and a second user-pool service on the same
// store and ring (another node) for setting users up.
type env struct {
	t      testing.TB
	clock  *gatehousetest.Clock
	store  *sqlite.Store
	ring   *keys.Ring
	ts     *httptest.Server
	idp    *cip.Client
	admin  *userpool.Service
	logs   *gatehousetest.SyncBuffer
	config *config.Config
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return startEnv(t, envOptions{configYAML: testConfigYAML, masterKey: 7})
}

// envOptions are the configuration and the message sinks of a test server.
type envOptions struct {
	configYAML string
	masterKey  byte // the master key is 32 of these bytes
	// outbox sends messages to the log and to an outbox served at
	// /_gatehouse/outbox, then to extra (when not nil); without it the
	// server's default sink has them.
	outbox bool
	extra  messaging.Sink
}

// startEnv starts the server of an env.
func startEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	cfg := gatehousetest.ParseConfig(t, o.configYAML)
	c := gatehousetest.NewClock()
	logs := &gatehousetest.SyncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := gatehousetest.Start(t, gatehousetest.Options{Config: cfg, Now: c.Now,
		MasterKey: bytes.Repeat([]byte{o.masterKey}, 32), Logger: logger, Outbox: o.outbox, ExtraSink: o.extra})
	st, ring, ts := s.Store, s.Ring, s.Server
	admin, err := userpool.New(userpool.Options{Config: cfg, Store: st, Ring: ring, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, clock: c, store: st, ring: ring, ts: ts, idp: newIDPClient(ts), admin: admin, logs: logs, config: cfg}
}

// jsonRequest is a raw JSON 1.1 request of operation, for what the SDK
// would not send.
func (e *env) jsonRequest(operation, body string) *http.Request {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+"/", strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+operation)
	return req
}

// newIDPClient returns an SDK client of the server: unsigned (these
// operations need no credentials), no retries.
func newIDPClient(ts *httptest.Server) *cip.Client {
	tr := ts.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64 // parallel benchmark clients keep their connections
	return cip.New(cip.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(ts.URL),
		Credentials:      aws.AnonymousCredentials{},
		HTTPClient:       &http.Client{Transport: tr},
		RetryMaxAttempts: 1,
	})
}

// passwordAuth signs in with USER_PASSWORD_AUTH.
func (e *env) passwordAuth(clientID, username, password string, extra map[string]string) (*cip.InitiateAuthOutput, error) {
	params := map[string]string{"USERNAME": username, "PASSWORD": password}
	for k, v := range extra {
		params[k] = v
	}
	return e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID), AuthParameters: params,
	})
}

// srpChallenge is the client side of a USER_SRP_AUTH sign-in after
// InitiateAuth.
type srpChallenge struct {
	e        *env
	clientID string
	poolID   string
	session  *srp.ClientSession
	params   map[string]string
}

// startSRP sends InitiateAuth with a fresh SRP_A.
func (e *env) startSRP(clientID, poolID, username string, extra map[string]string) (*srpChallenge, error) {
	cs, err := srp.NewClientSession(rand.Reader)
	if err != nil {
		e.t.Fatal(err)
	}
	params := map[string]string{"USERNAME": username, "SRP_A": cs.A()}
	for k, v := range extra {
		params[k] = v
	}
	out, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(clientID), AuthParameters: params,
	})
	if err != nil {
		return nil, err
	}
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		e.t.Fatalf("InitiateAuth USER_SRP_AUTH: challenge %q", out.ChallengeName)
	}
	return &srpChallenge{e: e, clientID: clientID, poolID: poolID, session: cs, params: out.ChallengeParameters}, nil
}

// responses computes the PASSWORD_VERIFIER answer for password, as
// amazon-cognito-identity-js does: with USER_ID_FOR_SRP as the user.
func (c *srpChallenge) responses(password string, at time.Time) map[string]string {
	p := c.params
	userID := p["USER_ID_FOR_SRP"]
	poolName := srp.PoolName(c.poolID)
	key, err := c.session.PasswordKey(poolName, userID, password, p["SALT"], p["SRP_B"])
	if err != nil {
		c.e.t.Fatalf("PasswordKey: %v", err)
	}
	block, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"])
	if err != nil {
		c.e.t.Fatalf("SECRET_BLOCK is not base64: %v", err)
	}
	ts := srp.FormatTimestamp(at)
	return map[string]string{
		"USERNAME":                    userID,
		"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
		"TIMESTAMP":                   ts,
		"PASSWORD_CLAIM_SIGNATURE":    srp.ClaimSignature(key, poolName, userID, block, ts),
	}
}

// respond sends RespondToAuthChallenge with responses.
func (c *srpChallenge) respond(responses map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return c.e.idp.RespondToAuthChallenge(context.Background(), &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(c.clientID),
		ChallengeResponses: responses,
	})
}

// srpSignIn is a whole USER_SRP_AUTH sign-in.
func (e *env) srpSignIn(clientID, poolID, username, password string) (*cip.RespondToAuthChallengeOutput, error) {
	ch, err := e.startSRP(clientID, poolID, username, nil)
	if err != nil {
		return nil, err
	}
	return ch.respond(ch.responses(password, e.clock.Now()))
}

func secretHash(username, clientID, secret string) string {
	return base64.StdEncoding.EncodeToString(hmacSHA256([]byte(secret), []byte(username+clientID)))
}

// fetchJWKS reads the pool's JWKS over HTTP and parses its RSA keys by
// hand, independently of the server's JOSE library.
func (e *env) fetchJWKS(poolID string) map[string]*rsa.PublicKey {
	e.t.Helper()
	res, err := e.ts.Client().Get(e.ts.URL + "/" + poolID + "/.well-known/jwks.json")
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("JWKS: status %d", res.StatusCode)
	}
	return gatehousetest.ParseJWKS(e.t, res.Body)
}

// verifyJWT checks a token's RS256 signature with golang-jwt against the
// JWKS and returns its header and claims.
func (e *env) verifyJWT(poolID, token string, opts ...jwt.ParserOption) (map[string]any, jwt.MapClaims) {
	e.t.Helper()
	jwks := e.fetchJWKS(poolID)
	opts = append(opts, jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(e.clock.Now),
		jwt.WithIssuer("https://cognito-idp.us-east-1.amazonaws.com/"+poolID), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt())
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		kid, _ := tok.Header["kid"].(string)
		if k, ok := jwks[kid]; ok {
			return k, nil
		}
		return nil, errors.New("unknown kid")
	}, opts...)
	if err != nil {
		e.t.Fatalf("token does not verify: %v", err)
	}
	return tok.Header, claims
}

func hmacSHA256(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

func readAll(t testing.TB, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

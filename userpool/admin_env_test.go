package userpool_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// The IAM user, pools and clients of the administration tests. The admin's
// keys are those of the built-in demo.
const (
	adminKeyID    = "AKIAIOSFODNN7EXAMPLE"
	adminSecret   = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	staffPool     = "us-east-1_StaffPool"
	staffClient   = "staffpooladminclient000001"
	staffSRPOnly  = "staffpoolsrponlyclient0001"
	staffPassword = "Staff-Passw0rd"
	emailPool     = "us-east-1_EmailPool"
	emailClient   = "emailpooladminclient000001"
	readersRole   = "arn:aws:iam::123456789012:role/readers"
	editorsRole   = "arn:aws:iam::123456789012:role/editors"
)

// adminConfigYAML has a pool of usernames (with a configured group) whose
// client allows every flow, a client of the same pool that does not allow
// ADMIN_USER_PASSWORD_AUTH, and a pool of email addresses.
const adminConfigYAML = `
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
          - {Effect: Allow, Action: ["cognito-idp:List*", "cognito-idp:Describe*"], Resource: "*"}
          - {Effect: Deny, Action: "cognito-idp:*", Resource: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_StaffPool"}
roles:
  - arn: arn:aws:iam::123456789012:role/readers
  - arn: arn:aws:iam::123456789012:role/editors
user_pools:
  - id: us-east-1_StaffPool
    name: staff
    password_policy:
      minimum_length: 10
      require_symbols: false
    clients:
      - id: staffpooladminclient000001
        name: staff-admin
        explicit_auth_flows: [ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      - id: staffpoolsrponlyclient0001
        name: staff-web
    groups:
      - name: readers
        role_arn: arn:aws:iam::123456789012:role/readers
        precedence: 5
    users:
      - username: carol
        password: Staff-Passw0rd
        attributes:
          email: carol@example.com
          email_verified: "true"
          name: Carol
        groups: [readers]
  - id: us-east-1_EmailPool
    name: email
    username_attributes: [email]
    auto_verified_attributes: [email]
    clients:
      - id: emailpooladminclient000001
        name: email-admin
        explicit_auth_flows: [ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
`

// adminEnv is a server of the administration configuration with an SDK
// client signed with the admin's keys (idp stays unsigned).
type adminEnv struct {
	*env
	adm *cip.Client
}

func newAdminEnv(t testing.TB) *adminEnv {
	t.Helper()
	e := startEnv(t, envOptions{configYAML: adminConfigYAML, masterKey: 5, outbox: true})
	return &adminEnv{env: e, adm: newSignedIDPClient(e.ts, adminKeyID, adminSecret, "us-east-1")}
}

// newSignedIDPClient returns an SDK client of the server that signs its
// requests with the given keys.
func newSignedIDPClient(ts *httptest.Server, keyID, secret, region string) *cip.Client {
	return cip.New(cip.Options{
		Region:           region,
		BaseEndpoint:     aws.String(ts.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		HTTPClient:       ts.Client(),
		RetryMaxAttempts: 1,
	})
}

// wireResponse is a raw JSON 1.1 answer.
type wireResponse struct {
	status int
	header http.Header
	body   map[string]any
}

// signedPost sends a raw JSON 1.1 request, signed with the admin's keys at
// the given time for region (unsigned when keyID is ""), for what the SDK
// would not send.
func (e *adminEnv) signedPost(operation, body, keyID, secret, region string, at time.Time) wireResponse {
	e.t.Helper()
	req := e.jsonRequest(operation, body)
	if keyID != "" {
		sign(e.t, req, body, keyID, secret, region, at)
	}
	return e.do(req)
}

// sign signs req (whose body is body) for cognito-idp.
func sign(t testing.TB, req *http.Request, body, keyID, secret, region string, at time.Time) {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: keyID, SecretAccessKey: secret},
		req, hex.EncodeToString(sum[:]), "cognito-idp", region, at)
	if err != nil {
		t.Fatal(err)
	}
}

// signAdmin signs req with the admin's keys for us-east-1.
func signAdmin(t testing.TB, req *http.Request, body string, at time.Time) {
	t.Helper()
	sign(t, req, body, adminKeyID, adminSecret, "us-east-1", at)
}

func (e *adminEnv) do(req *http.Request) wireResponse {
	e.t.Helper()
	res, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	out := wireResponse{status: res.StatusCode, header: res.Header, body: map[string]any{}}
	if err := json.Unmarshal(raw, &out.body); err != nil {
		e.t.Fatalf("%s: answer is not a JSON object: %q", req.Header.Get("X-Amz-Target"), raw)
	}
	return out
}

// adminPost is signedPost with the admin's keys, now.
func (e *adminEnv) adminPost(operation, body string) wireResponse {
	e.t.Helper()
	return e.signedPost(operation, body, adminKeyID, adminSecret, "us-east-1", e.clock.Now())
}

// requireWireError checks a raw answer: HTTP 400, the error type in the
// header and the body, and the message.
func requireWireError(t testing.TB, r wireResponse, code, message string) {
	t.Helper()
	if r.status != http.StatusBadRequest || r.header.Get("x-amzn-ErrorType") != code || r.body["__type"] != code ||
		r.body["message"] != message {
		t.Fatalf("answer = %d %s %v, want 400 %s %q", r.status, r.header.Get("x-amzn-ErrorType"), r.body, code, message)
	}
}

// createUser creates a user with AdminCreateUser and a permanent password.
func (e *adminEnv) createUser(pool, username, password string, attrs map[string]string) *types.UserType {
	e.t.Helper()
	ctx := context.Background()
	out, err := e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(pool), Username: aws.String(username), UserAttributes: attributeList(attrs),
		MessageAction: types.MessageActionTypeSuppress,
	})
	if err != nil {
		e.t.Fatalf("AdminCreateUser %s: %v", username, err)
	}
	if password != "" {
		if _, err := e.adm.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
			UserPoolId: aws.String(pool), Username: aws.String(username), Password: aws.String(password), Permanent: true,
		}); err != nil {
			e.t.Fatalf("AdminSetUserPassword %s: %v", username, err)
		}
	}
	return out.User
}

// adminSignIn signs in with ADMIN_USER_PASSWORD_AUTH.
func (e *adminEnv) adminSignIn(pool, client, username, password string) (*cip.AdminInitiateAuthOutput, error) {
	return e.adm.AdminInitiateAuth(context.Background(), &cip.AdminInitiateAuthInput{
		UserPoolId: aws.String(pool), ClientId: aws.String(client), AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
}

func attributeList(attrs map[string]string) []types.AttributeType {
	var out []types.AttributeType
	for name, value := range attrs {
		out = append(out, types.AttributeType{Name: aws.String(name), Value: aws.String(value)})
	}
	return out
}

func attributeMap(list []types.AttributeType) map[string]string {
	out := map[string]string{}
	for _, a := range list {
		out[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return out
}

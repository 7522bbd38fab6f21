package userpool_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/messaging"
)

// The pools and clients of the self-service tests: the demo pool (users
// sign in by email, which is verified automatically) with a client with a
// secret; a pool of usernames whose client has a secret; one that verifies
// nothing; one whose users sign in by phone number.
const (
	secretEmailClient = "notessecretclient000000001"
	secretEmailSecret = "notesSecretClientSecret0123456789"
	namesPool         = "us-east-1_NamesPool"
	namesClient       = "namespoolsecretclient00001"
	namesSecret       = "namesPoolClientSecret0123456789ab"
	quietPool         = "us-east-1_QuietPool"
	quietClient       = "quietpoolclient00000000001"
	phonePool         = "us-east-1_PhonePool"
	phoneClient       = "phonepoolclient00000000001"
	newPassword       = "N3w-Passw0rd"
)

const selfServiceConfigYAML = `
region: us-east-1
account_id: "123456789012"
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
      - id: notessecretclient000000001
        name: notes-server
        secret: notesSecretClientSecret0123456789
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: demo@example.com
        password: Passw0rd!
        attributes:
          email: demo@example.com
          email_verified: "true"
          name: Demo User
  - id: us-east-1_NamesPool
    name: names
    auto_verified_attributes: [email]
    password_policy:
      minimum_length: 10
    clients:
      - id: namespoolsecretclient00001
        name: names-server
        secret: namesPoolClientSecret0123456789ab
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    users:
      - username: Alice
        password: Correct-Horse-9
        attributes:
          email: alice@example.com
          email_verified: "false"
          phone_number: "+15555550100"
          phone_number_verified: "true"
      - username: Nobody-Verified
        password: Correct-Horse-9
        attributes:
          email: nv@example.com
          email_verified: "false"
  - id: us-east-1_QuietPool
    name: quiet
    clients:
      - id: quietpoolclient00000000001
        name: quiet-web
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
  - id: us-east-1_PhonePool
    name: phones
    username_attributes: [phone_number]
    auto_verified_attributes: [phone_number]
    clients:
      - id: phonepoolclient00000000001
        name: phones-web
        explicit_auth_flows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
`

// newSelfServiceEnv is newEnv with the self-service configuration and a
// server whose messages go to an outbox served at /_gatehouse/outbox.
func newSelfServiceEnv(t testing.TB) *env {
	t.Helper()
	return newSelfServiceEnvWith(t, nil)
}

// newSelfServiceEnvWith is newSelfServiceEnv whose messages also go to
// extra (when not nil), after the outbox.
func newSelfServiceEnvWith(t testing.TB, extra messaging.Sink) *env {
	t.Helper()
	return startEnv(t, envOptions{configYAML: selfServiceConfigYAML, masterKey: 9, outbox: true, extra: extra})
}

// outbox lists the messages of the outbox over HTTP, filtered by query
// (userPoolId, username, destination).
func (e *env) outbox(query url.Values) []messaging.Message {
	e.t.Helper()
	res, err := e.ts.Client().Get(e.ts.URL + "/_gatehouse/outbox?" + query.Encode())
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
		e.t.Fatalf("GET /_gatehouse/outbox: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var out struct {
		Messages []messaging.Message `json:"messages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		e.t.Fatal(err)
	}
	return out.Messages
}

// outboxMessages lists the outbox's messages to a destination.
func (e *env) outboxMessages(destination string) []messaging.Message {
	e.t.Helper()
	return e.outbox(url.Values{"destination": {destination}})
}

// lastMessage returns the newest message of the outbox to destination.
func (e *env) lastMessage(destination string) messaging.Message {
	e.t.Helper()
	msgs := e.outboxMessages(destination)
	if len(msgs) == 0 {
		e.t.Fatalf("the outbox has no message to %s", destination)
	}
	return msgs[len(msgs)-1]
}

// messagesTo counts the messages of the outbox to destination.
func (e *env) messagesTo(destination string) int {
	e.t.Helper()
	return len(e.outboxMessages(destination))
}

// signUp signs up with the demo client: the username is an email address.
func (e *env) signUp(email, password string, attrs ...types.AttributeType) (*cip.SignUpOutput, error) {
	return e.idp.SignUp(context.Background(), &cip.SignUpInput{
		ClientId: aws.String(demoClient), Username: aws.String(email), Password: aws.String(password),
		UserAttributes: attrs,
	})
}

// signUpConfirmed signs up with the demo client and confirms with the code
// of the outbox.
func (e *env) signUpConfirmed(email, password string) string {
	e.t.Helper()
	out, err := e.signUp(email, password)
	if err != nil {
		e.t.Fatalf("SignUp %s: %v", email, err)
	}
	code := e.lastMessage(email).Code
	if _, err := e.idp.ConfirmSignUp(context.Background(), &cip.ConfirmSignUpInput{
		ClientId: aws.String(demoClient), Username: aws.String(email), ConfirmationCode: aws.String(code),
	}); err != nil {
		e.t.Fatalf("ConfirmSignUp %s: %v", email, err)
	}
	return aws.ToString(out.UserSub)
}

// accessToken signs in with USER_PASSWORD_AUTH on the demo client and
// returns the access token.
func (e *env) accessToken(username, password string) string {
	e.t.Helper()
	out, err := e.passwordAuth(demoClient, username, password, nil)
	if err != nil {
		e.t.Fatalf("sign in as %s: %v", username, err)
	}
	return aws.ToString(out.AuthenticationResult.AccessToken)
}

// userAttributes returns the attributes GetUser answers for a token.
func (e *env) userAttributes(accessToken string) map[string]string {
	e.t.Helper()
	out, err := e.idp.GetUser(context.Background(), &cip.GetUserInput{AccessToken: aws.String(accessToken)})
	if err != nil {
		e.t.Fatalf("GetUser: %v", err)
	}
	attrs := map[string]string{}
	for _, a := range out.UserAttributes {
		attrs[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return attrs
}

// postJSON sends a raw JSON 1.1 request, for what the SDK's own validation
// would refuse to send, and returns the status, error type and message.
func (e *env) postJSON(operation, body string) (int, string, string) {
	e.t.Helper()
	res, err := e.ts.Client().Do(e.jsonRequest(operation, body))
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out.Type, out.Message
}

package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// Debian's AWS CLI (/usr/bin/aws), unsigned, against the built-in demo.

// authenticationResult is the AuthenticationResult of InitiateAuth.
type authenticationResult struct {
	AccessToken  string
	ExpiresIn    int
	IdToken      string
	RefreshToken *string
	TokenType    string
}

type initiateAuthOutput struct {
	ChallengeName        *string
	AuthenticationResult *authenticationResult
}

// authParameters renders AuthParameters as the JSON the CLI accepts for a
// map, so that tokens need no shorthand quoting.
func authParameters(t *testing.T, params map[string]string) string {
	t.Helper()
	b, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAWSCLIUserPasswordAuthSession(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")

	var signIn initiateAuthOutput
	awsJSON(t, g, nil, &signIn, "cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "USER_PASSWORD_AUTH", "--client-id", demoClientID,
		"--auth-parameters", "USERNAME="+demoUser+",PASSWORD="+demoPassword)
	res := signIn.AuthenticationResult
	if signIn.ChallengeName != nil || res == nil {
		t.Fatalf("initiate-auth answered challenge %v, result %v", signIn.ChallengeName, res)
	}
	if res.ExpiresIn != 3600 || res.TokenType != "Bearer" || res.RefreshToken == nil || *res.RefreshToken == "" {
		t.Fatalf("AuthenticationResult: ExpiresIn %d, TokenType %q, RefreshToken %v", res.ExpiresIn, res.TokenType, res.RefreshToken)
	}
	id := gatehousetest.JWTClaims(t, res.IdToken)
	sub, _ := id["sub"].(string)
	if sub == "" {
		t.Fatalf("ID token has no sub: %v", id)
	}
	wantClaims(t, "ID", id, map[string]any{
		"token_use": "id", "aud": demoClientID, "iss": demoIssuer, "email": demoUser,
		"email_verified": true, "name": "Demo User", "cognito:username": sub,
	})
	wantClaims(t, "access", gatehousetest.JWTClaims(t, res.AccessToken), map[string]any{
		"token_use": "access", "client_id": demoClientID, "iss": demoIssuer, "sub": sub,
		"username": sub, "scope": "aws.cognito.signin.user.admin",
	})

	var user struct {
		Username       string
		UserAttributes []struct{ Name, Value string }
	}
	awsJSON(t, g, nil, &user, "cognito-idp", "get-user", "--no-sign-request", "--access-token", res.AccessToken)
	if user.Username != sub {
		t.Errorf("get-user Username = %q, want the sub %q", user.Username, sub)
	}
	attrs := map[string]string{}
	for _, a := range user.UserAttributes {
		attrs[a.Name] = a.Value
	}
	want := map[string]string{"sub": sub}
	for k, v := range demoAttributes {
		want[k] = v
	}
	if len(attrs) != len(want) {
		t.Errorf("get-user UserAttributes = %v, want %v", attrs, want)
	}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("get-user attribute %s = %q, want %q", k, attrs[k], v)
		}
	}

	refreshArgs := []string{"cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "REFRESH_TOKEN_AUTH", "--client-id", demoClientID,
		"--auth-parameters", authParameters(t, map[string]string{"REFRESH_TOKEN": *res.RefreshToken})}
	var refreshed initiateAuthOutput
	awsJSON(t, g, nil, &refreshed, refreshArgs...)
	if r := refreshed.AuthenticationResult; r == nil || r.RefreshToken != nil || r.ExpiresIn != 3600 || r.TokenType != "Bearer" {
		t.Fatalf("refresh answered %+v, want new tokens and no RefreshToken", r)
	}
	wantClaims(t, "refreshed ID", gatehousetest.JWTClaims(t, refreshed.AuthenticationResult.IdToken), map[string]any{
		"token_use": "id", "sub": sub, "email": demoUser, "auth_time": id["auth_time"],
	})

	awsJSON(t, g, nil, nil, "cognito-idp", "global-sign-out", "--no-sign-request", "--access-token", res.AccessToken)
	wantAWSError(t, runAWS(t, g, nil, refreshArgs...), "NotAuthorizedException", "InitiateAuth", "Refresh Token has been revoked")
	wantAWSError(t, runAWS(t, g, nil, "cognito-idp", "get-user", "--no-sign-request", "--access-token", res.AccessToken),
		"NotAuthorizedException", "GetUser", "Access Token has been revoked")
}

func TestAWSCLIInitiateAuthErrors(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	for _, tc := range []struct {
		name     string
		clientID string
		params   string
		code     string
		message  string
	}{
		{"wrong password", demoClientID, "USERNAME=" + demoUser + ",PASSWORD=Passw0rd!x",
			"NotAuthorizedException", "Incorrect username or password."},
		{"unknown user", demoClientID, "USERNAME=nobody@example.com,PASSWORD=" + demoPassword,
			"NotAuthorizedException", "Incorrect username or password."},
		{"no password", demoClientID, "USERNAME=" + demoUser,
			"InvalidParameterException", "Missing required parameter PASSWORD"},
		{"unknown client", "nosuchclient0000000000000a", "USERNAME=" + demoUser + ",PASSWORD=" + demoPassword,
			"ResourceNotFoundException", "User pool client nosuchclient0000000000000a does not exist."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runAWS(t, g, nil, "cognito-idp", "initiate-auth", "--no-sign-request",
				"--auth-flow", "USER_PASSWORD_AUTH", "--client-id", tc.clientID, "--auth-parameters", tc.params)
			wantAWSError(t, res, tc.code, "InitiateAuth", tc.message)
		})
	}
}

// wantAWSError checks that the AWS CLI failed with the service error code
// and message on operation, exactly as it reports AWS's.
func wantAWSError(t *testing.T, res result, code, operation, message string) {
	t.Helper()
	want := "An error occurred (" + code + ") when calling the " + operation + " operation: " + message
	exit := awsServiceErrorExit(t)
	if res.ExitCode != exit || strings.TrimSpace(res.Stderr) != want || res.Stdout != "" {
		t.Errorf("aws exit %d\nstderr: %q\nstdout: %q\nwant exit %d and stderr %q",
			res.ExitCode, res.Stderr, res.Stdout, exit, want)
	}
}

// Sessions outlive the process: after a restart on the same data, the
// access token still answers GetUser (the signing key was kept) and the
// refresh token still refreshes.
func TestAWSCLISessionSurvivesRestart(t *testing.T) {
	t.Parallel()
	requireE2E(t)
	data := filepath.Join(t.TempDir(), "data")
	first := startGatehouseWithData(t, "", data)
	var signIn initiateAuthOutput
	awsJSON(t, first, nil, &signIn, "cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "USER_PASSWORD_AUTH", "--client-id", demoClientID,
		"--auth-parameters", "USERNAME="+demoUser+",PASSWORD="+demoPassword)
	res := signIn.AuthenticationResult
	if res == nil || res.RefreshToken == nil {
		t.Fatalf("initiate-auth answered %+v", signIn)
	}
	first.Stop(t)

	second := startGatehouseWithData(t, "", data)
	var user struct{ Username string }
	awsJSON(t, second, nil, &user, "cognito-idp", "get-user", "--no-sign-request", "--access-token", res.AccessToken)
	if sub := gatehousetest.JWTClaims(t, res.IdToken)["sub"]; user.Username != sub {
		t.Errorf("get-user after restart: Username %q, want %v", user.Username, sub)
	}
	var refreshed initiateAuthOutput
	awsJSON(t, second, nil, &refreshed, "cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "REFRESH_TOKEN_AUTH", "--client-id", demoClientID,
		"--auth-parameters", authParameters(t, map[string]string{"REFRESH_TOKEN": *res.RefreshToken}))
	if refreshed.AuthenticationResult == nil || refreshed.AuthenticationResult.IdToken == "" {
		t.Fatalf("refresh after restart answered %+v", refreshed)
	}
}

package userpool_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// getTokens calls GetTokensFromRefreshToken, as Amplify v6 refreshes its
// tokens, with the client's secret when secret is not empty.
func (e *env) getTokens(clientID, token, secret string) (*cip.GetTokensFromRefreshTokenOutput, error) {
	in := &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(clientID), RefreshToken: aws.String(token)}
	if secret != "" {
		in.ClientSecret = aws.String(secret)
	}
	return e.idp.GetTokensFromRefreshToken(context.Background(), in)
}

func TestGetTokensFromRefreshToken(t *testing.T) {
	e := newEnv(t)
	first := e.signInDemo(t)
	_, firstID := e.verifyJWT(demoPool, aws.ToString(first.IdToken))
	e.clock.Advance(10 * time.Minute)

	out, err := e.idp.GetTokensFromRefreshToken(context.Background(), &cip.GetTokensFromRefreshTokenInput{
		ClientId: aws.String(demoClient), RefreshToken: first.RefreshToken,
		// Accepted and ignored, as Amplify sends them.
		DeviceKey: aws.String("us-east-1_0b8e0f4a-7f3c-4f0e-9d0e-6f1d2c3b4a59"), ClientMetadata: map[string]string{"app": "notes"},
	})
	if err != nil {
		t.Fatal(err)
	}
	res := out.AuthenticationResult
	if res == nil || res.RefreshToken != nil || aws.ToString(res.TokenType) != "Bearer" || res.ExpiresIn != 3600 ||
		res.IdToken == nil || res.AccessToken == nil {
		t.Fatalf("result %+v: want ID and access tokens, no refresh token", res)
	}
	_, id := e.verifyJWT(demoPool, aws.ToString(res.IdToken), jwt.WithAudience(demoClient))
	_, access := e.verifyJWT(demoPool, aws.ToString(res.AccessToken))
	for name, c := range map[string]jwt.MapClaims{"id": id, "access": access} {
		if c["token_use"] != name || c["sub"] != firstID["sub"] {
			t.Errorf("%s token: token_use %v sub %v", name, c["token_use"], c["sub"])
		}
		if c["origin_jti"] != firstID["origin_jti"] || c["auth_time"] != firstID["auth_time"] {
			t.Errorf("%s token: origin_jti %v auth_time %v, want the sign-in's %v %v",
				name, c["origin_jti"], c["auth_time"], firstID["origin_jti"], firstID["auth_time"])
		}
		if numeric(t, c, "iat") != e.clock.Now().Unix() {
			t.Errorf("%s token iat %v, want now", name, c["iat"])
		}
	}
	if err := e.getUser(res.AccessToken); err != nil {
		t.Fatal(err)
	}
	// Without rotation the refresh token stays valid.
	if _, err := e.getTokens(demoClient, aws.ToString(first.RefreshToken), ""); err != nil {
		t.Fatalf("second refresh: %v", err)
	}

	_, err = e.getTokens(demoSRPOnly, aws.ToString(first.RefreshToken), "")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has different Client")
	_, err = e.getTokens(demoClient, "not-a-refresh-token", "")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Refresh Token")
	_, err = e.getTokens(demoClient, aws.ToString(first.IdToken), "")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Refresh Token")
	_, err = e.getTokens("nosuchclient0000000000000", aws.ToString(first.RefreshToken), "")
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool client nosuchclient0000000000000 does not exist.")

	// RevokeToken (Amplify's signOut) ends the session.
	if _, err := e.idp.RevokeToken(context.Background(), &cip.RevokeTokenInput{
		ClientId: aws.String(demoClient), Token: first.RefreshToken,
	}); err != nil {
		t.Fatal(err)
	}
	_, err = e.getTokens(demoClient, aws.ToString(first.RefreshToken), "")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has been revoked")
}

func TestGetTokensFromRefreshTokenExpires(t *testing.T) {
	e := newEnv(t)
	out, err := e.srpSignIn(demoSRPOnly, demoPool, demoUser, demoPassword) // refresh_token_validity: 2h
	if err != nil {
		t.Fatal(err)
	}
	token := aws.ToString(out.AuthenticationResult.RefreshToken)
	e.clock.Advance(2*time.Hour - time.Second)
	got, err := e.getTokens(demoSRPOnly, token, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.AuthenticationResult.ExpiresIn != 1800 { // access_token_validity: 30m
		t.Errorf("ExpiresIn %d, want 1800", got.AuthenticationResult.ExpiresIn)
	}
	e.clock.Advance(time.Second)
	_, err = e.getTokens(demoSRPOnly, token, "")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has expired")
}

// A client with a secret sends it as ClientSecret.
func TestGetTokensFromRefreshTokenWithSecret(t *testing.T) {
	e := newEnv(t)
	out, err := e.passwordAuth(officeClient, officeUser, officePassword,
		map[string]string{"SECRET_HASH": secretHash(officeUser, officeClient, officeSecret)})
	if err != nil {
		t.Fatal(err)
	}
	token := aws.ToString(out.AuthenticationResult.RefreshToken)
	_, err = e.getTokens(officeClient, token, "")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Client "+officeClient+" is configured for secret but secret was not received")
	_, err = e.getTokens(officeClient, token, "wrongsecret")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Unable to verify secret for client "+officeClient)
	// A SECRET_HASH in place of the secret is a wrong secret.
	_, err = e.getTokens(officeClient, token, secretHash(officeUser, officeClient, officeSecret))
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Unable to verify secret for client "+officeClient)
	got, err := e.getTokens(officeClient, token, officeSecret)
	if err != nil {
		t.Fatal(err)
	}
	_, id := e.verifyJWT(officePool, aws.ToString(got.AuthenticationResult.IdToken), jwt.WithAudience(officeClient))
	if id["cognito:username"] != officeUser {
		t.Errorf("cognito:username %v, want %s", id["cognito:username"], officeUser)
	}
}

// Requests the SDK would refuse to send get Cognito's model validation
// errors.
func TestGetTokensFromRefreshTokenValidation(t *testing.T) {
	e := newEnv(t)
	for body, want := range map[string]string{
		`{}`: "2 validation errors detected: Value null at 'refreshToken' failed to satisfy constraint: Member must not be null; " +
			"Value null at 'clientId' failed to satisfy constraint: Member must not be null",
		`{"RefreshToken":"x"}`: "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
	} {
		status, code, message := e.postJSON("GetTokensFromRefreshToken", body)
		if status != 400 || code != invalidParameter || message != want {
			t.Errorf("%s: %d %s %q, want 400 %s %q", body, status, code, message, invalidParameter, want)
		}
	}
	status, code, _ := e.postJSON("GetTokensFromRefreshToken", `{"RefreshToken":7}`)
	if status != 400 || code == "" {
		t.Errorf("a number for RefreshToken: %d %q, want a 400 AWS error", status, code)
	}
}

package userpool_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

func (e *env) refresh(clientID, token string, extra map[string]string) (*cip.InitiateAuthOutput, error) {
	params := map[string]string{"REFRESH_TOKEN": token}
	for k, v := range extra {
		params[k] = v
	}
	return e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(clientID), AuthParameters: params,
	})
}

func (e *env) getUser(accessToken *string) error {
	_, err := e.idp.GetUser(context.Background(), &cip.GetUserInput{AccessToken: accessToken})
	return err
}

func (e *env) signInDemo(t *testing.T) *types.AuthenticationResultType {
	t.Helper()
	out, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out.AuthenticationResult
}

func TestRefreshTokenAuth(t *testing.T) {
	e := newEnv(t)
	first := e.signInDemo(t)
	_, firstID := e.verifyJWT(demoPool, aws.ToString(first.IdToken))
	e.clock.Advance(10 * time.Minute)

	for _, flow := range []types.AuthFlowType{types.AuthFlowTypeRefreshTokenAuth, types.AuthFlowTypeRefreshToken} {
		out, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
			AuthFlow: flow, ClientId: aws.String(demoClient),
			AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(first.RefreshToken)},
		})
		if err != nil {
			t.Fatalf("%s: %v", flow, err)
		}
		res := out.AuthenticationResult
		if res == nil || res.RefreshToken != nil || aws.ToString(res.TokenType) != "Bearer" || res.ExpiresIn != 3600 {
			t.Fatalf("%s: result %+v: want tokens, no refresh token", flow, res)
		}
		_, id := e.verifyJWT(demoPool, aws.ToString(res.IdToken), jwt.WithAudience(demoClient))
		_, access := e.verifyJWT(demoPool, aws.ToString(res.AccessToken))
		for _, c := range []jwt.MapClaims{id, access} {
			if c["origin_jti"] != firstID["origin_jti"] || c["auth_time"] != firstID["auth_time"] {
				t.Errorf("refreshed token: origin_jti %v auth_time %v, want the sign-in's %v %v",
					c["origin_jti"], c["auth_time"], firstID["origin_jti"], firstID["auth_time"])
			}
			if numeric(t, c, "iat") != e.clock.Now().Unix() {
				t.Errorf("refreshed token iat %v, want now", c["iat"])
			}
		}
		if id["jti"] == firstID["jti"] || id["event_id"] == firstID["event_id"] {
			t.Error("a refreshed token reuses jti or event_id")
		}
		if err := e.getUser(res.AccessToken); err != nil {
			t.Fatal(err)
		}
	}

	_, err := e.refresh(demoSRPOnly, aws.ToString(first.RefreshToken), nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has different Client")
	_, err = e.refresh(demoClient, "not-a-refresh-token", nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Refresh Token")
	_, err = e.refresh(demoClient, aws.ToString(first.IdToken), nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Refresh Token")
}

func TestRefreshTokenExpires(t *testing.T) {
	e := newEnv(t)
	out, err := e.srpSignIn(demoSRPOnly, demoPool, demoUser, demoPassword) // refresh_token_validity: 2h
	if err != nil {
		t.Fatal(err)
	}
	token := aws.ToString(out.AuthenticationResult.RefreshToken)
	e.clock.Advance(2*time.Hour - time.Second)
	if _, err := e.refresh(demoSRPOnly, token, nil); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	_, err = e.refresh(demoSRPOnly, token, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has expired")
}

// A client with a secret refreshes with the SECRET_HASH of the internal
// username, as Cognito requires.
func TestRefreshWithSecret(t *testing.T) {
	e := newEnv(t)
	out, err := e.passwordAuth(officeClient, "alice", officePassword,
		map[string]string{"SECRET_HASH": secretHash("alice", officeClient, officeSecret)})
	if err != nil {
		t.Fatal(err)
	}
	token := aws.ToString(out.AuthenticationResult.RefreshToken)
	_, err = e.refresh(officeClient, token, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Client "+officeClient+" is configured with secret but SECRET_HASH was not received")
	_, err = e.refresh(officeClient, token, map[string]string{"SECRET_HASH": secretHash("alice", officeClient, officeSecret)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "SecretHash does not match for the client: "+officeClient)
	if _, err := e.refresh(officeClient, token, map[string]string{"SECRET_HASH": secretHash(officeUser, officeClient, officeSecret)}); err != nil {
		t.Fatal(err)
	}
}

func TestGlobalSignOut(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, b := e.signInDemo(t), e.signInDemo(t)
	e.clock.Advance(time.Second)
	if _, err := e.idp.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: a.AccessToken}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*types.AuthenticationResultType{a, b} {
		gatehousetest.RequireAPIError(t, e.getUser(s.AccessToken), notAuthorized, "Access Token has been revoked")
		_, err := e.refresh(demoClient, aws.ToString(s.RefreshToken), nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has been revoked")
	}
	_, err := e.idp.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: b.AccessToken})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Access Token has been revoked")

	// Signing in again afterwards works.
	e.clock.Advance(time.Second)
	c := e.signInDemo(t)
	if err := e.getUser(c.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := e.refresh(demoClient, aws.ToString(c.RefreshToken), nil); err != nil {
		t.Fatal(err)
	}
}

func TestRevokeToken(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, b := e.signInDemo(t), e.signInDemo(t)
	revoke := func(clientID, token, secret string) error {
		in := &cip.RevokeTokenInput{ClientId: aws.String(clientID), Token: aws.String(token)}
		if secret != "" {
			in.ClientSecret = aws.String(secret)
		}
		_, err := e.idp.RevokeToken(ctx, in)
		return err
	}
	if err := revoke(demoClient, aws.ToString(a.RefreshToken), ""); err != nil {
		t.Fatal(err)
	}
	_, err := e.refresh(demoClient, aws.ToString(a.RefreshToken), nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has been revoked")
	gatehousetest.RequireAPIError(t, e.getUser(a.AccessToken), notAuthorized, "Access Token has been revoked")
	// The other session is untouched.
	if err := e.getUser(b.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := e.refresh(demoClient, aws.ToString(b.RefreshToken), nil); err != nil {
		t.Fatal(err)
	}
	// Revoking again, or a token nobody issued, is no error.
	if err := revoke(demoClient, aws.ToString(a.RefreshToken), ""); err != nil {
		t.Fatal(err)
	}
	if err := revoke(demoClient, "bm90LWEtdG9rZW4", ""); err != nil {
		t.Fatal(err)
	}
	gatehousetest.RequireAPIError(t, revoke(demoClient, aws.ToString(b.AccessToken), ""), "UnsupportedTokenTypeException", "The token type is not supported.")
	gatehousetest.RequireAPIError(t, revoke(demoSRPOnly, aws.ToString(b.RefreshToken), ""), "UnauthorizedException", "The token was not issued to this client.")

	// A client with a secret needs it.
	out, err := e.passwordAuth(officeClient, officeUser, officePassword,
		map[string]string{"SECRET_HASH": secretHash(officeUser, officeClient, officeSecret)})
	if err != nil {
		t.Fatal(err)
	}
	token := aws.ToString(out.AuthenticationResult.RefreshToken)
	gatehousetest.RequireAPIError(t, revoke(officeClient, token, ""), "UnauthorizedException",
		"Client "+officeClient+" is configured for secret but secret was not received")
	gatehousetest.RequireAPIError(t, revoke(officeClient, token, "wrongsecret"), "UnauthorizedException", "Invalid client secret.")
	if err := revoke(officeClient, token, officeSecret); err != nil {
		t.Fatal(err)
	}
	_, err = e.refresh(officeClient, token, map[string]string{"SECRET_HASH": secretHash(officeUser, officeClient, officeSecret)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has been revoked")
}

func TestAccessTokenErrors(t *testing.T) {
	e := newEnv(t)
	s := e.signInDemo(t)
	access := aws.ToString(s.AccessToken)
	parts := strings.Split(access, ".")

	// A token of the right shape signed by a key the ring does not have,
	// with the ring's kid.
	kid, _ := e.ring.SigningKey()
	foreignKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, claims := e.verifyJWT(demoPool, access)
	forged := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	forged.Header["kid"] = kid
	forgedToken, err := forged.SignedString(foreignKey)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), `"access"`, `"accesS"`, 1))) + "." + parts[2]
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + "."

	for name, token := range map[string]string{
		"garbage":           "garbage",
		"ID token":          aws.ToString(s.IdToken),
		"foreign signature": forgedToken,
		"tampered payload":  tampered,
		"alg none":          none,
		"refresh token":     aws.ToString(s.RefreshToken),
	} {
		t.Run(name, func(t *testing.T) {
			gatehousetest.RequireAPIError(t, e.getUser(aws.String(token)), notAuthorized, "Invalid Access Token")
		})
	}
	if err := e.getUser(s.AccessToken); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	gatehousetest.RequireAPIError(t, e.getUser(s.AccessToken), notAuthorized, "Access Token has expired")
	_, err = e.idp.GlobalSignOut(context.Background(), &cip.GlobalSignOutInput{AccessToken: s.AccessToken})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Access Token has expired")
}

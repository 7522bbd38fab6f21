package userpool_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

// CheckIDTokenSession accepts the ID token of a live session and answers
// each way a session ends with its own error: another sub or no user
// (deleted), a session ended by RevokeToken or GlobalSignOut (signed out),
// a disabled user (disabled). Those errors say SessionEnded.
func TestCheckIDTokenSession(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	signIn := func() *cip.InitiateAuthOutput {
		t.Helper()
		out, err := e.passwordAuth(demoClient, demoUser, "Passw0rd!", nil)
		if err != nil || out.AuthenticationResult == nil {
			t.Fatalf("InitiateAuth: %v", err)
		}
		return out
	}
	check := func(claims map[string]any) error {
		return e.admin.CheckIDTokenSession(ctx, demoPool, claims)
	}
	first, second := signIn(), signIn()
	claims := gatehousetest.JWTClaims(t, aws.ToString(first.AuthenticationResult.IdToken))
	if err := check(claims); err != nil {
		t.Fatalf("live session: %v", err)
	}

	for name, edit := range map[string]func(map[string]any){
		"another sub":   func(c map[string]any) { c["sub"] = "00000000-0000-4000-8000-000000000000" },
		"no username":   func(c map[string]any) { delete(c, "cognito:username") },
		"unknown user":  func(c map[string]any) { c["cognito:username"] = "nobody" },
		"username type": func(c map[string]any) { c["cognito:username"] = 7.0 },
	} {
		c := map[string]any{}
		for k, v := range claims {
			c[k] = v
		}
		edit(c)
		if err := check(c); !errors.Is(err, userpool.ErrTokenUserDeleted) {
			t.Errorf("%s: %v, want ErrTokenUserDeleted", name, err)
		}
	}
	if err := e.admin.CheckIDTokenSession(ctx, "us-east-1_NoSuchPol", claims); !errors.Is(err, userpool.ErrTokenUserDeleted) {
		t.Errorf("another user pool: %v, want ErrTokenUserDeleted", err)
	}

	if err := e.admin.SetUserEnabled(ctx, demoPool, demoUser, false); err != nil {
		t.Fatal(err)
	}
	err := check(claims)
	var ended interface{ SessionEnded() bool }
	if !errors.Is(err, userpool.ErrTokenUserDisabled) || !errors.As(err, &ended) || !ended.SessionEnded() {
		t.Errorf("disabled user: %v, want ErrTokenUserDisabled", err)
	}
	if err := e.admin.SetUserEnabled(ctx, demoPool, demoUser, true); err != nil {
		t.Fatal(err)
	}

	// RevokeToken ends the first session only.
	if _, err := e.idp.RevokeToken(ctx, &cip.RevokeTokenInput{
		ClientId: aws.String(demoClient), Token: first.AuthenticationResult.RefreshToken,
	}); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	if err := check(claims); !errors.Is(err, userpool.ErrTokenSignedOut) {
		t.Errorf("revoked session: %v, want ErrTokenSignedOut", err)
	}
	secondClaims := gatehousetest.JWTClaims(t, aws.ToString(second.AuthenticationResult.IdToken))
	if err := check(secondClaims); err != nil {
		t.Errorf("the other session: %v", err)
	}

	// GlobalSignOut ends them all, those begun before it.
	if _, err := e.idp.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: second.AuthenticationResult.AccessToken}); err != nil {
		t.Fatalf("GlobalSignOut: %v", err)
	}
	if err := check(secondClaims); !errors.Is(err, userpool.ErrTokenSignedOut) {
		t.Errorf("signed out: %v, want ErrTokenSignedOut", err)
	}
	e.clock.Advance(time.Second)
	if err := check(gatehousetest.JWTClaims(t, aws.ToString(signIn().AuthenticationResult.IdToken))); err != nil {
		t.Errorf("a new sign-in: %v", err)
	}
}

package client_test

import (
	"testing"
)

// RevokeToken ends one session; GlobalSignOut every session of the user.
func TestRevokeTokenAndGlobalSignOut(t *testing.T) {
	cfg := startGatehouse(t)
	c := newClient(t, cfg)
	ctx := t.Context()
	one, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	two, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeToken(ctx, one.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err = c.Refresh(ctx, one.RefreshToken)
	wantErrorCode(t, "Refresh of a revoked token", err, "NotAuthorizedException")
	if _, err := c.Refresh(ctx, two.RefreshToken); err != nil {
		t.Fatalf("RevokeToken ended another session: %v", err)
	}

	if err := c.GlobalSignOut(ctx, two.AccessToken); err != nil {
		t.Fatal(err)
	}
	_, err = c.Refresh(ctx, two.RefreshToken)
	wantErrorCode(t, "Refresh after GlobalSignOut", err, "NotAuthorizedException")
	err = c.GlobalSignOut(ctx, two.AccessToken)
	wantErrorCode(t, "GlobalSignOut with a signed-out access token", err, "NotAuthorizedException")
}

// With a client secret, RevokeToken sends it; without it the pool refuses.
func TestRevokeTokenWithClientSecret(t *testing.T) {
	cfg := startGatehouse(t)
	cfg.ClientID, cfg.ClientSecret = secretClient(t, cfg)
	ctx := t.Context()
	tok, err := newClient(t, cfg).Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	noSecret := cfg
	noSecret.ClientSecret = ""
	if err := newClient(t, noSecret).RevokeToken(ctx, tok.RefreshToken); err == nil {
		t.Error("RevokeToken without the client's secret succeeded")
	}
	if err := newClient(t, cfg).RevokeToken(ctx, tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err = newClient(t, cfg).RefreshUser(ctx, tok.Username, tok.RefreshToken)
	wantErrorCode(t, "RefreshUser of a revoked token", err, "NotAuthorizedException")
}

package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-dev/gatehouse/client"
)

func newClient(t *testing.T, cfg client.Config, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoginSRPAndRefresh(t *testing.T) {
	cfg := startGatehouse(t)
	c := newClient(t, cfg)
	ctx := t.Context()
	before := time.Now()
	tok, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if tok.IDToken == "" || tok.AccessToken == "" || tok.RefreshToken == "" || tok.Username == "" {
		t.Fatalf("Login = %+v", tok)
	}
	if tok.ExpiresAt.Before(before.Add(59*time.Minute)) || tok.ExpiresAt.After(time.Now().Add(time.Hour)) {
		t.Errorf("ExpiresAt = %v, want about an hour from now", tok.ExpiresAt)
	}

	again, err := c.Refresh(ctx, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if again.IDToken == "" || again.AccessToken == "" || again.RefreshToken != tok.RefreshToken {
		t.Errorf("Refresh = %+v", again)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	cfg := startGatehouse(t)
	c := newClient(t, cfg)
	_, err := c.Login(t.Context(), demoUser, "Wr0ngPassword")
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "NotAuthorizedException" {
		t.Fatalf("Login with a wrong password: %v", err)
	}
}

func TestCredentialsProvider(t *testing.T) {
	cfg := startGatehouse(t)
	c := newClient(t, cfg)
	ctx := t.Context()
	tok, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	p := c.CredentialsProvider(func(context.Context) (string, error) { return tok.IDToken, nil })
	cr, err := p.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cr.AccessKeyID, "ASIA") || cr.SecretAccessKey == "" || cr.SessionToken == "" {
		t.Errorf("credentials = %+v", cr)
	}
	if !cr.CanExpire || cr.Expires.Before(time.Now()) || cr.Expires.After(time.Now().Add(2*time.Hour)) {
		t.Errorf("CanExpire %v, Expires %v", cr.CanExpire, cr.Expires)
	}
	if p.IdentityID() == "" || !strings.HasPrefix(p.IdentityID(), demoRegion+":") {
		t.Errorf("IdentityID = %q", p.IdentityID())
	}
	// The same identity the second time.
	id := p.IdentityID()
	if _, err := p.Retrieve(ctx); err != nil || p.IdentityID() != id {
		t.Errorf("second Retrieve: %v, identity %q then %q", err, id, p.IdentityID())
	}
}

func TestInvokeNotes(t *testing.T) {
	cfg := startGatehouse(t)
	c := newClient(t, cfg)
	ctx := t.Context()
	tok, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	creds := aws.NewCredentialsCache(c.CredentialsProvider(func(context.Context) (string, error) { return tok.IDToken, nil }),
		func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = 60 * time.Second })
	api := c.WithCredentials(creds)

	res, err := api.Invoke(ctx, client.Request{Method: "POST", Path: "/notes", Body: map[string]string{"content": "hello from Go"}})
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		NoteID  string `json:"noteId"`
		Content string `json:"content"`
	}
	if res.StatusCode != http.StatusCreated || res.Decode(&created) != nil || created.NoteID == "" || created.Content != "hello from Go" {
		t.Fatalf("POST /notes: %d %s", res.StatusCode, res.Body)
	}
	res, err = api.Invoke(ctx, client.Request{Path: "/notes"})
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		NoteID string `json:"noteId"`
	}
	if res.StatusCode != http.StatusOK || res.Decode(&list) != nil || len(list) != 1 || list[0].NoteID != created.NoteID {
		t.Fatalf("GET /notes: %d %s", res.StatusCode, res.Body)
	}
}

func TestInvokeWrongSecret(t *testing.T) {
	cfg := startGatehouse(t)
	c := newClient(t, cfg)
	ctx := t.Context()
	tok, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	p := c.CredentialsProvider(func(context.Context) (string, error) { return tok.IDToken, nil })
	wrong := aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		cr, err := p.Retrieve(ctx)
		cr.SecretAccessKey = "not" + cr.SecretAccessKey
		return cr, err
	})
	_, err = c.WithCredentials(wrong).Invoke(ctx, client.Request{Path: "/notes"})
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("Invoke with a wrong secret: %v", err)
	}
	if ae.StatusCode != http.StatusForbidden || ae.Type != "InvalidSignatureException" || !strings.HasPrefix(ae.Message, "The request signature we calculated does not match") {
		t.Errorf("APIError = %+v", ae)
	}
}

package client_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-dev/gatehouse/client"
)

// secretClient creates an app client of the demo pool with a generated
// secret (CreateUserPoolClient, signed with the demo's IAM user) and
// returns its id and secret.
func secretClient(t *testing.T, cfg client.Config) (id, secret string) {
	t.Helper()
	admin := cip.NewFromConfig(aws.Config{Region: cfg.Region, BaseEndpoint: aws.String(cfg.Endpoint), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")})
	out, err := admin.CreateUserPoolClient(t.Context(), &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(cfg.UserPoolID), ClientName: aws.String("server-side"), GenerateSecret: true,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	})
	if err != nil {
		t.Fatal(err)
	}
	id, secret = aws.ToString(out.UserPoolClient.ClientId), aws.ToString(out.UserPoolClient.ClientSecret)
	if id == "" || secret == "" {
		t.Fatalf("CreateUserPoolClient: id %q, secret given %t", id, secret != "")
	}
	return id, secret
}

func wantErrorCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// An app client with a generated secret: Login and RefreshUser send
// SECRET_HASH; without the secret, or with another, the pool refuses.
func TestLoginWithClientSecret(t *testing.T) {
	cfg := startGatehouse(t)
	cfg.ClientID, cfg.ClientSecret = secretClient(t, cfg)
	ctx := t.Context()

	tok, err := newClient(t, cfg).Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if tok.IDToken == "" || tok.RefreshToken == "" || tok.Username == "" || tok.Username == demoUser {
		t.Fatalf("Login = %+v (Username must be the pool's name of the user, not the email)", tok)
	}
	again, err := newClient(t, cfg).RefreshUser(ctx, tok.Username, tok.RefreshToken)
	if err != nil || again.IDToken == "" || again.RefreshToken != tok.RefreshToken {
		t.Fatalf("RefreshUser: %+v, %v", again, err)
	}
	// Credentials of the identity pool need a client it trusts: the demo's
	// trusts only its own client, so this token is refused there.
	p := newClient(t, cfg).CredentialsProvider(func(context.Context) (string, error) { return tok.IDToken, nil })
	if _, err := p.Retrieve(ctx); err == nil {
		t.Error("the identity pool took a token of a client it does not list")
	}

	_, err = newClient(t, cfg).Refresh(ctx, tok.RefreshToken)
	wantErrorCode(t, "Refresh without the user for SECRET_HASH", err, "NotAuthorizedException")
	noSecret := cfg
	noSecret.ClientSecret = ""
	_, err = newClient(t, noSecret).Login(ctx, demoUser, demoPassword)
	wantErrorCode(t, "Login without the secret", err, "NotAuthorizedException")
	wrong := cfg
	wrong.ClientSecret = "not-" + cfg.ClientSecret
	_, err = newClient(t, wrong).Login(ctx, demoUser, demoPassword)
	wantErrorCode(t, "Login with another secret", err, "NotAuthorizedException")
	if got, want := client.SecretHash(cfg.ClientSecret, tok.Username, cfg.ClientID), client.SecretHash(wrong.ClientSecret, tok.Username, cfg.ClientID); got == want {
		t.Error("SecretHash does not depend on the secret")
	}
}

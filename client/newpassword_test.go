package client_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/client"
)

// A user created by an administrator signs in with the temporary password,
// chooses a new one through the handler, and then signs in with it.
func TestLoginNewPasswordRequired(t *testing.T) {
	cfg := startGatehouse(t)
	ctx := t.Context()
	admin := cip.NewFromConfig(aws.Config{Region: cfg.Region, BaseEndpoint: aws.String(cfg.Endpoint), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")})
	_, err := admin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(cfg.UserPoolID), Username: aws.String("new@example.com"), TemporaryPassword: aws.String("Temp0rary!"),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("new@example.com")}},
		MessageAction:  types.MessageActionTypeSuppress,
	})
	if err != nil {
		t.Fatal(err)
	}

	// Without a handler: ErrNewPasswordRequired.
	if _, err := newClient(t, cfg).Login(ctx, "new@example.com", "Temp0rary!"); err == nil || !errors.Is(err, client.ErrNewPasswordRequired) {
		t.Fatalf("Login without a handler: %v", err)
	}

	called := 0
	c := newClient(t, cfg, client.WithNewPasswordHandler(func(_ context.Context, required []string) (string, map[string]string, error) {
		called++
		return "N3wPassword!", map[string]string{"name": "New User"}, nil
	}))
	tok, err := c.Login(ctx, "new@example.com", "Temp0rary!")
	if err != nil || called != 1 || tok.IDToken == "" {
		t.Fatalf("Login with the temporary password: %+v, %v (handler called %d times)", tok, err, called)
	}
	if _, err := newClient(t, cfg).Login(ctx, "new@example.com", "N3wPassword!"); err != nil {
		t.Fatalf("Login with the new password: %v", err)
	}
}

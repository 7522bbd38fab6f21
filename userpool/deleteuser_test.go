package userpool_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

// DeleteUser: the user, their address and their tokens are gone; the
// address can sign up again, as a new user.
func TestDeleteUser(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	const email = "leo@example.com"
	sub := e.signUpConfirmed(email, newPassword)
	res, err := e.passwordAuth(demoClient, email, newPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	access := aws.ToString(res.AuthenticationResult.AccessToken)
	if _, err := e.idp.DeleteUser(ctx, &cip.DeleteUserInput{AccessToken: aws.String(access)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.LookupUser(ctx, demoPool, email); !errors.Is(err, userpool.ErrUserNotFound) {
		t.Fatalf("LookupUser after DeleteUser: %v", err)
	}
	_, err = e.idp.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(access)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Access Token")
	_, err = e.idp.DeleteUser(ctx, &cip.DeleteUserInput{AccessToken: aws.String(access)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Access Token")
	_, err = e.idp.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(demoClient),
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(res.AuthenticationResult.RefreshToken)},
	})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Refresh Token")
	_, err = e.passwordAuth(demoClient, email, newPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)

	e.clock.Advance(time.Second) // the outbox orders messages by time
	again := e.signUpConfirmed(email, newPassword)
	if again == sub {
		t.Fatalf("the new user has the old sub %s", sub)
	}
	if _, err := e.passwordAuth(demoClient, email, newPassword, nil); err != nil {
		t.Fatalf("sign-in of the new user: %v", err)
	}
	_, err = e.idp.GetUser(ctx, &cip.GetUserInput{AccessToken: aws.String(access)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Access Token")
}

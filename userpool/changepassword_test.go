package userpool_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

func (e *env) changePassword(accessToken, previous, proposed string) error {
	_, err := e.idp.ChangePassword(context.Background(), &cip.ChangePasswordInput{
		AccessToken: aws.String(accessToken), PreviousPassword: aws.String(previous), ProposedPassword: aws.String(proposed),
	})
	return err
}

// ChangePassword: the new password signs in (both flows), the old one no
// longer; the tokens of the session stay valid, as in Cognito.
func TestChangePassword(t *testing.T) {
	e := newSelfServiceEnv(t)
	res, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	access := aws.ToString(res.AuthenticationResult.AccessToken)
	if err := e.changePassword(access, demoPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	_, err = e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	if _, err := e.srpSignIn(demoClient, demoPool, demoUser, newPassword); err != nil {
		t.Fatalf("SRP with the new password: %v", err)
	}
	if _, err := e.passwordAuth(demoClient, demoUser, newPassword, nil); err != nil {
		t.Fatalf("USER_PASSWORD_AUTH with the new password: %v", err)
	}
	e.userAttributes(access)
	if _, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(demoClient),
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(res.AuthenticationResult.RefreshToken)},
	}); err != nil {
		t.Fatalf("refresh after the change: %v", err)
	}
}

// An SRP challenge issued before a password change does not complete with
// the old password.
func TestChangePasswordEndsPendingChallenges(t *testing.T) {
	e := newSelfServiceEnv(t)
	ch, err := e.startSRP(demoClient, demoPool, demoUser, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.changePassword(e.accessToken(demoUser, demoPassword), demoPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	_, err = ch.respond(ch.responses(demoPassword, e.clock.Now()))
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
}

func TestChangePasswordErrors(t *testing.T) {
	e := newSelfServiceEnv(t)
	access := e.accessToken(demoUser, demoPassword)
	gatehousetest.RequireAPIError(t, e.changePassword(access, demoPassword, "weakpassword1"), "InvalidPasswordException",
		"Password did not conform with policy: Password must have uppercase characters")
	gatehousetest.RequireAPIError(t, e.changePassword("not-a-token", demoPassword, newPassword), notAuthorized, "Invalid Access Token")
	// Wrong previous passwords count as failed sign-ins: after five, the
	// user is locked out, and ChangePassword says so.
	for range 5 {
		gatehousetest.RequireAPIError(t, e.changePassword(access, "Wrong-passw0rd", newPassword), notAuthorized, incorrect)
	}
	gatehousetest.RequireAPIError(t, e.changePassword(access, demoPassword, newPassword), limitExceeded, limitText)
	_, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Password attempts exceeded")
}

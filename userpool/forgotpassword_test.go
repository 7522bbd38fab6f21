package userpool_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

func (e *env) forgotPassword(clientID, username string, extra ...string) (*types.CodeDeliveryDetailsType, error) {
	in := &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String(username)}
	if len(extra) > 0 {
		in.SecretHash = aws.String(extra[0])
	}
	out, err := e.idp.ForgotPassword(context.Background(), in)
	if err != nil {
		return nil, err
	}
	return out.CodeDeliveryDetails, nil
}

func (e *env) confirmForgotPassword(username, code, password string) error {
	_, err := e.idp.ConfirmForgotPassword(context.Background(), &cip.ConfirmForgotPasswordInput{
		ClientId: aws.String(demoClient), Username: aws.String(username), ConfirmationCode: aws.String(code),
		Password: aws.String(password),
	})
	return err
}

// ForgotPassword and ConfirmForgotPassword: a reset code by email, the new
// password for both sign-in flows, the old one refused, and the session
// signed in before still valid (Cognito does not revoke it).
func TestForgotPassword(t *testing.T) {
	e := newSelfServiceEnv(t)
	before, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.forgotPassword(demoClient, demoUser)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "d***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail ||
		aws.ToString(d.AttributeName) != "email" {
		t.Fatalf("CodeDeliveryDetails = %+v", d)
	}
	m := e.lastMessage(demoUser)
	if m.Purpose != "ForgotPassword" || m.Subject != "Your verification code" ||
		m.Body != "Your password reset code is "+m.Code || !codeRE.MatchString(m.Code) {
		t.Fatalf("message = %+v", m)
	}
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, m.Code, "weak"), "InvalidPasswordException",
		"Password did not conform with policy: Password not long enough")
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, wrongCode(m.Code), newPassword), codeMismatch, mismatchText)
	if err := e.confirmForgotPassword(demoUser, m.Code, newPassword); err != nil {
		t.Fatal(err)
	}
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, m.Code, newPassword), expiredCode, expiredText)

	_, err = e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	if _, err := e.passwordAuth(demoClient, demoUser, newPassword, nil); err != nil {
		t.Fatalf("USER_PASSWORD_AUTH with the new password: %v", err)
	}
	if _, err := e.srpSignIn(demoClient, demoPool, demoUser, newPassword); err != nil {
		t.Fatalf("SRP with the new password: %v", err)
	}
	e.userAttributes(aws.ToString(before.AuthenticationResult.AccessToken))
	if _, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(demoClient),
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(before.AuthenticationResult.RefreshToken)},
	}); err != nil {
		t.Fatalf("refresh token of before the reset: %v", err)
	}
}

// Reset codes expire after an hour; without a code there is nothing to
// confirm.
func TestForgotPasswordCodeExpiry(t *testing.T) {
	e := newSelfServiceEnv(t)
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, "123456", newPassword), expiredCode, expiredText)
	if _, err := e.forgotPassword(demoClient, demoUser); err != nil {
		t.Fatal(err)
	}
	code := e.lastMessage(demoUser).Code
	e.clock.Advance(time.Hour)
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, code, newPassword), expiredCode, expiredText)
	e.clock.Advance(time.Second)
	if _, err := e.forgotPassword(demoClient, demoUser); err != nil {
		t.Fatal(err)
	}
	code = e.lastMessage(demoUser).Code
	e.clock.Advance(time.Hour - time.Second)
	if err := e.confirmForgotPassword(demoUser, code, newPassword); err != nil {
		t.Fatalf("code 59:59 old: %v", err)
	}
}

// Five wrong reset codes and the code stops working.
func TestForgotPasswordAttemptLimit(t *testing.T) {
	e := newSelfServiceEnv(t)
	if _, err := e.forgotPassword(demoClient, demoUser); err != nil {
		t.Fatal(err)
	}
	code := e.lastMessage(demoUser).Code
	for range 5 {
		gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, wrongCode(code), newPassword), codeMismatch, mismatchText)
	}
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword(demoUser, code, newPassword), limitExceeded, limitText)
	if _, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil); err != nil {
		t.Fatalf("the password changed: %v", err)
	}
}

// Prevent user existence errors: an unknown or disabled user, or one with
// nothing verified, gets a made-up delivery and no code; confirming then
// is a wrong code.
func TestForgotPasswordWithoutRecipient(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	d, err := e.forgotPassword(demoClient, "nobody@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "n***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail {
		t.Fatalf("ForgotPassword of an unknown user = %+v", d)
	}
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword("nobody@example.com", "123456", newPassword), codeMismatch, mismatchText)

	const nv = "Nobody-Verified"
	d, err = e.forgotPassword(namesClient, nv, secretHash(nv, namesClient, namesSecret))
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.AttributeName) != "email" || aws.ToString(d.Destination)[:5] != "N***@" || e.messagesTo("nv@example.com") != 0 {
		t.Fatalf("ForgotPassword without a verified address = %+v", d)
	}

	sub := e.signUpConfirmed("judy@example.com", newPassword)
	if err := e.admin.SetUserEnabled(ctx, demoPool, sub, false); err != nil {
		t.Fatal(err)
	}
	n := e.messagesTo("judy@example.com")
	d, err = e.forgotPassword(demoClient, "judy@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "j***@e***" || e.messagesTo("judy@example.com") != n {
		t.Fatalf("ForgotPassword of a disabled user = %+v", d)
	}
	gatehousetest.RequireAPIError(t, e.confirmForgotPassword("judy@example.com", "123456", newPassword), codeMismatch, mismatchText)
}

// The code goes to a verified phone number when the email address is not
// verified; a user with a temporary password cannot reset it.
func TestForgotPasswordStates(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	d, err := e.forgotPassword(namesClient, "alice", secretHash("alice", namesClient, namesSecret))
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "+*******0100" || d.DeliveryMedium != types.DeliveryMediumTypeSms {
		t.Fatalf("CodeDeliveryDetails = %+v", d)
	}
	if m := e.lastMessage("+15555550100"); m.DeliveryMedium != messaging.SMS || m.Purpose != "ForgotPassword" {
		t.Fatalf("message = %+v", m)
	}

	if _, err := e.admin.CreateUser(ctx, demoPool, userpool.NewUser{Username: "temp@example.com", Password: "Temp-Passw0rd",
		Attributes: map[string]string{"email": "temp@example.com", "email_verified": "true"},
		Status:     userpool.StatusForceChangePassword}); err != nil {
		t.Fatal(err)
	}
	_, err = e.forgotPassword(demoClient, "temp@example.com")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "User password cannot be reset in the current state.")

	// A reset required by an administrator ends with ConfirmForgotPassword.
	if err := e.admin.SetUserStatus(ctx, demoPool, demoUser, userpool.StatusResetRequired); err != nil {
		t.Fatal(err)
	}
	_, err = e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	gatehousetest.RequireAPIError(t, err, "PasswordResetRequiredException", "Password reset required for the user")
	if _, err := e.forgotPassword(demoClient, demoUser); err != nil {
		t.Fatal(err)
	}
	if err := e.confirmForgotPassword(demoUser, e.lastMessage(demoUser).Code, newPassword); err != nil {
		t.Fatal(err)
	}
	u, err := e.admin.LookupUser(ctx, demoPool, demoUser)
	if err != nil || u.Status != userpool.StatusConfirmed {
		t.Fatalf("after the reset: %+v, %v", u, err)
	}
}

// ConfirmForgotPassword ends a lockout.
func TestConfirmForgotPasswordEndsLockout(t *testing.T) {
	e := newSelfServiceEnv(t)
	for range 5 {
		_, err := e.passwordAuth(demoClient, demoUser, "Wrong-passw0rd", nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	}
	_, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Password attempts exceeded")
	if _, err := e.forgotPassword(demoClient, demoUser); err != nil {
		t.Fatal(err)
	}
	if err := e.confirmForgotPassword(demoUser, e.lastMessage(demoUser).Code, newPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.passwordAuth(demoClient, demoUser, newPassword, nil); err != nil {
		t.Fatalf("sign-in after the reset: %v", err)
	}
}

package userpool_test

import (
	"context"
	"crypto/rand"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/srp"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

func TestAdminSetUserPassword(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	e.createUser(staffPool, "henry", "", nil)
	set := func(password string, permanent bool) error {
		_, err := e.adm.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
			UserPoolId: aws.String(staffPool), Username: aws.String("henry"), Password: aws.String(password), Permanent: permanent,
		})
		return err
	}
	status := func() types.UserStatusType {
		out, err := e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("henry")})
		if err != nil {
			t.Fatal(err)
		}
		return out.UserStatus
	}

	if err := set("Henry-Passw0rd", true); err != nil || status() != types.UserStatusTypeConfirmed {
		t.Fatalf("permanent: %v, %s", err, status())
	}
	res, err := e.passwordAuth(staffClient, "henry", "Henry-Passw0rd", nil)
	if err != nil || res.AuthenticationResult == nil {
		t.Fatalf("USER_PASSWORD_AUTH after a permanent password = %+v, %v", res, err)
	}
	if err := set("Other-Passw0rd", false); err != nil || status() != types.UserStatusTypeForceChangePassword {
		t.Fatalf("temporary: %v, %s", err, status())
	}
	res, err = e.passwordAuth(staffClient, "henry", "Other-Passw0rd", nil)
	if err != nil || res.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatalf("USER_PASSWORD_AUTH after a temporary password = %+v, %v", res, err)
	}
	_, err = e.passwordAuth(staffClient, "henry", "Henry-Passw0rd", nil)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")

	gatehousetest.RequireAPIError(t, set("short", true), "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
	gatehousetest.RequireAPIError(t, set("nonumbers-here", true), "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters")
	_, err = e.adm.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(staffPool), Username: aws.String("nobody"), Password: aws.String("Henry-Passw0rd"), Permanent: true,
	})
	gatehousetest.RequireAPIError(t, err, "UserNotFoundException", "User does not exist.")
}

// AdminDeleteUser deletes the user: AdminGetUser then answers
// UserNotFoundException, the user's refresh tokens stop working, and the
// name (or email address) is free again.
func TestAdminDeleteUser(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	e.createUser(emailPool, "ivy@example.com", "Ivy-Passw0rd!", nil)
	res, err := e.adminSignIn(emailPool, emailClient, "ivy@example.com", "Ivy-Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.adm.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(emailPool), Username: aws.String("IVY@example.com")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(emailPool), Username: aws.String("ivy@example.com")})
	gatehousetest.RequireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.adm.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(emailPool), Username: aws.String("ivy@example.com")})
	gatehousetest.RequireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.adm.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		UserPoolId: aws.String(emailPool), ClientId: aws.String(emailClient), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(res.AuthenticationResult.RefreshToken)},
	})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Invalid Refresh Token")
	e.createUser(emailPool, "ivy@example.com", "Ivy-Passw0rd!", nil)
}

// AdminConfirmSignUp confirms an UNCONFIRMED user, and only such a user.
func TestAdminConfirmSignUp(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	if _, err := e.admin.CreateUser(ctx, staffPool, userpool.NewUser{Username: "jack", Password: "Jack-Passw0rd",
		Status: userpool.StatusUnconfirmed}); err != nil {
		t.Fatal(err)
	}
	_, err := e.passwordAuth(staffClient, "jack", "Jack-Passw0rd", nil)
	gatehousetest.RequireAPIError(t, err, "UserNotConfirmedException", "User is not confirmed.")
	confirm := &cip.AdminConfirmSignUpInput{UserPoolId: aws.String(staffPool), Username: aws.String("jack")}
	if _, err := e.adm.AdminConfirmSignUp(ctx, confirm); err != nil {
		t.Fatal(err)
	}
	if _, err := e.passwordAuth(staffClient, "jack", "Jack-Passw0rd", nil); err != nil {
		t.Fatalf("sign-in after AdminConfirmSignUp: %v", err)
	}
	_, err = e.adm.AdminConfirmSignUp(ctx, confirm)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
}

// A disabled user cannot sign in, and their tokens are revoked, as in
// Cognito; enabling them again lets them sign in, but not resume the old
// sessions.
func TestAdminDisableEnableUser(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	res, err := e.passwordAuth(staffClient, "carol", staffPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	tokens := res.AuthenticationResult
	user := &cip.AdminDisableUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")}
	e.clock.Advance(1e6) // the sign-out must follow the sign-in by a millisecond
	if _, err := e.adm.AdminDisableUser(ctx, user); err != nil {
		t.Fatal(err)
	}
	_, err = e.passwordAuth(staffClient, "carol", staffPassword, nil)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "User is disabled.")
	_, err = e.adminSignIn(staffPool, staffClient, "carol", staffPassword)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "User is disabled.")
	_, err = e.idp.GetUser(ctx, &cip.GetUserInput{AccessToken: tokens.AccessToken})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Access Token has been revoked")
	got, err := e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")})
	if err != nil || got.Enabled {
		t.Fatalf("AdminGetUser of a disabled user = %+v, %v", got, err)
	}

	if _, err := e.adm.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.passwordAuth(staffClient, "carol", staffPassword, nil); err != nil {
		t.Fatalf("sign-in after AdminEnableUser: %v", err)
	}
	_, err = e.passwordAuth(staffClient, "carol", staffPassword, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.idp.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(staffClient),
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(tokens.RefreshToken)},
	})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	_, err = e.adm.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("nobody")})
	gatehousetest.RequireAPIError(t, err, "UserNotFoundException", "User does not exist.")
}

// AdminUserGlobalSignOut ends every session of the user.
func TestAdminUserGlobalSignOut(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	res, err := e.adminSignIn(staffPool, staffClient, "carol", staffPassword)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(1e6)
	if _, err := e.adm.AdminUserGlobalSignOut(ctx, &cip.AdminUserGlobalSignOutInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}
	_, err = e.idp.GetUser(ctx, &cip.GetUserInput{AccessToken: res.AuthenticationResult.AccessToken})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Access Token has been revoked")
	_, err = e.adm.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		UserPoolId: aws.String(staffPool), ClientId: aws.String(staffClient), AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
		AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(res.AuthenticationResult.RefreshToken)},
	})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Refresh Token has been revoked")
	if _, err := e.adminSignIn(staffPool, staffClient, "carol", staffPassword); err != nil {
		t.Fatalf("a new sign-in: %v", err)
	}
}

// AdminUpdateUserAttributes sets and removes attributes; a new email
// address is unverified, and in a pool of email addresses becomes the
// sign-in name.
func TestAdminUpdateUserAttributes(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	update := func(pool, username string, attrs map[string]string) error {
		_, err := e.adm.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{
			UserPoolId: aws.String(pool), Username: aws.String(username), UserAttributes: attributeList(attrs),
		})
		return err
	}
	get := func(pool, username string) map[string]string {
		out, err := e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(pool), Username: aws.String(username)})
		if err != nil {
			t.Fatal(err)
		}
		return attributeMap(out.UserAttributes)
	}
	if err := update(staffPool, "carol", map[string]string{"name": "Carol C.", "given_name": "Carol", "custom:team": "blue"}); err != nil {
		t.Fatal(err)
	}
	if a := get(staffPool, "carol"); a["name"] != "Carol C." || a["given_name"] != "Carol" || a["custom:team"] != "blue" ||
		a["email_verified"] != "true" {
		t.Fatalf("attributes = %v", a)
	}
	if err := update(staffPool, "carol", map[string]string{"given_name": "", "email": "carol@example.org"}); err != nil {
		t.Fatal(err)
	}
	if a := get(staffPool, "carol"); a["given_name"] != "" || a["email"] != "carol@example.org" || a["email_verified"] != "false" {
		t.Fatalf("attributes after removing given_name and changing email = %v", a)
	}

	e.createUser(emailPool, "kim@example.com", "Kim-Passw0rd!", nil)
	e.createUser(emailPool, "lee@example.com", "Lee-Passw0rd!", nil)
	if err := update(emailPool, "kim@example.com", map[string]string{"email": "kim@example.net", "email_verified": "true"}); err != nil {
		t.Fatal(err)
	}
	if a := get(emailPool, "kim@example.net"); a["email"] != "kim@example.net" || a["email_verified"] != "true" {
		t.Fatalf("attributes after the email change = %v", a)
	}
	if _, err := e.adminSignIn(emailPool, emailClient, "kim@example.net", "Kim-Passw0rd!"); err != nil {
		t.Fatalf("sign-in with the new email: %v", err)
	}
	_, err := e.adminSignIn(emailPool, emailClient, "kim@example.com", "Kim-Passw0rd!")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	gatehousetest.RequireAPIError(t, update(emailPool, "kim@example.net", map[string]string{"email": "lee@example.com"}),
		"AliasExistsException", "An account with the given email already exists.")
	gatehousetest.RequireAPIError(t, update(emailPool, "kim@example.net", map[string]string{"email": ""}),
		"InvalidParameterException", "Attributes did not conform to the schema: email: the attribute is required\n")
	gatehousetest.RequireAPIError(t, update(staffPool, "carol", map[string]string{"sub": "x"}),
		"InvalidParameterException", "Invalid user attributes: sub: Attribute cannot be updated.")
	gatehousetest.RequireAPIError(t, update(staffPool, "carol", map[string]string{"favourite_colour": "x"}),
		"InvalidParameterException", "user.favourite_colour: Attribute does not exist in the schema.\n")
	gatehousetest.RequireAPIError(t, update(staffPool, "nobody", map[string]string{"name": "x"}), "UserNotFoundException", "User does not exist.")
}

// AdminResetUserPassword: sign-in answers PasswordResetRequiredException
// until the user sets a new password with the code sent to them.
func TestAdminResetUserPassword(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	reset := func(username string) error {
		_, err := e.adm.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(staffPool), Username: aws.String(username)})
		return err
	}
	if err := reset("carol"); err != nil {
		t.Fatal(err)
	}
	_, err := e.passwordAuth(staffClient, "carol", staffPassword, nil)
	gatehousetest.RequireAPIError(t, err, "PasswordResetRequiredException", "Password reset required for the user")
	msgs := e.outboxMessages("carol@example.com")
	if len(msgs) != 1 || msgs[0].Purpose != "ForgotPassword" || len(msgs[0].Code) != 6 {
		t.Fatalf("outbox = %+v", msgs)
	}
	if _, err := e.idp.ConfirmForgotPassword(ctx, &cip.ConfirmForgotPasswordInput{
		ClientId: aws.String(staffClient), Username: aws.String("carol"), ConfirmationCode: aws.String(msgs[0].Code),
		Password: aws.String("Carol-N3w-Password"),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.passwordAuth(staffClient, "carol", "Carol-N3w-Password", nil); err != nil {
		t.Fatalf("sign-in with the new password: %v", err)
	}

	e.createUser(staffPool, "mia", "Mia-Passw0rd", map[string]string{"email": "mia@example.com"})
	gatehousetest.RequireAPIError(t, reset("mia"), "InvalidParameterException",
		"Cannot reset password for the user as there is no registered/verified email or phone_number")
	e.createUser(staffPool, "ned", "", map[string]string{"email": "ned@example.com", "email_verified": "true"})
	gatehousetest.RequireAPIError(t, reset("ned"), "NotAuthorizedException", "User password cannot be reset in the current state.")
	gatehousetest.RequireAPIError(t, reset("nobody"), "UserNotFoundException", "User does not exist.")
}

// AdminInitiateAuth: ADMIN_USER_PASSWORD_AUTH (and its old name), SRP with
// AdminRespondToAuthChallenge, refresh, and the errors of flows and
// clients.
func TestAdminInitiateAuth(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	start := func(pool, client string, flow types.AuthFlowType, params map[string]string) (*cip.AdminInitiateAuthOutput, error) {
		return e.adm.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
			UserPoolId: aws.String(pool), ClientId: aws.String(client), AuthFlow: flow, AuthParameters: params,
		})
	}
	creds := map[string]string{"USERNAME": "carol", "PASSWORD": staffPassword}
	for _, flow := range []types.AuthFlowType{types.AuthFlowTypeAdminUserPasswordAuth, types.AuthFlowTypeAdminNoSrpAuth} {
		res, err := start(staffPool, staffClient, flow, creds)
		if err != nil || res.AuthenticationResult == nil {
			t.Fatalf("%s = %+v, %v", flow, res, err)
		}
		_, claims := e.verifyJWT(staffPool, aws.ToString(res.AuthenticationResult.AccessToken))
		if claims["username"] != "carol" || claims["client_id"] != staffClient {
			t.Fatalf("%s access token claims = %v", flow, claims)
		}
		ref, err := start(staffPool, staffClient, types.AuthFlowTypeRefreshTokenAuth,
			map[string]string{"REFRESH_TOKEN": aws.ToString(res.AuthenticationResult.RefreshToken)})
		if err != nil || ref.AuthenticationResult == nil || ref.AuthenticationResult.RefreshToken != nil {
			t.Fatalf("refresh after %s = %+v, %v", flow, ref, err)
		}
	}

	// SRP through the administrative pair of operations.
	cs, err := srp.NewClientSession(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := start(staffPool, staffClient, types.AuthFlowTypeUserSrpAuth, map[string]string{"USERNAME": "carol", "SRP_A": cs.A()})
	if err != nil || ch.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		t.Fatalf("USER_SRP_AUTH = %+v, %v", ch, err)
	}
	c := &srpChallenge{e: e.env, clientID: staffClient, poolID: staffPool, session: cs, params: ch.ChallengeParameters}
	done, err := e.adm.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
		UserPoolId: aws.String(staffPool), ClientId: aws.String(staffClient), ChallengeName: types.ChallengeNameTypePasswordVerifier,
		ChallengeResponses: c.responses(staffPassword, e.clock.Now()),
	})
	if err != nil || done.AuthenticationResult == nil {
		t.Fatalf("AdminRespondToAuthChallenge PASSWORD_VERIFIER = %+v, %v", done, err)
	}

	_, err = start(staffPool, staffSRPOnly, types.AuthFlowTypeAdminUserPasswordAuth, creds)
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Auth flow not enabled for this client")
	_, err = start(staffPool, staffClient, types.AuthFlowTypeUserPasswordAuth, creds)
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Initiate Auth method not supported.")
	_, err = start(emailPool, staffClient, types.AuthFlowTypeAdminUserPasswordAuth, creds)
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool client "+staffClient+" does not exist.")
	_, err = start("us-east-1_Nowhere00", staffClient, types.AuthFlowTypeAdminUserPasswordAuth, creds)
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Nowhere00 does not exist.")
	_, err = start(staffPool, staffClient, types.AuthFlowTypeAdminUserPasswordAuth, map[string]string{"USERNAME": "carol", "PASSWORD": "wrong"})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, err = start(staffPool, staffClient, types.AuthFlowTypeAdminUserPasswordAuth, map[string]string{"USERNAME": "nobody", "PASSWORD": "wrong"})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, err = start(staffPool, staffClient, types.AuthFlowTypeAdminUserPasswordAuth, map[string]string{"USERNAME": "carol"})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Missing required parameter PASSWORD")
}

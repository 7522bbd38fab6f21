package userpool_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/messaging"
)

// AdminCreateUser makes a FORCE_CHANGE_PASSWORD user whose first sign-in
// (here through AdminInitiateAuth) answers NEW_PASSWORD_REQUIRED; the
// invitation goes to the outbox.
func TestAdminCreateUser(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	before := e.clock.Now()
	out, err := e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(staffPool), Username: aws.String("dave"), TemporaryPassword: aws.String("Temp-Passw0rd"),
		UserAttributes:         attributeList(map[string]string{"email": "dave@example.com", "name": "Dave", "custom:team": "red"}),
		DesiredDeliveryMediums: []types.DeliveryMediumType{types.DeliveryMediumTypeEmail},
	})
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	attrs := attributeMap(u.Attributes)
	if aws.ToString(u.Username) != "dave" || u.UserStatus != types.UserStatusTypeForceChangePassword || !u.Enabled ||
		!uuidV4RE.MatchString(attrs["sub"]) || attrs["email"] != "dave@example.com" || attrs["custom:team"] != "red" ||
		aws.ToString(u.Attributes[0].Name) != "sub" || !u.UserCreateDate.Equal(before) || !u.UserLastModifiedDate.Equal(before) {
		t.Fatalf("User = %+v %v", u, attrs)
	}
	msgs := e.outboxMessages("dave@example.com")
	if len(msgs) != 1 {
		t.Fatalf("outbox = %+v", msgs)
	}
	m := msgs[0]
	if m.Purpose != "AdminCreateUser" || m.DeliveryMedium != messaging.Email || m.Code != "Temp-Passw0rd" ||
		m.Subject != "Your temporary password" || m.Body != "Your username is dave and temporary password is Temp-Passw0rd." ||
		m.UserPoolID != staffPool {
		t.Fatalf("invitation = %+v", m)
	}

	// The wire form: dates are epoch seconds (numbers).
	r := e.adminPost("AdminGetUser", `{"UserPoolId":"us-east-1_StaffPool","Username":"dave"}`)
	if _, ok := r.body["UserCreateDate"].(float64); !ok || r.body["UserStatus"] != "FORCE_CHANGE_PASSWORD" {
		t.Fatalf("AdminGetUser = %v", r.body)
	}

	// First sign-in: NEW_PASSWORD_REQUIRED, answered with
	// AdminRespondToAuthChallenge.
	res, err := e.adminSignIn(staffPool, staffClient, "dave", "Temp-Passw0rd")
	if err != nil || res.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || res.Session == nil {
		t.Fatalf("AdminInitiateAuth = %+v, %v", res, err)
	}
	_, err = e.adm.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
		UserPoolId: aws.String(staffPool), ClientId: aws.String(staffClient),
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: res.Session,
		ChallengeResponses: map[string]string{"USERNAME": "dave", "NEW_PASSWORD": "short"},
	})
	gatehousetest.RequireAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
	done, err := e.adm.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
		UserPoolId: aws.String(staffPool), ClientId: aws.String(staffClient),
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, Session: res.Session,
		ChallengeResponses: map[string]string{"USERNAME": "dave", "NEW_PASSWORD": "Dave-Passw0rd"},
	})
	if err != nil || done.AuthenticationResult == nil || done.AuthenticationResult.RefreshToken == nil {
		t.Fatalf("AdminRespondToAuthChallenge = %+v, %v", done, err)
	}
	_, claims := e.verifyJWT(staffPool, aws.ToString(done.AuthenticationResult.IdToken))
	if claims["cognito:username"] != "dave" || claims["email"] != "dave@example.com" || claims["aud"] != staffClient {
		t.Fatalf("ID token claims = %v", claims)
	}
	got, err := e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("DAVE")})
	if err != nil || got.UserStatus != types.UserStatusTypeConfirmed {
		t.Fatalf("AdminGetUser after the new password = %+v, %v", got, err)
	}

	// Taken usernames (case-insensitive), and RESEND.
	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("Dave")})
	gatehousetest.RequireAPIError(t, err, "UsernameExistsException", "User account already exists")
	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("dave"),
		MessageAction: types.MessageActionTypeResend})
	gatehousetest.RequireAPIError(t, err, "UnsupportedUserStateException", "Resend not possible. dave status is CONFIRMED")
	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("nobody"),
		MessageAction: types.MessageActionTypeResend})
	gatehousetest.RequireAPIError(t, err, "UserNotFoundException", "User does not exist.")
}

// Without a TemporaryPassword one is generated to satisfy the pool's
// policy; SMS is the default medium; SUPPRESS sends nothing; RESEND sends
// a new temporary password and the old one stops working.
func TestAdminCreateUserGeneratedPasswordAndMessages(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	_, err := e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(staffPool), Username: aws.String("erin"),
		UserAttributes: attributeList(map[string]string{"email": "erin@example.com", "phone_number": "+15555550123"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(e.outboxMessages("erin@example.com")); n != 0 {
		t.Fatalf("%d messages by email, want SMS only", n)
	}
	sms := e.outboxMessages("+15555550123")
	if len(sms) != 1 || sms[0].DeliveryMedium != messaging.SMS || sms[0].Subject != "" {
		t.Fatalf("SMS = %+v", sms)
	}
	first := sms[0].Code
	if len(first) < 12 || !strings.ContainsFunc(first, unicode.IsLower) || !strings.ContainsFunc(first, unicode.IsUpper) ||
		!strings.ContainsFunc(first, unicode.IsDigit) {
		t.Fatalf("generated password %q does not satisfy the policy", first)
	}
	if res, err := e.adminSignIn(staffPool, staffClient, "erin", first); err != nil || res.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatalf("sign-in with the generated password = %+v, %v", res, err)
	}

	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(staffPool), Username: aws.String("erin"), MessageAction: types.MessageActionTypeResend,
		DesiredDeliveryMediums: []types.DeliveryMediumType{types.DeliveryMediumTypeEmail, types.DeliveryMediumTypeSms},
	})
	if err != nil {
		t.Fatal(err)
	}
	second := e.outboxMessages("erin@example.com")
	if len(second) != 1 || second[0].Code == first || len(e.outboxMessages("+15555550123")) != 2 {
		t.Fatalf("RESEND messages = %+v", second)
	}
	_, err = e.adminSignIn(staffPool, staffClient, "erin", first)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	if _, err := e.adminSignIn(staffPool, staffClient, "erin", second[0].Code); err != nil {
		t.Fatalf("sign-in with the new temporary password: %v", err)
	}

	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(staffPool), Username: aws.String("frank"), MessageAction: types.MessageActionTypeSuppress,
		UserAttributes:         attributeList(map[string]string{"email": "frank@example.com"}),
		DesiredDeliveryMediums: []types.DeliveryMediumType{types.DeliveryMediumTypeEmail},
	})
	if err != nil || len(e.outboxMessages("frank@example.com")) != 0 {
		t.Fatalf("SUPPRESS: %v, %d messages", err, len(e.outboxMessages("frank@example.com")))
	}
}

// In a pool that signs users in by email, the username must be an email
// address; it becomes the email attribute, and the user's Username is the
// sub.
func TestAdminCreateUserEmailPool(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	out, err := e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(emailPool), Username: aws.String("Grace@Example.com"),
		TemporaryPassword: aws.String("Temp-Passw0rd!"), MessageAction: types.MessageActionTypeSuppress,
	})
	if err != nil {
		t.Fatal(err)
	}
	attrs := attributeMap(out.User.Attributes)
	if aws.ToString(out.User.Username) != attrs["sub"] || attrs["email"] != "Grace@Example.com" {
		t.Fatalf("User = %+v %v", out.User, attrs)
	}
	for _, name := range []string{"grace@example.com", attrs["sub"]} {
		got, err := e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(emailPool), Username: aws.String(name)})
		if err != nil || aws.ToString(got.Username) != attrs["sub"] {
			t.Fatalf("AdminGetUser %s = %+v, %v", name, got, err)
		}
	}
	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(emailPool), Username: aws.String("grace@example.com")})
	gatehousetest.RequireAPIError(t, err, "UsernameExistsException", "An account with the given email already exists.")
	_, err = e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(emailPool), Username: aws.String("grace")})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Username should be an email.")
}

// The errors of AdminCreateUser's input, each with Cognito's text.
func TestAdminCreateUserErrors(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	create := func(in *cip.AdminCreateUserInput) error {
		_, err := e.adm.AdminCreateUser(ctx, in)
		return err
	}
	gatehousetest.RequireAPIError(t, create(&cip.AdminCreateUserInput{UserPoolId: aws.String("us-east-1_Nowhere00"), Username: aws.String("x")}),
		"ResourceNotFoundException", "User pool us-east-1_Nowhere00 does not exist.")
	gatehousetest.RequireAPIError(t, create(&cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("x"),
		TemporaryPassword: aws.String("alllowercase1")}),
		"InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters")
	gatehousetest.RequireAPIError(t, create(&cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("x"),
		UserAttributes: attributeList(map[string]string{"email": "not an address"})}),
		"InvalidParameterException", "Invalid email address format.")
	gatehousetest.RequireAPIError(t, create(&cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("x"),
		UserAttributes: attributeList(map[string]string{"phone_number": "555-0100"})}),
		"InvalidParameterException", "Invalid phone number format.")
	gatehousetest.RequireAPIError(t, create(&cip.AdminCreateUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("x"),
		UserAttributes: attributeList(map[string]string{"favourite_colour": "blue"})}),
		"InvalidParameterException", "Attributes did not conform to the schema: favourite_colour: Attribute does not exist in the schema.\n")

	requireWireError(t, e.adminPost("AdminCreateUser", `{"UserPoolId":"us-east-1_StaffPool"}`),
		"InvalidParameterException", "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null")
	requireWireError(t, e.adminPost("AdminCreateUser", `{"UserPoolId":"bad pool","Username":"a b","MessageAction":"SHOUT"}`),
		"InvalidParameterException", "3 validation errors detected: "+
			"Value 'bad pool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; "+
			"Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+; "+
			"Value 'SHOUT' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]")
}

package userpool_test

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/messaging"
)

var codeRE = regexp.MustCompile(`^[0-9]{6}$`)

// SignUp in a pool that signs users in by email: an UNCONFIRMED user whose
// username is its sub, a code by email (in the outbox, with Cognito's
// default text), no sign-in before ConfirmSignUp, then sign-in by the email
// address with SRP and with USER_PASSWORD_AUTH, the email verified.
func TestSignUpConfirmSignIn(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	const email = "new.user@example.com"
	out, err := e.signUp(email, newPassword, types.AttributeType{Name: aws.String("name"), Value: aws.String("New User")})
	if err != nil {
		t.Fatal(err)
	}
	sub := aws.ToString(out.UserSub)
	if !uuidV4RE.MatchString(sub) || out.UserConfirmed {
		t.Fatalf("SignUp = sub %q, confirmed %v", sub, out.UserConfirmed)
	}
	d := out.CodeDeliveryDetails
	if d == nil || aws.ToString(d.Destination) != "n***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail ||
		aws.ToString(d.AttributeName) != "email" {
		t.Fatalf("CodeDeliveryDetails = %+v", d)
	}

	msgs := e.outbox(url.Values{"userPoolId": {demoPool}, "username": {sub}})
	if len(msgs) != 1 {
		t.Fatalf("outbox for %s = %+v", sub, msgs)
	}
	m := msgs[0]
	if m.Purpose != "SignUp" || m.DeliveryMedium != messaging.Email || m.Destination != email ||
		m.Subject != "Your verification code" || !codeRE.MatchString(m.Code) ||
		m.Body != "Your verification code is "+m.Code+". " || !m.Time.Equal(e.clock.Now()) {
		t.Fatalf("message = %+v", m)
	}
	if got := e.outbox(url.Values{"userPoolId": {namesPool}, "destination": {email}}); len(got) != 0 {
		t.Fatalf("outbox of another pool = %+v", got)
	}

	_, err = e.passwordAuth(demoClient, email, newPassword, nil)
	gatehousetest.RequireAPIError(t, err, "UserNotConfirmedException", "User is not confirmed.")

	if _, err := e.idp.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{
		ClientId: aws.String(demoClient), Username: aws.String(email), ConfirmationCode: aws.String(m.Code),
	}); err != nil {
		t.Fatal(err)
	}
	srp, err := e.srpSignIn(demoClient, demoPool, email, newPassword)
	if err != nil {
		t.Fatalf("SRP sign-in after confirmation: %v", err)
	}
	_, claims := e.verifyJWT(demoPool, aws.ToString(srp.AuthenticationResult.IdToken))
	if claims["sub"] != sub || claims["cognito:username"] != sub || claims["email"] != email ||
		claims["email_verified"] != true || claims["name"] != "New User" {
		t.Fatalf("ID token claims = %v", claims)
	}
	access := e.accessToken(email, newPassword)
	attrs := e.userAttributes(access)
	if attrs["sub"] != sub || attrs["email"] != email || attrs["email_verified"] != "true" {
		t.Fatalf("GetUser attributes = %v", attrs)
	}
	// The sub is a name of the user too.
	if _, err := e.passwordAuth(demoClient, sub, newPassword, nil); err != nil {
		t.Fatalf("sign-in by sub: %v", err)
	}
}

func TestSignUpErrors(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	e.signUpConfirmed("taken@example.com", newPassword)
	if _, err := e.signUp("pending@example.com", newPassword); err != nil {
		t.Fatal(err)
	}
	attr := func(name, value string) types.AttributeType {
		return types.AttributeType{Name: aws.String(name), Value: aws.String(value)}
	}
	tests := []struct {
		name    string
		in      cip.SignUpInput
		code    string
		message string
	}{
		{"username not an email", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("plainname"),
			Password: aws.String(newPassword)}, invalidParameter, "Username should be an email."},
		{"email taken", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("Taken@Example.com"),
			Password: aws.String(newPassword)}, "UsernameExistsException", "An account with the given email already exists."},
		{"email of an unconfirmed user", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("pending@example.com"),
			Password: aws.String(newPassword)}, "UsernameExistsException", "An account with the given email already exists."},
		{"seeded email", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String(demoUser),
			Password: aws.String(newPassword)}, "UsernameExistsException", "An account with the given email already exists."},
		{"username taken", cip.SignUpInput{ClientId: aws.String(namesClient), Username: aws.String("alice"),
			Password: aws.String("Long-enough-1"), SecretHash: aws.String(secretHash("alice", namesClient, namesSecret))},
			"UsernameExistsException", "User already exists"},
		{"password too short", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String("Sh0rt")}, "InvalidPasswordException", "Password did not conform with policy: Password not long enough"},
		{"password without uppercase", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String("lower-case-1")}, "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters"},
		{"password without number", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String("No-Numbers-Here")}, "InvalidPasswordException", "Password did not conform with policy: Password must have numeric characters"},
		{"verified flag", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String(newPassword), UserAttributes: []types.AttributeType{attr("email_verified", "true")}},
			notAuthorized, "A client attempted to write unauthorized attribute"},
		{"sub", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String(newPassword), UserAttributes: []types.AttributeType{attr("sub", "x")}},
			notAuthorized, "A client attempted to write unauthorized attribute"},
		{"attribute outside the schema", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String(newPassword), UserAttributes: []types.AttributeType{attr("phone", "1")}},
			invalidParameter, "Attributes did not conform to the schema: phone: Attribute does not exist in the schema.\n"},
		{"phone number format", cip.SignUpInput{ClientId: aws.String(demoClient), Username: aws.String("a@example.com"),
			Password: aws.String(newPassword), UserAttributes: []types.AttributeType{attr("phone_number", "555-0100")}},
			invalidParameter, "Invalid phone number format."},
		{"email format", cip.SignUpInput{ClientId: aws.String(namesClient), Username: aws.String("bob"),
			Password: aws.String("Long-enough-1"), SecretHash: aws.String(secretHash("bob", namesClient, namesSecret)),
			UserAttributes: []types.AttributeType{attr("email", "bob at example.com")}},
			invalidParameter, "Invalid email address format."},
		{"unknown client", cip.SignUpInput{ClientId: aws.String("nosuchclient0000000000000x"), Username: aws.String("a@example.com"),
			Password: aws.String(newPassword)}, "ResourceNotFoundException", "User pool client nosuchclient0000000000000x does not exist."},
		{"secret hash missing", cip.SignUpInput{ClientId: aws.String(namesClient), Username: aws.String("bob"),
			Password: aws.String("Long-enough-1")},
			notAuthorized, "Client " + namesClient + " is configured with secret but SECRET_HASH was not received"},
		{"secret hash wrong", cip.SignUpInput{ClientId: aws.String(namesClient), Username: aws.String("bob"),
			Password: aws.String("Long-enough-1"), SecretHash: aws.String(secretHash("bob", namesClient, "other"))},
			notAuthorized, "Unable to verify secret hash for client " + namesClient},
		{"phone pool, username not a phone number", cip.SignUpInput{ClientId: aws.String(phoneClient), Username: aws.String("a@example.com"),
			Password: aws.String(newPassword)}, invalidParameter, "Username should be a phone number."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.idp.SignUp(ctx, &tt.in)
			gatehousetest.RequireAPIError(t, err, tt.code, tt.message)
		})
	}
	if n := e.messagesTo("a@example.com"); n != 0 {
		t.Fatalf("refused sign-ups sent %d messages", n)
	}
}

// Requests the SDK would refuse to send get Cognito's validation errors.
func TestSelfServiceValidation(t *testing.T) {
	e := newSelfServiceEnv(t)
	const prefix = "1 validation error detected: Value null at '"
	const suffix = "' failed to satisfy constraint: Member must not be null"
	tests := []struct{ op, body, message string }{
		{"SignUp", `{"ClientId":"` + demoClient + `","Username":"a@example.com"}`, prefix + "password" + suffix},
		{"SignUp", `{"ClientId":"` + demoClient + `","Username":"a@example.com","Password":"x","UserAttributes":[{"Value":"v"}]}`,
			prefix + "userAttributes.1.member.name" + suffix},
		{"ConfirmSignUp", `{"ClientId":"` + demoClient + `","Username":"a@example.com"}`, prefix + "confirmationCode" + suffix},
		{"ResendConfirmationCode", `{"ClientId":"` + demoClient + `"}`, prefix + "username" + suffix},
		{"ForgotPassword", `{"Username":"a"}`, prefix + "clientId" + suffix},
		{"ConfirmForgotPassword", `{"ClientId":"c","Username":"a","ConfirmationCode":"1"}`, prefix + "password" + suffix},
		{"ChangePassword", `{"AccessToken":"t","PreviousPassword":"p"}`, prefix + "proposedPassword" + suffix},
		{"UpdateUserAttributes", `{"AccessToken":"t"}`, prefix + "userAttributes" + suffix},
		{"GetUserAttributeVerificationCode", `{"AccessToken":"t"}`, prefix + "attributeName" + suffix},
		{"VerifyUserAttribute", `{"AccessToken":"t","AttributeName":"email"}`, prefix + "code" + suffix},
		{"DeleteUser", `{}`, prefix + "accessToken" + suffix},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			status, typ, msg := e.postJSON(tt.op, tt.body)
			if status != 400 || typ != invalidParameter || msg != tt.message {
				t.Fatalf("%s = %d %s %q, want 400 %s %q", tt.op, status, typ, msg, invalidParameter, tt.message)
			}
		})
	}
	status, typ, _ := e.postJSON("SignUp", `{"ClientId":`)
	if status != 400 || typ == "" {
		t.Fatalf("malformed body = %d %s", status, typ)
	}
}

// A client with a secret: SignUp, ConfirmSignUp and ResendConfirmationCode
// need the SecretHash of the username given.
func TestSignUpWithSecretHash(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	const user, password = "Bob", "Long-enough-1"
	hash := aws.String(secretHash(user, namesClient, namesSecret))
	out, err := e.idp.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(namesClient), Username: aws.String(user),
		Password: aws.String(password), SecretHash: hash,
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("bob@example.com")}}})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.CodeDeliveryDetails.Destination) != "b***@e***" {
		t.Fatalf("CodeDeliveryDetails = %+v", out.CodeDeliveryDetails)
	}
	first := e.lastMessage("bob@example.com")
	if first.Username != user {
		t.Fatalf("message to %q, want the username %q", first.Username, user)
	}
	_, err = e.idp.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(namesClient),
		Username: aws.String(user)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Client "+namesClient+" is configured with secret but SECRET_HASH was not received")
	e.clock.Advance(time.Second) // the outbox orders messages by time
	if _, err := e.idp.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(namesClient),
		Username: aws.String(user), SecretHash: hash}); err != nil {
		t.Fatal(err)
	}
	code := e.lastMessage("bob@example.com").Code
	_, err = e.idp.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(namesClient), Username: aws.String(user),
		ConfirmationCode: aws.String(code), SecretHash: aws.String(secretHash(user, namesClient, "wrong"))})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Unable to verify secret hash for client "+namesClient)
	if _, err := e.idp.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(namesClient), Username: aws.String(user),
		ConfirmationCode: aws.String(code), SecretHash: hash}); err != nil {
		t.Fatal(err)
	}
	// Usernames are case-insensitive; the hash is of the name as given.
	if _, err := e.passwordAuth(namesClient, "bob", password,
		map[string]string{"SECRET_HASH": secretHash("bob", namesClient, namesSecret)}); err != nil {
		t.Fatalf("sign-in after confirmation: %v", err)
	}

	// In a pool that signs users in by email, the hash is of the address.
	email := "carol@example.com"
	if _, err := e.idp.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(secretEmailClient), Username: aws.String(email),
		Password: aws.String(newPassword), SecretHash: aws.String(secretHash(email, secretEmailClient, secretEmailSecret))}); err != nil {
		t.Fatal(err)
	}
}

// A pool that signs users in by phone number sends the code by SMS: no
// subject, the number masked but for its last four digits.
func TestSignUpPhonePool(t *testing.T) {
	e := newSelfServiceEnv(t)
	const phone = "+15555550123"
	out, err := e.idp.SignUp(context.Background(), &cip.SignUpInput{ClientId: aws.String(phoneClient),
		Username: aws.String(phone), Password: aws.String(newPassword)})
	if err != nil {
		t.Fatal(err)
	}
	d := out.CodeDeliveryDetails
	if aws.ToString(d.Destination) != "+*******0123" || d.DeliveryMedium != types.DeliveryMediumTypeSms ||
		aws.ToString(d.AttributeName) != "phone_number" {
		t.Fatalf("CodeDeliveryDetails = %+v", d)
	}
	m := e.lastMessage(phone)
	if m.DeliveryMedium != messaging.SMS || m.Subject != "" || m.Body != "Your verification code is "+m.Code+". " {
		t.Fatalf("message = %+v", m)
	}
	if _, err := e.idp.ConfirmSignUp(context.Background(), &cip.ConfirmSignUpInput{ClientId: aws.String(phoneClient),
		Username: aws.String(phone), ConfirmationCode: aws.String(m.Code)}); err != nil {
		t.Fatal(err)
	}
	res, err := e.passwordAuth(phoneClient, phone, newPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if attrs := e.userAttributes(aws.ToString(res.AuthenticationResult.AccessToken)); attrs["phone_number_verified"] != "true" {
		t.Fatalf("attributes after confirmation = %v", attrs)
	}
}

// A pool that verifies nothing sends no code, and cannot resend one.
func TestSignUpWithoutAutoVerification(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	out, err := e.idp.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(quietClient), Username: aws.String("dave"),
		Password:       aws.String(newPassword),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("dave@example.com")}}})
	if err != nil {
		t.Fatal(err)
	}
	if out.CodeDeliveryDetails != nil || out.UserConfirmed {
		t.Fatalf("SignUp = %+v", out)
	}
	if n := e.messagesTo("dave@example.com"); n != 0 {
		t.Fatalf("%d messages sent", n)
	}
	_, err = e.idp.ResendConfirmationCode(ctx, &cip.ResendConfirmationCodeInput{ClientId: aws.String(quietClient),
		Username: aws.String("dave")})
	gatehousetest.RequireAPIError(t, err, invalidParameter, "Cannot resend codes. Auto verification not turned on.")
	_, err = e.idp.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(quietClient),
		Username: aws.String("dave"), ConfirmationCode: aws.String("123456")})
	gatehousetest.RequireAPIError(t, err, "ExpiredCodeException", "Invalid code provided, please request a code again.")
}

// failingSink is a message sink whose deliveries fail, like an SMTP relay
// that is down.
type failingSink struct{}

func (failingSink) Send(context.Context, messaging.Message) error {
	return errors.New("relay down")
}

// A code the sink cannot deliver is CodeDeliveryFailureException; the user
// exists, and a code can be resent.
func TestCodeDeliveryFailure(t *testing.T) {
	e := newSelfServiceEnvWith(t, failingSink{})
	const email = "olga@example.com"
	_, err := e.signUp(email, newPassword)
	gatehousetest.RequireAPIError(t, err, "CodeDeliveryFailureException", "Invalid email provided/Unable to send the email")
	if !strings.Contains(e.logs.String(), `"msg":"code not delivered"`) || !strings.Contains(e.logs.String(), "relay down") {
		t.Fatalf("the failure is not logged:\n%s", e.logs)
	}
	_, err = e.signUp(email, newPassword)
	gatehousetest.RequireAPIError(t, err, "UsernameExistsException", "An account with the given email already exists.")
	_, err = e.resendConfirmationCode(email)
	gatehousetest.RequireAPIError(t, err, "CodeDeliveryFailureException", "Invalid email provided/Unable to send the email")
}

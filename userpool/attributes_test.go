package userpool_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

func (e *env) updateAttributes(accessToken string, nameValues ...string) (*cip.UpdateUserAttributesOutput, error) {
	var attrs []types.AttributeType
	for i := 0; i+1 < len(nameValues); i += 2 {
		attrs = append(attrs, types.AttributeType{Name: aws.String(nameValues[i]), Value: aws.String(nameValues[i+1])})
	}
	return e.idp.UpdateUserAttributes(context.Background(), &cip.UpdateUserAttributesInput{
		AccessToken: aws.String(accessToken), UserAttributes: attrs,
	})
}

func (e *env) verifyAttribute(accessToken, name, code string) error {
	_, err := e.idp.VerifyUserAttribute(context.Background(), &cip.VerifyUserAttributeInput{
		AccessToken: aws.String(accessToken), AttributeName: aws.String(name), Code: aws.String(code),
	})
	return err
}

func (e *env) attributeCode(accessToken, name string) (*types.CodeDeliveryDetailsType, error) {
	out, err := e.idp.GetUserAttributeVerificationCode(context.Background(), &cip.GetUserAttributeVerificationCodeInput{
		AccessToken: aws.String(accessToken), AttributeName: aws.String(name),
	})
	if err != nil {
		return nil, err
	}
	return out.CodeDeliveryDetails, nil
}

// A new email address in a pool that signs users in by email: unverified,
// a code to it, the new address signs in at once and the old one no
// longer; VerifyUserAttribute verifies it, and new ID tokens say so.
func TestUpdateEmail(t *testing.T) {
	e := newSelfServiceEnv(t)
	access := e.accessToken(demoUser, demoPassword)
	out, err := e.updateAttributes(access, "name", "Renamed", "custom:team", "red")
	if err != nil {
		t.Fatal(err)
	}
	if len(out.CodeDeliveryDetailsList) != 0 {
		t.Fatalf("codes for name changes: %+v", out.CodeDeliveryDetailsList)
	}
	const email = "moved@example.com"
	out, err = e.updateAttributes(access, "email", email)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.CodeDeliveryDetailsList) != 1 {
		t.Fatalf("CodeDeliveryDetailsList = %+v", out.CodeDeliveryDetailsList)
	}
	d := out.CodeDeliveryDetailsList[0]
	if aws.ToString(d.Destination) != "m***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail ||
		aws.ToString(d.AttributeName) != "email" {
		t.Fatalf("CodeDeliveryDetails = %+v", d)
	}
	attrs := e.userAttributes(access)
	if attrs["email"] != email || attrs["email_verified"] != "false" || attrs["name"] != "Renamed" || attrs["custom:team"] != "red" {
		t.Fatalf("attributes = %v", attrs)
	}
	m := e.lastMessage(email)
	if m.Purpose != "VerifyAttribute" || m.Body != "Your verification code is "+m.Code+". " {
		t.Fatalf("message = %+v", m)
	}
	_, err = e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	if _, err := e.srpSignIn(demoClient, demoPool, email, demoPassword); err != nil {
		t.Fatalf("sign-in by the new address: %v", err)
	}

	gatehousetest.RequireAPIError(t, e.verifyAttribute(access, "email", wrongCode(m.Code)), codeMismatch, mismatchText)
	if err := e.verifyAttribute(access, "email", m.Code); err != nil {
		t.Fatal(err)
	}
	if attrs := e.userAttributes(access); attrs["email_verified"] != "true" {
		t.Fatalf("attributes after verification = %v", attrs)
	}
	res, err := e.passwordAuth(demoClient, email, demoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, claims := e.verifyJWT(demoPool, aws.ToString(res.AuthenticationResult.IdToken))
	if claims["email"] != email || claims["email_verified"] != true {
		t.Fatalf("ID token claims = %v", claims)
	}
	// The old address is free for someone else.
	if _, err := e.signUp(demoUser, newPassword); err != nil {
		t.Fatalf("sign-up with the released address: %v", err)
	}
	// Setting the same address again changes nothing and sends nothing.
	n := e.messagesTo(email)
	if out, err := e.updateAttributes(access, "email", email); err != nil || len(out.CodeDeliveryDetailsList) != 0 || e.messagesTo(email) != n {
		t.Fatalf("same address: %+v, %v", out, err)
	}
}

func TestUpdateUserAttributesErrors(t *testing.T) {
	e := newSelfServiceEnv(t)
	e.signUpConfirmed("kim@example.com", newPassword)
	access := e.accessToken(demoUser, demoPassword)
	tests := []struct {
		name       string
		nameValues []string
		code       string
		message    string
	}{
		{"address of another user", []string{"email", "KIM@example.com"}, "AliasExistsException",
			"An account with the given email already exists."},
		{"verified flag", []string{"email_verified", "true"}, notAuthorized, "A client attempted to write unauthorized attribute"},
		{"sub", []string{"sub", "x"}, notAuthorized, "A client attempted to write unauthorized attribute"},
		{"outside the schema", []string{"nick", "x"}, invalidParameter, "user.nick: Attribute does not exist in the schema.\n"},
		{"email format", []string{"email", "no-at-sign"}, invalidParameter, "Invalid email address format."},
		{"removing the sign-in address", []string{"email", ""}, invalidParameter,
			"Attributes did not conform to the schema: email: the attribute is required\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.updateAttributes(access, tt.nameValues...)
			gatehousetest.RequireAPIError(t, err, tt.code, tt.message)
		})
	}
	if attrs := e.userAttributes(access); attrs["email"] != demoUser || attrs["email_verified"] != "true" {
		t.Fatalf("refused updates changed the user: %v", attrs)
	}
	_, err := e.updateAttributes("not-a-token", "name", "x")
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid Access Token")
}

// GetUserAttributeVerificationCode and VerifyUserAttribute for an address
// already set, the code expiring after 24 hours.
func TestAttributeVerificationCode(t *testing.T) {
	e := newSelfServiceEnv(t)
	ctx := context.Background()
	nv := "Nobody-Verified"
	signIn := func() string {
		res, err := e.passwordAuth(namesClient, nv, "Correct-Horse-9",
			map[string]string{"SECRET_HASH": secretHash(nv, namesClient, namesSecret)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(res.AuthenticationResult.AccessToken)
	}
	access := signIn()
	_, err := e.attributeCode(access, "name")
	gatehousetest.RequireAPIError(t, err, invalidParameter, "Invalid attribute name. Only phone_number and email can be verified")
	_, err = e.attributeCode(access, "phone_number")
	gatehousetest.RequireAPIError(t, err, invalidParameter, "User does not have a value for the attribute phone_number")
	gatehousetest.RequireAPIError(t, e.verifyAttribute(access, "email", "123456"), expiredCode, expiredText)

	d, err := e.attributeCode(access, "email")
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "n***@e***" || aws.ToString(d.AttributeName) != "email" {
		t.Fatalf("CodeDeliveryDetails = %+v", d)
	}
	code := e.lastMessage("nv@example.com").Code
	e.clock.Advance(24 * time.Hour)
	access = signIn()
	gatehousetest.RequireAPIError(t, e.verifyAttribute(access, "email", code), expiredCode, expiredText)

	if _, err := e.attributeCode(access, "email"); err != nil {
		t.Fatal(err)
	}
	code = e.lastMessage("nv@example.com").Code
	for range 5 {
		gatehousetest.RequireAPIError(t, e.verifyAttribute(access, "email", wrongCode(code)), codeMismatch, mismatchText)
	}
	gatehousetest.RequireAPIError(t, e.verifyAttribute(access, "email", code), limitExceeded, limitText)

	e.clock.Advance(time.Second)
	if _, err := e.attributeCode(access, "email"); err != nil {
		t.Fatal(err)
	}
	code = e.lastMessage("nv@example.com").Code
	// A code for an address that changed since does not verify the new one.
	if _, err := e.idp.UpdateUserAttributes(ctx, &cip.UpdateUserAttributesInput{AccessToken: aws.String(access),
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String("nv2@example.com")}}}); err != nil {
		t.Fatal(err)
	}
	gatehousetest.RequireAPIError(t, e.verifyAttribute(access, "email", code), codeMismatch, mismatchText)
	if err := e.verifyAttribute(access, "email", e.lastMessage("nv2@example.com").Code); err != nil {
		t.Fatal(err)
	}
	if attrs := e.userAttributes(access); attrs["email"] != "nv2@example.com" || attrs["email_verified"] != "true" {
		t.Fatalf("attributes = %v", attrs)
	}
	// Now the address can take a password reset code.
	e.clock.Advance(time.Second) // the outbox orders messages by time
	if _, err := e.forgotPassword(namesClient, nv, secretHash(nv, namesClient, namesSecret)); err != nil {
		t.Fatal(err)
	}
	if m := e.lastMessage("nv2@example.com"); m.Purpose != "ForgotPassword" {
		t.Fatalf("message = %+v", m)
	}
}

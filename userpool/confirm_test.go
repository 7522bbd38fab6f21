package userpool_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/store"
)

const (
	codeMismatch  = "CodeMismatchException"
	expiredCode   = "ExpiredCodeException"
	limitExceeded = "LimitExceededException"
	mismatchText  = "Invalid verification code provided, please try again."
	expiredText   = "Invalid code provided, please request a code again."
	limitText     = "Attempt limit exceeded, please try after some time."
)

func (e *env) confirmSignUp(username, code string) error {
	_, err := e.idp.ConfirmSignUp(context.Background(), &cip.ConfirmSignUpInput{
		ClientId: aws.String(demoClient), Username: aws.String(username), ConfirmationCode: aws.String(code),
	})
	return err
}

func (e *env) resendConfirmationCode(username string) (*types.CodeDeliveryDetailsType, error) {
	out, err := e.idp.ResendConfirmationCode(context.Background(), &cip.ResendConfirmationCodeInput{
		ClientId: aws.String(demoClient), Username: aws.String(username),
	})
	if err != nil {
		return nil, err
	}
	return out.CodeDeliveryDetails, nil
}

// wrongCode returns a code of six digits other than code.
func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

func TestConfirmSignUpErrors(t *testing.T) {
	e := newSelfServiceEnv(t)
	const email = "erin@example.com"
	if _, err := e.signUp(email, newPassword); err != nil {
		t.Fatal(err)
	}
	code := e.lastMessage(email).Code

	gatehousetest.RequireAPIError(t, e.confirmSignUp(email, wrongCode(code)), codeMismatch, mismatchText)
	// Unknown users get the answer of a wrong code, so as not to be told
	// apart from real ones.
	gatehousetest.RequireAPIError(t, e.confirmSignUp("nobody@example.com", code), codeMismatch, mismatchText)

	// A new code replaces the old one, which then is "expired".
	e.clock.Advance(time.Second)
	d, err := e.resendConfirmationCode(email)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "e***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail {
		t.Fatalf("ResendConfirmationCode = %+v", d)
	}
	newCode := e.lastMessage(email).Code
	if newCode == code {
		t.Skip("the random source repeated a code") // one chance in a million
	}
	gatehousetest.RequireAPIError(t, e.confirmSignUp(email, code), codeMismatch, mismatchText)
	if err := e.confirmSignUp(email, newCode); err != nil {
		t.Fatal(err)
	}
	// A code works once; a confirmed user cannot be confirmed again.
	gatehousetest.RequireAPIError(t, e.confirmSignUp(email, newCode), notAuthorized, "User cannot be confirmed. Current status is CONFIRMED")
	_, err = e.resendConfirmationCode(email)
	gatehousetest.RequireAPIError(t, err, invalidParameter, "User is already confirmed.")
	gatehousetest.RequireAPIError(t, e.confirmSignUp(demoUser, "123456"), notAuthorized, "User cannot be confirmed. Current status is CONFIRMED")
}

// Five wrong codes and the code stops working, the right one included; a
// new code works again.
func TestConfirmSignUpAttemptLimit(t *testing.T) {
	e := newSelfServiceEnv(t)
	const email = "frank@example.com"
	if _, err := e.signUp(email, newPassword); err != nil {
		t.Fatal(err)
	}
	code := e.lastMessage(email).Code
	for i := range 5 {
		if err := e.confirmSignUp(email, wrongCode(code)); err == nil {
			t.Fatalf("wrong code %d accepted", i+1)
		} else {
			gatehousetest.RequireAPIError(t, err, codeMismatch, mismatchText)
		}
	}
	gatehousetest.RequireAPIError(t, e.confirmSignUp(email, code), limitExceeded, limitText)
	gatehousetest.RequireAPIError(t, e.confirmSignUp(email, wrongCode(code)), limitExceeded, limitText)
	e.clock.Advance(time.Second)
	if _, err := e.resendConfirmationCode(email); err != nil {
		t.Fatal(err)
	}
	if err := e.confirmSignUp(email, e.lastMessage(email).Code); err != nil {
		t.Fatalf("a new code after the limit: %v", err)
	}
}

// Sign-up codes expire after 24 hours.
func TestConfirmSignUpCodeExpiry(t *testing.T) {
	e := newSelfServiceEnv(t)
	for _, tt := range []struct {
		email string
		after time.Duration
		err   bool
	}{
		{"grace@example.com", 24*time.Hour - time.Second, false},
		{"heidi@example.com", 24 * time.Hour, true},
	} {
		if _, err := e.signUp(tt.email, newPassword); err != nil {
			t.Fatal(err)
		}
		code := e.lastMessage(tt.email).Code
		e.clock.Advance(tt.after)
		err := e.confirmSignUp(tt.email, code)
		if tt.err {
			gatehousetest.RequireAPIError(t, err, expiredCode, expiredText)
		} else if err != nil {
			t.Fatalf("code %s old: %v", tt.after, err)
		}
	}
}

// ResendConfirmationCode answers an unknown or disabled user like a real
// one, and sends nothing.
func TestResendConfirmationCodeUnknownUser(t *testing.T) {
	e := newSelfServiceEnv(t)
	d, err := e.resendConfirmationCode("nobody@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "n***@e***" || d.DeliveryMedium != types.DeliveryMediumTypeEmail ||
		aws.ToString(d.AttributeName) != "email" {
		t.Fatalf("ResendConfirmationCode of an unknown user = %+v", d)
	}
	const email = "ivan@example.com"
	if _, err := e.signUp(email, newPassword); err != nil {
		t.Fatal(err)
	}
	if err := e.admin.SetUserEnabled(context.Background(), demoPool, email, false); err != nil {
		t.Fatal(err)
	}
	before := e.messagesTo(email)
	d, err = e.resendConfirmationCode(email)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.Destination) != "i***@e***" || e.messagesTo(email) != before {
		t.Fatalf("ResendConfirmationCode of a disabled user = %+v, %d messages", d, e.messagesTo(email)-before)
	}
	// A name that is no email address gets a made-up one, the same each time.
	out1, err := e.idp.ResendConfirmationCode(context.Background(), &cip.ResendConfirmationCodeInput{
		ClientId: aws.String(namesClient), Username: aws.String("zed"), SecretHash: aws.String(secretHash("zed", namesClient, namesSecret)),
	})
	if err != nil {
		t.Fatal(err)
	}
	out2, err := e.idp.ResendConfirmationCode(context.Background(), &cip.ResendConfirmationCodeInput{
		ClientId: aws.String(namesClient), Username: aws.String("zed"), SecretHash: aws.String(secretHash("zed", namesClient, namesSecret)),
	})
	if err != nil {
		t.Fatal(err)
	}
	dest := aws.ToString(out1.CodeDeliveryDetails.Destination)
	if len(dest) != len("z***@a***") || dest[:5] != "z***@" || dest != aws.ToString(out2.CodeDeliveryDetails.Destination) {
		t.Fatalf("made-up destinations %q, %q", dest, aws.ToString(out2.CodeDeliveryDetails.Destination))
	}
}

// The store keeps codes only as keyed hashes.
func TestCodesStoredHashed(t *testing.T) {
	e := newSelfServiceEnv(t)
	if _, err := e.signUp("mia@example.com", newPassword); err != nil {
		t.Fatal(err)
	}
	code := e.lastMessage("mia@example.com").Code
	recs, err := e.store.List(context.Background(), "userpool-code", store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("%d code records, want 1", len(recs))
	}
	if bytes.Contains(recs[0].Value, []byte(code)) {
		t.Fatalf("the code %s is stored in clear: %s", code, recs[0].Value)
	}
}

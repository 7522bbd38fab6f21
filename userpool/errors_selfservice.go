package userpool

import (
	"strings"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The errors of the self-service operations (sign-up, confirmation codes,
// password changes, attributes), in Cognito's words. Like the others, they
// are HTTP 400.

// Exception names of the self-service operations.
const (
	codeCodeMismatch        = "CodeMismatchException"
	codeExpiredCode         = "ExpiredCodeException"
	codeLimitExceeded       = "LimitExceededException"
	codeCodeDeliveryFailure = "CodeDeliveryFailureException"
)

// Confirmation and verification codes.
var (
	// errCodeMismatch answers a wrong code and, so as not to reveal which
	// users exist, any code for an unknown or disabled user.
	errCodeMismatch = apiError(codeCodeMismatch, "Invalid verification code provided, please try again.")
	// errExpiredCode answers a code past its expiry or already used, and a
	// confirmation when no code was sent.
	errExpiredCode = apiError(codeExpiredCode, "Invalid code provided, please request a code again.")
	// errAttemptLimitExceeded answers every attempt at a code after
	// maxCodeAttempts wrong ones, and a password change while the user is
	// locked out after wrong previous passwords.
	errAttemptLimitExceeded = apiError(codeLimitExceeded, "Attempt limit exceeded, please try after some time.")
	// errEmailDeliveryFailure and errSMSDeliveryFailure answer a code that
	// the message sink could not deliver.
	errEmailDeliveryFailure = apiError(codeCodeDeliveryFailure, "Invalid email provided/Unable to send the email")
	errSMSDeliveryFailure   = apiError(codeCodeDeliveryFailure, "Invalid phone number provided/Unable to send the message.")
)

// Sign-up and its confirmation.
var (
	// errSignUpUserExists answers SignUp of a username that is taken, in a
	// pool without username_attributes.
	errSignUpUserExists = apiError(codeUsernameExists, "User already exists")
	// errAlreadyConfirmed answers ResendConfirmationCode for a user who is
	// no longer UNCONFIRMED.
	errAlreadyConfirmed = apiError(codeInvalidParameter, "User is already confirmed.")
	// errAutoVerificationOff answers ResendConfirmationCode in a pool
	// without auto_verified_attributes, or for a user without the attribute.
	errAutoVerificationOff = apiError(codeInvalidParameter, "Cannot resend codes. Auto verification not turned on.")
)

// Passwords.

// errResetNotAllowed answers ForgotPassword for a user who still has the
// temporary password of AdminCreateUser.
var errResetNotAllowed = apiError(codeNotAuthorized, "User password cannot be reset in the current state.")

// Attributes.
var (
	// errUnauthorizedAttribute answers SignUp or UpdateUserAttributes that
	// write sub or a verified flag, which only Cognito sets.
	errUnauthorizedAttribute = apiError(codeNotAuthorized, "A client attempted to write unauthorized attribute")
	// errNotVerifiable answers GetUserAttributeVerificationCode and
	// VerifyUserAttribute for an attribute other than email and
	// phone_number.
	errNotVerifiable = apiError(codeInvalidParameter, "Invalid attribute name. Only phone_number and email can be verified")
)

// errNoAttributeValue answers GetUserAttributeVerificationCode and
// VerifyUserAttribute for an attribute the user does not have.
func errNoAttributeValue(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "User does not have a value for the attribute "+name)
}

// Schema failures, one line each, as Cognito lists them.

func requiredAttributeFailure(name string) string {
	return name + ": the attribute is required"
}

// errAttributeSchema answers attributes that do not fit the pool's schema:
// each failure on a line of its own, each line ended by a newline.
func errAttributeSchema(failures []string) *awsproto.Error {
	var b strings.Builder
	b.WriteString("Attributes did not conform to the schema: ")
	for _, f := range failures {
		b.WriteString(f)
		b.WriteString("\n")
	}
	return apiError(codeInvalidParameter, b.String())
}

package userpool

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
)

// The errors of the user-pool API, in one table: Cognito's exception names
// and messages, all HTTP 400. Handlers return these; the server writes the
// JSON 1.1 envelope. Messages that name a client or a parameter are
// functions.

// Exception names.
const (
	codeNotAuthorized         = "NotAuthorizedException"
	codeUserNotConfirmed      = "UserNotConfirmedException"
	codePasswordResetRequired = "PasswordResetRequiredException"
	codeResourceNotFound      = "ResourceNotFoundException"
	codeInvalidParameter      = "InvalidParameterException"
	codeInvalidPassword       = "InvalidPasswordException"
	codeUnauthorized          = "UnauthorizedException"
	codeUnsupportedTokenType  = "UnsupportedTokenTypeException"
	codeCodeMismatch          = "CodeMismatchException"
	codeExpiredCode           = "ExpiredCodeException"
	codeLimitExceeded         = "LimitExceededException"
	codeCodeDeliveryFailure   = "CodeDeliveryFailureException"
	codeUserNotFound          = "UserNotFoundException"
	codeUsernameExists        = "UsernameExistsException"
	codeAliasExists           = "AliasExistsException"
	codeGroupExists           = "GroupExistsException"
	codeUnsupportedUserState  = "UnsupportedUserStateException"
)

func apiError(code, message string) *awsproto.Error {
	return awsproto.NewError(http.StatusBadRequest, code, message)
}

// Sign-in.
var (
	// errIncorrectCredentials answers a wrong password and, so as not to
	// reveal which users exist, an unknown user.
	errIncorrectCredentials = apiError(codeNotAuthorized, "Incorrect username or password.")
	// errPasswordAttemptsExceeded answers every attempt while a user is
	// locked out after repeated failures.
	errPasswordAttemptsExceeded = apiError(codeNotAuthorized, "Password attempts exceeded")
	errUserDisabled             = apiError(codeNotAuthorized, "User is disabled.")
	errUserNotConfirmed         = apiError(codeUserNotConfirmed, "User is not confirmed.")
	errPasswordResetRequired    = apiError(codePasswordResetRequired, "Password reset required for the user")
	// errInvalidSession answers a NEW_PASSWORD_REQUIRED Session that does
	// not open, or that belongs to another client, user or state.
	errInvalidSession = apiError(codeNotAuthorized, "Invalid session for the user.")
	// errSessionExpired answers a Session or SECRET_BLOCK older than
	// challengeValidity.
	errSessionExpired = apiError(codeNotAuthorized, "Invalid session for the user, session is expired.")
)

// Refresh tokens.
var (
	errInvalidRefreshToken       = apiError(codeNotAuthorized, "Invalid Refresh Token")
	errRefreshTokenRevoked       = apiError(codeNotAuthorized, "Refresh Token has been revoked")
	errRefreshTokenExpired       = apiError(codeNotAuthorized, "Refresh Token has expired")
	errRefreshTokenOtherClient   = apiError(codeNotAuthorized, "Refresh Token has different Client")
	errRevokeUnsupportedToken    = apiError(codeUnsupportedTokenType, "The token type is not supported.")
	errRevokeTokenOfOtherClient  = apiError(codeUnauthorized, "The token was not issued to this client.")
	errRevokeInvalidClientSecret = apiError(codeUnauthorized, "Invalid client secret.")
)

// Access tokens.
var (
	errInvalidAccessToken = apiError(codeNotAuthorized, "Invalid Access Token")
	errAccessTokenExpired = apiError(codeNotAuthorized, "Access Token has expired")
	errAccessTokenRevoked = apiError(codeNotAuthorized, "Access Token has been revoked")
)

// Parameters and flows.
var (
	errUserPasswordAuthNotEnabled = apiError(codeInvalidParameter, "USER_PASSWORD_AUTH flow not enabled for this client")
	errUserSRPAuthNotEnabled      = apiError(codeInvalidParameter, "USER_SRP_AUTH is not enabled for the client.")
	errRefreshNotEnabled          = apiError(codeInvalidParameter, "Refresh Token flow not enabled for this client")
	// errAuthMethodNotSupported answers the ADMIN_ flows on InitiateAuth.
	errAuthMethodNotSupported = apiError(codeInvalidParameter, "Initiate Auth method not supported.")
	// errCustomAuthNotConfigured answers CUSTOM_AUTH: no pool of the
	// configuration has Lambda triggers.
	errCustomAuthNotConfigured = apiError(codeInvalidParameter, "Custom auth lambda trigger is not configured for the user pool.")
	// errUserAuthNotSupported answers the USER_AUTH (choice-based) flow,
	// which no client of the configuration can enable.
	errUserAuthNotSupported = apiError(codeInvalidParameter, "USER_AUTH flow not enabled for this client")
	// errInvalidSRPA answers an SRP_A that is not hexadecimal, is too long,
	// or is 0 modulo N.
	errInvalidSRPA = apiError(codeInvalidParameter, "Invalid SRP_A")
)

// errMissingParameter answers a required AuthParameters or
// ChallengeResponses entry that is absent or empty.
func errMissingParameter(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Missing required parameter "+name)
}

// Model validation: each failure is a clause, and Cognito reports them
// together: "2 validation errors detected: ...; ...".

func notNullFailure(member string) string {
	return "Value null at '" + member + "' failed to satisfy constraint: Member must not be null"
}

func enumFailure(member, value string, allowed []string) string {
	return "Value '" + value + "' at '" + member +
		"' failed to satisfy constraint: Member must satisfy enum value set: [" + strings.Join(allowed, ", ") + "]"
}

func errValidation(failures []string) *awsproto.Error {
	if len(failures) == 1 {
		return apiError(codeInvalidParameter, "1 validation error detected: "+failures[0])
	}
	return apiError(codeInvalidParameter, strconv.Itoa(len(failures))+" validation errors detected: "+strings.Join(failures, "; "))
}

// errUnsupportedChallenge answers a ChallengeName of the enum that this
// version does not serve (MFA, custom, device and WebAuthn challenges).
func errUnsupportedChallenge(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "The challenge "+name+" is not supported by this user pool.")
}

// errInvalidUserAttribute answers a userAttributes.* response that names an
// attribute the user cannot set.
func errInvalidUserAttribute(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Invalid user attributes: "+name+": Attribute cannot be updated.")
}

// Clients.

func errClientNotFound(clientID string) *awsproto.Error {
	return apiError(codeResourceNotFound, "User pool client "+clientID+" does not exist.")
}

func errSecretHashMissing(clientID string) *awsproto.Error {
	return apiError(codeNotAuthorized, "Client "+clientID+" is configured with secret but SECRET_HASH was not received")
}

func errSecretHashMismatch(clientID string) *awsproto.Error {
	return apiError(codeNotAuthorized, "Unable to verify secret hash for client "+clientID)
}

// errRefreshSecretHashMismatch is what the refresh flow answers to a
// SECRET_HASH that is not made with the user's internal username.
func errRefreshSecretHashMismatch(clientID string) *awsproto.Error {
	return apiError(codeNotAuthorized, "SecretHash does not match for the client: "+clientID)
}

// errRevokeSecretMissing answers RevokeToken without the ClientSecret of a
// client that has one.
func errRevokeSecretMissing(clientID string) *awsproto.Error {
	return apiError(codeUnauthorized, "Client "+clientID+" is configured for secret but secret was not received")
}

// errClientSecretMissing and errClientSecretMismatch answer
// GetTokensFromRefreshToken without the ClientSecret of a client that has
// one, or with another secret, in the words of RevokeToken and of the
// SECRET_HASH check (as NotAuthorizedException, which the operation
// declares, unlike RevokeToken's UnauthorizedException).
func errClientSecretMissing(clientID string) *awsproto.Error {
	return apiError(codeNotAuthorized, "Client "+clientID+" is configured for secret but secret was not received")
}

func errClientSecretMismatch(clientID string) *awsproto.Error {
	return apiError(codeNotAuthorized, "Unable to verify secret for client "+clientID)
}

// Password policy, in the order Cognito checks it.
var (
	errPasswordTooShort    = apiError(codeInvalidPassword, "Password did not conform with policy: Password not long enough")
	errPasswordNoLowercase = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have lowercase characters")
	errPasswordNoUppercase = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have uppercase characters")
	errPasswordNoNumber    = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have numeric characters")
	errPasswordNoSymbol    = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have symbol characters")
)

// Self-service operations (sign-up, confirmation codes, password changes,
// attributes).

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

// Administrative operations.

// Users.
var (
	errUserNotFound   = apiError(codeUserNotFound, "User does not exist.")
	errUsernameExists = apiError(codeUsernameExists, "User account already exists")
	// errResetNoDestination answers AdminResetUserPassword for a user with
	// neither a verified email address nor a verified phone number.
	errResetNoDestination = apiError(codeInvalidParameter,
		"Cannot reset password for the user as there is no registered/verified email or phone_number")
)

// errAliasTaken answers a new user, or a change of attributes, whose email
// address or phone number another user of a pool with username_attributes
// signs in with: UsernameExistsException when creating a user,
// AliasExistsException when updating one.
func errAliasTaken(code, attribute string) *awsproto.Error {
	return apiError(code, "An account with the given "+attribute+" already exists.")
}

// errUsernameNotAlias answers a new username that is not the email address
// or phone number a pool with username_attributes requires.
func errUsernameNotAlias(p *config.UserPool) *awsproto.Error {
	email, phone := false, false
	for _, a := range p.UsernameAttributes {
		email = email || a == config.AttributeEmail
		phone = phone || a == config.AttributePhoneNumber
	}
	switch {
	case email && phone:
		return apiError(codeInvalidParameter, "Username should be either an email or a phone number.")
	case email:
		return apiError(codeInvalidParameter, "Username should be an email.")
	}
	return apiError(codeInvalidParameter, "Username should be a phone number.")
}

// errResendNotPossible answers MessageAction RESEND for a user who is no
// longer waiting for an invitation.
func errResendNotPossible(username string, status UserStatus) *awsproto.Error {
	return apiError(codeUnsupportedUserState, "Resend not possible. "+username+" status is "+string(status))
}

// errCannotConfirm answers the confirmation of a user who is not
// UNCONFIRMED.
func errCannotConfirm(status UserStatus) *awsproto.Error {
	return apiError(codeNotAuthorized, "User cannot be confirmed. Current status is "+string(status))
}

// Pools, clients and groups.
var (
	errAuthFlowNotEnabled = apiError(codeInvalidParameter, "Auth flow not enabled for this client")
	errGroupExists        = apiError(codeGroupExists, "A group with the name already exists.")
	errGroupNotFound      = apiError(codeResourceNotFound, "Group not found.")
	// errInvalidPaginationToken answers a PaginationToken or NextToken the
	// service did not issue for that listing.
	errInvalidPaginationToken = apiError(codeInvalidParameter, "Invalid pagination token.")
)

func errPoolNotFound(poolID string) *awsproto.Error {
	return apiError(codeResourceNotFound, "User pool "+poolID+" does not exist.")
}

// errConfigPoolReadOnly answers a change to a pool of the configuration.
func errConfigPoolReadOnly(poolID string) *awsproto.Error {
	return apiError(codeInvalidParameter, "User pool "+poolID+
		" is defined in the Gatehouse configuration and cannot be changed through the API.")
}

// errConfigClientReadOnly answers a change to an app client of the
// configuration.
func errConfigClientReadOnly(clientID string) *awsproto.Error {
	return apiError(codeInvalidParameter, "User pool client "+clientID+
		" is defined in the Gatehouse configuration and cannot be changed through the API.")
}

// errConfigGroupReadOnly answers a change to a group of the configuration.
func errConfigGroupReadOnly(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Group "+name+
		" is defined in the Gatehouse configuration and cannot be changed through the API.")
}

// errAliasAndUsernameAttributes answers a pool with both.
var errAliasAndUsernameAttributes = apiError(codeInvalidParameter,
	"Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")

// errMFANeedsSMS answers CreateUserPool with MFA ON or OPTIONAL but no SMS
// configuration, or phone_number not auto-verified.
var errMFANeedsSMS = apiError(codeInvalidParameter,
	"SMS configuration and Auto verification for phone_number are required when MFA is required/optional")

// errDeletionProtected answers DeleteUserPool of a protected pool.
func errDeletionProtected(poolID string) *awsproto.Error {
	return apiError(codeInvalidParameter, "The user pool "+poolID+
		" cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.")
}

// Errors of client settings.
var (
	// errTokenValidityRange answers a validity outside Cognito's bounds:
	// 5 minutes to 1 day for access and ID tokens, 1 hour to 10 years for
	// refresh tokens, and refresh tokens outliving the others.
	errTokenValidityRange = apiError(codeInvalidParameter, "Invalid range for token validity.")
	// errMixedAuthFlows answers legacy explicit auth flows mixed with
	// ALLOW_ ones.
	errMixedAuthFlows = apiError(codeInvalidParameter, "Explicit auth flows can be either all legacy or all ALLOW_ values.")
)

// errInvalidEmail and errInvalidPhone answer an email address or phone
// number in a form no message can be sent to.
var (
	errInvalidEmail = apiError(codeInvalidParameter, "Invalid email address format.")
	errInvalidPhone = apiError(codeInvalidParameter, "Invalid phone number format.")
)

// errAttributeNotInSchema answers an attribute the pool does not have:
// creating reports it as a schema failure (as SignUp does), updating as
// Cognito's "user.<name>" line.
func errAttributeNotInSchema(name string, creating bool) *awsproto.Error {
	if creating {
		return apiError(codeInvalidParameter, "Attributes did not conform to the schema: "+name+": Attribute does not exist in the schema.\n")
	}
	return apiError(codeInvalidParameter, "user."+name+": Attribute does not exist in the schema.\n")
}

// ListUsers filters.
var errFilterSyntax = apiError(codeInvalidParameter, "Error while parsing filter.")

func errFilterAttribute(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Invalid search attribute: "+name)
}

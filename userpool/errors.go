package userpool

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The errors of the user-pool API: Cognito's exception names and messages,
// all HTTP 400. Handlers return these; the server writes the JSON 1.1
// envelope. Messages that name a client or a parameter are functions.

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

// Password policy, in the order Cognito checks it.
var (
	errPasswordTooShort    = apiError(codeInvalidPassword, "Password did not conform with policy: Password not long enough")
	errPasswordNoLowercase = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have lowercase characters")
	errPasswordNoUppercase = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have uppercase characters")
	errPasswordNoNumber    = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have numeric characters")
	errPasswordNoSymbol    = apiError(codeInvalidPassword, "Password did not conform with policy: Password must have symbol characters")
)

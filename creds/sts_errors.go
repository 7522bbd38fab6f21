package creds

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// The errors of STS, in one table: STS's codes, messages and HTTP statuses.
// Handlers return these; ServeHTTP writes the query protocol's XML
// ErrorResponse. Messages that carry a value are functions.

// Error codes.
const (
	codeMissingAuthToken      = "MissingAuthenticationToken"
	codeInvalidClientTokenID  = "InvalidClientTokenId"
	codeExpiredToken          = "ExpiredToken"
	codeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	codeIncompleteSignature   = "IncompleteSignature"
	codeValidation            = "ValidationError"
	codeAccessDenied          = "AccessDenied"
	codeInvalidIdentityToken  = "InvalidIdentityToken"
	// codeExpiredWebIdentity is an expired WebIdentityToken; an expired
	// session token of the caller is codeExpiredToken.
	codeExpiredWebIdentity = "ExpiredTokenException"
	codeMissingAction      = "MissingAction"
)

func stsError(status int, code, message string) *awsproto.Error {
	return awsproto.NewError(status, code, message)
}

// The caller's credentials.
var (
	errMissingAuthToken = stsError(http.StatusForbidden, codeMissingAuthToken, "Request is missing Authentication Token")
	errInvalidClient    = stsError(http.StatusForbidden, codeInvalidClientTokenID, "The security token included in the request is invalid")
	errExpiredToken     = stsError(http.StatusForbidden, codeExpiredToken, "The security token included in the request is expired")
)

// errMissingAction answers a query-protocol request without Action.
var errMissingAction = stsError(http.StatusBadRequest, codeMissingAction, "Missing Action")

// AssumeRoleWithWebIdentity.
var (
	errNotAuthorizedWebIdentity = stsError(http.StatusForbidden, codeAccessDenied, "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	errDurationExceedsMax       = stsError(http.StatusBadRequest, codeValidation, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	errNoVerificationKey        = invalidIdentityToken("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements")
	errNotAJWT                  = invalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
	errIncorrectAudience        = invalidIdentityToken("Incorrect token audience")
	errSessionPolicies          = stsError(http.StatusBadRequest, codeValidation, "Session policies (Policy, PolicyArns) are not supported by this server.")
)

func invalidIdentityToken(message string) *awsproto.Error {
	return stsError(http.StatusBadRequest, codeInvalidIdentityToken, message)
}

// errNoOIDCProvider: a token whose issuer is no user pool of the
// configuration and not Cognito Identity.
func errNoOIDCProvider(iss string) *awsproto.Error {
	return invalidIdentityToken("No OpenIDConnect provider found in your account for " + iss)
}

// errMissingClaim: a token without a claim STS requires (aud, sub, exp).
func errMissingClaim(claim string) *awsproto.Error {
	return invalidIdentityToken("Missing a required claim: " + claim)
}

// errWebIdentityExpired: a WebIdentityToken whose exp has passed.
func errWebIdentityExpired(now time.Time, exp int64) *awsproto.Error {
	return stsError(http.StatusBadRequest, codeExpiredWebIdentity, "Token expired: current date/time "+
		strconv.FormatInt(now.Unix(), 10)+" must be before the expiration date/time "+strconv.FormatInt(exp, 10))
}

// validationErrors collects the parameter constraint violations of a
// request, which AWS reports together:
//
//	2 validation errors detected: Value 'x' at 'roleSessionName' failed to
//	satisfy constraint: Member must have length greater than or equal to 2;
//	Value null at 'roleArn' failed to satisfy constraint: Member must not be null
type validationErrors []string

// add records that value (nil for a missing parameter; a sensitive one is
// not echoed) at member violates constraint.
func (v *validationErrors) add(member string, value *string, sensitive bool, constraint string) {
	var b strings.Builder
	b.WriteString("Value ")
	switch {
	case value == nil:
		b.WriteString("null ")
	case !sensitive:
		b.WriteString("'" + *value + "' ")
	}
	b.WriteString("at '" + member + "' failed to satisfy constraint: Member must " + constraint)
	*v = append(*v, b.String())
}

// err returns the ValidationError of the violations, or nil.
func (v validationErrors) err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return stsError(http.StatusBadRequest, codeValidation, "1 validation error detected: "+v[0])
	}
	return stsError(http.StatusBadRequest, codeValidation,
		strconv.Itoa(len(v))+" validation errors detected: "+strings.Join(v, "; "))
}

// sigV4Error renders a SigV4 verification failure as STS does: its own
// codes for unknown and expired credentials and bad signatures, all HTTP
// 403, with sigv4's messages where STS's words are the same. Other errors
// (a failed lookup) are returned as they are and stay internal.
func sigV4Error(err error) error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Kind {
	case sigv4.KindMissingAuthenticationToken:
		return errMissingAuthToken
	case sigv4.KindUnrecognizedClient:
		return errInvalidClient
	case sigv4.KindExpiredToken:
		return errExpiredToken
	case sigv4.KindIncompleteSignature:
		return stsError(http.StatusBadRequest, codeIncompleteSignature, se.Message)
	case sigv4.KindSignatureExpired, sigv4.KindSignatureNotYetCurrent, sigv4.KindHostNotSigned,
		sigv4.KindCredentialScope, sigv4.KindSignatureDoesNotMatch, sigv4.KindContentSHA256Mismatch:
		return stsError(http.StatusForbidden, codeSignatureDoesNotMatch, se.Message)
	}
	return stsError(se.Status, se.Code, se.Message)
}

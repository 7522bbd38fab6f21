package identitypool

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The errors of the Cognito Identity API, in one table: AWS's exception
// names and messages, all HTTP 400. Handlers return these; the server writes
// the JSON 1.1 envelope. Messages that name a resource are functions.

// Exception names.
const (
	codeNotAuthorized     = "NotAuthorizedException"
	codeResourceNotFound  = "ResourceNotFoundException"
	codeInvalidParameter  = "InvalidParameterException"
	codeInvalidPoolConfig = "InvalidIdentityPoolConfigurationException"
	codeValidation        = "ValidationException"
)

func apiError(code, message string) *awsproto.Error {
	return awsproto.NewError(http.StatusBadRequest, code, message)
}

// Logins: each token of the Logins map is checked in this order, and the
// first failure answers.
var (
	// errNotOpenIDToken answers a token that is not a JWS, whose payload is
	// not a JSON object, or that lacks a sub or is not an ID token.
	errNotOpenIDToken = apiError(codeNotAuthorized, "Invalid login token. Not a valid OpenId Connect identity token.")
	// errIssuerMismatch answers a token whose "iss" is not the provider
	// the Logins key names.
	errIssuerMismatch = apiError(codeNotAuthorized, "Invalid login token. Issuer doesn't match providerName")
	// errUnsupportedProvider answers a provider the identity pool does not
	// have, or a token of an app client the pool does not accept.
	errUnsupportedProvider = apiError(codeNotAuthorized, "Token is not from a supported provider of this identity pool.")
	// errSignature answers a token whose signature does not verify with a
	// key of the ring that has not retired.
	errSignature = apiError(codeNotAuthorized, "Invalid login token. Couldn't verify signed token.")
	// errMissingAudience answers a token without "aud", such as an access
	// token.
	errMissingAudience = apiError(codeNotAuthorized, "Invalid login token. Missing a required claim: aud")
)

// errTokenExpired answers a token whose "exp" has passed: now and exp in
// epoch seconds.
func errTokenExpired(now, exp int64) *awsproto.Error {
	return apiError(codeNotAuthorized, "Invalid login token. Token expired: "+
		strconv.FormatInt(now, 10)+" >= "+strconv.FormatInt(exp, 10))
}

// Identities and credentials.
var (
	errUnauthenticatedNotSupported = apiError(codeNotAuthorized, "Unauthenticated access is not supported for this identity pool.")
	// errLoginsDontMatch answers logins none of which is linked to the
	// identity.
	errLoginsDontMatch = apiError(codeNotAuthorized, "Logins don't match. Please include at least one valid login for this identity or identity pool.")
	// errInvalidPoolConfiguration answers an identity pool without the
	// role an identity needs (or with a role the configuration lacks).
	errInvalidPoolConfiguration = apiError(codeInvalidPoolConfig, "Invalid identity pool configuration. Check assigned IAM roles for this pool.")
	// errClassicFlowDisabled answers GetOpenIdToken for a pool whose
	// AllowClassicFlow is false.
	errClassicFlowDisabled = apiError(codeInvalidParameter, "Basic (classic) flow is not enabled, please use enhanced flow.")
)

func errPoolNotFound(poolID string) *awsproto.Error {
	return apiError(codeResourceNotFound, "IdentityPool '"+poolID+"' not found.")
}

func errIdentityNotFound(identityID string) *awsproto.Error {
	return apiError(codeResourceNotFound, "Identity '"+identityID+"' not found.")
}

// errIdentityForbidden answers a request without logins for an
// authenticated identity.
func errIdentityForbidden(identityID string) *awsproto.Error {
	return apiError(codeNotAuthorized, "Access to Identity '"+identityID+"' is forbidden.")
}

// errRoleForbidden answers a role the configuration does not declare (in
// SetIdentityPoolRoles), and a CustomRoleArn the identity may not assume.
func errRoleForbidden(roleARN string) *awsproto.Error {
	return apiError(codeNotAuthorized, "Access to Role '"+roleARN+"' is forbidden.")
}

// errAmbiguousRoleDenied answers a role mapping that finds no role when its
// AmbiguousRoleResolution is Deny; key is the mapping's key,
// "{providerName}:{clientId}".
func errAmbiguousRoleDenied(key string) *awsproto.Error {
	return apiError(codeNotAuthorized, "The ambiguous role mapping rules for: "+key+" denied this request.")
}

// Identity pools managed through the API.
var (
	// errInvalidPaginationToken answers a NextToken the service did not
	// issue for that listing.
	errInvalidPaginationToken = apiError(codeInvalidParameter, "Invalid pagination token.")
	// errDuplicateProvider answers CognitoIdentityProviders that name one
	// app client of a provider twice.
	errDuplicateProvider = apiError(codeInvalidParameter, "Duplicate provider name in CognitoIdentityProviders.")
)

// errConfigPoolReadOnly answers a change to a pool of the configuration.
func errConfigPoolReadOnly(poolID string) *awsproto.Error {
	return apiError(codeInvalidParameter, "IdentityPool '"+poolID+
		"' is defined in the Gatehouse configuration and cannot be changed through the API.")
}

// errInvalidProviderName answers a CognitoIdentityProviders entry that does
// not name a user pool as cognito-idp.{region}.amazonaws.com/{poolId} (only
// Cognito user pools are identity providers).
func errInvalidProviderName(name string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Invalid provider name: "+name)
}

// errInvalidRoleMapping answers a RoleMappings entry that is not a
// provider of the pool or whose settings do not fit its type.
func errInvalidRoleMapping(key, why string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Invalid role mapping for "+key+": "+why)
}

// errInvalidRolesKey answers a Roles key other than authenticated and
// unauthenticated.
func errInvalidRolesKey(key string) *awsproto.Error {
	return apiError(codeInvalidParameter, "Invalid role key: "+key+". Valid keys are authenticated and unauthenticated.")
}

// Model validation: each failure is a clause, and AWS reports them
// together: "2 validation errors detected: ...; ...".

func notNullFailure(member string) string {
	return "Value null at '" + member + "' failed to satisfy constraint: Member must not be null"
}

func patternFailure(member, value, pattern string) string {
	return "Value '" + value + "' at '" + member +
		"' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern
}

func maxLengthFailure(member, value string, n int) string {
	return "Value '" + value + "' at '" + member +
		"' failed to satisfy constraint: Member must have length less than or equal to " + strconv.Itoa(n)
}

func minLengthFailure(member, value string, n int) string {
	return "Value '" + value + "' at '" + member +
		"' failed to satisfy constraint: Member must have length greater than or equal to " + strconv.Itoa(n)
}

func rangeFailure(member string, value, lo, hi int) string {
	v := strconv.Itoa(value)
	if value < lo {
		return "Value '" + v + "' at '" + member +
			"' failed to satisfy constraint: Member must have value greater than or equal to " + strconv.Itoa(lo)
	}
	return "Value '" + v + "' at '" + member +
		"' failed to satisfy constraint: Member must have value less than or equal to " + strconv.Itoa(hi)
}

func errValidation(failures []string) *awsproto.Error {
	if len(failures) == 1 {
		return apiError(codeValidation, "1 validation error detected: "+failures[0])
	}
	return apiError(codeValidation, strconv.Itoa(len(failures))+" validation errors detected: "+strings.Join(failures, "; "))
}

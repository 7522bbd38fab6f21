package creds

import (
	"time"

	"github.com/gatehouse-dev/gatehouse/policy"
)

// PrincipalType says what kind of AWS identity signed a request.
type PrincipalType string

// Principal types, in IAM's words.
const (
	IAMUser     PrincipalType = "IAMUser"
	AssumedRole PrincipalType = "AssumedRole"
)

// Principal is the identity behind an access key: what the gateway puts in
// the request context and what IAM policies are evaluated for.
//
// For an IAM user, ARN is arn:aws:iam::{acct}:user/{name} and UniqueID its
// AIDA… id. For temporary credentials (an assumed role), ARN is
// arn:aws:sts::{acct}:assumed-role/{roleName}/{sessionName}, UniqueID the
// role's AROA… id, and the session fields say whose credentials they are.
type Principal struct {
	Type      PrincipalType
	ARN       string
	AccountID string
	// Name is the IAM user's name, or the assumed role's name.
	Name        string
	UniqueID    string
	AccessKeyID string
	// Policies are the user's, or the role's, IAM policies.
	Policies []policy.Document

	// The session of temporary credentials; empty for IAM users.
	RoleARN     string
	SessionName string
	// IdentityID and IdentityPoolID are the Cognito identity's, when an
	// identity pool (or its OpenID token) issued the credentials.
	IdentityID     string
	IdentityPoolID string
	// AuthType is "authenticated", "unauthenticated" or "".
	AuthType string
	// Provider is the login provider of the identity, as in Logins
	// ("cognito-idp.{region}.amazonaws.com/{poolId}"), or "".
	Provider string
	// Sub is the user pool user's sub, or "".
	Sub        string
	Expiration time.Time

	// userID and signIn are UserID() and CognitoSignIn(), computed once
	// by the Lookup that shares the principal between requests; "" in a
	// Principal built elsewhere, whose methods compute them each time.
	userID, signIn string
}

// precompute remembers the strings of p that every request of p needs.
// p must not change afterwards.
func (p *Principal) precompute() {
	p.userID = p.UserID()
	p.signIn = p.CognitoSignIn()
}

// UserID is the caller's id as GetCallerIdentity's UserId and API
// Gateway's requestContext.identity.caller and .user give it: the unique
// id of an IAM user, "{roleId}:{sessionName}" for an assumed role.
func (p *Principal) UserID() string {
	if p.userID != "" {
		return p.userID
	}
	if p.Type == AssumedRole {
		return p.UniqueID + ":" + p.SessionName
	}
	return p.UniqueID
}

// CognitoAuthenticationProvider is API Gateway's
// requestContext.identity.cognitoAuthenticationProvider for a user pool
// identity: "{provider},{provider}:CognitoSignIn:{sub}". It is "" when the
// credentials are not those of a signed-in user pool user.
func (p *Principal) CognitoAuthenticationProvider() string {
	if p.Provider == "" || p.Sub == "" {
		return ""
	}
	return p.Provider + "," + p.CognitoSignIn()
}

// CognitoSignIn is "{provider}:CognitoSignIn:{sub}", the last value of the
// cognito-identity.amazonaws.com:amr of a signed-in user pool user, or ""
// without a provider or sub.
func (p *Principal) CognitoSignIn() string {
	if p.signIn != "" {
		return p.signIn
	}
	if p.Provider == "" || p.Sub == "" {
		return ""
	}
	return p.Provider + ":CognitoSignIn:" + p.Sub
}

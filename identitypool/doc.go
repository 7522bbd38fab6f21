// Package identitypool serves Cognito identity pools (the
// AWSCognitoIdentityService JSON 1.1 API) for the pools of the configuration
// and those created through the API, wire-compatible with AWS so that
// aws-sdk's CognitoIdentityCredentials, fromCognitoIdentityPool, Amplify,
// the AWS CLI and boto3 work unchanged:
//
//   - identities: GetId gives the user of a Logins map one identity id,
//     {region}:{uuid}, per (pool, provider, sub), the same every time and on
//     every node (identities.go); without logins it creates an
//     unauthenticated identity, when the pool allows them, which becomes
//     the user's when a later call links a login to it;
//   - Logins: each ID token of a user pool provider,
//     cognito-idp.{region}.amazonaws.com/{userPoolId}, is checked (logins.go):
//     RS256 signature by a key of the ring, "iss" the provider (or the
//     issuer the configuration gives the user pool), "aud" an app client
//     the identity pool accepts for the provider, token_use id, not
//     expired; each failure answers with AWS's message. Verified tokens are
//     cached, so a client calling again with one token costs no RSA
//     verification. For a provider with ServerSideTokenCheck, the user
//     pools (Options.TokenChecker) then confirm on every call that the
//     token's user has not been signed out, deleted or disabled since
//     (tokencheck.go);
//   - credentials (the enhanced flow): GetCredentialsForIdentity mints
//     temporary credentials with creds.Minter, session name
//     CognitoIdentityCredentials, for the role roles.go chooses: the pool's
//     authenticated or unauthenticated role, or the role mapping of the
//     provider's app client (Token: cognito:preferred_role and
//     cognito:roles; Rules: Equals, Contains, StartsWith, NotEqual on
//     claims; AmbiguousRoleResolution AuthenticatedRole or Deny), with
//     CustomRoleArn among the token's roles. Expiration is epoch seconds,
//     a JSON number;
//   - the basic flow: GetOpenIdToken returns an OpenID token that STS's
//     AssumeRoleWithWebIdentity accepts; its keys are served at
//     GET /.well-known/jwks_uri, with a discovery document at
//     GET /.well-known/openid-configuration;
//   - identities and pools: DescribeIdentity, ListIdentities and
//     DeleteIdentities; DescribeIdentityPool, ListIdentityPools and
//     GetIdentityPoolRoles, unsigned or signed; CreateIdentityPool,
//     UpdateIdentityPool, DeleteIdentityPool and SetIdentityPoolRoles,
//     SigV4-signed with the keys of an IAM user of the configuration
//     (adminauth.go). Pools of the configuration are read-only; pools
//     created through the API are store records (ids {region}:{uuid}),
//     seen by other nodes within 5 s. Only Cognito user pools are identity
//     providers.
//
// # OpenID tokens
//
// GetOpenIdToken's token is an RS256 JWS signed with the key ring's active
// signing key (its kid in the header; the same keys as the user pools'
// tokens), valid for 10 minutes as on AWS, with the claims:
//
//	iss  "https://cognito-identity.amazonaws.com" (OpenIDIssuer)
//	sub  the identity id, {region}:{uuid}
//	aud  the identity pool id
//	amr  ["authenticated", "{provider}", "{provider}:CognitoSignIn:{sub}"]
//	     for an identity that signed in with {provider}, the user's {sub};
//	     ["unauthenticated"] for an unauthenticated identity
//	iat, exp  epoch seconds
//
// # Storage
//
// Identities are found by id (GetCredentialsForIdentity names no pool), and
// indexed by a login record per (pool, provider, sub), created with Create
// so that concurrent GetId calls agree on one identity, and a member record
// per (pool, identity) for listing. GetId reads one login record,
// GetCredentialsForIdentity one identity record. Credentials are not
// stored: the session token seals them (see creds).
//
// Handlers return errors from the table in errors.go; the server renders
// them in the JSON 1.1 envelope.
package identitypool

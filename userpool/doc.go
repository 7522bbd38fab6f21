// Package userpool serves Cognito user pools (the
// AWSCognitoIdentityProviderService JSON 1.1 API) for the pools and app
// clients of the configuration and those created through the API,
// wire-compatible with AWS so that
// amazon-cognito-identity-js, Amplify and the AWS SDKs work unchanged:
//
//   - users: seeded from the configuration at Start, kept in the store;
//     usernames are case-insensitive, and pools with username_attributes
//     sign users in by email or phone number (an alias of the internal
//     username, which is then the user's sub, as in Cognito);
//   - sign-in: InitiateAuth with USER_SRP_AUTH (real SRP, see internal/srp),
//     USER_PASSWORD_AUTH and REFRESH_TOKEN(_AUTH), and
//     GetTokensFromRefreshToken (without rotation); RespondToAuthChallenge
//     with PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED; SECRET_HASH,
//     explicit auth flows, lockout after repeated failures, and Cognito's
//     "prevent user existence errors" behaviour;
//   - tokens: RS256 ID and access tokens signed with the key ring's active
//     key, opaque refresh tokens stored hashed; GetUser, GlobalSignOut and
//     RevokeToken;
//   - self-service: SignUp and ConfirmSignUp, ResendConfirmationCode,
//     ForgotPassword and ConfirmForgotPassword, ChangePassword,
//     UpdateUserAttributes, GetUserAttributeVerificationCode,
//     VerifyUserAttribute and DeleteUser; their six-digit codes are sent
//     through the messaging.Sink and stored only as keyed hashes (codes.go);
//   - administration, SigV4-signed with the keys of an IAM user of the
//     configuration and allowed by its IAM policies (adminauth.go):
//     AdminCreateUser and the other Admin* user
//     operations, AdminInitiateAuth and AdminRespondToAuthChallenge,
//     ListUsers with Cognito's filters, groups (which reach the tokens),
//     and CreateUserPool / CreateUserPoolClient with their Describe, List
//     and Delete. Pools and clients created through the API are store
//     records found by the same lookup as the configuration's (catalog.go),
//     which stay read-only; client secrets are encrypted at rest;
//   - the JWKS and OpenID discovery documents of each pool.
//
// Passwords are never stored or logged: a user has a salt and an SRP
// verifier, the verifier encrypted at rest under the master key.
// USER_PASSWORD_AUTH checks a password by recomputing the verifier.
//
// No sign-in state is kept in memory. The SRP challenge's SECRET_BLOCK and
// the Session of NEW_PASSWORD_REQUIRED are sealed with the key ring and
// carried by the client; users, refresh tokens and lockout counters are in
// the store, changed with Store.Update. Any node sharing the store and the
// ring can answer any step.
//
// Handlers return errors from the table in errors.go; the server renders
// them in the JSON 1.1 envelope.
package userpool

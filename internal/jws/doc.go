// Package jws signs and verifies the RS256 JSON Web Tokens of Gatehouse
// with the key ring's signing keys: a Signer signs with the active key,
// putting its kid in the header, and Parse and Token.Verify check a token
// against the keys that have not retired (the JWKS). The user pools' ID
// and access tokens and the identity pools' OpenID tokens share them.
package jws

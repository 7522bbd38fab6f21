// Package creds owns AWS credentials as Gatehouse sees them and the STS
// operations on them.
//
//   - Lookup (a sigv4.CredentialLookup) finds the secret and the Principal
//     of an access key: the long-term keys of the configuration's IAM
//     users and, built WithSessions, temporary credentials.
//   - Minter mints temporary credentials ("ASIA" access key id, secret,
//     session token) for a role of the configuration and opens them again.
//     The session token seals the whole session (AES-256-GCM under the key
//     ring's active sealing key, associated data "gatehouse-session-v1"):
//     role, session name, Cognito identity, issue and expiry times. The
//     keys are derived from the sealed token under the same key
//     (keys.Ring.SealDerived) rather than carried in it.
//     Opening it reads no store, so every node sharing the key ring
//     verifies credentials any node minted; a token stays valid until it
//     expires or its sealing key retires.
//   - STS serves the query protocol of AWS STS: GetCallerIdentity and
//     AssumeRoleWithWebIdentity (for user pool ID tokens and identity pool
//     OpenID tokens), with STS's XML errors.
//
// Identity pools mint their credentials with the same Minter.
package creds

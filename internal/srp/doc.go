// Package srp implements the variant of SRP-6a that Amazon Cognito user pools
// use for the USER_SRP_AUTH flow, on both sides: the server half (verifier,
// SRP_B, checking PASSWORD_CLAIM_SIGNATURE) for the user-pool service, and
// the client half (SRP_A, the password key, the claim) for the Go SDK.
//
// The package owns the group and the arithmetic, and the exact byte layouts
// that make Gatehouse interoperate with amazon-cognito-identity-js, Amplify
// and the other Cognito clients:
//
//	N     the 3072-bit MODP prime of RFC 3526, g = 2
//	k     = H(pad(N) ‖ pad(g))
//	x     = H(pad(salt) ‖ H(poolName ‖ userIdForSRP ‖ ":" ‖ password))
//	v     = g^x mod N                      (the stored verifier)
//	A     = g^a mod N,  B = (k·v + g^b) mod N
//	u     = H(pad(A) ‖ pad(B))
//	S     = (B − k·g^x)^(a + u·x) mod N    (client)
//	      = (A·v^u)^b mod N                (server)
//	key   = HKDF-SHA256(salt = pad(u), ikm = pad(S), info = "Caldera Derived Key")[:16]
//	claim = base64(HMAC-SHA256(key, poolName ‖ userIdForSRP ‖ secretBlock ‖ TIMESTAMP))
//
// H is SHA-256, pad is the minimal two's-complement big-endian encoding of
// an integer (PadHex), and poolName is the part of the user pool id after
// the underscore (PoolName). TIMESTAMP looks like "Tue Mar 5 09:04:05 UTC
// 2024" (FormatTimestamp).
//
// Numbers travel as hexadecimal strings (SRP_A, SRP_B, SALT); ParseHexInt
// reads them strictly and with a bounded length. A ≡ 0 (mod N) is refused by
// the server, B ≡ 0 (mod N) and u = 0 by the client.
//
// Secret exponents a and b are 256 bits drawn from an injected io.Reader:
// the derived key has 128 bits, so longer exponents would add cost and no
// strength. On the server side, powers of g (g^b, and g^x for verifiers)
// use a table built once, on first use, and never changed (fixedbase.go);
// the client side does without. The arithmetic is math/big, which is not
// constant-time.
//
// Policy (which errors Cognito reports, timestamp windows, where the secret
// exponent b is kept between InitiateAuth and RespondToAuthChallenge)
// belongs to the user-pool service; ServerSession.Secret and
// ServerSessionFromSecret let it seal b into SECRET_BLOCK.
package srp

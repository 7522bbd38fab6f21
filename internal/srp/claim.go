package srp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// ClaimSignature returns PASSWORD_CLAIM_SIGNATURE:
// base64(HMAC-SHA256(key, poolName ‖ userIDForSRP ‖ secretBlock ‖ timestamp)),
// where key is a PasswordKey, secretBlock the base64-decoded SECRET_BLOCK
// and timestamp the TIMESTAMP challenge response (FormatTimestamp).
func ClaimSignature(key []byte, poolName, userIDForSRP string, secretBlock []byte, timestamp string) string {
	return base64.StdEncoding.EncodeToString(claimMAC(key, poolName, userIDForSRP, secretBlock, timestamp))
}

// VerifyClaim reports whether signature is the PASSWORD_CLAIM_SIGNATURE
// for these values. The comparison takes constant time; a signature that
// is not standard padded base64 does not verify.
func VerifyClaim(key []byte, poolName, userIDForSRP string, secretBlock []byte, timestamp, signature string) bool {
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	return hmac.Equal(got, claimMAC(key, poolName, userIDForSRP, secretBlock, timestamp))
}

func claimMAC(key []byte, poolName, userIDForSRP string, secretBlock []byte, timestamp string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(poolName))
	m.Write([]byte(userIDForSRP))
	m.Write(secretBlock)
	m.Write([]byte(timestamp))
	return m.Sum(nil)
}

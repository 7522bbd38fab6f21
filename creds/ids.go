package creds

import (
	"crypto/sha256"
	"encoding/base32"
)

// Prefixes of AWS identifiers, as IAM and STS issue them.
const (
	prefixTemporaryKey = "ASIA" // access key id of temporary credentials
	prefixRoleID       = "AROA" // unique id of a role
	prefixUserID       = "AIDA" // unique id of an IAM user
)

// Alphabets: access key ids and unique ids are base32 (A-Z, 2-7), like
// AWS's; secret access keys use the 64 characters of standard base64.
const (
	idAlphabet     = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

const (
	accessKeyIDLength = 20 // "ASIA" + 16
	secretKeyLength   = 40
	uniqueIDLength    = 21 // "AROA" or "AIDA" + 17
)

// derivedKeysLen is how many bytes a key pair is made of: one per character
// after the access key id's prefix, then one per character of the secret.
const derivedKeysLen = accessKeyIDLength - len(prefixTemporaryKey) + secretKeyLength

// appendKeyID appends the temporary access key id made of the first bytes
// of d (derivedKeysLen bytes): "ASIA" and a character of the id alphabet
// for each byte, of which it uses the low 5 bits.
func appendKeyID(b, d []byte) []byte {
	b = append(b, prefixTemporaryKey...)
	for _, c := range d[:accessKeyIDLength-len(prefixTemporaryKey)] {
		b = append(b, idAlphabet[c&31])
	}
	return b
}

// appendSecret appends the secret access key made of the last bytes of d
// (derivedKeysLen bytes): a character of the secret alphabet for each
// byte, of which it uses the low 6 bits.
func appendSecret(b, d []byte) []byte {
	for _, c := range d[accessKeyIDLength-len(prefixTemporaryKey) : derivedKeysLen] {
		b = append(b, secretAlphabet[c&63])
	}
	return b
}

// isTemporaryKeyID reports whether id has the shape of a temporary access
// key id: "ASIA" and 16 characters of the id alphabet.
func isTemporaryKeyID(id string) bool {
	if len(id) != accessKeyIDLength || id[:len(prefixTemporaryKey)] != prefixTemporaryKey {
		return false
	}
	for i := len(prefixTemporaryKey); i < len(id); i++ {
		c := id[i]
		if (c < 'A' || c > 'Z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// uniqueID derives a stable IAM unique id (prefix + 17 characters) from an
// ARN, so that every node, and every restart, gives the same id.
func uniqueID(prefix, arn string) string {
	sum := sha256.Sum256([]byte("gatehouse-unique-id\x00" + arn))
	enc := base32.NewEncoding(idAlphabet).WithPadding(base32.NoPadding).EncodeToString(sum[:])
	return prefix + enc[:uniqueIDLength-len(prefix)]
}

// RoleID returns the unique id of the role with the given ARN: "AROA" and
// 17 characters derived from the ARN.
func RoleID(roleARN string) string { return uniqueID(prefixRoleID, roleARN) }

// UserID returns the unique id of the IAM user with the given ARN: "AIDA"
// and 17 characters derived from the ARN.
func UserID(userARN string) string { return uniqueID(prefixUserID, userARN) }

package srp

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// SaltSize is the number of random bytes in a salt made by NewVerifier, as
// in the SALT that Cognito sends (32 hex digits, fewer when the top ones
// are zero).
const SaltSize = 16

// NewVerifier makes a password verifier for a user: a random salt, in the
// form the SALT challenge parameter carries (lowercase hex without leading
// zeros, as Cognito sends it), and v = g^x mod N.
func NewVerifier(rand io.Reader, poolName, userIDForSRP, password string) (salt string, v *big.Int, err error) {
	buf := make([]byte, SaltSize)
	if _, err := io.ReadFull(rand, buf); err != nil {
		return "", nil, fmt.Errorf("srp: reading salt: %w", err)
	}
	salt = new(big.Int).SetBytes(buf).Text(16)
	v, err = Verifier(poolName, userIDForSRP, password, salt)
	if err != nil {
		return "", nil, err
	}
	return salt, v, nil
}

// Verifier returns v = g^x mod N for a user's password and salt (the hex
// of the SALT challenge parameter). poolName is PoolName of the user pool
// id; userIDForSRP is the USER_ID_FOR_SRP the server will announce (the
// user name, not an alias).
func Verifier(poolName, userIDForSRP, password, salt string) (*big.Int, error) {
	s, err := parseSalt(salt)
	if err != nil {
		return nil, err
	}
	return srpGroup().expG(privateKey(s, poolName, userIDForSRP, password)), nil
}

// privateKey returns x = H(pad(salt) ‖ H(poolName ‖ userIDForSRP ‖ ":" ‖ password)).
// The strings are hashed as UTF-8, as the JS client does.
func privateKey(salt *big.Int, poolName, userIDForSRP, password string) *big.Int {
	inner := sha256.Sum256([]byte(poolName + userIDForSRP + ":" + password))
	h := sha256.New()
	h.Write(padBytes(salt))
	h.Write(inner[:])
	return new(big.Int).SetBytes(h.Sum(nil))
}

// parseSalt reads a SALT. Besides what ParseHexInt accepts, it allows one
// leading "-": Cognito has been seen to send negative salts, which
// amazon-cognito-identity-js reads as negative numbers and pads in two's
// complement.
func parseSalt(salt string) (*big.Int, error) {
	digits, negative := strings.CutPrefix(salt, "-")
	s, err := ParseHexInt(digits)
	if err != nil {
		return nil, fmt.Errorf("SALT: %w", err)
	}
	if negative {
		s.Neg(s)
	}
	return s, nil
}

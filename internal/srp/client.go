package srp

import (
	"fmt"
	"io"
	"math/big"
)

// ClientSession is the client half of one sign-in: the secret exponent a
// and A = g^a mod N.
type ClientSession struct {
	a    *big.Int
	pubA *big.Int // A = g^a mod N
}

// NewClientSession starts a sign-in with a secret exponent of SecretSize
// bytes read from rand. (amazon-cognito-identity-js draws 128 bytes; the
// length of a is invisible to the server.)
func NewClientSession(rand io.Reader) (*ClientSession, error) {
	secret := make([]byte, SecretSize)
	if _, err := io.ReadFull(rand, secret); err != nil {
		return nil, fmt.Errorf("srp: reading a: %w", err)
	}
	return clientSessionFromSecret(new(big.Int).SetBytes(secret))
}

// clientSessionFromSecret builds the session for a given a.
func clientSessionFromSecret(a *big.Int) (*ClientSession, error) {
	p := srpGroup()
	if a.Sign() <= 0 {
		return nil, fmt.Errorf("%w: a is 0", ErrInvalidSecret)
	}
	// N is prime, so A = g^a is never 0 mod N.
	return &ClientSession{a: a, pubA: p.expGOnce(a)}, nil
}

// A returns the SRP_A authentication parameter: A in lowercase hex without
// leading zeros, as amazon-cognito-identity-js sends it.
func (c *ClientSession) A() string {
	return c.pubA.Text(16)
}

// PasswordKey computes the key to sign the password claim with, from the
// PASSWORD_VERIFIER challenge parameters SALT and SRP_B:
// S = (B − k·g^x)^(a + u·x) mod N and the HKDF of S and u. userIDForSRP
// is the challenge's USER_ID_FOR_SRP, not the name the user typed. It
// refuses a malformed SALT or SRP_B (ErrMalformedNumber), B ≡ 0 (mod N)
// (ErrZeroModN) and u = 0 (ErrZeroScrambler).
func (c *ClientSession) PasswordKey(poolName, userIDForSRP, password, salt, srpB string) ([]byte, error) {
	p := srpGroup()
	B, err := ParseHexInt(srpB)
	if err != nil {
		return nil, fmt.Errorf("SRP_B: %w", err)
	}
	if p.zeroModN(B) {
		return nil, fmt.Errorf("SRP_B: %w", ErrZeroModN)
	}
	s, err := parseSalt(salt)
	if err != nil {
		return nil, err
	}
	u := scrambler(c.pubA, B)
	if u.Sign() == 0 {
		return nil, ErrZeroScrambler
	}
	x := privateKey(s, poolName, userIDForSRP, password)

	base := new(big.Int).Mul(p.k, p.expGOnce(x))
	base.Sub(B, base)
	base.Mod(base, p.N) // Euclidean: in [0, N)
	e := new(big.Int).Mul(u, x)
	e.Add(e, c.a)
	S := base.Exp(base, e, p.N)
	return passwordKey(S, u), nil
}

package srp

import (
	"fmt"
	"io"
	"math/big"
)

// SecretSize is the length in bytes of the secret exponents a and b.
const SecretSize = 32

// ServerSession is the server half of one sign-in: the user's verifier v,
// the secret exponent b and B = (k·v + g^b) mod N. It is immutable, and
// can be rebuilt from Secret and the verifier by ServerSessionFromSecret,
// so that the node answering RespondToAuthChallenge need not be the one
// that answered InitiateAuth.
type ServerSession struct {
	v, b *big.Int
	pubB *big.Int // B = (k·v + g^b) mod N
}

// NewServerSession starts a sign-in for a user whose verifier is v, with a
// secret exponent of SecretSize bytes read from rand.
func NewServerSession(rand io.Reader, v *big.Int) (*ServerSession, error) {
	secret := make([]byte, SecretSize)
	if _, err := io.ReadFull(rand, secret); err != nil {
		return nil, fmt.Errorf("srp: reading b: %w", err)
	}
	return ServerSessionFromSecret(secret, v)
}

// ServerSessionFromSecret rebuilds the session whose Secret is secret (the
// big-endian b, at most SecretSize bytes) for the verifier v.
func ServerSessionFromSecret(secret []byte, v *big.Int) (*ServerSession, error) {
	p := srpGroup()
	if v == nil || v.Sign() <= 0 || v.Cmp(p.N) >= 0 {
		return nil, ErrInvalidVerifier
	}
	if len(secret) > SecretSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrInvalidSecret, len(secret))
	}
	b := new(big.Int).SetBytes(secret)
	if b.Sign() == 0 {
		return nil, fmt.Errorf("%w: b is 0", ErrInvalidSecret)
	}
	B := new(big.Int).Mul(p.k, v)
	B.Add(B, p.expG(b))
	B.Mod(B, p.N)
	if B.Sign() == 0 {
		return nil, fmt.Errorf("%w: B is 0", ErrInvalidSecret)
	}
	return &ServerSession{v: new(big.Int).Set(v), b: b, pubB: B}, nil
}

// Secret returns b as SecretSize big-endian bytes, for the server to seal
// into SECRET_BLOCK. It must never reach the client unsealed.
func (s *ServerSession) Secret() []byte {
	return s.b.FillBytes(make([]byte, SecretSize))
}

// B returns the SRP_B challenge parameter: B in lowercase hex without
// leading zeros, as Cognito sends it (clients read it as a number).
func (s *ServerSession) B() string {
	return s.pubB.Text(16)
}

// PasswordKey computes the key that the client's PASSWORD_CLAIM_SIGNATURE
// must be made with, from the client's SRP_A: S = (A·v^u)^b mod N and the
// HKDF of S and u. It refuses a malformed A (ErrMalformedNumber),
// A ≡ 0 (mod N) (ErrZeroModN) and u = 0 (ErrZeroScrambler).
func (s *ServerSession) PasswordKey(srpA string) ([]byte, error) {
	p := srpGroup()
	A, err := ParseHexInt(srpA)
	if err != nil {
		return nil, fmt.Errorf("SRP_A: %w", err)
	}
	if p.zeroModN(A) {
		return nil, fmt.Errorf("SRP_A: %w", ErrZeroModN)
	}
	u := scrambler(A, s.pubB)
	if u.Sign() == 0 {
		return nil, ErrZeroScrambler
	}
	S := new(big.Int).Exp(s.v, u, p.N)
	S.Mul(S, A)
	S.Mod(S, p.N)
	S.Exp(S, s.b, p.N)
	return passwordKey(S, u), nil
}

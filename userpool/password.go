package userpool

import (
	"crypto/subtle"
	"fmt"
	"math/big"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/srp"
)

// verifierSize is the size of a stored verifier: v < N, 3072 bits.
const verifierSize = 384

// setPassword gives rec a fresh salt and the verifier of password, encrypted
// at rest. The password itself goes nowhere.
func (s *Service) setPassword(rec *userRecord, password string, now time.Time) error {
	salt, v, err := srp.NewVerifier(s.rand, srp.PoolName(rec.Pool), rec.Username, password)
	if err != nil {
		return fmt.Errorf("userpool: make verifier: %w", err)
	}
	enc, err := s.ring.EncryptAtRest(v.FillBytes(make([]byte, verifierSize)), verifierAD(rec.Pool, rec.Username))
	if err != nil {
		return err
	}
	rec.Salt, rec.Verifier, rec.PasswordSet = salt, enc, now
	return nil
}

// verifier decrypts the user's verifier.
func (s *Service) verifier(rec *userRecord) (*big.Int, error) {
	raw, err := s.ring.DecryptAtRest(rec.Verifier, verifierAD(rec.Pool, rec.Username))
	if err != nil {
		return nil, fmt.Errorf("userpool: verifier of %s/%s: %w", rec.Pool, rec.Username, err)
	}
	return new(big.Int).SetBytes(raw), nil
}

// passwordMatches reports whether password is the user's: it recomputes
// g^x from the password and the stored salt and compares it with the
// stored verifier in constant time.
func (s *Service) passwordMatches(rec *userRecord, password string) (bool, error) {
	stored, err := s.ring.DecryptAtRest(rec.Verifier, verifierAD(rec.Pool, rec.Username))
	if err != nil {
		return false, fmt.Errorf("userpool: verifier of %s/%s: %w", rec.Pool, rec.Username, err)
	}
	v, err := srp.Verifier(srp.PoolName(rec.Pool), rec.Username, password, rec.Salt)
	if err != nil {
		return false, fmt.Errorf("userpool: verifier of %s/%s: %w", rec.Pool, rec.Username, err)
	}
	return subtle.ConstantTimeCompare(v.FillBytes(make([]byte, verifierSize)), stored) == 1, nil
}

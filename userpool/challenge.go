package userpool

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
)

// challengeValidity is how long a challenge can be answered: Cognito's
// default AuthSessionValidity, 3 minutes.
const challengeValidity = 3 * time.Minute

// Associated data that binds sealed challenge state to its use and pool.
const (
	secretBlockAD = "gatehouse SECRET_BLOCK v1\x00"
	sessionAD     = "gatehouse Session v1\x00"
)

// maxSealedParameter bounds the SECRET_BLOCK and Session values the service
// tries to open.
const maxSealedParameter = 4096

// secretBlock is the server's state of a PASSWORD_VERIFIER challenge,
// sealed into SECRET_BLOCK. The client does not send SRP_A again with its
// answer, so instead of the secret exponent b the block holds what b was
// for: the password key derived from A, B, b and the verifier at
// InitiateAuth. It is bound to the pool (associated data), client and user.
type secretBlock struct {
	Pool     string `json:"p"`
	Client   string `json:"c"`
	Username string `json:"u"`
	Key      []byte `json:"k"`
	// Issued is when the challenge was issued (Unix nanoseconds);
	// PasswordSet the user's PasswordSet then (zero for an unknown user).
	Issued      int64 `json:"t"`
	PasswordSet int64 `json:"s"`
}

// challengeSession is the Session of a NEW_PASSWORD_REQUIRED challenge.
type challengeSession struct {
	Challenge   string `json:"n"`
	Pool        string `json:"p"`
	Client      string `json:"c"`
	Username    string `json:"u"`
	Sub         string `json:"sub"`
	Issued      int64  `json:"t"`
	PasswordSet int64  `json:"s"`
}

// sealSecretBlock returns the SECRET_BLOCK challenge parameter of b: the
// sealed state in standard base64, as Cognito's.
func (s *Service) sealSecretBlock(b secretBlock) (string, error) {
	sealed, err := s.seal(b, secretBlockAD+b.Pool)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sealed), nil
}

// openSecretBlock opens a PASSWORD_CLAIM_SECRET_BLOCK of the pool and
// returns it and its raw bytes (which the claim signature covers).
func (s *Service) openSecretBlock(pool, encoded string) (secretBlock, []byte, bool) {
	var b secretBlock
	if len(encoded) > maxSealedParameter {
		return b, nil, false
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || !s.open(raw, secretBlockAD+pool, &b) || b.Pool != pool {
		return b, nil, false
	}
	return b, raw, true
}

// sealSession returns the Session of a challenge, in base64url.
func (s *Service) sealSession(cs challengeSession) (string, error) {
	sealed, err := s.seal(cs, sessionAD+cs.Pool)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

// openSession opens a Session of the pool.
func (s *Service) openSession(pool, encoded string) (challengeSession, bool) {
	var cs challengeSession
	if len(encoded) > maxSealedParameter {
		return cs, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil || !s.open(raw, sessionAD+pool, &cs) || cs.Pool != pool {
		return cs, false
	}
	return cs, true
}

// expired reports whether a challenge issued at issued (Unix nanoseconds)
// can no longer be answered.
func (s *Service) expired(issued int64) bool {
	return s.now().Sub(time.Unix(0, issued)) > challengeValidity
}

func (s *Service) seal(v any, ad string) ([]byte, error) {
	pt, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("userpool: encode challenge state: %w", err)
	}
	return s.ring.Seal(pt, []byte(ad))
}

func (s *Service) open(sealed []byte, ad string, v any) bool {
	pt, err := s.ring.Open(sealed, []byte(ad))
	return err == nil && json.Unmarshal(pt, v) == nil
}

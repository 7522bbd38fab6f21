package jws

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/go-jose/go-jose/v4"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// ErrInvalid is returned for a token that is not a compact RS256 JWS with
// one signature, or whose signature does not verify with a key of the
// ring that has not retired.
var ErrInvalid = errors.New("jws: invalid token")

// Signer signs JWTs with the key ring's active signing key, keeping the
// go-jose signer of the current key. It is safe for concurrent use.
type Signer struct {
	ring *keys.Ring
	cur  atomic.Pointer[kidSigner]
}

type kidSigner struct {
	kid    string
	signer jose.Signer
}

// NewSigner returns a Signer of ring's active key.
func NewSigner(ring *keys.Ring) *Signer {
	return &Signer{ring: ring}
}

// Sign returns the compact RS256 JWS of the JSON encoding of claims, with
// the key's kid in the header.
func (s *Signer) Sign(claims any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("jws: encode claims: %w", err)
	}
	kid, key := s.ring.SigningKey()
	if key == nil {
		return "", errors.New("jws: the key ring has no signing key")
	}
	cur := s.cur.Load()
	if cur == nil || cur.kid != kid {
		signer, err := jose.NewSigner(jose.SigningKey{
			Algorithm: jose.RS256,
			Key:       jose.JSONWebKey{Key: key, KeyID: kid, Algorithm: string(jose.RS256), Use: "sig"},
		}, nil)
		if err != nil {
			return "", fmt.Errorf("jws: signer: %w", err)
		}
		cur = &kidSigner{kid: kid, signer: signer}
		s.cur.Store(cur)
	}
	sig, err := cur.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("jws: sign token: %w", err)
	}
	return sig.CompactSerialize()
}

// Token is a parsed compact RS256 JWS whose signature is not verified yet.
type Token struct {
	sig *jose.JSONWebSignature
	// Kid is the key id of the header.
	Kid string
}

// Parse parses a compact RS256 JWS with one signature, without verifying
// it. It returns ErrInvalid for anything else.
func Parse(token string) (*Token, error) {
	sig, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil || len(sig.Signatures) != 1 {
		return nil, ErrInvalid
	}
	return &Token{sig: sig, Kid: sig.Signatures[0].Header.KeyID}, nil
}

// UnverifiedPayload returns the payload, which nothing vouches for until
// Verify succeeds.
func (t *Token) UnverifiedPayload() []byte {
	return t.sig.UnsafePayloadWithoutVerification()
}

// Verify checks the signature with the ring's key of the token's kid and
// returns the payload. It returns ErrInvalid when the ring has no such key,
// the key has retired, or the signature does not verify.
func (t *Token) Verify(ring *keys.Ring) ([]byte, error) {
	key := ring.VerificationKey(t.Kid)
	if key == nil {
		return nil, ErrInvalid
	}
	payload, err := t.sig.Verify(key)
	if err != nil {
		return nil, ErrInvalid
	}
	return payload, nil
}

// JWKS returns the JSON Web Key Set of the ring's verification keys: every
// signing key that has not retired, newest first.
func JWKS(ring *keys.Ring) jose.JSONWebKeySet {
	vks := ring.VerificationKeys()
	set := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(vks))}
	for _, k := range vks {
		set.Keys = append(set.Keys, jose.JSONWebKey{
			Key: k.Key, KeyID: k.Kid, Algorithm: keys.SigningAlgorithm, Use: "sig",
		})
	}
	return set
}

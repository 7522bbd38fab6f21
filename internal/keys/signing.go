package keys

import "crypto/rsa"

// SigningAlgorithm is the JWS algorithm of signing keys.
const SigningAlgorithm = "RS256"

// PublicKey is a verification key, as published in a JWKS.
type PublicKey struct {
	Kid string
	Key *rsa.PublicKey
}

// SigningKey returns the active signing key and its kid. The key is shared:
// callers must not modify it. It returns "", nil only for a ring whose
// signing keys have all retired, which Open and Rotate never leave.
func (r *Ring) SigningKey() (kid string, key *rsa.PrivateKey) {
	k, ok := active(r.state.Load().signing, r.now())
	if !ok {
		return "", nil
	}
	return k.id, k.priv
}

// VerificationKeys returns the public keys of every signing key that has not
// retired, the active one among them, newest first: the JWKS.
func (r *Ring) VerificationKeys() []PublicKey {
	s, now := r.state.Load(), r.now()
	out := make([]PublicKey, 0, len(s.signing))
	for _, k := range s.signing {
		if k.usable(now) {
			out = append(out, PublicKey{Kid: k.id, Key: &k.priv.PublicKey})
		}
	}
	return out
}

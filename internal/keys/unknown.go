package keys

import (
	"context"
	"crypto/rsa"
	"time"
)

const (
	// unknownReloadEvery bounds how often a key id the ring does not have
	// makes it reload: once a second, whatever ids requests carry.
	unknownReloadEvery = time.Second
	// unknownReloadTimeout bounds the store read of such a reload, which
	// a request waits for.
	unknownReloadTimeout = 2 * time.Second
)

// reloadForUnknown reloads the ring for a key id it does not have, at most
// once per unknownReloadEvery: another node may have rotated the key in
// since the last periodic Reload, and what it signs or seals with it is
// good here too. Concurrent callers wait for the one reload; all of them
// then look the id up again in the ring's state, whichever reloaded it.
func (r *Ring) reloadForUnknown() {
	r.unknown.Lock()
	defer r.unknown.Unlock()
	now := r.now()
	if !r.unknown.last.IsZero() && now.Sub(r.unknown.last) < unknownReloadEvery && !now.Before(r.unknown.last) {
		return
	}
	r.unknown.last = now
	ctx, cancel := context.WithTimeout(context.Background(), unknownReloadTimeout)
	defer cancel()
	_ = r.Reload(ctx) // a failure leaves the ring as it was: the id stays unknown
}

// VerificationKey returns the public key of the signing key kid, or nil
// when the ring has no such key or it has retired. A kid the ring does
// not have makes it reload (see reloadForUnknown) before it answers nil.
func (r *Ring) VerificationKey(kid string) *rsa.PublicKey {
	k, known := r.verificationKey(kid)
	if !known {
		r.reloadForUnknown()
		k, _ = r.verificationKey(kid)
	}
	return k
}

// verificationKey returns the public key of kid if it is usable, and
// whether the ring has kid at all.
func (r *Ring) verificationKey(kid string) (*rsa.PublicKey, bool) {
	s, now := r.state.Load(), r.now()
	for _, k := range s.signing {
		if k.id == kid {
			if !k.usable(now) {
				return nil, true
			}
			return &k.priv.PublicKey, true
		}
	}
	return nil, false
}

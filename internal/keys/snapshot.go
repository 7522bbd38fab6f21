package keys

import (
	"bytes"
	"crypto/cipher"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"slices"
	"time"
)

// sealVersion is the first byte of every sealed message.
const sealVersion = 1

// snapshot is an immutable, decrypted state of the ring. Ring replaces it as
// a whole; readers load it without locking.
type snapshot struct {
	generation uint64
	// signing and sealing are sorted newest first (by activation time).
	signing []*signingKey
	sealing []*sealingKey
	// sealByID finds the sealing key of a sealed message.
	sealByID map[string]*sealingKey
}

// keyMeta is what every key of the snapshot has.
type keyMeta struct {
	id          string
	purpose     Purpose
	created     time.Time
	activates   time.Time
	retireAfter time.Time
	// material is the wrapped material, to recognise a key on reload.
	material []byte
}

func (m *keyMeta) meta() *keyMeta { return m }

// usable reports whether the key still verifies and opens at now.
func (m *keyMeta) usable(now time.Time) bool {
	return m.retireAfter.IsZero() || now.Before(m.retireAfter)
}

// signingKey is a decrypted RSA key.
type signingKey struct {
	keyMeta
	priv *rsa.PrivateKey
}

// sealingKey is a decrypted AES-GCM key.
type sealingKey struct {
	keyMeta
	aead cipher.AEAD
	// header is version ‖ len(id) ‖ id, the start of each sealed message.
	header []byte
	// derive is AES-256 under a key derived from the sealing key (see
	// SealDerived), never used to encrypt a message.
	derive cipher.Block
}

// active returns the key a purpose uses now: of the usable keys, the one
// activated last at or before now; if a clock behind the rotating node's
// leaves none, the one that activates first. keys is sorted newest first.
func active[K interface{ meta() *keyMeta }](keys []K, now time.Time) (K, bool) {
	var soonest K
	found := false
	for _, k := range keys {
		m := k.meta()
		if !m.usable(now) {
			continue
		}
		if !m.activates.After(now) {
			return k, true
		}
		soonest, found = k, true
	}
	return soonest, found
}

// buildSnapshot decrypts rec into a snapshot, reusing the decrypted keys of
// prev whose wrapped material is unchanged.
func buildSnapshot(master cipher.AEAD, rec *ringRecord, prev *snapshot) (*snapshot, error) {
	old := map[string]any{}
	if prev != nil {
		for _, k := range prev.signing {
			old[k.id] = k
		}
		for _, k := range prev.sealing {
			old[k.id] = k
		}
	}
	s := &snapshot{generation: rec.Generation, sealByID: map[string]*sealingKey{}}
	for _, sk := range rec.Keys {
		meta := keyMeta{
			id:          sk.ID,
			purpose:     sk.Purpose,
			created:     sk.Created,
			activates:   sk.Activates,
			retireAfter: sk.RetireAfter,
			material:    sk.Material,
		}
		switch sk.Purpose {
		case Signing:
			k, err := decryptSigning(master, sk, old[sk.ID])
			if err != nil {
				return nil, err
			}
			s.signing = append(s.signing, &signingKey{keyMeta: meta, priv: k.priv})
		case Sealing:
			k, err := decryptSealing(master, sk, old[sk.ID])
			if err != nil {
				return nil, err
			}
			if _, dup := s.sealByID[sk.ID]; dup {
				return nil, fmt.Errorf("keys: key ring has two sealing keys %s", sk.ID)
			}
			nk := &sealingKey{keyMeta: meta, aead: k.aead, header: k.header, derive: k.derive}
			s.sealing = append(s.sealing, nk)
			s.sealByID[sk.ID] = nk
		}
	}
	sortNewestFirst(s.signing)
	sortNewestFirst(s.sealing)
	return s, nil
}

// sortNewestFirst orders keys by activation time, newest first. keys are in
// record order, where a rotation appends its key; among keys that activate
// at the same instant the one appended last counts as the newest.
func sortNewestFirst[K interface{ meta() *keyMeta }](keys []K) {
	slices.Reverse(keys)
	slices.SortStableFunc(keys, func(a, b K) int {
		return b.meta().activates.Compare(a.meta().activates)
	})
}

// decryptSigning returns the RSA key of sk, from prev when it is the same key.
func decryptSigning(master cipher.AEAD, sk storedKey, prev any) (*signingKey, error) {
	if p, ok := prev.(*signingKey); ok && bytes.Equal(p.material, sk.Material) {
		return p, nil
	}
	der, err := unwrapMaterial(master, sk)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("keys: signing key %s: %w", sk.ID, err)
	}
	priv, ok := key.(*rsa.PrivateKey)
	if !ok || priv.N.BitLen() < rsaBits {
		return nil, fmt.Errorf("keys: signing key %s is not an RSA key of at least %d bits", sk.ID, rsaBits)
	}
	return &signingKey{priv: priv}, nil
}

// decryptSealing returns the AEAD of sk, from prev when it is the same key.
func decryptSealing(master cipher.AEAD, sk storedKey, prev any) (*sealingKey, error) {
	if p, ok := prev.(*sealingKey); ok && bytes.Equal(p.material, sk.Material) {
		return p, nil
	}
	if len(sk.ID) == 0 || len(sk.ID) > 255 {
		return nil, fmt.Errorf("keys: sealing key id %q is not 1 to 255 bytes", sk.ID)
	}
	raw, err := unwrapMaterial(master, sk)
	if err != nil {
		return nil, err
	}
	defer clear(raw)
	if len(raw) != sealKeySize {
		return nil, fmt.Errorf("keys: sealing key %s is %d bytes, want %d", sk.ID, len(raw), sealKeySize)
	}
	aead, err := newGCM(raw)
	if err != nil {
		return nil, err
	}
	derive, err := newDeriveBlock(raw)
	if err != nil {
		return nil, err
	}
	header := append([]byte{sealVersion, byte(len(sk.ID))}, sk.ID...)
	return &sealingKey{aead: aead, header: header, derive: derive}, nil
}

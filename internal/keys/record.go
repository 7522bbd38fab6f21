package keys

import (
	"crypto/cipher"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

const (
	// ringKind and ringID address the key ring's record in the store.
	ringKind = "keyring"
	ringID   = "ring"
	// recordVersion is the version of ringRecord this package writes.
	recordVersion = 1
	// wrapNonceSize is the AES-GCM nonce size used to wrap key material.
	wrapNonceSize = 12
)

// ringRecord is the stored form of the ring, JSON in the store.
type ringRecord struct {
	Version int `json:"version"`
	// Generation grows by one with every write, so that a node keeps the
	// newest of two snapshots it loads concurrently.
	Generation uint64      `json:"generation"`
	Keys       []storedKey `json:"keys"`
}

// storedKey is one key of the ring. Keys of a purpose this version does not
// know are kept as they are.
type storedKey struct {
	ID        string    `json:"id"`
	Purpose   Purpose   `json:"purpose"`
	Created   time.Time `json:"created"`
	Activates time.Time `json:"activates"`
	// RetireAfter is when the key stops verifying and opening; zero for a
	// key that no newer key has replaced.
	RetireAfter time.Time `json:"retire_after,omitzero"`
	// Material is the private key (PKCS #8 DER of an RSA key for signing,
	// the 32-byte AES key for sealing) encrypted with AES-256-GCM under the
	// master key: nonce ‖ ciphertext ‖ tag, with wrapAD(ID, Purpose) as
	// associated data.
	Material []byte `json:"material"`
}

// retired reports whether the key has stopped being valid at now.
func (k storedKey) retired(now time.Time) bool {
	return !k.RetireAfter.IsZero() && !now.Before(k.RetireAfter)
}

// decodeRecord parses a stored ring.
func decodeRecord(b []byte) (*ringRecord, error) {
	var rec ringRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("keys: decode key ring: %w", err)
	}
	if rec.Version != recordVersion {
		return nil, fmt.Errorf("keys: key ring record has version %d, this binary reads version %d", rec.Version, recordVersion)
	}
	return &rec, nil
}

// encode returns the stored form of rec.
func (rec *ringRecord) encode() ([]byte, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("keys: encode key ring: %w", err)
	}
	return b, nil
}

// hasUsable reports whether rec has a key of purpose p that is not retired.
func (rec *ringRecord) hasUsable(p Purpose, now time.Time) bool {
	for _, k := range rec.Keys {
		if k.Purpose == p && !k.retired(now) {
			return true
		}
	}
	return false
}

// hasID reports whether rec has a key with id (of any purpose).
func (rec *ringRecord) hasID(id string) bool {
	for _, k := range rec.Keys {
		if k.ID == id {
			return true
		}
	}
	return false
}

// prune drops the keys retired at now.
func (rec *ringRecord) prune(now time.Time) {
	keep := rec.Keys[:0]
	for _, k := range rec.Keys {
		if !k.retired(now) {
			keep = append(keep, k)
		}
	}
	rec.Keys = keep
}

// wrapAD is the associated data that binds wrapped material to its key's id
// and purpose: material copied to another key does not decrypt.
func wrapAD(id string, p Purpose) []byte {
	return []byte("gatehouse keyring v1\x00" + string(p) + "\x00" + id)
}

// wrapMaterial encrypts a key's private material under the master key.
func wrapMaterial(master cipher.AEAD, random io.Reader, id string, p Purpose, material []byte) ([]byte, error) {
	nonce := make([]byte, wrapNonceSize, wrapNonceSize+len(material)+master.Overhead())
	if _, err := io.ReadFull(random, nonce); err != nil {
		return nil, fmt.Errorf("keys: read random nonce: %w", err)
	}
	return master.Seal(nonce, nonce, material, wrapAD(id, p)), nil
}

// unwrapMaterial decrypts a key's private material, or returns
// ErrWrongMasterKey.
func unwrapMaterial(master cipher.AEAD, k storedKey) ([]byte, error) {
	if len(k.Material) >= wrapNonceSize+master.Overhead() {
		nonce, ct := k.Material[:wrapNonceSize], k.Material[wrapNonceSize:]
		if pt, err := master.Open(nil, nonce, ct, wrapAD(k.ID, k.Purpose)); err == nil {
			return pt, nil
		}
	}
	return nil, fmt.Errorf("%w: %s key %s", ErrWrongMasterKey, k.Purpose, k.ID)
}

package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

const (
	// sealNonceSize and sealTagSize are AES-GCM's nonce and tag sizes.
	sealNonceSize = 12
	sealTagSize   = 16
)

// Seal encrypts and authenticates plaintext and associatedData with the
// active sealing key. The result is
//
//	version (1) ‖ len(key id) ‖ key id ‖ nonce (12) ‖ ciphertext ‖ tag (16)
//
// The header is not part of GCM's associated data and needs no protection of
// its own: Open refuses another version, and a changed key id selects another
// key or none, under which the tag does not verify. The nonce is random: a
// key should seal well under 2^32 messages, which rotation keeps it to.
func (r *Ring) Seal(plaintext, associatedData []byte) ([]byte, error) {
	return r.SealDerived(plaintext, associatedData, nil)
}

// SealDerived is Seal, and fills derived with bytes derived from the
// sealed message: the AES-256-CTR key stream, under a key derived from the
// sealing key (HKDF-SHA256), of the message's nonce. They are as secret as
// the sealing key and unique to the message; OpenDerived gives the same
// bytes for it. A sealed message can so stand for secrets it does not
// carry. derived may be up to MaxDerived bytes.
func (r *Ring) SealDerived(plaintext, associatedData, derived []byte) ([]byte, error) {
	if len(derived) > MaxDerived {
		return nil, fmt.Errorf("keys: %d derived bytes asked for, at most %d", len(derived), MaxDerived)
	}
	k, ok := active(r.state.Load().sealing, r.now())
	if !ok {
		return nil, errors.New("keys: no sealing key is valid")
	}
	n := len(k.header) + sealNonceSize
	out := make([]byte, n, n+len(plaintext)+sealTagSize)
	copy(out, k.header)
	nonce := out[len(k.header):n]
	if _, err := io.ReadFull(r.rand, nonce); err != nil {
		return nil, fmt.Errorf("keys: read random nonce: %w", err)
	}
	k.deriveInto(derived, nonce)
	return k.aead.Seal(out, nonce, plaintext, associatedData), nil
}

// MaxDerived is the most bytes SealDerived and OpenDerived derive from a
// message, 64 blocks of its key stream.
const MaxDerived = 1 << 10

// deriveInfo is HKDF's info for the key of derived bytes.
const deriveInfo = "gatehouse sealed message derived bytes"

// newDeriveBlock returns AES-256 under the key of derived bytes of the
// sealing key raw.
func newDeriveBlock(raw []byte) (cipher.Block, error) {
	key, err := hkdf.Key(sha256.New, raw, nil, deriveInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("keys: derive key: %w", err)
	}
	defer clear(key)
	return aes.NewCipher(key)
}

// deriveInto fills derived with the key stream of nonce ‖ counter from 0
// (AES-CTR's with a 32-bit big-endian counter), one block at a time in
// a buffer of the caller's: cipher.NewCTR allocates for each stream.
func (k *sealingKey) deriveInto(derived, nonce []byte) {
	var block [2 * aes.BlockSize]byte // counter block ‖ key stream block
	copy(block[:], nonce)
	for i := uint32(0); len(derived) > 0; i++ {
		binary.BigEndian.PutUint32(block[aes.BlockSize-4:], i)
		k.derive.Encrypt(block[aes.BlockSize:], block[:aes.BlockSize])
		derived = derived[copy(derived, block[aes.BlockSize:]):]
	}
	clear(block[:])
}

// Open authenticates and decrypts what Seal returned for the same
// associatedData. Anything else (malformed, truncated or altered input, other
// associated data, a key id the ring does not have or has retired) returns
// ErrInvalid. A key id the ring does not have makes it reload first (see
// reloadForUnknown), for keys other nodes rotated in since the last Reload.
func (r *Ring) Open(sealed, associatedData []byte) ([]byte, error) {
	return r.OpenDerived(sealed, associatedData, nil)
}

// OpenDerived is Open, and fills derived with the bytes SealDerived
// derived for the message. On an error derived is left unchanged.
func (r *Ring) OpenDerived(sealed, associatedData, derived []byte) ([]byte, error) {
	if len(derived) > MaxDerived {
		return nil, ErrInvalid
	}
	if len(sealed) < 2 || sealed[0] != sealVersion {
		return nil, ErrInvalid
	}
	idEnd := 2 + int(sealed[1])
	if sealed[1] == 0 || len(sealed) < idEnd+sealNonceSize+sealTagSize {
		return nil, ErrInvalid
	}
	id := string(sealed[2:idEnd])
	k, ok := r.state.Load().sealByID[id]
	if !ok {
		r.reloadForUnknown()
		k, ok = r.state.Load().sealByID[id]
	}
	if !ok || !k.usable(r.now()) {
		return nil, ErrInvalid
	}
	nonce := sealed[idEnd : idEnd+sealNonceSize]
	plaintext, err := k.aead.Open(nil, nonce, sealed[idEnd+sealNonceSize:], associatedData)
	if err != nil {
		return nil, ErrInvalid
	}
	k.deriveInto(derived, nonce)
	return plaintext, nil
}

// SealKeyID returns the id of the key that sealed a message, as Open reads
// it from the message's header, or "" for a malformed header. It proves
// nothing about the message: only Open authenticates it.
func SealKeyID(sealed []byte) string {
	if len(sealed) < 2 || sealed[0] != sealVersion || sealed[1] == 0 || len(sealed) < 2+int(sealed[1]) {
		return ""
	}
	return string(sealed[2 : 2+int(sealed[1])])
}

// SealKeyUsable reports whether Open would use the sealing key id at now:
// the ring has it and it has not retired by then. Callers that remember
// what a message opened to check it before reusing it, with the time they
// already read for the request.
func (r *Ring) SealKeyUsable(id string, now time.Time) bool {
	k, ok := r.state.Load().sealByID[id]
	return ok && k.usable(now)
}

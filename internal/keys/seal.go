package keys

import (
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
	return k.aead.Seal(out, nonce, plaintext, associatedData), nil
}

// Open authenticates and decrypts what Seal returned for the same
// associatedData. Anything else (malformed, truncated or altered input, other
// associated data, a key id the ring does not have or has retired) returns
// ErrInvalid. A key id the ring does not have makes it reload first (see
// reloadForUnknown), for keys other nodes rotated in since the last Reload.
func (r *Ring) Open(sealed, associatedData []byte) ([]byte, error) {
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

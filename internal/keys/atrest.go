package keys

import (
	"fmt"
	"io"
)

// atRestVersion is the first byte of data encrypted by EncryptAtRest.
const atRestVersion = 1

// atRestAD prefixes the associated data of EncryptAtRest, so that its
// ciphertexts can never be taken for wrapped key material (wrapAD) or the
// reverse, although both are under the master key.
const atRestAD = "gatehouse at-rest v1\x00"

// EncryptAtRest encrypts a long-lived secret that services store, such as a
// user's SRP verifier, with AES-256-GCM under the master key, bound to
// associatedData (which should name what the secret is and whose it is, so
// that a ciphertext copied to another record does not decrypt). The result
// is
//
//	version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)
//
// Unlike Seal, it does not use the ring's rotating keys: what it encrypts
// must outlive any of them. The nonce is random; the master key should
// encrypt well under 2^32 secrets.
func (r *Ring) EncryptAtRest(plaintext, associatedData []byte) ([]byte, error) {
	out := make([]byte, 1+wrapNonceSize, 1+wrapNonceSize+len(plaintext)+r.master.Overhead())
	out[0] = atRestVersion
	nonce := out[1:]
	if _, err := io.ReadFull(r.rand, nonce); err != nil {
		return nil, fmt.Errorf("keys: read random nonce: %w", err)
	}
	return r.master.Seal(out, nonce, plaintext, atRestAssociatedData(associatedData)), nil
}

// DecryptAtRest decrypts what EncryptAtRest returned for the same
// associatedData. Anything else (another version, truncated or altered
// input, other associated data, another master key) returns ErrInvalid.
func (r *Ring) DecryptAtRest(ciphertext, associatedData []byte) ([]byte, error) {
	if len(ciphertext) < 1+wrapNonceSize+r.master.Overhead() || ciphertext[0] != atRestVersion {
		return nil, ErrInvalid
	}
	nonce := ciphertext[1 : 1+wrapNonceSize]
	pt, err := r.master.Open(nil, nonce, ciphertext[1+wrapNonceSize:], atRestAssociatedData(associatedData))
	if err != nil {
		return nil, ErrInvalid
	}
	return pt, nil
}

func atRestAssociatedData(ad []byte) []byte {
	return append([]byte(atRestAD), ad...)
}

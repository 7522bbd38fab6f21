package keys

import (
	"crypto/cipher"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
)

const (
	// rsaBits is the size of signing keys.
	rsaBits = 2048
	// sealKeySize is the size of sealing keys (AES-256).
	sealKeySize = 32
	// signingIDBytes and sealingIDBytes are the random bytes of key ids,
	// which are their unpadded base64url form: 22 and 8 characters.
	signingIDBytes = 16
	sealingIDBytes = 6
)

// generateKey makes a new key of purpose p, its material wrapped under the
// master key. Its times are set when it is added to the ring.
func generateKey(master cipher.AEAD, random io.Reader, p Purpose) (storedKey, error) {
	var material []byte
	var idBytes int
	switch p {
	case Signing:
		priv, err := rsa.GenerateKey(random, rsaBits)
		if err != nil {
			return storedKey{}, fmt.Errorf("keys: generate signing key: %w", err)
		}
		material, err = x509.MarshalPKCS8PrivateKey(priv)
		if err != nil {
			return storedKey{}, fmt.Errorf("keys: encode signing key: %w", err)
		}
		idBytes = signingIDBytes
	case Sealing:
		material = make([]byte, sealKeySize)
		if _, err := io.ReadFull(random, material); err != nil {
			return storedKey{}, fmt.Errorf("keys: generate sealing key: %w", err)
		}
		idBytes = sealingIDBytes
	default:
		return storedKey{}, p.check()
	}
	defer clear(material)

	id, err := randomID(random, idBytes)
	if err != nil {
		return storedKey{}, err
	}
	wrapped, err := wrapMaterial(master, random, id, p, material)
	if err != nil {
		return storedKey{}, err
	}
	return storedKey{ID: id, Purpose: p, Material: wrapped}, nil
}

// randomID returns n random bytes in unpadded base64url.
func randomID(random io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", fmt.Errorf("keys: read random key id: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

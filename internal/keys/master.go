package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

const (
	// MasterKeyEnv is the environment variable that holds the master key,
	// 32 bytes in standard base64 (for example from `openssl rand -base64 32`).
	MasterKeyEnv = "GATEHOUSE_MASTER_KEY"
	// MasterKeyFile is the file in the data directory that holds the master
	// key when MasterKeyEnv is unset.
	MasterKeyFile = "master.key"
	// masterKeySize is the size of the master key, an AES-256 key.
	masterKeySize = 32
)

// MasterKey encrypts the private material of the key ring. Its formatted
// form (fmt, log/slog) is redacted; its zero value is no key.
type MasterKey struct {
	key [masterKeySize]byte
	set bool
}

// NewMasterKey returns the master key made of b, which must be 32 bytes.
func NewMasterKey(b []byte) (MasterKey, error) {
	if len(b) != masterKeySize {
		return MasterKey{}, fmt.Errorf("keys: a master key is %d bytes, got %d", masterKeySize, len(b))
	}
	var mk MasterKey
	copy(mk.key[:], b)
	mk.set = true
	return mk, nil
}

// LoadMasterKey returns the master key from the environment variable
// GATEHOUSE_MASTER_KEY (looked up with getenv, which may be nil), or else
// from {dataDir}/master.key, which it creates with a random key on first
// use. Error messages name the source but never contain the key.
func LoadMasterKey(dataDir string, getenv func(string) (string, bool)) (MasterKey, error) {
	if getenv != nil {
		if v, ok := getenv(MasterKeyEnv); ok {
			return parseMasterKey(v, MasterKeyEnv)
		}
	}
	if dataDir == "" {
		return MasterKey{}, fmt.Errorf("keys: %s is unset and no data directory is given for %s", MasterKeyEnv, MasterKeyFile)
	}
	return loadOrCreateMasterFile(dataDir)
}

// parseMasterKey decodes the base64 text of a master key; source names
// where the text came from in errors.
func parseMasterKey(text, source string) (MasterKey, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return MasterKey{}, fmt.Errorf("keys: %s is empty; it must hold %d bytes in standard base64", source, masterKeySize)
	}
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return MasterKey{}, fmt.Errorf("keys: %s is not standard base64: %w", source, err)
	}
	if len(b) != masterKeySize {
		return MasterKey{}, fmt.Errorf("keys: %s must decode to %d bytes, got %d (create one with: openssl rand -base64 32)", source, masterKeySize, len(b))
	}
	return NewMasterKey(b)
}

// String redacts the key.
func (mk MasterKey) String() string { return "keys.MasterKey(redacted)" }

// GoString redacts the key.
func (mk MasterKey) GoString() string { return mk.String() }

// Format redacts the key for every verb, %x and %d included.
func (mk MasterKey) Format(f fmt.State, _ rune) { io.WriteString(f, mk.String()) }

// aead returns the AES-256-GCM cipher of the master key.
func (mk MasterKey) aead() (cipher.AEAD, error) {
	if !mk.set {
		return nil, fmt.Errorf("keys: no master key")
	}
	return newGCM(mk.key[:])
}

// newGCM returns AES-GCM with a 12-byte nonce and 16-byte tag for key.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return gcm, nil
}

// ReadMasterKey returns the master key like LoadMasterKey but never creates
// one: without GATEHOUSE_MASTER_KEY and {dataDir}/master.key it returns an
// error wrapping ErrNoMasterKey. Tools that work on an existing ring use it,
// since a new master key cannot decrypt a ring made under another.
func ReadMasterKey(dataDir string, getenv func(string) (string, bool)) (MasterKey, error) {
	if getenv != nil {
		if v, ok := getenv(MasterKeyEnv); ok {
			return parseMasterKey(v, MasterKeyEnv)
		}
	}
	if dataDir == "" {
		return MasterKey{}, fmt.Errorf("%w: %s is unset and no data directory is given", ErrNoMasterKey, MasterKeyEnv)
	}
	path := filepath.Join(dataDir, MasterKeyFile)
	mk, err := readMasterFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return MasterKey{}, fmt.Errorf("%w: %s is unset and %s does not exist", ErrNoMasterKey, MasterKeyEnv, path)
	}
	return mk, err
}

package keys

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// loadOrCreateMasterFile reads {dataDir}/master.key, creating the directory
// (0700) and the file (0600, a random key) if they do not exist.
func loadOrCreateMasterFile(dataDir string) (MasterKey, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return MasterKey{}, fmt.Errorf("keys: create data directory: %w", err)
	}
	path := filepath.Join(dataDir, MasterKeyFile)
	mk, err := readMasterFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return mk, err
	}
	return createMasterFile(path)
}

// readMasterFile reads a master key file, refusing one that group or others
// may read or write.
func readMasterFile(path string) (MasterKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return MasterKey{}, fmt.Errorf("keys: open master key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return MasterKey{}, fmt.Errorf("keys: %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return MasterKey{}, fmt.Errorf("keys: %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return MasterKey{}, fmt.Errorf("keys: %s has mode %04o and is open to group or others; restrict it with: chmod 600 %s", path, perm, path)
	}
	text, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return MasterKey{}, fmt.Errorf("keys: read %s: %w", path, err)
	}
	return parseMasterKey(string(text), path)
}

// createMasterFile writes a new random master key to path unless the file
// exists. The key is written to a temporary file first and linked into
// place, which fails if path exists: a process that starts at the same time
// reads either no file or a complete one, and all use the same key.
func createMasterFile(path string) (MasterKey, error) {
	var key [masterKeySize]byte
	rand.Read(key[:])
	mk, err := NewMasterKey(key[:])
	if err != nil {
		return MasterKey{}, err
	}
	text := []byte(base64.StdEncoding.EncodeToString(key[:]) + "\n")

	dir := filepath.Dir(path)
	tmp, err := writeTempFile(dir, text)
	if err != nil {
		return MasterKey{}, err
	}
	err = os.Link(tmp, path)
	os.Remove(tmp)
	switch {
	case err == nil:
		syncDir(dir)
		return mk, nil
	case errors.Is(err, fs.ErrExist):
		// Another process created it first; use theirs.
		return readMasterFile(path)
	}

	// The file system has no hard links: create the file in place.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return readMasterFile(path)
	}
	if err != nil {
		return MasterKey{}, fmt.Errorf("keys: create master key file: %w", err)
	}
	if err := writeSync(f, text); err != nil {
		os.Remove(path)
		return MasterKey{}, err
	}
	syncDir(dir)
	return mk, nil
}

// writeTempFile writes text to a new file of mode 0600 in dir and returns
// its path.
func writeTempFile(dir string, text []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".master.key-*")
	if err != nil {
		return "", fmt.Errorf("keys: create master key file: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("keys: create master key file: %w", err)
	}
	if err := writeSync(f, text); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// writeSync writes text to f, flushes it to disk and closes f.
func writeSync(f *os.File, text []byte) error {
	_, err := f.Write(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("keys: write master key file: %w", err)
	}
	return nil
}

// syncDir flushes a directory's entries to disk, best effort: some systems
// cannot sync directories.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

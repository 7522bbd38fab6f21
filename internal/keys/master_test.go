package keys_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// env returns a getenv func that sees only vars.
func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

func TestLoadMasterKeyFromEnv(t *testing.T) {
	raw := bytes.Repeat([]byte{0xa5}, 32)
	good := base64.StdEncoding.EncodeToString(raw)
	dir := filepath.Join(t.TempDir(), "data")

	mk, err := keys.LoadMasterKey(dir, env(map[string]string{keys.MasterKeyEnv: good + "\n"}))
	if err != nil {
		t.Fatalf("LoadMasterKey: %v", err)
	}
	want, _ := keys.NewMasterKey(raw)
	if mk != want {
		t.Error("key from the environment differs from its bytes")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a key from the environment created the data directory: %v", err)
	}

	secret := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("s3cr3t!"), 6))
	tests := map[string]struct{ value, wantErr string }{
		"empty":          {"", "is empty"},
		"not base64":     {"not*base64*" + good[11:], "not standard base64"},
		"url alphabet":   {base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 32)), "not standard base64"},
		"unpadded":       {base64.RawStdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32)), "not standard base64"},
		"short":          {base64.StdEncoding.EncodeToString(raw[:16]), "must decode to 32 bytes, got 16"},
		"long":           {secret, "must decode to 32 bytes, got 42"},
		"long base64 33": {base64.StdEncoding.EncodeToString(append(raw, 1)), "got 33"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := keys.LoadMasterKey(dir, env(map[string]string{keys.MasterKeyEnv: tc.value}))
			if err == nil {
				t.Fatal("LoadMasterKey accepted a bad key")
			}
			msg := err.Error()
			if !strings.Contains(msg, keys.MasterKeyEnv) || !strings.Contains(msg, tc.wantErr) {
				t.Errorf("error %q does not name %s and say %q", msg, keys.MasterKeyEnv, tc.wantErr)
			}
			if len(tc.value) > 8 && strings.Contains(msg, tc.value[:8]) {
				t.Errorf("error %q echoes the value", msg)
			}
		})
	}
}

func TestLoadMasterKeyCreatesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	mk1, err := keys.LoadMasterKey(dir, env(nil))
	if err != nil {
		t.Fatalf("first LoadMasterKey: %v", err)
	}
	assertMode(t, dir, 0o700|os.ModeDir)
	path := filepath.Join(dir, keys.MasterKeyFile)
	assertMode(t, path, 0o600)

	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(text)))
	if err != nil || len(raw) != 32 {
		t.Fatalf("master.key holds %q: %d bytes, %v", text, len(raw), err)
	}
	if want, _ := keys.NewMasterKey(raw); mk1 != want {
		t.Error("returned key differs from the file")
	}

	mk2, err := keys.LoadMasterKey(dir, nil)
	if err != nil {
		t.Fatalf("second LoadMasterKey: %v", err)
	}
	if mk1 != mk2 {
		t.Error("second LoadMasterKey made a new key instead of reading the file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data directory holds %d entries, want only %s", len(entries), keys.MasterKeyFile)
	}
}

func TestLoadMasterKeyConcurrentFirstStart(t *testing.T) {
	dir := t.TempDir()
	const n = 16
	got := make([]keys.MasterKey, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			mk, err := keys.LoadMasterKey(dir, nil)
			if err != nil {
				t.Error(err)
			}
			got[i] = mk
		})
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("concurrent first starts got different master keys (%d and 0)", i)
		}
	}
}

func TestLoadMasterKeyRefusesOpenFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := keys.LoadMasterKey(dir, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, keys.MasterKeyFile)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620, 0o602} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := keys.LoadMasterKey(dir, nil)
		if err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %04o: got %v, want an error telling to chmod 600", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		os.Chmod(path, mode)
		if _, err := keys.LoadMasterKey(dir, nil); err != nil {
			t.Errorf("mode %04o: %v", mode, err)
		}
	}
}

func TestLoadMasterKeyBadFile(t *testing.T) {
	for name, content := range map[string]string{
		"empty":   "",
		"garbage": "this is not a key\n",
		"short":   base64.StdEncoding.EncodeToString(make([]byte, 31)),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, keys.MasterKeyFile)
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := keys.LoadMasterKey(dir, nil)
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Fatalf("got %v, want an error naming %s", err, path)
			}
			if content != "" && strings.Contains(err.Error(), content[:8]) {
				t.Errorf("error %q echoes the file", err)
			}
		})
	}
	if _, err := keys.LoadMasterKey("", nil); err == nil {
		t.Error("LoadMasterKey without env and data directory succeeded")
	}
}

func TestMasterKeyRedacted(t *testing.T) {
	raw := []byte("0123456789abcdef0123456789abcdef")
	mk, err := keys.NewMasterKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
		out := fmt.Sprintf(verb, mk)
		for _, leak := range []string{string(raw[:8]), hex.EncodeToString(raw[:4]), "48, 49", "48 49", base64.StdEncoding.EncodeToString(raw)[:8]} {
			if strings.Contains(out, leak) {
				t.Errorf("Sprintf(%s) = %q leaks the key", verb, out)
			}
		}
	}
	if _, err := keys.NewMasterKey(raw[:31]); err == nil {
		t.Error("NewMasterKey accepted 31 bytes")
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Errorf("%s: mode %v, want %v", path, got, want)
	}
}

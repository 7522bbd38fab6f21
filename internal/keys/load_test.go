package keys_test

import (
	crand "crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

func TestReadMasterKeyNeverCreates(t *testing.T) {
	dir := t.TempDir()
	noEnv := func(string) (string, bool) { return "", false }
	_, err := keys.ReadMasterKey(dir, noEnv)
	if !errors.Is(err, keys.ErrNoMasterKey) {
		t.Fatalf("ReadMasterKey without key = %v, want ErrNoMasterKey", err)
	}
	if _, err := os.Stat(filepath.Join(dir, keys.MasterKeyFile)); !os.IsNotExist(err) {
		t.Fatalf("ReadMasterKey created %s (stat: %v)", keys.MasterKeyFile, err)
	}
	if _, err := keys.ReadMasterKey("", noEnv); !errors.Is(err, keys.ErrNoMasterKey) {
		t.Fatalf("ReadMasterKey without a data directory = %v", err)
	}

	// The file LoadMasterKey creates is the key ReadMasterKey reads.
	created, err := keys.LoadMasterKey(dir, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	read, err := keys.ReadMasterKey(dir, noEnv)
	if err != nil {
		t.Fatalf("ReadMasterKey after LoadMasterKey: %v", err)
	}
	st, c := openStore(t), newClock()
	if _, err := keys.Open(t.Context(), st, created, c.Now, crand.Reader); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Load(t.Context(), st, read, c.Now, crand.Reader); err != nil {
		t.Fatalf("the ring made with the created key does not load with the read one: %v", err)
	}

	// The environment wins over the file, as with LoadMasterKey.
	raw := make([]byte, 32)
	env := func(k string) (string, bool) {
		if k == keys.MasterKeyEnv {
			return base64.StdEncoding.EncodeToString(raw), true
		}
		return "", false
	}
	fromEnv, err := keys.ReadMasterKey(dir, env)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Load(t.Context(), st, fromEnv, c.Now, crand.Reader); !errors.Is(err, keys.ErrWrongMasterKey) {
		t.Fatalf("Load with the environment's (other) key = %v, want ErrWrongMasterKey", err)
	}
	bad := func(string) (string, bool) { return "c2hvcnQ=", true }
	if _, err := keys.ReadMasterKey(dir, bad); err == nil || errors.Is(err, keys.ErrNoMasterKey) {
		t.Fatalf("ReadMasterKey with a short key = %v", err)
	}
}

func TestLoadCreatesNothing(t *testing.T) {
	st, c := openStore(t), newClock()
	_, err := keys.Load(t.Context(), st, masterKey(t, 1), c.Now, crand.Reader)
	if !errors.Is(err, keys.ErrNoRing) {
		t.Fatalf("Load of an empty store = %v, want ErrNoRing", err)
	}
	if _, err := keys.Load(t.Context(), st, masterKey(t, 1), c.Now, crand.Reader); !errors.Is(err, keys.ErrNoRing) {
		t.Fatalf("the first Load created a ring: %v", err)
	}
	a := openRing(t, st, c)
	b, err := keys.Load(t.Context(), st, masterKey(t, 1), c.Now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	assertSameRing(t, a, b)
	if _, err := keys.Load(t.Context(), st, masterKey(t, 2), c.Now, crand.Reader); !errors.Is(err, keys.ErrWrongMasterKey) {
		t.Fatalf("Load with another master key = %v, want ErrWrongMasterKey", err)
	}
}

// TestListStates follows the keys of a ring through two rotations: the
// new key active, the old one verify-only until its retire time, then
// retired until a rotation prunes it.
func TestListStates(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	first, _ := r.SigningKey()
	gen := r.Generation()
	second, err := r.Rotate(t.Context(), keys.Signing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if r.Generation() <= gen {
		t.Fatalf("generation %d after a rotation, was %d", r.Generation(), gen)
	}
	states := func() map[string]keys.KeyInfo {
		m := map[string]keys.KeyInfo{}
		for _, k := range r.List() {
			if k.Purpose == keys.Signing {
				m[k.ID] = k
			}
		}
		return m
	}
	got := states()
	if len(got) != 2 || got[second].State() != keys.StateActive || got[first].State() != keys.StateVerifyOnly {
		t.Fatalf("after rotation: %+v", got)
	}
	if want := c.Now().Add(time.Hour); !got[first].RetireAfter.Equal(want) || !got[second].RetireAfter.IsZero() {
		t.Fatalf("retire times %v and %v, want %v and none", got[first].RetireAfter, got[second].RetireAfter, want)
	}
	c.Advance(time.Hour)
	got = states()
	if got[first].State() != keys.StateRetired || got[second].State() != keys.StateActive {
		t.Fatalf("after the retire time: %+v", got)
	}
	for _, k := range r.Keys() {
		if k.ID == first {
			t.Fatalf("Keys lists the retired key %s", first)
		}
	}
	third, err := r.Rotate(t.Context(), keys.Signing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got = states()
	if _, ok := got[first]; ok || len(got) != 2 || got[third].State() != keys.StateActive ||
		got[second].State() != keys.StateVerifyOnly {
		t.Fatalf("after the second rotation: %+v", got)
	}
}

func TestDefaultRetireAfterOutlivesTokens(t *testing.T) {
	// ID and access tokens live up to 24 h, credentials up to 12 h.
	if keys.DefaultRetireAfter <= 24*time.Hour {
		t.Fatalf("DefaultRetireAfter %v would retire keys of tokens still valid", keys.DefaultRetireAfter)
	}
}

// BenchmarkReloadUnchanged is the cost of serve's periodic reload when no
// rotation happened: one read of the ring's record.
func BenchmarkReloadUnchanged(b *testing.B) {
	st, c := openStore(b), newClock()
	r := openRing(b, st, c)
	if _, err := r.Rotate(b.Context(), keys.Signing, time.Hour); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := r.Reload(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReloadAfterRotation is a reload that finds a rotation: the new
// key is decrypted, the others reused.
func BenchmarkReloadAfterRotation(b *testing.B) {
	st, c := openStore(b), newClock()
	r, other := openRing(b, st, c), openRing(b, st, c)
	for b.Loop() {
		b.StopTimer()
		if _, err := other.Rotate(b.Context(), keys.Sealing, time.Hour); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := r.Reload(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

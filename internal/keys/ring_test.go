package keys_test

import (
	"context"
	crand "crypto/rand"
	"errors"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store"
)

func TestOpenCreatesRing(t *testing.T) {
	c := newClock()
	r := openRing(t, openStore(t), c)

	kid, priv := r.SigningKey()
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`).MatchString(kid) {
		t.Errorf("kid %q is not 22 URL-safe characters", kid)
	}
	if priv == nil || priv.N.BitLen() != 2048 {
		t.Fatalf("signing key is not RSA-2048")
	}
	infos := r.Keys()
	if len(infos) != 2 {
		t.Fatalf("Keys: got %d, want 2: %+v", len(infos), infos)
	}
	for _, k := range infos {
		if !k.Active || !k.Created.Equal(c.Now()) || !k.Activates.Equal(c.Now()) || !k.RetireAfter.IsZero() {
			t.Errorf("initial key %+v: want active, created and activated now, no retire time", k)
		}
	}
	sealIDs, active := keyIDs(r, keys.Sealing)
	if len(sealIDs) != 1 || !regexp.MustCompile(`^[A-Za-z0-9_-]{8}$`).MatchString(active) {
		t.Errorf("sealing keys %q, active %q: want one short URL-safe id", sealIDs, active)
	}
	if vk := r.VerificationKeys(); len(vk) != 1 || vk[0].Kid != kid || !vk[0].Key.Equal(&priv.PublicKey) {
		t.Errorf("VerificationKeys: got %+v, want the signing key", vk)
	}
}

func TestOpenIsIdempotent(t *testing.T) {
	st, c := openStore(t), newClock()
	r1 := openRing(t, st, c)
	before, err := st.Get(t.Context(), "keyring", "ring")
	if err != nil {
		t.Fatal(err)
	}
	r2 := openRing(t, st, c)
	after, _ := st.Get(t.Context(), "keyring", "ring")
	if string(before) != string(after) {
		t.Error("a second Open rewrote the ring")
	}
	assertSameRing(t, r1, r2)
}

// TestOpenConcurrent opens one new store from several goroutines and from
// two Stores on one file (as two processes would): all get one ring.
func TestOpenConcurrent(t *testing.T) {
	c := newClock()
	path := t.TempDir() + "/gatehouse.db"
	stores := []store.Store{openStoreAt(t, path), openStoreAt(t, path)}
	const n = 6
	rings := make([]*keys.Ring, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			r, err := keys.Open(t.Context(), stores[i%2], masterKey(t, 1), c.Now, crand.Reader)
			if err != nil {
				t.Error(err)
			}
			rings[i] = r
		})
	}
	close(start)
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, r := range rings[1:] {
		assertSameRing(t, rings[0], r)
	}
	if n := len(rings[0].Keys()); n != 2 {
		t.Errorf("ring has %d keys after concurrent Opens, want 2", n)
	}
}

func assertSameRing(t *testing.T, a, b *keys.Ring) {
	t.Helper()
	ka, _ := a.SigningKey()
	kb, _ := b.SigningKey()
	_, sa := keyIDs(a, keys.Sealing)
	_, sb := keyIDs(b, keys.Sealing)
	if ka != kb || sa != sb {
		t.Fatalf("rings differ: signing %s/%s, sealing %s/%s", ka, kb, sa, sb)
	}
}

func TestOpenWithWrongMasterKey(t *testing.T) {
	st, c := openStore(t), newClock()
	openRing(t, st, c)
	_, err := keys.Open(t.Context(), st, masterKey(t, 2), c.Now, crand.Reader)
	if !errors.Is(err, keys.ErrWrongMasterKey) {
		t.Fatalf("Open with another master key: got %v, want ErrWrongMasterKey", err)
	}
	if _, err := keys.Open(t.Context(), st, keys.MasterKey{}, c.Now, crand.Reader); err == nil {
		t.Error("Open with the zero MasterKey succeeded")
	}
	if _, err := keys.Open(t.Context(), nil, masterKey(t, 1), c.Now, crand.Reader); err == nil {
		t.Error("Open without a store succeeded")
	}
}

func TestOpenFailsWithFailingRandom(t *testing.T) {
	_, err := keys.Open(t.Context(), openStore(t), masterKey(t, 1), newClock().Now, failingRand{})
	if err == nil {
		t.Fatal("Open with a failing random source succeeded")
	}
}

func TestOpenHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := keys.Open(ctx, openStore(t), masterKey(t, 1), newClock().Now, crand.Reader)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Open with a cancelled context: got %v", err)
	}
}

func TestReloadSeesOtherRingsRotation(t *testing.T) {
	st, c := openStore(t), newClock()
	a, b := openRing(t, st, c), openRing(t, st, c)

	newSeal, err := a.Rotate(t.Context(), keys.Sealing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := a.Seal([]byte("from a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sealedKeyID(sealed) != newSeal {
		t.Fatalf("a sealed with %s, want its new key %s", sealedKeyID(sealed), newSeal)
	}
	// b has not reloaded: the key id it does not have makes it reload.
	if pt, err := b.Open(sealed, nil); err != nil || string(pt) != "from a" {
		t.Fatalf("b before its Reload: Open = %q, %v", pt, err)
	}
	newKid, err := a.Rotate(t.Context(), keys.Signing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Reload(t.Context()); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if pt, err := b.Open(sealed, nil); err != nil || string(pt) != "from a" {
		t.Fatalf("b after Reload: Open = %q, %v", pt, err)
	}
	if kid, _ := b.SigningKey(); kid != newKid {
		t.Errorf("b signs with %s after Reload, want %s", kid, newKid)
	}
	if _, active := keyIDs(b, keys.Sealing); active != newSeal {
		t.Errorf("b seals with %s after Reload, want %s", active, newSeal)
	}
	// A Reload that finds nothing new keeps the ring.
	if err := b.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	assertSameRing(t, a, b)
}

// TestConcurrentRotations rotates from two rings on one store at once: the
// ring in the store ends with every key.
func TestConcurrentRotations(t *testing.T) {
	st, c := openStore(t), newClock()
	rings := []*keys.Ring{openRing(t, st, c), openRing(t, st, c)}
	var mu sync.Mutex
	var added []string
	var wg sync.WaitGroup
	for _, r := range rings {
		for range 3 {
			wg.Go(func() {
				for range 5 {
					id, err := r.Rotate(t.Context(), keys.Sealing, time.Hour)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					added = append(added, id)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	fresh := openRing(t, st, c)
	ids, _ := keyIDs(fresh, keys.Sealing)
	for _, id := range added {
		if !slices.Contains(ids, id) {
			t.Errorf("key %s added by a rotation is missing from the ring", id)
		}
	}
	if len(ids) != len(added)+1 {
		t.Errorf("ring has %d sealing keys, want %d", len(ids), len(added)+1)
	}
}

// TestClockBehind: a node whose clock is behind the rotating node's keeps
// sealing with the old key until the new one's activation, and opens both.
func TestClockBehind(t *testing.T) {
	st := openStore(t)
	ahead, behind := newClock(), newClock()
	a, b := openRing(t, st, ahead), openRing(t, st, behind)
	_, oldSeal := keyIDs(b, keys.Sealing)

	ahead.Advance(time.Minute)
	newSeal, err := a.Rotate(t.Context(), keys.Sealing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	sealed, _ := b.Seal([]byte("x"), nil)
	if sealedKeyID(sealed) != oldSeal {
		t.Errorf("b sealed with %s before the new key activates, want %s", sealedKeyID(sealed), oldSeal)
	}
	fromA, _ := a.Seal([]byte("y"), nil)
	if _, err := b.Open(fromA, nil); err != nil {
		t.Errorf("b cannot open a's new key yet: %v", err)
	}
	behind.Advance(time.Minute)
	sealed, _ = b.Seal([]byte("x"), nil)
	if sealedKeyID(sealed) != newSeal {
		t.Errorf("b sealed with %s once the new key activated, want %s", sealedKeyID(sealed), newSeal)
	}
}

package keys_test

import (
	"context"
	crand "crypto/rand"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store"
)

// getCountingStore counts the reads of the ring's record.
type getCountingStore struct {
	store.Store
	mu   sync.Mutex
	gets int
}

func (s *getCountingStore) Get(ctx context.Context, kind, id string) ([]byte, error) {
	s.mu.Lock()
	s.gets++
	s.mu.Unlock()
	return s.Store.Get(ctx, kind, id)
}

// twoRings opens two rings on one store, as two nodes: b reads the store
// through counted.
func twoRings(t *testing.T) (c *clock, a, b *keys.Ring, counted *getCountingStore) {
	t.Helper()
	c = newClock()
	st := openStore(t)
	a = openRing(t, st, c)
	counted = &getCountingStore{Store: st}
	b, err := keys.Open(t.Context(), counted, masterKey(t, 1), c.Now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return c, a, b, counted
}

// A node that has not reloaded since another node rotated its keys in
// opens what that node seals and verifies what it signs: a key id it does
// not have makes it reload, at most once a second; known ids never do.
func TestUnknownKeyIDReloads(t *testing.T) {
	c, a, b, counted := twoRings(t)
	_, oldKid := keyIDs(b, keys.Signing)
	old, err := b.Seal([]byte("old"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}

	c.Advance(time.Minute)
	ids, err := a.RotateAll(t.Context(), []keys.Purpose{keys.Signing, keys.Sealing}, keys.RotateOptions{RetireOldAfter: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := a.Seal([]byte("new"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}

	// Known ids: no store read.
	counted.gets = 0
	if pt, err := b.Open(old, []byte("ad")); err != nil || string(pt) != "old" {
		t.Fatalf("Open with a known key: %q, %v", pt, err)
	}
	if b.VerificationKey(oldKid) == nil {
		t.Fatal("no verification key for the known kid")
	}
	if counted.gets != 0 {
		t.Errorf("known key ids read the store %d times", counted.gets)
	}

	// The new sealing key: one reload, then known.
	if pt, err := b.Open(fresh, []byte("ad")); err != nil || string(pt) != "new" {
		t.Fatalf("Open with the key another node rotated in: %q, %v", pt, err)
	}
	if counted.gets != 1 {
		t.Errorf("the unknown sealing key read the store %d times, want 1", counted.gets)
	}
	if b.VerificationKey(ids[0]) == nil {
		t.Error("no verification key for the kid the same rotation added")
	}
	if counted.gets != 1 {
		t.Errorf("the kid the reload brought read the store again (%d reads)", counted.gets)
	}

	// Ids nobody has: one reload a second at most.
	c.Advance(time.Second)
	counted.gets = 0
	for range 5 {
		if b.VerificationKey("no-such-kid") != nil {
			t.Fatal("a verification key for an unknown kid")
		}
	}
	forged := append([]byte(nil), fresh...)
	copy(forged[2:2+forged[1]], "zzzzzzzz")
	if _, err := b.Open(forged, []byte("ad")); !errors.Is(err, keys.ErrInvalid) {
		t.Fatalf("Open with an unknown key id: %v, want ErrInvalid", err)
	}
	if counted.gets != 1 {
		t.Errorf("6 unknown ids within a second read the store %d times, want 1", counted.gets)
	}
	c.Advance(time.Second)
	b.VerificationKey("no-such-kid")
	if counted.gets != 2 {
		t.Errorf("an unknown id a second later: %d store reads in all, want 2", counted.gets)
	}

	// A known key that retired is not reloaded for.
	c.Advance(2 * time.Hour)
	counted.gets = 0
	if b.VerificationKey(oldKid) != nil {
		t.Error("a verification key for a retired kid")
	}
	if _, err := b.Open(old, []byte("ad")); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("Open with a retired key: %v, want ErrInvalid", err)
	}
	if counted.gets != 0 {
		t.Errorf("retired key ids read the store %d times", counted.gets)
	}
}

// Requests that meet the same new key id at once all succeed: those that
// waited for another's reload look the id up again.
func TestUnknownKeyIDConcurrent(t *testing.T) {
	_, a, b, counted := twoRings(t)
	if _, err := a.Rotate(t.Context(), keys.Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	sealed, err := a.Seal([]byte("new"), nil)
	if err != nil {
		t.Fatal(err)
	}
	counted.mu.Lock()
	counted.gets = 0
	counted.mu.Unlock()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			if _, err := b.Open(sealed, nil); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a concurrent Open of the new key: %v", err)
	}
	if counted.gets != 1 {
		t.Errorf("16 concurrent Opens read the store %d times, want 1", counted.gets)
	}
}

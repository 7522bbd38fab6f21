package keys_test

import (
	"context"
	"crypto"
	crand "crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

func TestRotateSealing(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	ctx := t.Context()
	_, oldID := keyIDs(r, keys.Sealing)
	old, err := r.Seal([]byte("old secret"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}

	c.Advance(time.Second)
	newID, err := r.Rotate(ctx, keys.Sealing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if newID == oldID {
		t.Fatal("Rotate returned the old id")
	}
	fresh, _ := r.Seal([]byte("new secret"), []byte("ad"))
	if sealedKeyID(fresh) != newID {
		t.Errorf("Seal after Rotate used %s, want %s", sealedKeyID(fresh), newID)
	}
	for _, k := range r.Keys() {
		if k.ID == oldID && (k.Active || !k.RetireAfter.Equal(c.Now().Add(time.Hour))) {
			t.Errorf("old key after Rotate: %+v; want inactive, retiring in 1h", k)
		}
		if k.ID == newID && (!k.Active || !k.RetireAfter.IsZero()) {
			t.Errorf("new key: %+v; want active, no retire time", k)
		}
	}

	c.Advance(time.Hour - time.Nanosecond)
	if pt, err := r.Open(old, []byte("ad")); err != nil || string(pt) != "old secret" {
		t.Fatalf("just before the old key retires: Open = %q, %v", pt, err)
	}
	c.Advance(time.Nanosecond)
	if _, err := r.Open(old, []byte("ad")); !errors.Is(err, keys.ErrInvalid) {
		t.Fatalf("after the old key retired: Open = %v, want ErrInvalid", err)
	}
	if pt, err := r.Open(fresh, []byte("ad")); err != nil || string(pt) != "new secret" {
		t.Fatalf("new key after the old one retired: Open = %q, %v", pt, err)
	}
	if ids, _ := keyIDs(r, keys.Sealing); !slices.Equal(ids, []string{newID}) {
		t.Errorf("Keys after retirement: sealing %q, want only %s", ids, newID)
	}

	// The retired key stays in the store until the next rotation prunes it.
	if !storedIDs(t, st)[oldID] {
		t.Error("the retired key left the store before a rotation")
	}
	if _, err := r.Rotate(ctx, keys.Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	if storedIDs(t, st)[oldID] {
		t.Error("a rotation did not prune the retired key")
	}
}

func TestRotateKeepsEarlierRetireTime(t *testing.T) {
	r := openRing(t, openStore(t), newClock())
	_, first := keyIDs(r, keys.Sealing)
	if _, err := r.Rotate(t.Context(), keys.Sealing, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Rotate(t.Context(), keys.Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	var retire time.Time
	for _, k := range r.Keys() {
		if k.ID == first {
			retire = k.RetireAfter
		}
	}
	if want := newClock().Now().Add(time.Minute); !retire.Equal(want) {
		t.Errorf("first key retires at %v, want %v (a later rotation must not extend it)", retire, want)
	}
}

func TestRotateWithoutGrace(t *testing.T) {
	r := openRing(t, openStore(t), newClock())
	old, _ := r.Seal([]byte("x"), nil)
	newID, err := r.Rotate(t.Context(), keys.Sealing, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Open(old, nil); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("old key after Rotate(0): Open = %v, want ErrInvalid", err)
	}
	if ids, active := keyIDs(r, keys.Sealing); !slices.Equal(ids, []string{newID}) || active != newID {
		t.Errorf("sealing keys %q (active %s), want only %s", ids, active, newID)
	}
}

// TestRotateSigning: the old public key stays in VerificationKeys until it
// retires, so tokens signed before a rotation verify until then.
func TestRotateSigning(t *testing.T) {
	c := newClock()
	r := openRing(t, openStore(t), c)
	oldKid, oldKey := r.SigningKey()
	digest := sha256.Sum256([]byte("header.payload"))
	sig, err := rsa.SignPKCS1v15(nil, oldKey, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}

	newKid, err := r.Rotate(t.Context(), keys.Signing, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if kid, key := r.SigningKey(); kid != newKid || key.Equal(oldKey) {
		t.Fatalf("SigningKey after Rotate: %s, want %s", kid, newKid)
	}
	verify := func() error {
		for _, pk := range r.VerificationKeys() {
			if pk.Kid == oldKid {
				return rsa.VerifyPKCS1v15(pk.Key, crypto.SHA256, digest[:], sig)
			}
		}
		return errors.New("old kid not in VerificationKeys")
	}
	if got := kids(r); !slices.Equal(got, []string{newKid, oldKid}) {
		t.Errorf("VerificationKeys: %q, want [%s %s]", got, newKid, oldKid)
	}
	c.Advance(24*time.Hour - time.Second)
	if err := verify(); err != nil {
		t.Errorf("before retirement: %v", err)
	}
	c.Advance(time.Second)
	if err := verify(); err == nil {
		t.Error("the old key still verifies after its retire time")
	}
	if got := kids(r); !slices.Equal(got, []string{newKid}) {
		t.Errorf("VerificationKeys after retirement: %q, want [%s]", got, newKid)
	}
	// Sealing keys are not touched by a signing rotation.
	if ids, _ := keyIDs(r, keys.Sealing); len(ids) != 1 {
		t.Errorf("sealing keys after a signing rotation: %q", ids)
	}
}

func TestRotateRejectsBadArguments(t *testing.T) {
	r := openRing(t, openStore(t), newClock())
	if _, err := r.Rotate(t.Context(), keys.Purpose("encryption"), time.Hour); err == nil {
		t.Error("Rotate of an unknown purpose succeeded")
	}
	if _, err := r.Rotate(t.Context(), keys.Sealing, -time.Second); err == nil {
		t.Error("Rotate with a negative delay succeeded")
	}
}

func kids(r *keys.Ring) []string {
	var out []string
	for _, pk := range r.VerificationKeys() {
		out = append(out, pk.Kid)
	}
	return out
}

// storedIDs returns the ids of the keys in the stored ring.
func storedIDs(t *testing.T, st store.Store) map[string]bool {
	t.Helper()
	b, err := st.Get(t.Context(), "keyring", "ring")
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Keys []struct{ ID string } `json:"keys"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, k := range rec.Keys {
		ids[k.ID] = true
	}
	return ids
}

// countingStore counts the store updates of the ring.
type countingStore struct {
	store.Store
	updates int
}

func (s *countingStore) Update(ctx context.Context, kind, id string, fn func([]byte) ([]byte, error)) error {
	s.updates++
	return s.Store.Update(ctx, kind, id, fn)
}

// RotateAll writes the new keys of every purpose in one update, so that
// another node reloading sees them all or none, and each becomes active.
func TestRotateAllInOneUpdate(t *testing.T) {
	st, c := &countingStore{Store: openStore(t)}, newClock()
	r, err := keys.Open(t.Context(), st, masterKey(t, 1), c.Now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, oldSigning := keyIDs(r, keys.Signing)
	_, oldSealing := keyIDs(r, keys.Sealing)
	c.Advance(time.Second)
	st.updates = 0
	ids, err := r.RotateAll(t.Context(), []keys.Purpose{keys.Signing, keys.Sealing}, keys.RotateOptions{RetireOldAfter: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if st.updates != 1 {
		t.Errorf("RotateAll of two purposes made %d store updates, want 1", st.updates)
	}
	if len(ids) != 2 || ids[0] == oldSigning || ids[1] == oldSealing {
		t.Fatalf("RotateAll = %q (old keys %s, %s)", ids, oldSigning, oldSealing)
	}
	other := openRing(t, st.Store.(*sqlite.Store), c)
	for i, p := range []keys.Purpose{keys.Signing, keys.Sealing} {
		for _, ring := range []*keys.Ring{r, other} {
			if _, active := keyIDs(ring, p); active != ids[i] {
				t.Errorf("active %s key %s, want %s", p, active, ids[i])
			}
		}
	}

	if _, err := r.RotateAll(t.Context(), []keys.Purpose{keys.Sealing, keys.Sealing}, keys.RotateOptions{RetireOldAfter: time.Hour}); err == nil {
		t.Error("RotateAll of one purpose twice succeeded")
	}
	if _, err := r.RotateAll(t.Context(), []keys.Purpose{keys.Signing, "encryption"}, keys.RotateOptions{RetireOldAfter: time.Hour}); err == nil {
		t.Error("RotateAll of an unknown purpose succeeded")
	}
	if _, active := keyIDs(r, keys.Signing); active != ids[0] {
		t.Errorf("a refused RotateAll changed the signing key to %s", active)
	}
}

// With ActivateAfter the new keys are published at once but sign and seal
// only from their activation; the replaced keys retire RetireOldAfter
// after it.
func TestRotateActivateLater(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	_, oldKid := keyIDs(r, keys.Signing)
	_, oldSeal := keyIDs(r, keys.Sealing)
	start := c.Now()
	ids, err := r.RotateAll(t.Context(), []keys.Purpose{keys.Signing, keys.Sealing},
		keys.RotateOptions{ActivateAfter: time.Hour, RetireOldAfter: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	newKid, newSeal := ids[0], ids[1]
	if got := kids(r); !slices.Equal(got, []string{newKid, oldKid}) {
		t.Errorf("JWKS kids before the activation %q, want the new and the old", got)
	}
	if kid, _ := r.SigningKey(); kid != oldKid {
		t.Errorf("signs with %s before the activation, want the old key %s", kid, oldKid)
	}
	sealed, err := r.Seal([]byte("x"), nil)
	if err != nil || sealedKeyID(sealed) != oldSeal {
		t.Errorf("seals with %s before the activation (%v), want the old key %s", sealedKeyID(sealed), err, oldSeal)
	}
	states := func() map[string]keys.State {
		m := map[string]keys.State{}
		for _, k := range r.List() {
			m[k.ID] = k.State()
		}
		return m
	}
	want := map[string]keys.State{newKid: keys.StatePending, newSeal: keys.StatePending, oldKid: keys.StateActive, oldSeal: keys.StateActive}
	if got := states(); !maps.Equal(got, want) {
		t.Errorf("states before the activation %v, want %v", got, want)
	}
	for _, k := range r.Keys() {
		if k.ID == oldKid && !k.RetireAfter.Equal(start.Add(3*time.Hour)) {
			t.Errorf("the old key retires at %v, want 3h after the rotation (activation + 2h)", k.RetireAfter)
		}
		if k.ID == newKid && (!k.Activates.Equal(start.Add(time.Hour)) || !k.Pending || k.Active) {
			t.Errorf("the new signing key %+v, want pending, activating 1h after the rotation", k)
		}
	}

	c.Advance(time.Hour)
	if kid, _ := r.SigningKey(); kid != newKid {
		t.Errorf("signs with %s at the activation, want %s", kid, newKid)
	}
	want = map[string]keys.State{newKid: keys.StateActive, newSeal: keys.StateActive, oldKid: keys.StateVerifyOnly, oldSeal: keys.StateVerifyOnly}
	if got := states(); !maps.Equal(got, want) {
		t.Errorf("states at the activation %v, want %v", got, want)
	}
	if _, err := r.Open(sealed, nil); err != nil {
		t.Errorf("Open of what the old key sealed: %v", err)
	}
	c.Advance(2 * time.Hour)
	if _, err := r.Open(sealed, nil); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("Open after the old key retired: %v, want ErrInvalid", err)
	}

	if _, err := r.RotateAll(t.Context(), []keys.Purpose{keys.Signing}, keys.RotateOptions{ActivateAfter: -time.Second}); err == nil {
		t.Error("RotateAll with a negative activation delay succeeded")
	}
}

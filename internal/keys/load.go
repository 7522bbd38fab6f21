package keys

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// DefaultRetireAfter is how long the keys a rotation replaces keep verifying
// and opening unless the rotation says otherwise: the longest validity of
// what a key signs or seals (24 hours for ID and access tokens, 12 for
// temporary credentials), plus an hour for the nodes that keep signing and
// sealing with the old key until their next reload.
const DefaultRetireAfter = 25 * time.Hour

// Load reads the key ring from st without changing it: unlike Open it
// creates no ring (ErrNoRing when the store has none) and adds no key.
// Tools that inspect or rotate a deployment's ring use it.
func Load(ctx context.Context, st store.Store, mk MasterKey, now func() time.Time, rand io.Reader) (*Ring, error) {
	if st == nil || now == nil || rand == nil {
		return nil, errors.New("keys: Load needs a store, a clock and a random source")
	}
	master, err := mk.aead()
	if err != nil {
		return nil, err
	}
	r := &Ring{store: st, master: master, now: now, rand: rand}
	rec, err := r.fetch(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w (the first start of gatehouse serve creates it)", ErrNoRing)
	}
	if err != nil {
		return nil, err
	}
	return r.installed(rec)
}

// Generation counts the writes of the ring the node holds now: it grows
// with every rotation, here or (after Reload) elsewhere.
func (r *Ring) Generation() uint64 {
	return r.state.Load().generation
}

// State is what a key does at a given time.
type State string

const (
	// StateActive: the key signs or seals.
	StateActive State = "active"
	// StateVerifyOnly: a newer key signs or seals; this one still verifies
	// and opens until its retire time.
	StateVerifyOnly State = "verify-only"
	// StateRetired: past its retire time; it verifies and opens nothing and
	// leaves the store at the next rotation.
	StateRetired State = "retired"
	// StatePending: rotated in to activate later; until then it verifies
	// and opens, and a signing key is published, but the active key signs
	// and seals.
	StatePending State = "pending"
)

// State returns what the key does.
func (k KeyInfo) State() State {
	switch {
	case k.Retired:
		return StateRetired
	case k.Active:
		return StateActive
	case k.Pending:
		return StatePending
	}
	return StateVerifyOnly
}

// List describes every key the ring holds, retired ones not yet pruned
// from the store included: signing keys, then sealing keys, each newest
// first. It holds no secret.
func (r *Ring) List() []KeyInfo {
	s, now := r.state.Load(), r.now()
	var out []KeyInfo
	add := func(m *keyMeta, isActive bool) {
		out = append(out, KeyInfo{
			ID: m.id, Purpose: m.purpose, Created: m.created, Activates: m.activates,
			RetireAfter: m.retireAfter, Active: isActive, Retired: !m.usable(now),
			Pending: !isActive && m.activates.After(now),
		})
	}
	sign, _ := active(s.signing, now)
	for _, k := range s.signing {
		add(&k.keyMeta, k == sign)
	}
	seal, _ := active(s.sealing, now)
	for _, k := range s.sealing {
		add(&k.keyMeta, k == seal)
	}
	return out
}

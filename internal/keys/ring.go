package keys

import (
	"context"
	"crypto/cipher"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// openAttempts bounds how often Open re-reads a ring that another process
// created or changed while Open was creating or completing it.
const openAttempts = 5

// Ring is the key ring of a Gatehouse deployment. Its methods are safe for
// concurrent use; the read methods take no lock.
type Ring struct {
	store  store.Store
	master cipher.AEAD
	now    func() time.Time
	// rand must be safe for concurrent use, as crypto/rand.Reader is.
	rand  io.Reader
	state atomic.Pointer[snapshot]
	// unknown rate-limits the reloads for key ids the ring does not have.
	unknown struct {
		sync.Mutex
		last time.Time
	}
}

// KeyInfo describes a key of the ring, without its secret.
type KeyInfo struct {
	ID        string
	Purpose   Purpose
	Created   time.Time
	Activates time.Time
	// RetireAfter is when the key stops verifying and opening; zero when no
	// newer key has replaced it yet.
	RetireAfter time.Time
	// Active tells the key its purpose uses now to sign or seal.
	Active bool
	// Pending tells a key that activates later: published (a signing key
	// is in the JWKS), opening, verifying, but not signing or sealing yet.
	Pending bool
	// Retired tells a key past its retire time (only List has them).
	Retired bool
}

// Open loads the key ring from st, decrypting it with mk. A ring missing
// from the store is created with one signing and one sealing key; a ring
// whose keys of a purpose have all retired gets a new one. Processes that
// open one store at the same time end up with the same ring. now and rand
// are the ring's clock and randomness (rand must be safe for concurrent use).
func Open(ctx context.Context, st store.Store, mk MasterKey, now func() time.Time, rand io.Reader) (*Ring, error) {
	if st == nil || now == nil || rand == nil {
		return nil, errors.New("keys: Open needs a store, a clock and a random source")
	}
	master, err := mk.aead()
	if err != nil {
		return nil, err
	}
	r := &Ring{store: st, master: master, now: now, rand: rand}
	for range openAttempts {
		rec, err := r.fetch(ctx)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		var missing []Purpose
		for _, p := range purposes() {
			if rec == nil || !rec.hasUsable(p, now()) {
				missing = append(missing, p)
			}
		}
		if len(missing) == 0 {
			return r.installed(rec)
		}
		rec, err = r.addMissing(ctx, rec, missing)
		if errors.Is(err, store.ErrAlreadyExists) || errors.Is(err, store.ErrNotFound) {
			continue // created or deleted meanwhile by another process
		}
		if err != nil {
			return nil, err
		}
		return r.installed(rec)
	}
	return nil, fmt.Errorf("keys: the key ring kept changing while it was opened %d times", openAttempts)
}

// installed installs rec and returns r.
func (r *Ring) installed(rec *ringRecord) (*Ring, error) {
	if err := r.install(rec); err != nil {
		return nil, err
	}
	return r, nil
}

// addMissing generates keys for the missing purposes, outside any store
// transaction since RSA generation is slow, then creates the ring (rec is
// nil) or adds the keys that are still missing inside one store.Update.
func (r *Ring) addMissing(ctx context.Context, rec *ringRecord, missing []Purpose) (*ringRecord, error) {
	fresh := make([]storedKey, 0, len(missing))
	for _, p := range missing {
		k, err := generateKey(r.master, r.rand, p)
		if err != nil {
			return nil, err
		}
		fresh = append(fresh, k)
	}
	if rec == nil {
		now := r.now()
		rec = &ringRecord{Version: recordVersion, Generation: 1}
		for _, k := range fresh {
			k.Created, k.Activates = now, now
			rec.Keys = append(rec.Keys, k)
		}
		b, err := rec.encode()
		if err != nil {
			return nil, err
		}
		if err := r.store.Create(ctx, ringKind, ringID, b); err != nil {
			return nil, fmt.Errorf("keys: create key ring: %w", err)
		}
		return rec, nil
	}
	return r.update(ctx, func(rec *ringRecord, now time.Time) error {
		for _, k := range fresh {
			if rec.hasUsable(k.Purpose, now) || rec.hasID(k.ID) {
				continue
			}
			k.Created, k.Activates = now, now
			rec.Keys = append(rec.Keys, k)
		}
		return nil
	})
}

// update changes the stored ring with fn in one store.Update, pruning
// retired keys and counting the generation, and returns the ring written.
func (r *Ring) update(ctx context.Context, fn func(rec *ringRecord, now time.Time) error) (*ringRecord, error) {
	var written *ringRecord
	err := r.store.Update(ctx, ringKind, ringID, func(old []byte) ([]byte, error) {
		rec, err := decodeRecord(old)
		if err != nil {
			return nil, err
		}
		now := r.now()
		if err := fn(rec, now); err != nil {
			return nil, err
		}
		rec.prune(now)
		rec.Generation++
		written = rec
		return rec.encode()
	})
	if err != nil {
		return nil, fmt.Errorf("keys: update key ring: %w", err)
	}
	return written, nil
}

// fetch reads and decodes the stored ring.
func (r *Ring) fetch(ctx context.Context) (*ringRecord, error) {
	b, err := r.store.Get(ctx, ringKind, ringID)
	if err != nil {
		return nil, fmt.Errorf("keys: read key ring: %w", err)
	}
	return decodeRecord(b)
}

// install makes rec the ring's state unless a newer generation already is.
func (r *Ring) install(rec *ringRecord) error {
	for {
		cur := r.state.Load()
		if cur != nil && cur.generation >= rec.Generation {
			return nil
		}
		next, err := buildSnapshot(r.master, rec, cur)
		if err != nil {
			return err
		}
		if r.state.CompareAndSwap(cur, next) {
			return nil
		}
	}
}

// Reload reads the ring from the store, to pick up other nodes' rotations:
// one read of the ring's record, whose keys are decrypted again only when
// its generation is newer than the node's. Serve calls it periodically.
func (r *Ring) Reload(ctx context.Context) error {
	rec, err := r.fetch(ctx)
	if err != nil {
		return err
	}
	return r.install(rec)
}

// Keys lists the keys that have not retired, by purpose, newest first.
func (r *Ring) Keys() []KeyInfo {
	s, now := r.state.Load(), r.now()
	var out []KeyInfo
	info := func(m *keyMeta, isActive bool) {
		if m.usable(now) {
			out = append(out, KeyInfo{
				ID: m.id, Purpose: m.purpose, Created: m.created, Activates: m.activates,
				RetireAfter: m.retireAfter, Active: isActive, Pending: !isActive && m.activates.After(now),
			})
		}
	}
	sign, _ := active(s.signing, now)
	for _, k := range s.signing {
		info(&k.keyMeta, k == sign)
	}
	seal, _ := active(s.sealing, now)
	for _, k := range s.sealing {
		info(&k.keyMeta, k == seal)
	}
	return slices.Clip(out)
}

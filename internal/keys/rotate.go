package keys

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// rotateAttempts bounds retries when a new key's random id is already taken.
const rotateAttempts = 3

// errIDTaken: a generated key id is already in the ring.
var errIDTaken = errors.New("keys: generated key id is taken")

// Rotate adds a new key of purpose p, which becomes the purpose's active key
// at once. The purpose's older keys retire retireOldAfter from now (keeping
// an earlier retire time they already have): until then they still verify
// and open. Keys already retired are pruned from the store. Rotate returns
// the new key's id.
//
// Other nodes use the new key after their next Reload; data they seal in
// between uses their (now old) key, which this ring opens until it retires.
func (r *Ring) Rotate(ctx context.Context, p Purpose, retireOldAfter time.Duration) (string, error) {
	ids, err := r.RotateAll(ctx, []Purpose{p}, RotateOptions{RetireOldAfter: retireOldAfter})
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// RotateOptions are the times of a rotation.
type RotateOptions struct {
	// ActivateAfter delays the new keys' activation: until then they are
	// published (a signing key's kid is in the JWKS) and verify and open,
	// but the keys they replace still sign and seal. Verifiers outside
	// Gatehouse that cache the JWKS then know the new kid before any token
	// carries it. Zero activates them at once.
	ActivateAfter time.Duration
	// RetireOldAfter is how long after the new keys activate the replaced
	// keys keep verifying and opening.
	RetireOldAfter time.Duration
}

// RotateAll is Rotate for several purposes at once, in one update of the
// store: a node that reloads sees all the new keys or none. It returns the
// new keys' ids in the order of purposes.
func (r *Ring) RotateAll(ctx context.Context, purposes []Purpose, o RotateOptions) ([]string, error) {
	for i, p := range purposes {
		if err := p.check(); err != nil {
			return nil, err
		}
		if slices.Contains(purposes[:i], p) {
			return nil, fmt.Errorf("keys: rotate %s twice", p)
		}
	}
	if o.RetireOldAfter < 0 {
		return nil, fmt.Errorf("keys: negative retire delay %v", o.RetireOldAfter)
	}
	if o.ActivateAfter < 0 {
		return nil, fmt.Errorf("keys: negative activation delay %v", o.ActivateAfter)
	}
	for range rotateAttempts {
		fresh := make([]storedKey, len(purposes))
		for i, p := range purposes {
			k, err := generateKey(r.master, r.rand, p)
			if err != nil {
				return nil, err
			}
			fresh[i] = k
		}
		rec, err := r.update(ctx, func(rec *ringRecord, now time.Time) error {
			for i := range fresh {
				if rec.hasID(fresh[i].ID) || slices.ContainsFunc(fresh[:i], func(k storedKey) bool { return k.ID == fresh[i].ID }) {
					return errIDTaken
				}
			}
			activates := now.Add(o.ActivateAfter)
			retireAt := activates.Add(o.RetireOldAfter)
			for _, k := range fresh {
				for i := range rec.Keys {
					old := &rec.Keys[i]
					if old.Purpose == k.Purpose && !old.retired(now) &&
						(old.RetireAfter.IsZero() || old.RetireAfter.After(retireAt)) {
						old.RetireAfter = retireAt
					}
				}
			}
			for _, k := range fresh {
				k.Created, k.Activates = now, activates
				rec.Keys = append(rec.Keys, k)
			}
			return nil
		})
		if errors.Is(err, errIDTaken) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := r.install(rec); err != nil {
			return nil, err
		}
		ids := make([]string, len(fresh))
		for i, k := range fresh {
			ids[i] = k.ID
		}
		return ids, nil
	}
	return nil, fmt.Errorf("keys: rotate %v: %w %d times", purposes, errIDTaken, rotateAttempts)
}

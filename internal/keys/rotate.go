package keys

import (
	"context"
	"errors"
	"fmt"
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
	if err := p.check(); err != nil {
		return "", err
	}
	if retireOldAfter < 0 {
		return "", fmt.Errorf("keys: negative retire delay %v", retireOldAfter)
	}
	for range rotateAttempts {
		k, err := generateKey(r.master, r.rand, p)
		if err != nil {
			return "", err
		}
		rec, err := r.update(ctx, func(rec *ringRecord, now time.Time) error {
			if rec.hasID(k.ID) {
				return errIDTaken
			}
			retireAt := now.Add(retireOldAfter)
			for i := range rec.Keys {
				old := &rec.Keys[i]
				if old.Purpose == p && !old.retired(now) &&
					(old.RetireAfter.IsZero() || old.RetireAfter.After(retireAt)) {
					old.RetireAfter = retireAt
				}
			}
			k.Created, k.Activates = now, now
			rec.Keys = append(rec.Keys, k)
			return nil
		})
		if errors.Is(err, errIDTaken) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := r.install(rec); err != nil {
			return "", err
		}
		return k.ID, nil
	}
	return "", fmt.Errorf("keys: rotate %s: %w %d times", p, errIDTaken, rotateAttempts)
}

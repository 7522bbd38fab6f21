package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// Collection is a typed view of one kind of record, stored as JSON. Services
// declare one per entity: store.Collection[User]{Store: s, Kind: "user"}.
type Collection[T any] struct {
	Store Store
	Kind  string
}

// Get decodes kind/id.
func (c Collection[T]) Get(ctx context.Context, id string) (T, error) {
	var v T
	b, err := c.Store.Get(ctx, c.Kind, id)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, fmt.Errorf("store: decode %s/%s: %w", c.Kind, id, err)
	}
	return v, nil
}

// Create stores v as a new record.
func (c Collection[T]) Create(ctx context.Context, id string, v T) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s/%s: %w", c.Kind, id, err)
	}
	return c.Store.Create(ctx, c.Kind, id, b)
}

// Update is Store.Update on decoded values.
func (c Collection[T]) Update(ctx context.Context, id string, fn func(old T) (T, error)) error {
	return c.Store.Update(ctx, c.Kind, id, func(old []byte) ([]byte, error) {
		var v T
		if err := json.Unmarshal(old, &v); err != nil {
			return nil, fmt.Errorf("store: decode %s/%s: %w", c.Kind, id, err)
		}
		nv, err := fn(v)
		if err != nil {
			return nil, err
		}
		return json.Marshal(nv)
	})
}

// Delete removes id.
func (c Collection[T]) Delete(ctx context.Context, id string) error {
	return c.Store.Delete(ctx, c.Kind, id)
}

// List decodes a page of records.
func (c Collection[T]) List(ctx context.Context, opts ListOptions) ([]T, []string, error) {
	recs, err := c.Store.List(ctx, c.Kind, opts)
	if err != nil {
		return nil, nil, err
	}
	vals := make([]T, 0, len(recs))
	ids := make([]string, 0, len(recs))
	for _, r := range recs {
		var v T
		if err := json.Unmarshal(r.Value, &v); err != nil {
			return nil, nil, fmt.Errorf("store: decode %s/%s: %w", c.Kind, r.ID, err)
		}
		vals = append(vals, v)
		ids = append(ids, r.ID)
	}
	return vals, ids, nil
}

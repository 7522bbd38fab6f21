package store

import (
	"context"
	"errors"
)

// Sentinel errors every backend returns (possibly wrapped).
var (
	// ErrNotFound: no record with that kind and id.
	ErrNotFound = errors.New("store: not found")
	// ErrAlreadyExists: Create of a kind and id that already exists.
	ErrAlreadyExists = errors.New("store: already exists")
)

// Record is one stored value. Values are opaque bytes to the store; the
// Collection helper keeps them as JSON.
type Record struct {
	Kind  string
	ID    string
	Value []byte
}

// ListOptions selects a page of one kind's records, ordered by id.
type ListOptions struct {
	// Prefix keeps only ids that start with it (an empty prefix keeps all).
	Prefix string
	// After starts the page after this id (exclusive); empty means the first page.
	After string
	// Limit bounds the page size; zero or less means no bound.
	Limit int
}

// Store is the storage of one Gatehouse deployment. Records are grouped by
// kind (a short constant such as "keyring" or "user") and addressed by id
// within their kind. All methods are safe for concurrent use, also across
// processes sharing one database.
type Store interface {
	// Get returns the value of kind/id, or ErrNotFound.
	Get(ctx context.Context, kind, id string) ([]byte, error)
	// Create stores a new record, or returns ErrAlreadyExists.
	Create(ctx context.Context, kind, id string, value []byte) error
	// Update is an atomic read-modify-write of an existing record: fn gets
	// the current value and returns the new one. If fn returns an error,
	// nothing is written and Update returns that error. Returns ErrNotFound
	// when the record does not exist (fn is not called). Concurrent Updates
	// of one record are serialized: no write is lost.
	Update(ctx context.Context, kind, id string, fn func(old []byte) ([]byte, error)) error
	// Delete removes kind/id, or returns ErrNotFound.
	Delete(ctx context.Context, kind, id string) error
	// List returns records of one kind ordered by id.
	List(ctx context.Context, kind string, opts ListOptions) ([]Record, error)
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/gatehouse-dev/gatehouse/store"
)

// Get returns the value of kind/id, or store.ErrNotFound.
func (s *Store) Get(ctx context.Context, kind, id string) ([]byte, error) {
	var v []byte
	err := retryBusy(ctx, func() error {
		return s.read.QueryRowContext(ctx,
			`SELECT value FROM records WHERE kind = ? AND id = ?`, kind, id).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, wrap("get", kind, store.ErrNotFound)
	}
	if err != nil {
		return nil, wrap("get", kind, err)
	}
	return value(v), nil
}

// Create stores a new record, or returns store.ErrAlreadyExists.
func (s *Store) Create(ctx context.Context, kind, id string, v []byte) error {
	err := s.inWriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO records (kind, id, value) VALUES (?, ?, coalesce(?, x''))
			 ON CONFLICT (kind, id) DO NOTHING`, kind, id, v)
		if err != nil {
			return err
		}
		return mustAffect(res, store.ErrAlreadyExists)
	})
	return wrap("create", kind, err)
}

// Update is an atomic read-modify-write of kind/id inside one BEGIN
// IMMEDIATE transaction, which holds the database's write lock from the read
// to the commit. fn must not write to this store (the write connection is
// busy with its transaction); it may read. fn may be called more than once
// when SQLite reports the database busy; only the last call's result is
// written.
func (s *Store) Update(ctx context.Context, kind, id string, fn func(old []byte) ([]byte, error)) error {
	err := s.inWriteTx(ctx, func(tx *sql.Tx) error {
		var old []byte
		err := tx.QueryRowContext(ctx,
			`SELECT value FROM records WHERE kind = ? AND id = ?`, kind, id).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		nv, err := fn(value(old))
		if err != nil {
			return callerError{err}
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE records SET value = coalesce(?, x'') WHERE kind = ? AND id = ?`, nv, kind, id)
		return err
	})
	if ce, ok := err.(callerError); ok {
		return ce.err
	}
	return wrap("update", kind, err)
}

// Delete removes kind/id, or returns store.ErrNotFound.
func (s *Store) Delete(ctx context.Context, kind, id string) error {
	err := s.inWriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`DELETE FROM records WHERE kind = ? AND id = ?`, kind, id)
		if err != nil {
			return err
		}
		return mustAffect(res, store.ErrNotFound)
	})
	return wrap("delete", kind, err)
}

// mustAffect returns errNone unless the statement changed a row.
func mustAffect(res sql.Result, errNone error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errNone
	}
	return nil
}

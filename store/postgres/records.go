package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gatehouse-dev/gatehouse/store"
)

// Get returns the value of kind/id, or store.ErrNotFound.
func (s *Store) Get(ctx context.Context, kind, id string) ([]byte, error) {
	if !validText(kind) || !validText(id) {
		return nil, wrap("get", kind, checkContext(ctx, store.ErrNotFound))
	}
	var v []byte
	err := s.retry(ctx, func() error {
		return s.pool.QueryRow(ctx,
			`SELECT value FROM gatehouse_records WHERE kind = $1 AND id = $2`, kind, id).Scan(&v)
	}, always)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("get", kind, store.ErrNotFound)
	}
	if err != nil {
		return nil, wrap("get", kind, err)
	}
	return value(v), nil
}

// Create stores a new record, or returns store.ErrAlreadyExists. Of
// concurrent Creates of one record, from any node, exactly one succeeds.
func (s *Store) Create(ctx context.Context, kind, id string, v []byte) error {
	if !validText(kind) || !validText(id) {
		return wrap("create", kind, checkContext(ctx, ErrInvalidID))
	}
	var tag pgconn.CommandTag
	err := s.retry(ctx, func() (err error) {
		tag, err = s.pool.Exec(ctx,
			`INSERT INTO gatehouse_records (kind, id, value) VALUES ($1, $2, $3)
			 ON CONFLICT (kind, id) DO NOTHING`, kind, id, value(v))
		return err
	}, pgconn.SafeToRetry)
	if err != nil {
		return wrap("create", kind, err)
	}
	if tag.RowsAffected() == 0 {
		return wrap("create", kind, store.ErrAlreadyExists)
	}
	return nil
}

// Update is an atomic read-modify-write of kind/id in one transaction: the
// record is read with SELECT ... FOR UPDATE, which locks its row until the
// commit, so concurrent Updates from any node queue and none is lost. fn is
// called once, with the value the last committed Update wrote; it runs
// while the row is locked, so it must be quick, and it must not Update or
// Delete the same record (it would wait for its own lock until ctx ends).
func (s *Store) Update(ctx context.Context, kind, id string, fn func(old []byte) ([]byte, error)) error {
	if !validText(kind) || !validText(id) {
		return wrap("update", kind, checkContext(ctx, store.ErrNotFound))
	}
	called := false
	err := s.retry(ctx, func() error {
		return s.inTx(ctx, func(tx pgx.Tx) error {
			var old []byte
			err := tx.QueryRow(ctx,
				`SELECT value FROM gatehouse_records WHERE kind = $1 AND id = $2 FOR UPDATE`, kind, id).Scan(&old)
			if errors.Is(err, pgx.ErrNoRows) {
				return store.ErrNotFound
			}
			if err != nil {
				return err
			}
			called = true
			nv, err := fn(value(old))
			if err != nil {
				return callerError{err}
			}
			_, err = tx.Exec(ctx,
				`UPDATE gatehouse_records SET value = $3 WHERE kind = $1 AND id = $2`, kind, id, value(nv))
			return err
		})
	}, func(error) bool { return !called })
	if ce, ok := err.(callerError); ok {
		return ce.err
	}
	return wrap("update", kind, err)
}

// Delete removes kind/id, or returns store.ErrNotFound.
func (s *Store) Delete(ctx context.Context, kind, id string) error {
	if !validText(kind) || !validText(id) {
		return wrap("delete", kind, checkContext(ctx, store.ErrNotFound))
	}
	var tag pgconn.CommandTag
	err := s.retry(ctx, func() (err error) {
		tag, err = s.pool.Exec(ctx,
			`DELETE FROM gatehouse_records WHERE kind = $1 AND id = $2`, kind, id)
		return err
	}, pgconn.SafeToRetry)
	if err != nil {
		return wrap("delete", kind, err)
	}
	if tag.RowsAffected() == 0 {
		return wrap("delete", kind, store.ErrNotFound)
	}
	return nil
}

// inTx runs fn in a transaction and commits it. Nothing fn did is kept
// unless it returns nil and ctx has not ended by then.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer rollback(ctx, tx)
	if err := fn(tx); err != nil {
		return err
	}
	// A context that ended while fn ran must not let the write through.
	if err := ctx.Err(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// checkContext returns ctx's error when it has ended, else err: an
// operation answered without asking the database still fails as a
// cancelled one does.
func checkContext(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	return err
}

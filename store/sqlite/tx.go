package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// callerError carries an error returned by an Update function through
// retryBusy, which must not retry it even if it wraps a busy error; it has no
// Unwrap for that reason. Update returns the inner error unchanged.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }

// inWriteTx runs fn in a BEGIN IMMEDIATE transaction on the write connection
// and commits it, retrying the whole transaction while SQLite reports busy.
// fn may run more than once; nothing it did is kept unless the commit
// succeeds.
func (s *Store) inWriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return retryBusy(ctx, func() error {
		tx, err := s.write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			return err
		}
		// A context that ended while fn ran must not let the write through.
		if err := ctx.Err(); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	})
}

// wrap adds the operation and kind to a driver error; ids are left out of
// messages because some are secrets (token hashes) or personal data.
func wrap(op, kind string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("sqlite: %s %s: %w", op, kind, err)
}

// value returns b as a non-nil slice: SQLite reads a zero-length BLOB back
// as NULL, which database/sql scans as nil.
func value(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

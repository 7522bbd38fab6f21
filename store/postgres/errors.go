package postgres

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gatehouse-dev/gatehouse/store"
)

// ErrInvalidID: Create of a kind or id that is not valid UTF-8 or holds a
// NUL byte, which a text column cannot store.
var ErrInvalidID = errors.New("postgres: kinds and ids must be valid UTF-8 without NUL bytes")

// rollbackTimeout bounds the rollback of a transaction whose operation
// failed or whose context ended.
const rollbackTimeout = 5 * time.Second

// uniqueViolation is PostgreSQL's SQLSTATE for a duplicate key.
const uniqueViolation = "23505"

// validText reports whether s can be stored in a text column of a UTF8
// database: valid UTF-8 without NUL bytes.
func validText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// callerError carries an error returned by an Update function out of the
// transaction; Update returns the inner error unchanged.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }

// wrap adds the operation and kind to a driver error, and maps a unique
// violation to store.ErrAlreadyExists; ids are left out of messages because
// some are secrets (token hashes) or personal data.
func wrap(op, kind string, err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == uniqueViolation {
		err = store.ErrAlreadyExists
	}
	return fmt.Errorf("postgres: %s %s: %w", op, kind, err)
}

// value returns b as a non-nil slice, so that an empty value reads back as
// an empty slice, as from every store.
func value(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

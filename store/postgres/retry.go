package postgres

import (
	"context"
	"errors"
	"io"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// A database restart or failover ends every connection of the pool. The pool
// pings a connection idle for more than a second before handing it out, but
// a busy node's connections are idle for less: its next operations meet the
// ended connections. On such an error the Store resets the pool (closing its
// other connections, likely ended too) and runs the operation once more on a
// new connection, when that cannot apply a write twice:
//
//   - reads (Get, List, Ping), always;
//   - Update, when the error came before its function was called: the
//     transaction had written nothing, and the server rolled it back;
//   - Create and Delete, only when the statement never reached the server
//     (pgconn.SafeToRetry): whether a statement that did was applied before
//     the connection ended is unknown.

// retry runs op, and runs it once more after resetting the pool when it
// failed on an ended connection and again(err) allows it.
func (s *Store) retry(ctx context.Context, op func() error, again func(error) bool) error {
	err := op()
	if err == nil || ctx.Err() != nil || !connectionEnded(err) || !again(err) {
		return err
	}
	s.pool.Reset()
	return op()
}

// always allows a retry: for reads.
func always(error) bool { return true }

// connectionEnded reports whether err says that the connection is gone (or
// was never made), not that the statement failed.
func connectionEnded(err error) bool {
	if pgconn.SafeToRetry(err) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
		// cannot_connect_now, class 08: connection exceptions.
		return pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || strings.HasPrefix(pe.Code, "08")
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

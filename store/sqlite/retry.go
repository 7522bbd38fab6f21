package sqlite

import (
	"context"
	"errors"
	"time"
)

// busyAttempts bounds how often an operation is tried when SQLite reports
// SQLITE_BUSY or SQLITE_LOCKED. Most lock waits happen inside SQLite's busy
// handler (busy_timeout); what reaches this loop are the cases SQLite does
// not wait for, such as a WAL being recovered by another connection.
const busyAttempts = 8

// retryBusy runs op until it succeeds, fails with an error other than a busy
// one, runs out of attempts, or ctx ends. Backoff doubles from 1 ms.
func retryBusy(ctx context.Context, op func() error) error {
	delay := time.Millisecond
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || !isBusy(err) || attempt == busyAttempts {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
		delay *= 2
	}
}

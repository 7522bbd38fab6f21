package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrCorrupt: PRAGMA integrity_check found problems in the database file.
var ErrCorrupt = errors.New("sqlite: database integrity check failed")

// IntegrityCheck runs PRAGMA integrity_check over the whole database and
// returns nil when it reports "ok", or ErrCorrupt with the first problems it
// lists (or with SQLite's error, when the damage stops the check itself). It reads every page, so it takes time proportional to the file.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var problems []string
	err := retryBusy(ctx, func() error {
		problems = problems[:0]
		rows, err := s.read.QueryContext(ctx, `PRAGMA integrity_check(20)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			problems = append(problems, line)
		}
		return rows.Err()
	})
	if isCorrupt(err) {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrCorrupt, strings.Join(problems, "; "))
}

package sqlite

import (
	"context"
	"strings"

	"github.com/gatehouse-dev/gatehouse/store"
)

// List returns records of one kind ordered by id, compared bytewise (SQLite's
// BINARY collation, the order of Go's string comparison).
//
// A prefix is matched as the id range [prefix, successor(prefix)), not with
// LIKE, so '%', '_' and '\' in it are ordinary characters, the match is case
// sensitive, and the primary key index serves the query.
func (s *Store) List(ctx context.Context, kind string, opts store.ListOptions) ([]store.Record, error) {
	var q strings.Builder
	args := []any{kind}
	q.WriteString(`SELECT id, value FROM records WHERE kind = ?`)
	if opts.Prefix != "" {
		q.WriteString(` AND id >= ?`)
		args = append(args, opts.Prefix)
		if end, ok := prefixEnd(opts.Prefix); ok {
			q.WriteString(` AND id < ?`)
			args = append(args, end)
		}
	}
	if opts.After != "" {
		q.WriteString(` AND id > ?`)
		args = append(args, opts.After)
	}
	q.WriteString(` ORDER BY id`)
	if opts.Limit > 0 {
		q.WriteString(` LIMIT ?`)
		args = append(args, opts.Limit)
	}

	var recs []store.Record
	err := retryBusy(ctx, func() error {
		recs = recs[:0]
		rows, err := s.read.QueryContext(ctx, q.String(), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := store.Record{Kind: kind}
			if err := rows.Scan(&r.ID, &r.Value); err != nil {
				return err
			}
			r.Value = value(r.Value)
			recs = append(recs, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, wrap("list", kind, err)
	}
	return recs, nil
}

// prefixEnd returns the smallest string greater than every string that
// starts with prefix: prefix without its trailing 0xff bytes, last byte
// incremented. ok is false when there is none (prefix is all 0xff bytes).
// The result need not be valid UTF-8; SQLite compares it bytewise.
func prefixEnd(prefix string) (end string, ok bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

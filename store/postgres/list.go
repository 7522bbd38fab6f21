package postgres

import (
	"context"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/store"
)

// List returns records of one kind ordered by id, compared bytewise (the "C"
// collation on UTF-8 text, the order of Go's string comparison and of
// SQLite's BINARY collation).
//
// A prefix is matched as the id range [prefix, successor(prefix)), not with
// LIKE, so '%', '_' and '\' in it are ordinary characters, the match is case
// sensitive, and the primary key index serves the query.
func (s *Store) List(ctx context.Context, kind string, opts store.ListOptions) ([]store.Record, error) {
	if !validText(kind) || !validText(opts.Prefix) {
		// No stored id has this kind or starts with this prefix.
		return nil, wrap("list", kind, ctx.Err())
	}
	if !validText(opts.After) {
		return nil, wrap("list", kind, checkContext(ctx, ErrInvalidID))
	}
	var q strings.Builder
	args := []any{kind}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	q.WriteString(`SELECT id, value FROM gatehouse_records WHERE kind = $1`)
	if opts.Prefix != "" {
		q.WriteString(` AND id >= ` + arg(opts.Prefix))
		if end, ok := prefixEnd(opts.Prefix); ok {
			q.WriteString(` AND id < ` + arg(end))
		}
	}
	if opts.After != "" {
		q.WriteString(` AND id > ` + arg(opts.After))
	}
	q.WriteString(` ORDER BY id COLLATE "C"`)
	if opts.Limit > 0 {
		q.WriteString(` LIMIT ` + arg(opts.Limit))
	}

	var recs []store.Record
	err := s.retry(ctx, func() error {
		recs = recs[:0]
		rows, err := s.pool.Query(ctx, q.String(), args...)
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
	}, always)
	if err != nil {
		return nil, wrap("list", kind, err)
	}
	return recs, nil
}

// prefixEnd returns the smallest valid UTF-8 string greater than every
// string that starts with prefix (valid UTF-8): prefix without its trailing
// U+10FFFF runes, its last rune replaced by the next Unicode scalar value
// (surrogates are skipped; they never occur in UTF-8). Since UTF-8 orders
// bytewise as its code points do, the range [prefix, end) holds exactly the
// strings that start with prefix. ok is false when there is no such string
// (prefix is all U+10FFFF).
func prefixEnd(prefix string) (end string, ok bool) {
	for i := len(prefix); i > 0; {
		r, size := utf8.DecodeLastRuneInString(prefix[:i])
		i -= size
		if r == unicode.MaxRune {
			continue
		}
		next := r + 1
		if next == 0xD800 {
			next = 0xE000
		}
		return prefix[:i] + string(next), true
	}
	return "", false
}

package sqlite

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConnectionSettings checks the pragmas each pool's connections run with.
func TestConnectionSettings(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()

	query := func(t *testing.T, pool string, pragma string) string {
		t.Helper()
		db := s.read
		if pool == "write" {
			db = s.write
		}
		var v string
		if err := db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&v); err != nil {
			t.Fatalf("%s PRAGMA %s: %v", pool, pragma, err)
		}
		return strings.ToLower(v)
	}
	tests := []struct{ pool, pragma, want string }{
		{"write", "journal_mode", "wal"},
		{"write", "synchronous", "2"}, // FULL
		{"write", "busy_timeout", "10000"},
		{"write", "foreign_keys", "1"},
		{"write", "query_only", "0"},
		{"write", "user_version", "1"},
		{"write", "application_id", "1195922245"},
		{"read", "journal_mode", "wal"},
		{"read", "busy_timeout", "10000"},
		{"read", "query_only", "1"},
	}
	for _, tc := range tests {
		if got := query(t, tc.pool, tc.pragma); got != tc.want {
			t.Errorf("%s connection: PRAGMA %s = %s, want %s", tc.pool, tc.pragma, got, tc.want)
		}
	}
	if _, err := s.read.ExecContext(ctx, `DELETE FROM records`); err == nil {
		t.Error("a read connection accepted a write")
	}
}

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"a", "b", true},
		{"az", "a{", true},
		{"a\xff", "b", true},
		{"a\xff\xff", "b", true},
		{"\xff", "", false},
		{"\xff\xff", "", false},
		{"é", "\xc3\xaa", true},
		{"\U0010ffff", "\xf4\x8f\xbf\xc0", true},
	}
	for _, tc := range tests {
		got, ok := prefixEnd(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("prefixEnd(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

package postgres

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		prefix, end string
		ok          bool
	}{
		{"a", "b", true},
		{"ab", "ac", true},
		{"a%", "a&", true},
		{"z", "{", true},
		{"\u007f", "\u0080", true},
		{"\u00ff", "\u0100", true},
		{"\ud7ff", "\ue000", true},
		{"\uffff", "\U00010000", true},
		{"日", "旦", true},
		{"\U0010ffff", "", false},
		{"\U0010ffff\U0010ffff", "", false},
		{"a\U0010ffff", "b", true},
		{"ab\U0010ffff\U0010ffff", "ac", true},
	}
	for _, tt := range tests {
		end, ok := prefixEnd(tt.prefix)
		if end != tt.end || ok != tt.ok {
			t.Errorf("prefixEnd(%q) = %q, %v; want %q, %v", tt.prefix, end, ok, tt.end, tt.ok)
		}
	}
}

// FuzzPrefixEnd checks that the id range List queries for a prefix holds
// exactly the strings with that prefix, and that its end is valid UTF-8
// (PostgreSQL refuses other text).
func FuzzPrefixEnd(f *testing.F) {
	for _, s := range []string{"a", "ab", "\U0010ffff", "a\U0010ffffb", "\ud7ff", "日本", "%_\\"} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, prefix, s string) {
		if !validText(prefix) || !validText(s) || prefix == "" {
			return
		}
		end, ok := prefixEnd(prefix)
		if ok && !utf8.ValidString(end) {
			t.Fatalf("prefixEnd(%q) = %q, not valid UTF-8", prefix, end)
		}
		inRange := s >= prefix && (!ok || s < end)
		if inRange != strings.HasPrefix(s, prefix) {
			t.Fatalf("prefix %q, end %q (%v): %q in range = %v, has prefix = %v",
				prefix, end, ok, s, inRange, !inRange)
		}
	})
}

func TestRedact(t *testing.T) {
	tests := []struct{ dsn, want string }{
		{"postgres://alice:secret@db:5432/gh?sslmode=require", "postgres://alice:xxxxx@db:5432/gh?sslmode=require"},
		{"postgresql://alice@db/gh", "postgresql://alice@db/gh"},
		{"postgres://db/gh?password=secret&sslmode=disable", "postgres://db/gh?password=xxxxx&sslmode=disable"},
		{"postgres://db/gh?sslpassword=secret", "postgres://db/gh?sslpassword=xxxxx"},
		{"postgres://alice:p%40ss@db/gh", "postgres://alice:xxxxx@db/gh"},
		{"postgres://alice:secret@h1:5432,h2:5432/gh", "postgres://alice:xxxxx@h1:5432,h2:5432/gh"},
		// Unescaped '@', '/' and '?' in a password: all up to the last '@'.
		{"postgres://alice:se@cr/et@db:x/gh?password=secret", "postgres://alice:xxxxx@db:x/gh?password=xxxxx"},
		{"postgres://alice:se?cr@db/gh", "postgres://alice:xxxxx@db/gh"},
		{"postgres://alice:pw@db/gh?application_name=a@b", "postgres://alice:xxxxx@b"},
		{"postgres://db/gh?pass%77ord=secret&x=%zz&%zz=1", "postgres://db/gh?pass%77ord=xxxxx&x=%zz&xxxxx"},
		{"host=db user=alice password=secret dbname=gh", "host=db user=alice password=xxxxx dbname=gh"},
		{"host=db password='se cret' dbname=gh", "host=db password=xxxxx dbname=gh"},
		{"password = secret host=db", "password = xxxxx host=db"},
		{"host=db sslpassword=secret", "host=db sslpassword=xxxxx"},
		{"sqlite:/var/lib/gatehouse/gatehouse.db", "sqlite:/var/lib/gatehouse/gatehouse.db"},
	}
	for _, tt := range tests {
		if got := Redact(tt.dsn); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.dsn, got, tt.want)
		}
	}
}

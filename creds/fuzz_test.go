package creds

import (
	"errors"
	"testing"
	"time"
)

// FuzzOpen feeds arbitrary strings to Open: it never panics, never accepts
// anything but the exact token Mint returned, and fails only with
// ErrInvalidToken (or ErrExpiredToken for that token).
func FuzzOpen(f *testing.F) {
	e := newMinterEnv(f)
	valid := mustMint(f, e.m, identitySpec())
	f.Add(valid.SessionToken)
	f.Add(valid.SessionToken[:len(valid.SessionToken)/2])
	f.Add(valid.SessionToken + "AAAA")
	f.Fuzz(func(t *testing.T, token string) {
		s, err := e.m.Open(token)
		if token == valid.SessionToken {
			if err != nil || s.AccessKeyID != valid.AccessKeyID {
				t.Fatalf("the minted token: %v", err)
			}
			return
		}
		if err == nil || s != nil {
			t.Fatalf("accepted %q: %+v", token, s)
		}
		if !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("Open(%q) = %v, want ErrInvalidToken", token, err)
		}
	})
}

// BenchmarkOpen opens one identity-pool session token (target ≤ 2 µs/op).
func BenchmarkOpen(b *testing.B) {
	e := newMinterEnv(b)
	c := mustMint(b, e.m, identitySpec())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.m.Open(c.SessionToken); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMint mints identity-pool credentials.
func BenchmarkMint(b *testing.B) {
	e := newMinterEnv(b)
	spec := identitySpec()
	spec.Duration = time.Hour
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.m.Mint(spec); err != nil {
			b.Fatal(err)
		}
	}
}

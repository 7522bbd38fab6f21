package creds

import (
	"testing"
	"time"
)

// benchSession is the session of identity-pool credentials, as Mint seals
// it.
func benchSession(tb testing.TB) Session {
	e := newMinterEnv(tb)
	c := mustMint(tb, e.m, identitySpec())
	s, err := e.m.Open(c.SessionToken)
	if err != nil {
		tb.Fatal(err)
	}
	return *s
}

// BenchmarkEncodeSession lays out an identity-pool session.
func BenchmarkEncodeSession(b *testing.B) {
	s := benchSession(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = encodeSession(&s, false)
	}
}

// BenchmarkDecodeSession reads an identity-pool session back.
func BenchmarkDecodeSession(b *testing.B) {
	s := benchSession(b)
	enc := encodeSession(&s, false)
	buf := make([]byte, len(enc))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, enc)
		var d Session
		if !decodeSession(buf, &d, nil) {
			b.Fatal("decode failed")
		}
	}
	_ = time.Second
}

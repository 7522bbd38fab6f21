package srp

import (
	"crypto/rand"
	"math/big"
	"testing"
)

// benchUser is a user whose verifier, server and client sessions the
// benchmarks share.
func benchUser(b *testing.B) (salt string, v *big.Int) {
	b.Helper()
	salt, v, err := NewVerifier(rand.Reader, "AbCdEf123", "alice", "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	return salt, v
}

// BenchmarkServerB measures InitiateAuth's SRP work: a new b and
// B = k·v + g^b.
func BenchmarkServerB(b *testing.B) {
	_, v := benchUser(b)
	for b.Loop() {
		s, err := NewServerSession(rand.Reader, v)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.B()
	}
}

// BenchmarkServerPasswordKey measures RespondToAuthChallenge's SRP work:
// rebuilding the session from the sealed b, u, S = (A·v^u)^b and the key.
func BenchmarkServerPasswordKey(b *testing.B) {
	_, v := benchUser(b)
	s, _ := NewServerSession(rand.Reader, v)
	c, _ := NewClientSession(rand.Reader)
	secret, A := s.Secret(), c.A()
	b.Run("key", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.PasswordKey(A); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("resume+key", func(b *testing.B) {
		for b.Loop() {
			s, err := ServerSessionFromSecret(secret, v)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.PasswordKey(A); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkClientPasswordKey measures the client's whole sign-in: a new a,
// A = g^a, then x, g^x and S = (B − k·g^x)^(a+u·x).
func BenchmarkClientPasswordKey(b *testing.B) {
	salt, v := benchUser(b)
	s, _ := NewServerSession(rand.Reader, v)
	B := s.B()
	for b.Loop() {
		c, err := NewClientSession(rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.PasswordKey("AbCdEf123", "alice", "correct horse battery staple", salt, B); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifier measures sign-up and password changes: a salt, x and
// v = g^x.
func BenchmarkVerifier(b *testing.B) {
	for b.Loop() {
		if _, _, err := NewVerifier(rand.Reader, "AbCdEf123", "alice", "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExpG compares g^e for a 256-bit e with the table and with
// big.Int.Exp.
func BenchmarkExpG(b *testing.B) {
	p := srpGroup()
	buf := make([]byte, SecretSize)
	rand.Read(buf)
	e := new(big.Int).SetBytes(buf)
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			p.expG(e)
		}
	})
	b.Run("big.Int.Exp", func(b *testing.B) {
		for b.Loop() {
			new(big.Int).Exp(p.g, e, p.N)
		}
	})
}

// BenchmarkFixedBaseTable measures building the table, paid once by the
// first sign-in of a process.
func BenchmarkFixedBaseTable(b *testing.B) {
	p := srpGroup()
	for b.Loop() {
		newFixedBase(p.g, p.N, expBits)
	}
}

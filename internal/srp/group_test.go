package srp

import (
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"testing"
)

func TestGroup(t *testing.T) {
	p := srpGroup()
	if p.N.BitLen() != 3072 {
		t.Errorf("N has %d bits", p.N.BitLen())
	}
	// RFC 3526: N = 2^3072 − 2^3008 − 1 + 2^64·(⌊2^2942·π⌋ + 1690314); a safe prime.
	if !p.N.ProbablyPrime(10) {
		t.Error("N is not prime")
	}
	q := new(big.Int).Rsh(p.N, 1)
	if !q.ProbablyPrime(10) {
		t.Error("(N−1)/2 is not prime")
	}
	if p.g.Cmp(big.NewInt(2)) != 0 {
		t.Errorf("g = %v", p.g)
	}
	// k = H(00 ‖ N ‖ 02): pad(N) has a leading zero byte, pad(g) is one byte.
	h := sha256.Sum256(append(append([]byte{0}, p.N.Bytes()...), 2))
	if got, want := p.k.Text(16), hex.EncodeToString(h[:]); got != want {
		t.Errorf("k = %s, want %s", got, want)
	}
}

func TestPoolName(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"us-east-1_AbCdEf123", "AbCdEf123"},
		{"eu-central-1_x", "x"},
		{"local_gatehouse", "gatehouse"},
		{"a_b_c", "b"}, // as UserPoolId.split('_')[1]
		{"us-east-1_", ""},
		{"nounderscore", ""},
		{"", ""},
	} {
		if got := PoolName(c.id); got != c.want {
			t.Errorf("PoolName(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

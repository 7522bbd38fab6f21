package srp

import (
	"math/big"
	"testing"
)

// TestFixedBase compares the table with big.Int.Exp for exponents of every
// length up to past the table, so that digits straddling words and the
// fallback are covered.
func TestFixedBase(t *testing.T) {
	p := srpGroup()
	table := gPowers()
	r := seeded(1)
	check := func(e *big.Int) {
		t.Helper()
		want := new(big.Int).Exp(p.g, e, p.N)
		if got := table.exp(e); got.Cmp(want) != 0 {
			t.Fatalf("g^%x: table %x…, Exp %x…", e, got.Bytes()[:8], want.Bytes()[:8])
		}
	}
	check(big.NewInt(0))
	check(big.NewInt(1))
	for bits := 1; bits <= expBits+70; bits++ {
		for range 3 {
			buf := make([]byte, (bits+7)/8)
			r.Read(buf)
			e := new(big.Int).SetBytes(buf)
			e.Rsh(e, uint(len(buf)*8-bits))
			e.SetBit(e, bits-1, 1)
			check(e)
		}
		all := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(bits)), big.NewInt(1))
		check(all) // every digit at its maximum
	}
}

// TestFixedBaseOtherBase builds a small table for another base and modulus.
func TestFixedBaseOtherBase(t *testing.T) {
	n := big.NewInt(1_000_003)
	base := big.NewInt(1_234_567) // larger than n: reduced
	f := newFixedBase(base, n, 40)
	for e := int64(0); e < 5000; e += 7 {
		for _, x := range []*big.Int{big.NewInt(e), new(big.Int).Lsh(big.NewInt(e), 30), new(big.Int).Lsh(big.NewInt(e), 60)} {
			want := new(big.Int).Exp(base, x, n)
			if got := f.exp(x); got.Cmp(want) != 0 {
				t.Fatalf("%v^%v mod %v = %v, want %v", base, x, n, got, want)
			}
		}
	}
	if got := newFixedBase(big.NewInt(5), big.NewInt(1), 16).exp(big.NewInt(0)); got.Sign() != 0 {
		t.Errorf("x^0 mod 1 = %v, want 0", got)
	}
}

func TestDigit(t *testing.T) {
	words := []big.Word{^big.Word(0), 0, 5}
	const W = 32 << (^uint(0) >> 63)
	for _, c := range []struct {
		off, w, want uint
	}{
		{0, 6, 63},
		{W - 2, 6, 3},            // straddles the first and second word
		{W, 6, 0},                // second word
		{2 * W, 6, 5},            // third word
		{2*W + 1, 6, 2},          // inside the last word
		{3*W - 3, 6, 0},          // past the end of the number
		{3 * W, 6, 0},            // past the last word
		{3*W + 100, 8, 0},        // far past
		{W - 4, 8, 0x0f},         // straddle, high part zero
		{2*W - 4, 8, 5<<4 | 0x0}, // straddle into the last word
	} {
		if got := digit(words, c.off, c.w); got != c.want {
			t.Errorf("digit(off %d, w %d) = %d, want %d", c.off, c.w, got, c.want)
		}
	}
}

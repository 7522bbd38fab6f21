package srp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestPadHex(t *testing.T) {
	for _, c := range []struct {
		n    string // decimal
		want string
	}{
		{"0", "00"},
		{"1", "01"},
		{"15", "0f"},
		{"16", "10"},
		{"127", "7f"},
		{"128", "0080"},
		{"255", "00ff"},
		{"256", "0100"},
		{"4095", "0fff"},
		{"32768", "008000"},
		{"-1", "ff"},
		{"-128", "80"},
		{"-129", "ff7f"},
		{"-236", "ff14"}, // the examples in AuthenticationHelper.js's comment
		{"-200", "ff38"},
		{"-20", "ec"},
		{"-56", "c8"},
		{"236", "00ec"},
		{"200", "00c8"},
	} {
		n, _ := new(big.Int).SetString(c.n, 10)
		if got := PadHex(n); got != c.want {
			t.Errorf("PadHex(%s) = %s, want %s", c.n, got, c.want)
		}
		if got := padBytes(n); !bytes.Equal(got, mustDecode(t, c.want)) {
			t.Errorf("padBytes(%s) = %x, want %s", c.n, got, c.want)
		}
	}
}

// TestPadBytesMatchesPadHex checks the byte form against the hex form for
// many numbers of both signs and all lengths.
func TestPadBytesMatchesPadHex(t *testing.T) {
	r := seeded(2)
	for i := range 2000 {
		buf := make([]byte, i%70)
		r.Read(buf)
		n := new(big.Int).SetBytes(buf)
		n.Rsh(n, uint(i%8))
		if i%3 == 0 {
			n.Neg(n)
		}
		h := PadHex(n)
		if len(h)%2 != 0 || h != strings.ToLower(h) {
			t.Fatalf("PadHex(%x) = %q: odd length or upper case", n, h)
		}
		if got := hex.EncodeToString(padBytes(n)); got != h {
			t.Fatalf("padBytes(%x) = %s, PadHex %s", n, got, h)
		}
		// Minimal two's complement: read back as a signed number it is n,
		// and one byte less would not do.
		b := padBytes(n)
		back := new(big.Int).SetBytes(b)
		if b[0]&0x80 != 0 {
			back.Sub(back, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
		if back.Cmp(n) != 0 {
			t.Fatalf("padBytes(%v) = %x reads back as %v", n, b, back)
		}
		if len(b) > 1 && (b[0] == 0 && b[1]&0x80 == 0 || b[0] == 0xff && b[1]&0x80 != 0) {
			t.Fatalf("padBytes(%v) = %x is not minimal", n, b)
		}
	}
}

func TestParseHexInt(t *testing.T) {
	for _, c := range []struct {
		in, want string // want in lowercase hex without leading zeros
	}{
		{"0", "0"},
		{"00", "0"},
		{"1", "1"},
		{"abcdef", "abcdef"},
		{"ABCDEF", "abcdef"},
		{"aBcD0123456789", "abcd0123456789"},
		{"000000ff", "ff"},
		{strings.Repeat("f", MaxHexDigits), strings.Repeat("f", MaxHexDigits)},
		{nHex, strings.ToLower(nHex)},
	} {
		n, err := ParseHexInt(c.in)
		if err != nil {
			t.Errorf("ParseHexInt(%q): %v", head(c.in), err)
			continue
		}
		if got := n.Text(16); got != c.want {
			t.Errorf("ParseHexInt(%q) = %s, want %s", head(c.in), got, c.want)
		}
	}
}

func TestParseHexIntRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"-1",
		"+1",
		"0x12",
		"0X12",
		" 12",
		"12 ",
		"1 2",
		"12\n",
		"\t12",
		"1_2",
		"g",
		"12g",
		"１２", // full-width digits
		"ab\x00",
		"\xff",
		"é",
		strings.Repeat("0", MaxHexDigits+1),
		strings.Repeat("f", MaxHexDigits+1),
		"-" + nHex,
	} {
		n, err := ParseHexInt(in)
		if !errors.Is(err, ErrMalformedNumber) || n != nil {
			t.Errorf("ParseHexInt(%q) = %v, %v; want ErrMalformedNumber", head(in), n, err)
		}
		if err != nil && len(in) > 2 && strings.Contains(err.Error(), in) {
			t.Errorf("error %q quotes the input", err)
		}
	}
}

func TestParseSalt(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // decimal
	}{
		{"ff", "255"},
		{"-ff", "-255"},
		{"-80", "-128"},
		{"00ff", "255"},
	} {
		s, err := parseSalt(c.in)
		if err != nil || s.String() != c.want {
			t.Errorf("parseSalt(%q) = %v, %v; want %s", c.in, s, err, c.want)
		}
	}
	for _, in := range []string{"", "-", "--1", "+1", "- 1", "0x1"} {
		if _, err := parseSalt(in); !errors.Is(err, ErrMalformedNumber) {
			t.Errorf("parseSalt(%q): %v, want ErrMalformedNumber", in, err)
		}
	}
}

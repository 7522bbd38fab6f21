package srp

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseHexInt: any string is either refused with ErrMalformedNumber or
// read as the number its digits spell.
func FuzzParseHexInt(f *testing.F) {
	for _, s := range []string{"0", "00ff", "ABCdef", "-1", "0x1", " 1", "", nHex, strings.Repeat("9", MaxHexDigits)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseHexInt(s)
		if err != nil {
			if !errors.Is(err, ErrMalformedNumber) || n != nil {
				t.Fatalf("ParseHexInt(%q) = %v, %v", s, n, err)
			}
			return
		}
		if s == "" || len(s) > MaxHexDigits || n.Sign() < 0 {
			t.Fatalf("ParseHexInt(%q) accepted %v", s, n)
		}
		want := strings.TrimLeft(strings.ToLower(s), "0")
		if want == "" {
			want = "0"
		}
		if got := n.Text(16); got != want {
			t.Fatalf("ParseHexInt(%q) = %s", s, got)
		}
		if h := PadHex(n); strings.TrimLeft(h, "0") != strings.TrimLeft(want, "0") || len(h)%2 != 0 {
			t.Fatalf("PadHex(ParseHexInt(%q)) = %s", s, h)
		}
	})
}

// FuzzServerPasswordKey: no SRP_A makes the server panic; it either
// refuses A with one of the package's errors or derives a 16-byte key.
func FuzzServerPasswordKey(f *testing.F) {
	s, _ := fixedServer(f)
	c, _ := clientSessionFromSecret(bytesToInt("fuzz client"))
	for _, a := range []string{c.A(), "0", "1", "2", "ff", multipleOfN(1), multipleOfN(2), "-1", "", "0x10", strings.Repeat("f", MaxHexDigits)} {
		f.Add(a)
	}
	f.Fuzz(func(t *testing.T, A string) {
		key, err := s.PasswordKey(A)
		if err != nil {
			if key != nil || !(errors.Is(err, ErrMalformedNumber) || errors.Is(err, ErrZeroModN) || errors.Is(err, ErrZeroScrambler)) {
				t.Fatalf("PasswordKey(%q) = %x, %v", A, key, err)
			}
			return
		}
		if len(key) != PasswordKeySize {
			t.Fatalf("PasswordKey(%q) = %x", A, key)
		}
		n, perr := ParseHexInt(A)
		if perr != nil || srpGroup().zeroModN(n) {
			t.Fatalf("PasswordKey accepted %q", A)
		}
	})
}

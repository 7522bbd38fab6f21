package srp

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"
)

// fixedServer returns a server session for a fixed user, and its salt.
func fixedServer(t testing.TB) (*ServerSession, string) {
	t.Helper()
	salt := "5aa3dbf45222f94d213b22f97ff75712"
	v, err := Verifier("AbCdEf123", "alice", "pw", salt)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ServerSessionFromSecret(bytes.Repeat([]byte{0x5a}, SecretSize), v)
	if err != nil {
		t.Fatal(err)
	}
	return s, salt
}

func multipleOfN(m int64) string {
	return new(big.Int).Mul(srpGroup().N, big.NewInt(m)).Text(16)
}

func TestServerRejectsA(t *testing.T) {
	s, _ := fixedServer(t)
	for _, c := range []struct {
		name, A string
		want    error
	}{
		{"0", "0", ErrZeroModN},
		{"00", "0000", ErrZeroModN},
		{"N", multipleOfN(1), ErrZeroModN},
		{"N upper case", strings.ToUpper(multipleOfN(1)), ErrZeroModN},
		{"2N", multipleOfN(2), ErrZeroModN},
		{"N with leading zeros", "000" + multipleOfN(1), ErrZeroModN},
		{"7N", multipleOfN(7), ErrZeroModN},
		{"empty", "", ErrMalformedNumber},
		{"sign", "-" + multipleOfN(1), ErrMalformedNumber},
		{"0x", "0x1234", ErrMalformedNumber},
		{"space", "12 34", ErrMalformedNumber},
		{"too long", strings.Repeat("1", MaxHexDigits+1), ErrMalformedNumber},
	} {
		key, err := s.PasswordKey(c.A)
		if !errors.Is(err, c.want) || key != nil {
			t.Errorf("%s: PasswordKey = %x, %v; want %v", c.name, key, err, c.want)
		}
	}
	// A ≡ 1 is a legal (if useless) value, and so is N+1: only 0 mod N is refused.
	for _, A := range []string{"1", new(big.Int).Add(srpGroup().N, big.NewInt(1)).Text(16)} {
		if _, err := s.PasswordKey(A); err != nil {
			t.Errorf("PasswordKey(%s…): %v", head(A), err)
		}
	}
}

func TestClientRejectsB(t *testing.T) {
	s, salt := fixedServer(t)
	c, err := clientSessionFromSecret(big.NewInt(12345))
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range []struct {
		name, salt, B string
		want          error
	}{
		{"B 0", salt, "0", ErrZeroModN},
		{"B N", salt, multipleOfN(1), ErrZeroModN},
		{"B 2N", salt, multipleOfN(2), ErrZeroModN},
		{"B empty", salt, "", ErrMalformedNumber},
		{"B sign", salt, "+" + s.B(), ErrMalformedNumber},
		{"B too long", salt, strings.Repeat("f", MaxHexDigits+1), ErrMalformedNumber},
		{"salt empty", "", s.B(), ErrMalformedNumber},
		{"salt 0x", "0x12", s.B(), ErrMalformedNumber},
		{"salt two signs", "--12", s.B(), ErrMalformedNumber},
	} {
		key, err := c.PasswordKey("AbCdEf123", "alice", "pw", cs.salt, cs.B)
		if !errors.Is(err, cs.want) || key != nil {
			t.Errorf("%s: PasswordKey = %x, %v; want %v", cs.name, key, err, cs.want)
		}
	}
	if _, err := c.PasswordKey("AbCdEf123", "alice", "pw", salt, s.B()); err != nil {
		t.Errorf("valid B: %v", err)
	}
}

func TestServerSessionRejects(t *testing.T) {
	N := srpGroup().N
	v := big.NewInt(4)
	secret := bytes.Repeat([]byte{1}, SecretSize)
	for _, c := range []struct {
		name   string
		secret []byte
		v      *big.Int
		want   error
	}{
		{"v nil", secret, nil, ErrInvalidVerifier},
		{"v 0", secret, big.NewInt(0), ErrInvalidVerifier},
		{"v negative", secret, big.NewInt(-4), ErrInvalidVerifier},
		{"v N", secret, N, ErrInvalidVerifier},
		{"v N+1", secret, new(big.Int).Add(N, big.NewInt(1)), ErrInvalidVerifier},
		{"b empty", nil, v, ErrInvalidSecret},
		{"b zero", make([]byte, SecretSize), v, ErrInvalidSecret},
		{"b too long", make([]byte, SecretSize+1), v, ErrInvalidSecret},
	} {
		s, err := ServerSessionFromSecret(c.secret, c.v)
		if !errors.Is(err, c.want) || s != nil {
			t.Errorf("%s: %v, %v; want %v", c.name, s, err, c.want)
		}
	}
	// A short secret is b with leading zeros.
	short, err := ServerSessionFromSecret([]byte{7}, v)
	if err != nil {
		t.Fatal(err)
	}
	long, _ := ServerSessionFromSecret(append(make([]byte, SecretSize-1), 7), v)
	if short.B() != long.B() || !bytes.Equal(short.Secret(), long.Secret()) || len(short.Secret()) != SecretSize {
		t.Error("a short secret is not b with leading zeros")
	}
}

// failingReader fails, or returns zeros when zeros is set.
type failingReader struct{ zeros bool }

func (r failingReader) Read(p []byte) (int, error) {
	if r.zeros {
		clear(p)
		return len(p), nil
	}
	return 0, errors.New("no entropy")
}

func TestRandomnessFailures(t *testing.T) {
	v := big.NewInt(4)
	if _, err := NewServerSession(failingReader{}, v); err == nil {
		t.Error("NewServerSession with a failing reader succeeded")
	}
	if _, err := NewServerSession(failingReader{zeros: true}, v); !errors.Is(err, ErrInvalidSecret) {
		t.Errorf("NewServerSession with b = 0: %v", err)
	}
	if _, err := NewClientSession(failingReader{}); err == nil {
		t.Error("NewClientSession with a failing reader succeeded")
	}
	if _, err := NewClientSession(failingReader{zeros: true}); !errors.Is(err, ErrInvalidSecret) {
		t.Errorf("NewClientSession with a = 0: %v", err)
	}
	if _, _, err := NewVerifier(failingReader{}, "p", "u", "pw"); err == nil {
		t.Error("NewVerifier with a failing reader succeeded")
	}
	if _, err := Verifier("p", "u", "pw", "xyz"); !errors.Is(err, ErrMalformedNumber) {
		t.Errorf("Verifier with a bad salt: %v", err)
	}
}

// TestSaltForm checks that NewVerifier's salt is what Cognito sends:
// lowercase hex without leading zeros, at most 32 digits, and that the
// verifier is that of the salt.
func TestSaltForm(t *testing.T) {
	for i := range 300 {
		r := seeded(1000 + i)
		salt, v, err := NewVerifier(r, "p", "u", "pw")
		if err != nil {
			t.Fatal(err)
		}
		if len(salt) == 0 || len(salt) > 2*SaltSize || salt != strings.ToLower(salt) || (len(salt) > 1 && salt[0] == '0') {
			t.Fatalf("salt %q", salt)
		}
		if want, _ := Verifier("p", "u", "pw", salt); want.Cmp(v) != 0 {
			t.Fatalf("salt %q: verifier differs", salt)
		}
	}
}

func bytesToInt(s string) *big.Int {
	return new(big.Int).SetBytes([]byte(s))
}

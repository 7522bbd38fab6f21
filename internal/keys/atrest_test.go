package keys_test

import (
	"bytes"
	crand "crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

func TestEncryptAtRestRoundTrip(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	other := openRing(t, st, c) // another node on the same store
	for name, tc := range map[string]struct{ pt, ad []byte }{
		"empty":    {nil, []byte("ad")},
		"verifier": {bytes.Repeat([]byte{0xab}, 384), []byte("srp-verifier\x00us-east-1_Pool\x00alice")},
		"no ad":    {[]byte("secret"), nil},
	} {
		t.Run(name, func(t *testing.T) {
			ct, err := r.EncryptAtRest(tc.pt, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.pt) > 4 && bytes.Contains(ct, tc.pt[:5]) {
				t.Error("ciphertext contains the plaintext")
			}
			if want := 1 + 12 + len(tc.pt) + 16; len(ct) != want || ct[0] != 1 {
				t.Errorf("ciphertext is %d bytes with version %d, want %d bytes and version 1", len(ct), ct[0], want)
			}
			for _, opener := range []*keys.Ring{r, other} {
				got, err := opener.DecryptAtRest(ct, tc.ad)
				if err != nil || !bytes.Equal(got, tc.pt) {
					t.Fatalf("DecryptAtRest = %x, %v", got, err)
				}
			}
			again, _ := r.EncryptAtRest(tc.pt, tc.ad)
			if bytes.Equal(again, ct) {
				t.Error("encrypting twice gave the same output (nonce reuse)")
			}
		})
	}
}

// Data encrypted at rest must survive the rotation and retirement of every
// sealing key: it is under the master key only.
func TestEncryptAtRestSurvivesRotation(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	ad := []byte("srp-verifier\x00pool\x00bob")
	ct, err := r.EncryptAtRest([]byte("v"), ad)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := r.Rotate(t.Context(), keys.Sealing, 0); err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Second)
	}
	if pt, err := r.DecryptAtRest(ct, ad); err != nil || string(pt) != "v" {
		t.Fatalf("after rotations: %q, %v", pt, err)
	}
	// A fresh ring on the same store and master key (a restart) decrypts too.
	restarted := openRing(t, st, c)
	if pt, err := restarted.DecryptAtRest(ct, ad); err != nil || string(pt) != "v" {
		t.Fatalf("after restart: %q, %v", pt, err)
	}
}

func TestDecryptAtRestRejects(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	ad := []byte("srp-verifier\x00pool\x00carol")
	ct, err := r.EncryptAtRest([]byte("the verifier"), ad)
	if err != nil {
		t.Fatal(err)
	}
	reject := func(name string, in, ad []byte) {
		t.Helper()
		got, err := r.DecryptAtRest(in, ad)
		if !errors.Is(err, keys.ErrInvalid) || got != nil {
			t.Errorf("%s: got %q, %v; want ErrInvalid", name, got, err)
		}
	}
	reject("other ad", ct, []byte("srp-verifier\x00pool\x00dave"))
	reject("no ad", ct, nil)
	reject("nil", nil, ad)
	reject("appended byte", append(bytes.Clone(ct), 0), ad)
	for i := range len(ct) * 8 {
		flipped := bytes.Clone(ct)
		flipped[i/8] ^= 1 << (i % 8)
		reject("flipped bit", flipped, ad)
	}
	for n := range len(ct) {
		reject("truncated", ct[:n], ad)
	}

	// Sealed data is not at-rest data, even with the same associated data.
	sealed, _ := r.Seal([]byte("the verifier"), ad)
	reject("sealed", sealed, ad)

	// Another master key does not decrypt it.
	foreign, err := keys.Open(t.Context(), openStore(t), masterKey(t, 9), c.Now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := foreign.DecryptAtRest(ct, ad); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("another master key: %v, want ErrInvalid", err)
	}
}

func TestEncryptAtRestFailsWithFailingRandom(t *testing.T) {
	st, c := openStore(t), newClock()
	openRing(t, st, c)
	r, err := keys.Open(t.Context(), st, masterKey(t, 1), c.Now, failingRand{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.EncryptAtRest([]byte("x"), nil); err == nil {
		t.Error("EncryptAtRest with a failing random source succeeded")
	}
}

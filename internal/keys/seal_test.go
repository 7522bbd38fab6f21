package keys_test

import (
	"bytes"
	crand "crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

func TestSealOpenRoundTrip(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	other := openRing(t, st, c) // another node sharing the store
	for name, tc := range map[string]struct{ pt, ad []byte }{
		"text":         {[]byte("role=admin;exp=1700000000"), []byte("session-token")},
		"no ad":        {[]byte("x"), nil},
		"empty":        {[]byte{}, []byte("ad")},
		"nil":          {nil, nil},
		"binary":       {[]byte{0, 1, 2, 0xff, 0}, []byte{0}},
		"large":        {bytes.Repeat([]byte("0123456789"), 10000), bytes.Repeat([]byte("a"), 1000)},
		"ad is secret": {[]byte("p"), []byte("associated data can be long and binary \x00\xff")},
	} {
		t.Run(name, func(t *testing.T) {
			sealed, err := r.Seal(tc.pt, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(sealed, tc.pt) && len(tc.pt) > 4 {
				t.Error("sealed output contains the plaintext")
			}
			for _, opener := range []*keys.Ring{r, other} {
				got, err := opener.Open(sealed, tc.ad)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				if !bytes.Equal(got, tc.pt) {
					t.Fatalf("Open: got %d bytes, want %d", len(got), len(tc.pt))
				}
			}
			again, _ := r.Seal(tc.pt, tc.ad)
			if bytes.Equal(again, sealed) {
				t.Error("sealing twice gave the same output (nonce reuse)")
			}
		})
	}
}

func TestSealFormat(t *testing.T) {
	r := openRing(t, openStore(t), newClock())
	_, active := keyIDs(r, keys.Sealing)
	sealed, err := r.Seal([]byte("abc"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sealed[0] != 1 || int(sealed[1]) != len(active) || sealedKeyID(sealed) != active {
		t.Fatalf("header %x: want version 1 and key id %s", sealed[:2+len(active)], active)
	}
	if want := 2 + len(active) + 12 + 3 + 16; len(sealed) != want {
		t.Errorf("length %d, want %d", len(sealed), want)
	}
}

func TestOpenRejects(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	ad := []byte("ad")
	sealed, err := r.Seal([]byte("attack at dawn"), ad)
	if err != nil {
		t.Fatal(err)
	}
	reject := func(name string, in, ad []byte) {
		t.Helper()
		got, err := r.Open(in, ad)
		if !errors.Is(err, keys.ErrInvalid) || got != nil {
			t.Errorf("%s: got %q, %v; want ErrInvalid", name, got, err)
		}
	}
	reject("wrong ad", sealed, []byte("ae"))
	reject("missing ad", sealed, nil)
	reject("longer ad", sealed, []byte("ad\x00"))
	reject("nil", nil, ad)
	reject("empty", []byte{}, ad)
	reject("appended byte", append(bytes.Clone(sealed), 0), ad)
	for i := range len(sealed) * 8 {
		flipped := bytes.Clone(sealed)
		flipped[i/8] ^= 1 << (i % 8)
		reject("flipped bit", flipped, ad)
	}
	for n := range len(sealed) {
		reject("truncated", sealed[:n], ad)
	}

	// A ring of another deployment (other store, other master key).
	foreign, err := keys.Open(t.Context(), openStore(t), masterKey(t, 9), c.Now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := foreign.Open(sealed, ad); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("foreign ring: got %v, want ErrInvalid", err)
	}
	fromForeign, _ := foreign.Seal([]byte("x"), ad)
	reject("sealed by a foreign ring", fromForeign, ad)

	// The header with a key id this ring has, before a foreign body.
	spliced := append(bytes.Clone(sealed[:2+int(sealed[1])]), fromForeign[2+int(fromForeign[1]):]...)
	reject("spliced", spliced, ad)
}

func TestSealFailsWithFailingRandom(t *testing.T) {
	st, c := openStore(t), newClock()
	openRing(t, st, c)
	r, err := keys.Open(t.Context(), st, masterKey(t, 1), c.Now, failingRand{})
	if err != nil {
		t.Fatal(err) // the ring exists: Open needs no randomness
	}
	if _, err := r.Seal([]byte("x"), nil); err == nil {
		t.Error("Seal with a failing random source succeeded")
	}
}

// FuzzOpen checks that Open never panics and accepts only what this ring
// sealed, with the associated data it was sealed for.
func FuzzOpen(f *testing.F) {
	r, err := keys.Open(f.Context(), openStore(f), masterKey(f, 1), newClock().Now, newSeededRand(7))
	if err != nil {
		f.Fatal(err)
	}
	ad := []byte("fuzz-ad")
	valid := map[string]string{}
	for _, pt := range []string{"", "a", "hello, sealed world", string(make([]byte, 300))} {
		sealed, err := r.Seal([]byte(pt), ad)
		if err != nil {
			f.Fatal(err)
		}
		valid[string(sealed)] = pt
		f.Add(sealed, ad)
		f.Add(sealed, []byte(nil))
		f.Add(sealed[:len(sealed)-1], ad)
	}
	f.Add([]byte{}, []byte{})
	f.Add([]byte{1}, ad)
	f.Add([]byte{1, 0}, ad)
	f.Add([]byte{1, 255, 'x'}, ad)
	f.Add([]byte{2, 8, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}, ad)

	f.Fuzz(func(t *testing.T, sealed, gotAD []byte) {
		pt, err := r.Open(sealed, gotAD)
		if err != nil {
			if !errors.Is(err, keys.ErrInvalid) || pt != nil {
				t.Fatalf("Open failed with %q, %v; want nil, ErrInvalid", pt, err)
			}
			return
		}
		want, ok := valid[string(sealed)]
		if !ok || !bytes.Equal(gotAD, ad) {
			t.Fatalf("Open accepted input it never sealed: %x (ad %q)", sealed, gotAD)
		}
		if string(pt) != want {
			t.Fatalf("Open: got %q, want %q", pt, want)
		}
	})
}

func benchRing(b *testing.B) *keys.Ring {
	r, err := keys.Open(b.Context(), openStore(b), masterKey(b, 1), newClock().Now, crand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func BenchmarkSeal(b *testing.B) {
	r := benchRing(b)
	pt, ad := make([]byte, 256), []byte("session-token")
	b.SetBytes(int64(len(pt)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Seal(pt, ad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	r := benchRing(b)
	pt, ad := make([]byte, 256), []byte("session-token")
	sealed, err := r.Seal(pt, ad)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(pt)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Open(sealed, ad); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSealDerived: the bytes derived from a message are the same when
// sealing and when opening it, on any node of the ring, and after a
// rotation for a message the retired key sealed; they differ between
// messages; a message that does not open gives none.
func TestSealDerived(t *testing.T) {
	st, c := openStore(t), newClock()
	r := openRing(t, st, c)
	other := openRing(t, st, c)
	ad := []byte("ad")
	var d1, d2 [36]byte
	m1, err := r.SealDerived([]byte("one"), ad, d1[:])
	if err != nil {
		t.Fatal(err)
	}
	m2, err := r.SealDerived([]byte("one"), ad, d2[:])
	if err != nil {
		t.Fatal(err)
	}
	if d1 == [36]byte{} || d1 == d2 {
		t.Fatalf("derived bytes %x and %x: want non-zero and distinct per message", d1, d2)
	}
	for _, opener := range []*keys.Ring{r, other} {
		var got [36]byte
		if pt, err := opener.OpenDerived(m1, ad, got[:]); err != nil || string(pt) != "one" || got != d1 {
			t.Fatalf("OpenDerived: %q, %v, %x; want %q and %x", pt, err, got, "one", d1)
		}
	}
	// A shorter request is a prefix of the same key stream.
	var short [5]byte
	if _, err := r.OpenDerived(m2, ad, short[:]); err != nil || !bytes.Equal(short[:], d2[:5]) {
		t.Errorf("5 derived bytes %x, %v; want %x", short, err, d2[:5])
	}
	// Not the GCM key stream: the ciphertext of "one" is not the plaintext
	// XOR the derived bytes.
	body := m1[len(m1)-16-3 : len(m1)-16]
	if body[0]^d1[0] == 'o' && body[1]^d1[1] == 'n' && body[2]^d1[2] == 'e' {
		t.Error("derived bytes are the message's own key stream")
	}

	// After a rotation, the retired key's messages still derive the same.
	if _, err := r.Rotate(t.Context(), keys.Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	var got [36]byte
	if _, err := r.OpenDerived(m1, ad, got[:]); err != nil || got != d1 {
		t.Errorf("after rotation: %x, %v; want %x", got, err, d1)
	}
	m3, err := r.SealDerived([]byte("one"), ad, got[:])
	if err != nil || sealedKeyID(m3) == sealedKeyID(m1) {
		t.Fatalf("sealing after rotation: %v, key %s (was %s)", err, sealedKeyID(m3), sealedKeyID(m1))
	}
	// The retired key's message under the new key's header does not open.
	forged := append(bytes.Clone(m3[:2+int(m3[1])]), m1[2+int(m1[1]):]...)
	if _, err := r.OpenDerived(forged, ad, got[:]); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("spliced message: %v, want ErrInvalid", err)
	}

	// Nothing derived for a message that does not open.
	flipped := bytes.Clone(m1)
	flipped[len(flipped)-1] ^= 1
	var none [36]byte
	if _, err := r.OpenDerived(flipped, ad, none[:]); !errors.Is(err, keys.ErrInvalid) || none != [36]byte{} {
		t.Errorf("altered message: %v, derived %x; want ErrInvalid and nothing", err, none)
	}
	tooMany := make([]byte, keys.MaxDerived+1)
	if _, err := r.SealDerived(nil, ad, tooMany); err == nil {
		t.Error("SealDerived of more than MaxDerived bytes succeeded")
	}
	if _, err := r.OpenDerived(m1, ad, tooMany); !errors.Is(err, keys.ErrInvalid) {
		t.Errorf("OpenDerived of more than MaxDerived bytes: %v", err)
	}
}

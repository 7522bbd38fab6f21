package keys

import (
	"bytes"
	crand "crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// TestStoredRingHoldsNoSecret searches the stored ring for the private key
// material and the master key, raw and in the encodings JSON or a careless
// writer would use.
func TestStoredRingHoldsNoSecret(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rawMaster := bytes.Repeat([]byte{0x42, 0x17}, 16)
	mk, _ := NewMasterKey(rawMaster)
	now := func() time.Time { return time.Unix(1_800_000_000, 0) }
	r, err := Open(t.Context(), st, mk, now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Rotate(t.Context(), Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	stored, err := st.Get(t.Context(), ringKind, ringID)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := decodeRecord(stored)
	if err != nil {
		t.Fatal(err)
	}

	secrets := map[string][]byte{"master key": rawMaster}
	_, priv := r.SigningKey()
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	secrets["signing key PKCS #8"] = der
	secrets["signing key PKCS #1"] = x509.MarshalPKCS1PrivateKey(priv)
	secrets["signing key D"] = priv.D.Bytes()
	secrets["signing key P"] = priv.Primes[0].Bytes()
	master, _ := mk.aead()
	for _, k := range rec.Keys {
		material, err := unwrapMaterial(master, k)
		if err != nil {
			t.Fatal(err)
		}
		secrets[string(k.Purpose)+" key "+k.ID] = material
	}
	if len(secrets) != 8 {
		t.Fatalf("collected %d secrets, want 8", len(secrets))
	}
	for name, secret := range secrets {
		for enc, form := range map[string][]byte{
			"raw":       secret,
			"base64":    []byte(base64.StdEncoding.EncodeToString(secret)[:40]),
			"base64url": []byte(base64.RawURLEncoding.EncodeToString(secret)[:40]),
			"hex":       []byte(hex.EncodeToString(secret)[:40]),
		} {
			if len(form) > 16 {
				form = form[:16] // a 16-byte window is enough to find a copy
			}
			if bytes.Contains(stored, form) {
				t.Errorf("the stored ring contains the %s (%s)", name, enc)
			}
		}
	}
}

// TestOpenReplacesRetiredPurpose: a ring whose sealing keys have all retired
// (edited by hand, or restored from an old backup) gets a new one at Open.
func TestOpenReplacesRetiredPurpose(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mk, _ := NewMasterKey(bytes.Repeat([]byte{7}, 32))
	at := time.Unix(1_800_000_000, 0)
	now := func() time.Time { return at }
	r1, err := Open(t.Context(), st, mk, now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(t.Context(), ringKind, ringID, func(old []byte) ([]byte, error) {
		rec, err := decodeRecord(old)
		if err != nil {
			return nil, err
		}
		for i := range rec.Keys {
			if rec.Keys[i].Purpose == Sealing {
				rec.Keys[i].RetireAfter = at.Add(-time.Second)
			}
		}
		rec.Generation++
		return rec.encode()
	})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Open(t.Context(), st, mk, now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := r2.Seal([]byte("x"), nil)
	if err != nil {
		t.Fatalf("Seal after Open replaced the retired key: %v", err)
	}
	if err := r1.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := r1.Open(sealed, nil); err != nil {
		t.Errorf("first ring after Reload: %v", err)
	}
	kid1, _ := r1.SigningKey()
	kid2, _ := r2.SigningKey()
	if kid1 != kid2 {
		t.Error("Open replaced the signing key, which had not retired")
	}
}

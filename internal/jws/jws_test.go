package jws_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newRing(t *testing.T) (*keys.Ring, *clock) {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mk, err := keys.NewMasterKey(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	ring, err := keys.Open(context.Background(), st, mk, c.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return ring, c
}

// A signed token verifies with golang-jwt against the JWKS and with
// Token.Verify; tampering, another algorithm and a retired key do not.
func TestSignAndVerify(t *testing.T) {
	ring, c := newRing(t)
	s := jws.NewSigner(ring)
	token, err := s.Sign(map[string]any{"sub": "u1", "aud": "pool"})
	if err != nil {
		t.Fatal(err)
	}

	set := jws.JWKS(ring)
	b, err := json.Marshal(set)
	if err != nil || !strings.Contains(string(b), `"alg":"RS256"`) || !strings.Contains(string(b), `"use":"sig"`) {
		t.Fatalf("JWKS = %s, %v", b, err)
	}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		keys := set.Key(tok.Header["kid"].(string))
		if len(keys) != 1 {
			return nil, errors.New("unknown kid")
		}
		return keys[0].Key, nil
	}, jwt.WithValidMethods([]string{"RS256"}))
	if err != nil || claims["sub"] != "u1" {
		t.Fatalf("golang-jwt: %v, claims %v", err, claims)
	}

	tok, err := jws.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := ring.SigningKey()
	if tok.Kid != kid || !strings.Contains(string(tok.UnverifiedPayload()), `"sub":"u1"`) {
		t.Fatalf("Parse: kid %q, payload %s", tok.Kid, tok.UnverifiedPayload())
	}
	if payload, err := tok.Verify(ring); err != nil || !bytes.Equal(payload, tok.UnverifiedPayload()) {
		t.Fatalf("Verify: %s, %v", payload, err)
	}

	parts := strings.Split(token, ".")
	forged := parts[0] + "." + strings.TrimRight(jwtPart(`{"sub":"u2","aud":"pool"}`), "=") + "." + parts[2]
	if tok, err := jws.Parse(forged); err != nil {
		t.Fatalf("Parse(forged): %v", err)
	} else if _, err := tok.Verify(ring); !errors.Is(err, jws.ErrInvalid) {
		t.Fatalf("Verify(forged) = %v", err)
	}
	for _, bad := range []string{"", "abc", "a.b", token + "." + parts[2]} {
		if _, err := jws.Parse(bad); !errors.Is(err, jws.ErrInvalid) {
			t.Errorf("Parse(%q) = %v", bad, err)
		}
	}
	hs, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u1"}).SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jws.Parse(hs); !errors.Is(err, jws.ErrInvalid) {
		t.Errorf("Parse(HS256) = %v", err)
	}

	// After a rotation the old key still verifies until it retires.
	if _, err := ring.Rotate(context.Background(), keys.Signing, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := tok.Verify(ring); err != nil {
		t.Fatalf("Verify after rotation: %v", err)
	}
	newToken, err := s.Sign(map[string]any{"sub": "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if nt, _ := jws.Parse(newToken); nt == nil || nt.Kid == kid {
		t.Fatalf("the signer kept the old key after a rotation")
	}
	c.Advance(2 * time.Hour)
	if _, err := tok.Verify(ring); !errors.Is(err, jws.ErrInvalid) {
		t.Fatalf("Verify with a retired key = %v", err)
	}
	if ring.VerificationKey(kid) != nil {
		t.Fatal("VerificationKey returned a retired key")
	}
}

func jwtPart(s string) string {
	return strings.NewReplacer("+", "-", "/", "_").Replace(b64(s))
}

func b64(s string) string {
	return base64.StdEncoding.EncodeToString([]byte(s))
}

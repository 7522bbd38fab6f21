package srp

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// seeded returns a deterministic random source for iteration i.
func seeded(i int) *rand.ChaCha8 {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], uint64(i))
	copy(seed[8:], "gatehouse srp round trip")
	return rand.NewChaCha8(seed)
}

func randomText(r *rand.ChaCha8, n int) string {
	alphabet := []rune("abcXYZ019 :_-@.éüßж語😀\u0301")
	out := make([]rune, n)
	for i := range out {
		out[i] = alphabet[int(r.Uint64()%uint64(len(alphabet)))]
	}
	return string(out)
}

// TestRoundTrip signs in 200 times with random users, passwords, salts
// and exponents: both sides reach the same key, the claim verifies, and
// a wrong password's claim does not.
func TestRoundTrip(t *testing.T) {
	iterations := 200
	if testing.Short() {
		iterations = 20
	}
	for i := range iterations {
		r := seeded(i)
		pool := fmt.Sprintf("Pool%d", i)
		user := randomText(r, 1+int(r.Uint64()%20))
		password := randomText(r, int(r.Uint64()%30))
		salt, v, err := NewVerifier(r, pool, user, password)
		if err != nil {
			t.Fatal(err)
		}
		server, err := NewServerSession(r, v)
		if err != nil {
			t.Fatal(err)
		}
		client, err := NewClientSession(r)
		if err != nil {
			t.Fatal(err)
		}
		serverKey, err := server.PasswordKey(client.A())
		if err != nil {
			t.Fatal(err)
		}
		clientKey, err := client.PasswordKey(pool, user, password, salt, server.B())
		if err != nil {
			t.Fatal(err)
		}
		if string(clientKey) != string(serverKey) {
			t.Fatalf("iteration %d: client key %x, server key %x", i, clientKey, serverKey)
		}

		block := make([]byte, 64)
		r.Read(block)
		ts := FormatTimestamp(time.Unix(int64(r.Uint64()%4e9), 0))
		sig := ClaimSignature(clientKey, pool, user, block, ts)
		if !VerifyClaim(serverKey, pool, user, block, ts, sig) {
			t.Fatalf("iteration %d: claim does not verify", i)
		}

		// The server rebuilt from its secret reaches the same key.
		resumed, err := ServerSessionFromSecret(server.Secret(), v)
		if err != nil {
			t.Fatal(err)
		}
		if resumed.B() != server.B() {
			t.Fatalf("iteration %d: resumed B differs", i)
		}
		if k, _ := resumed.PasswordKey(client.A()); string(k) != string(serverKey) {
			t.Fatalf("iteration %d: resumed key differs", i)
		}

		wrongKey, err := client.PasswordKey(pool, user, password+"x", salt, server.B())
		if err != nil {
			t.Fatal(err)
		}
		wrongSig := ClaimSignature(wrongKey, pool, user, block, ts)
		if VerifyClaim(serverKey, pool, user, block, ts, wrongSig) {
			t.Fatalf("iteration %d: claim with a wrong password verifies", i)
		}
	}
}

// TestClaimBindsEveryField changes each signed field in turn.
func TestClaimBindsEveryField(t *testing.T) {
	key := []byte("0123456789abcdef")
	block := []byte("secret block")
	const pool, user, ts = "AbC123", "alice", "Tue Mar 5 09:04:05 UTC 2024"
	sig := ClaimSignature(key, pool, user, block, ts)
	if !VerifyClaim(key, pool, user, block, ts, sig) {
		t.Fatal("claim does not verify")
	}
	for name, ok := range map[string]bool{
		"key":          VerifyClaim([]byte("0123456789abcdeF"), pool, user, block, ts, sig),
		"pool":         VerifyClaim(key, "AbC124", user, block, ts, sig),
		"user":         VerifyClaim(key, pool, "alicf", block, ts, sig),
		"block":        VerifyClaim(key, pool, user, []byte("secret blocK"), ts, sig),
		"timestamp":    VerifyClaim(key, pool, user, block, "Tue Mar 5 09:04:06 UTC 2024", sig),
		"pool/user":    VerifyClaim(key, "AbC12", "3alice", block, ts, sig), // same concatenation
		"empty":        VerifyClaim(key, pool, user, block, ts, ""),
		"not base64":   VerifyClaim(key, pool, user, block, ts, "!"+sig[1:]),
		"no padding":   VerifyClaim(key, pool, user, block, ts, sig[:len(sig)-1]),
		"truncated":    VerifyClaim(key, pool, user, block, ts, sig[:40]),
		"extra":        VerifyClaim(key, pool, user, block, ts, sig+"AAAA"),
		"wrong length": VerifyClaim(key, pool, user, block, ts, "AAAA"),
	} {
		want := name == "pool/user" // the fields are concatenated, as Cognito does
		if ok != want {
			t.Errorf("%s: VerifyClaim = %v, want %v", name, ok, want)
		}
	}
}

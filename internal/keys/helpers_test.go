package keys_test

import (
	crand "crypto/rand"
	"io"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// clock is a settable clock for the ring.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock {
	return &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
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

// seededRand is a deterministic random source safe for concurrent use.
type seededRand struct {
	mu sync.Mutex
	r  *rand.ChaCha8
}

func newSeededRand(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return &seededRand{r: rand.NewChaCha8(s)}
}

func (s *seededRand) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Read(p)
}

// failingRand fails every read.
type failingRand struct{}

func (failingRand) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// openStore opens a store in a temporary directory.
func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	return openStoreAt(t, filepath.Join(t.TempDir(), "gatehouse.db"))
}

func openStoreAt(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// masterKey returns a fixed master key made from b.
func masterKey(t testing.TB, b byte) keys.MasterKey {
	t.Helper()
	raw := make([]byte, 32)
	for i := range raw {
		raw[i] = b + byte(i)
	}
	mk, err := keys.NewMasterKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	return mk
}

// openRing opens the ring of st with master key 1, clock c and crypto/rand.
func openRing(t testing.TB, st *sqlite.Store, c *clock) *keys.Ring {
	t.Helper()
	r, err := keys.Open(t.Context(), st, masterKey(t, 1), c.Now, crand.Reader)
	if err != nil {
		t.Fatalf("keys.Open: %v", err)
	}
	return r
}

// keyIDs returns the ids of the ring's keys of purpose p, and the active one.
func keyIDs(r *keys.Ring, p keys.Purpose) (ids []string, active string) {
	for _, k := range r.Keys() {
		if k.Purpose != p {
			continue
		}
		ids = append(ids, k.ID)
		if k.Active {
			active = k.ID
		}
	}
	return ids, active
}

// sealedKeyID returns the key id in a sealed message.
func sealedKeyID(sealed []byte) string {
	return string(sealed[2 : 2+int(sealed[1])])
}

package creds

import (
	"crypto/rand"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)} }

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

// newRing opens a key ring in a fresh store, under master key seed.
func newRing(t testing.TB, c *clock, seed byte) *keys.Ring {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	raw := make([]byte, 32)
	for i := range raw {
		raw[i] = seed + byte(i)
	}
	mk, err := keys.NewMasterKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Open(t.Context(), st, mk, c.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

// minterEnv is a Minter over the demo configuration, with its clock.
type minterEnv struct {
	cfg   *config.Config
	clock *clock
	ring  *keys.Ring
	m     *Minter
}

func newMinterEnv(t testing.TB) *minterEnv {
	t.Helper()
	cfg, c := config.Demo(), newClock()
	ring := newRing(t, c, 1)
	return &minterEnv{cfg: cfg, clock: c, ring: ring, m: NewMinter(cfg, ring, c.Now)}
}

const (
	demoAuthRole   = "arn:aws:iam::123456789012:role/notes-authenticated"
	demoUnauthRole = "arn:aws:iam::123456789012:role/notes-unauthenticated"
	demoPool       = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	demoIdentity   = "us-east-1:5b3c1c2e-6f4a-4d6e-8a0b-2c1d3e4f5a6b"
	demoProvider   = "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"
	demoSub        = "7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
)

// identitySpec is what an identity pool mints for the demo user.
func identitySpec() SessionSpec {
	return SessionSpec{
		RoleARN: demoAuthRole, SessionName: SessionNameCognito, IdentityID: demoIdentity,
		IdentityPoolID: demoPool, AuthType: AuthTypeAuthenticated, Provider: demoProvider, Sub: demoSub,
	}
}

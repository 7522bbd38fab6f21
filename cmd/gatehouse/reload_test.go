package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// flakyStore fails its reads while down is set, and those of the reload
// loop (whose context has a loopKey) while loopDown is.
type flakyStore struct {
	store.Store
	down, loopDown atomic.Bool
}

type loopKey struct{}

func (s *flakyStore) Get(ctx context.Context, kind, id string) ([]byte, error) {
	if s.down.Load() || s.loopDown.Load() && ctx.Value(loopKey{}) != nil {
		return nil, errors.New("connection refused")
	}
	return s.Store.Get(ctx, kind, id)
}

// The reload loop picks up a rotation made through another ring, keeps the
// node's keys while the store fails (one warning, not one per attempt), and
// stops when asked.
func TestStartKeyReload(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mk, err := keys.NewMasterKey(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	st := &flakyStore{Store: db}
	node, err := keys.Open(t.Context(), st, mk, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := keys.Open(t.Context(), db, mk, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	logs := &gatehousetest.SyncBuffer{}
	loopCtx := context.WithValue(t.Context(), loopKey{}, true)
	stop := startKeyReload(loopCtx, node, 10*time.Millisecond, slog.New(slog.NewTextHandler(logs, nil)))
	defer stop()

	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 5 s; logs:\n%s", what, logs.String())
			}
		}
	}
	kid, err := other.Rotate(t.Context(), keys.Signing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	waitFor("the node signs with the rotated key", func() bool { k, _ := node.SigningKey(); return k == kid })
	waitFor("the reload is logged", func() bool { return strings.Contains(logs.String(), "key ring reloaded") })

	st.down.Store(true)
	waitFor("the failure is logged", func() bool { return strings.Contains(logs.String(), "key ring reload failed") })
	time.Sleep(100 * time.Millisecond) // about ten more failed attempts
	if n := strings.Count(logs.String(), "key ring reload failed"); n != 1 {
		t.Fatalf("%d warnings for one outage:\n%s", n, logs.String())
	}
	if k, _ := node.SigningKey(); k != kid {
		t.Fatalf("the node lost its keys while the store failed: signs with %s", k)
	}
	st.down.Store(false)
	waitFor("the recovery is logged", func() bool { return strings.Contains(logs.String(), "key ring reload works again") })
	if !strings.Contains(logs.String(), "connection refused") {
		t.Fatalf("the warning does not say why:\n%s", logs.String())
	}

	// A generation the ring installed by itself, reloading for a key id
	// it did not have, is logged all the same.
	st.loopDown.Store(true) // the loop's reloads fail, the ring's own does not
	if _, err := other.Rotate(t.Context(), keys.Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	sealed, err := other.Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := node.Open(sealed, nil); err != nil {
		t.Fatalf("Open of a key the node did not have: %v", err)
	}
	gen := node.Generation()
	time.Sleep(50 * time.Millisecond) // failed loop reloads
	st.loopDown.Store(false)
	waitFor("the ring's own reload is logged", func() bool {
		return strings.Contains(logs.String(), fmt.Sprintf("generation=%d ", gen))
	})
	if n := strings.Count(logs.String(), "key ring reloaded"); n != 2 {
		t.Errorf("%d reload log lines for two rotations:\n%s", n, logs.String())
	}

	stop()
	kid2, err := other.Rotate(t.Context(), keys.Signing, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if k, _ := node.SigningKey(); k == kid2 {
		t.Fatal("the node reloaded after stop")
	}
}

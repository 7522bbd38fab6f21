package creds

import (
	"crypto/rand"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/sigv4"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// Two nodes: each its own ring over one store, its own Minter and Lookup
// (with its cache of opened session tokens). Credentials sealed by one are
// accepted by the other, also after a rotation, until the sealing key
// retires; a cached session is refused once the node has learnt, by a
// reload, that its sealing key retired.
func TestSessionsAcrossNodesAndRotation(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mk, err := keys.NewMasterKey(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	cfg, c := config.Demo(), newClock()
	type node struct {
		ring   *keys.Ring
		minter *Minter
		lookup *Lookup
	}
	var nodes []node
	for range 2 {
		ring, err := keys.Open(t.Context(), st, mk, c.Now, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		m := NewMinter(cfg, ring, c.Now)
		nodes = append(nodes, node{ring, m, NewLookup(cfg, WithSessions(m))})
	}
	a, b := nodes[0], nodes[1]
	ctx := t.Context()
	lookup := func(n node, cr Credentials) error {
		secret, _, err := n.lookup.LookupCredentials(ctx, cr.AccessKeyID, cr.SessionToken)
		if err == nil && secret != cr.SecretAccessKey {
			t.Fatalf("lookup returned another secret")
		}
		return err
	}

	before := mustMint(t, a.minter, SessionSpec{RoleARN: demoAuthRole, SessionName: "before"})
	if err := lookup(b, before); err != nil {
		t.Fatalf("b opening a's credentials: %v", err)
	}
	// a rotates with an hour of overlap; b has not reloaded yet.
	if _, err := a.ring.Rotate(ctx, keys.Sealing, time.Hour); err != nil {
		t.Fatal(err)
	}
	// b opens what a seals with its new key all the same: the key id b
	// does not have makes its ring reload.
	after := mustMint(t, a.minter, SessionSpec{RoleARN: demoAuthRole, SessionName: "after"})
	if err := lookup(b, after); err != nil {
		t.Fatalf("b before its periodic reload, credentials sealed with a's new key: %v", err)
	}
	if err := b.ring.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	byB := mustMint(t, b.minter, SessionSpec{RoleARN: demoAuthRole, SessionName: "by-b"})
	for _, cr := range []Credentials{before, after, byB} {
		for _, n := range nodes {
			if err := lookup(n, cr); err != nil {
				t.Fatalf("after the reload: %v", err)
			}
		}
	}
	// An emergency rotation on a retires every older sealing key at once:
	// b refuses what they sealed, cached or not, as soon as it reloads.
	if _, err := a.ring.Rotate(ctx, keys.Sealing, 0); err != nil {
		t.Fatal(err)
	}
	if err := lookup(b, byB); err != nil {
		t.Fatalf("b before its reload: %v", err)
	}
	if err := b.ring.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	for _, cr := range []Credentials{before, after, byB} {
		for i, n := range nodes {
			if err := lookup(n, cr); !errors.Is(err, sigv4.UnrecognizedClient()) {
				t.Errorf("node %d accepted credentials of a retired key: %v", i, err)
			}
		}
	}
}

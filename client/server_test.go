package client_test

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/client"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/examples/notes"
	"github.com/gatehouse-dev/gatehouse/gateway"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/server"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// The demo configuration's names.
const (
	demoRegion       = "us-east-1"
	demoUserPool     = "us-east-1_NotesDemo"
	demoClientID     = "gatehousenotesdemoclient01"
	demoIdentityPool = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	demoUser         = "demo@example.com"
	demoPassword     = "Passw0rd!"
)

// startGatehouse runs the demo configuration on an httptest server, with
// its store, key ring and notes function in a temporary directory, and
// returns a Config for it.
func startGatehouse(t *testing.T) client.Config {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mk, err := keys.LoadMasterKey(dir, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Open(context.Background(), st, mk, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	n, err := notes.Open(notes.Options{Path: filepath.Join(dir, "notes.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	srv, err := server.New(server.Options{Config: config.Demo(), Store: st, Ring: ring,
		Logger: slog.New(slog.DiscardHandler), Functions: gateway.Functions{"notes": n.Handler}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return client.Config{
		Region:         demoRegion,
		UserPoolID:     demoUserPool,
		ClientID:       demoClientID,
		IdentityPoolID: demoIdentityPool,
		Endpoint:       ts.URL,
		InvokeURL:      ts.URL + "/restapis/notesapi01/prod/_user_request_",
	}
}

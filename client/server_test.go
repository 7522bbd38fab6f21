package client_test

import (
	"log/slog"
	"testing"

	"github.com/gatehouse-dev/gatehouse/client"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
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
	s := gatehousetest.Start(t, gatehousetest.Options{Config: config.Demo(),
		Logger: slog.New(slog.DiscardHandler), Functions: gatehousetest.NotesFunctions(t)})
	return client.Config{
		Region:         demoRegion,
		UserPoolID:     demoUserPool,
		ClientID:       demoClientID,
		IdentityPoolID: demoIdentityPool,
		Endpoint:       s.URL,
		InvokeURL:      s.URL + "/restapis/notesapi01/prod/_user_request_",
	}
}

package e2e

import (
	"encoding/json"
	"testing"
)

// The built-in demo (config/demo.yaml), which `gatehouse serve` runs
// without --config.
const (
	demoPoolID   = "us-east-1_NotesDemo"
	demoClientID = "gatehousenotesdemoclient01"
	demoIssuer   = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"
	demoUser     = "demo@example.com" // the pool signs users in by email
	demoPassword = "Passw0rd!"
)

// demoAttributes are the seeded attributes of the demo user, as GetUser
// answers them (sub aside).
var demoAttributes = map[string]string{
	"email":          "demo@example.com",
	"email_verified": "true",
	"name":           "Demo User",
}

// demoVars is the environment of a Node or Python test file signing in as
// the demo user.
func demoVars(t *testing.T) map[string]string {
	t.Helper()
	attrs, err := json.Marshal(demoAttributes)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"USER_POOL_ID":    demoPoolID,
		"CLIENT_ID":       demoClientID,
		"ISSUER":          demoIssuer,
		"USERNAME":        demoUser,
		"PASSWORD":        demoPassword,
		"USER_ATTRIBUTES": string(attrs),
	}
}

// wantClaims checks that claims has each of want, with the same JSON value
// (numbers as float64, booleans as bool).
func wantClaims(t *testing.T, token string, claims map[string]any, want map[string]any) {
	t.Helper()
	for name, w := range want {
		got, ok := claims[name]
		if !ok {
			t.Errorf("%s token lacks claim %q", token, name)
			continue
		}
		if got != w {
			t.Errorf("%s token claim %q = %#v, want %#v", token, name, got, w)
		}
	}
}

package config

import "testing"

// TestServerSideTokenCheck: a provider's server_side_token_check is false
// unless set, decodes true when set, and must be a boolean.
func TestServerSideTokenCheck(t *testing.T) {
	cfg, err := Parse(DemoYAML(), nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cfg.IdentityPools[0].Providers[0].ServerSideTokenCheck {
		t.Error("server_side_token_check is true by default")
	}
	const client = "        client_id: gatehousenotesdemoclient01\n"
	cfg, err = Parse(mutate(t, client, client+"        server_side_token_check: true\n"), nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !cfg.IdentityPools[0].Providers[0].ServerSideTokenCheck {
		t.Error("server_side_token_check: true decoded false")
	}
	got := parseError(t, mutate(t, client, client+"        server_side_token_check: \"yes\"\n"), nil)
	if want := "identity_pools[0].providers[0].server_side_token_check: must be true or false, not a string"; got != want {
		t.Errorf("error:\n%s\nwant:\n%s", got, want)
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/config"
)

// A user pool whose mfa is not OFF starts with a warning that no second
// factor is asked; the demo, whose mfa is OFF, starts without one.
func TestServeWarnsMFANotEnforced(t *testing.T) {
	dir := t.TempDir()
	on := bytes.Replace(config.DemoYAML(), []byte(`mfa: "OFF"`), []byte(`mfa: "ON"`), 1)
	if bytes.Equal(on, config.DemoYAML()) {
		t.Fatal(`the demo configuration has no mfa: "OFF" to change`)
	}
	file := filepath.Join(dir, "mfa.yaml")
	if err := os.WriteFile(file, on, 0o600); err != nil {
		t.Fatal(err)
	}
	const warning = `"msg":"mfa is not enforced: sign-in asks for no second factor","user_pool":"us-east-1_NotesDemo","mfa":"ON"`
	_, logged := serveListening(t, nil, "serve", "--config", file, "--addr", "127.0.0.1:0",
		"--data", filepath.Join(dir, "on"), "--log-format", "json")
	if !strings.Contains(logged, `"level":"WARN",`+warning) {
		t.Errorf("no warning in the log:\n%s", logged)
	}
	_, logged = serveListening(t, nil, "serve", "--addr", "127.0.0.1:0",
		"--data", filepath.Join(dir, "off"), "--log-format", "json")
	if strings.Contains(logged, "mfa is not enforced") {
		t.Errorf("the demo warns:\n%s", logged)
	}
}

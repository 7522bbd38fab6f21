package server

import (
	"path/filepath"
	"testing"

	"github.com/gatehouse-dev/gatehouse/examples/notes"
	"github.com/gatehouse-dev/gatehouse/gateway"
)

// demoFunctions are the in-process functions of the demo configuration:
// the notes function with its database in a temporary directory.
func demoFunctions(t testing.TB) gateway.Functions {
	t.Helper()
	n, err := notes.Open(notes.Options{Path: filepath.Join(t.TempDir(), "notes.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return gateway.Functions{"notes": n.Handler}
}

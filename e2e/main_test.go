package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// enableVar is the environment variable that turns the end-to-end tests on.
const enableVar = "GATEHOUSE_E2E"

// binary is the gatehouse binary built by TestMain, or "" when the tests
// are off.
var binary string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv(enableVar) != "1" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "gatehouse-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "gatehouse")
	build := exec.Command("go", "build", "-o", binary, "github.com/gatehouse-dev/gatehouse/cmd/gatehouse")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/gatehouse: %v\n", err)
		return 1
	}
	return m.Run()
}

// requireE2E skips the test unless the end-to-end tests are on.
func requireE2E(t *testing.T) {
	t.Helper()
	if binary == "" {
		t.Skipf("end-to-end test: run ./scripts/test (it installs the clients and sets %s=1)", enableVar)
	}
}

package e2e

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// webBuildTimeout bounds npm ci and npm run build.
const webBuildTimeout = 5 * time.Minute

// The browser app embedded in the binary (web/dist/, committed) is exactly
// what its sources build into: npm run build into an empty directory gives
// the same files, byte for byte. It uses web/node_modules when
// ./scripts/test has installed it from the lock file, and otherwise runs
// npm ci in a copy of web/.
func TestWebBuildReproducible(t *testing.T) {
	requireE2E(t)
	requireTool(t, "node")
	requireTool(t, "npm")
	web, err := filepath.Abs(filepath.Join("..", "web"))
	if err != nil {
		t.Fatal(err)
	}
	dir := web
	if !webInstalled(web) {
		dir = t.TempDir()
		for _, name := range []string{"package.json", "package-lock.json", "build.mjs"} {
			if err := copyFile(filepath.Join(web, name), filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.CopyFS(filepath.Join(dir, "src"), os.DirFS(filepath.Join(web, "src"))); err != nil {
			t.Fatal(err)
		}
		res := runClient(t, webBuildTimeout, dir, os.Environ(), "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		if res.ExitCode != 0 {
			t.Fatalf("npm ci: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
		}
		t.Logf("web/node_modules is not installed from the lock file: built in a copy after npm ci")
	}
	out := t.TempDir()
	env := append(os.Environ(), "GATEHOUSE_WEB_OUT="+out)
	res := runClient(t, webBuildTimeout, dir, env, "npm", "run", "build")
	if res.ExitCode != 0 {
		t.Fatalf("npm run build: exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	committed, built := readTree(t, filepath.Join(web, "dist")), readTree(t, out)
	if len(committed) == 0 {
		t.Fatal("web/dist is empty")
	}
	for name, want := range built {
		got, ok := committed[name]
		switch {
		case !ok:
			t.Errorf("the build makes %s, which web/dist lacks", name)
		case !bytes.Equal(got, want):
			t.Errorf("web/dist/%s (%d bytes) differs from the build's (%d bytes)", name, len(got), len(want))
		}
	}
	for name := range committed {
		if _, ok := built[name]; !ok {
			t.Errorf("web/dist/%s is not made by the build", name)
		}
	}
	if t.Failed() {
		t.Log("run npm run build in web/ and commit web/dist")
	} else {
		t.Logf("web/dist matches a fresh build: %v", slices.Sorted(maps.Keys(built)))
	}
}

// webInstalled reports whether web/node_modules is installed from the
// current lock file (./scripts/test keeps a copy of the lock file it
// installed from).
func webInstalled(web string) bool {
	lock, err := os.ReadFile(filepath.Join(web, "package-lock.json"))
	if err != nil {
		return false
	}
	stamp, err := os.ReadFile(filepath.Join(web, "node_modules", ".gatehouse-lock"))
	return err == nil && bytes.Equal(lock, stamp)
}

// readTree returns the regular files under dir by their slash-separated
// path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		files[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

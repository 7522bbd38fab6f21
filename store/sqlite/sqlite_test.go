package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
	"github.com/gatehouse-dev/gatehouse/store/storetest"
)

// openTemp opens a new database in a temporary directory and closes it at
// the end of the test.
func openTemp(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "nested")
	path := filepath.Join(dir, "gatehouse.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if err := s.Create(t.Context(), "k", "id", []byte("v")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, filepath.Dir(dir)} {
		assertMode(t, p, 0o700|os.ModeDir)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		assertMode(t, p, 0o600)
	}
	if s.Path() != path {
		t.Errorf("Path: got %q, want %q", s.Path(), path)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?x=1#frag%20", "db?_txlock=deferred")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if err := s.Create(t.Context(), "k", "id", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at its literal path: %v", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	for i := range 3 {
		s, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		if err := s.Create(t.Context(), "k", strconv.Itoa(i), []byte("v")); err != nil {
			t.Fatal(err)
		}
		recs, err := s.List(t.Context(), "k", store.ListOptions{})
		if err != nil || len(recs) != i+1 {
			t.Fatalf("List after Open %d: %d records, %v", i, len(recs), err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// rawExec runs statements on the database file outside the Store.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, stmt := range stmts {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rawExec(t, path, `PRAGMA user_version = 999`)
	if _, err := sqlite.Open(path); !errors.Is(err, sqlite.ErrSchemaTooNew) {
		t.Fatalf("Open of a newer schema: got %v, want ErrSchemaTooNew", err)
	}
}

func TestOpenRefusesForeignDatabase(t *testing.T) {
	for name, stmts := range map[string][]string{
		"tables":         {`CREATE TABLE notes (x)`},
		"application_id": {`PRAGMA application_id = 42`},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, path, stmts...)
			if _, err := sqlite.Open(path); !errors.Is(err, sqlite.ErrNotGatehouse) {
				t.Fatalf("Open: got %v, want ErrNotGatehouse", err)
			}
		})
	}
}

func TestIntegrityCheck(t *testing.T) {
	s := openTemp(t)
	for i := range 50 {
		if err := s.Create(t.Context(), "k", strconv.Itoa(i), make([]byte, 5000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatalf("IntegrityCheck: %v", err)
	}
}

func TestIntegrityCheckFindsCorruption(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if err := s.Create(t.Context(), "k", fmt.Sprintf("%04d", i), make([]byte, 3000)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close() // checkpoints the WAL into the file

	// Overwrite the middle of the file, past the schema pages.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*31 + 7)
	}
	if _, err := f.WriteAt(junk, fi.Size()/2/4096*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s, err = sqlite.Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(t.Context()); !errors.Is(err, sqlite.ErrCorrupt) {
		t.Fatalf("IntegrityCheck of a damaged file: got %v, want ErrCorrupt", err)
	}
}

// TestTwoStoresOneFile runs concurrent Updates through two Stores on one
// file, as two processes would: they serialize on SQLite's file locks.
func TestTwoStoresOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	var stores []*sqlite.Store
	for range 2 {
		s, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	ctx := t.Context()
	if err := stores[0].Create(ctx, "counter", "c", []byte("0")); err != nil {
		t.Fatal(err)
	}
	const perWorker, workersPerStore = 25, 4
	var wg sync.WaitGroup
	for _, s := range stores {
		for range workersPerStore {
			wg.Go(func() {
				for range perWorker {
					err := s.Update(ctx, "counter", "c", func(old []byte) ([]byte, error) {
						n, err := strconv.Atoi(string(old))
						return []byte(strconv.Itoa(n + 1)), err
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	got, err := stores[1].Get(ctx, "counter", "c")
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(len(stores) * workersPerStore * perWorker); string(got) != want {
		t.Fatalf("counter: got %s, want %s", got, want)
	}
}

func TestClosedStoreFails(t *testing.T) {
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := s.Ping(context.Background()); err == nil {
		t.Error("Ping of a closed store succeeded")
	}
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gatehouse-dev/gatehouse/store"
)

// busyTimeoutMillis is how long a connection waits for a lock held by another
// connection (of this or another process) before SQLite reports SQLITE_BUSY.
const busyTimeoutMillis = 10000

var _ store.Store = (*Store)(nil)

// Store is a store.Store on one SQLite database file. It is safe for
// concurrent use, also by several processes opening the same file.
type Store struct {
	path string
	// write has exactly one connection; every write is a BEGIN IMMEDIATE
	// transaction on it.
	write *sql.DB
	// read is a pool of query_only connections.
	read *sql.DB
}

// Open opens the database at path, creating the file (mode 0600) and its
// directory (mode 0700) if needed, and migrates its schema to the version
// this binary knows. It fails with ErrSchemaTooNew on a database written by
// a newer Gatehouse, and with ErrNotGatehouse on a SQLite file of another
// application.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: database path %q: %w", path, err)
	}
	if err := createFile(abs); err != nil {
		return nil, err
	}

	ctx := context.Background()
	write, err := openDB(abs, writeParams())
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, err
	}

	read, err := openDB(abs, readParams())
	if err != nil {
		write.Close()
		return nil, err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	if err := read.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", abs, err)
	}
	return &Store{path: abs, write: write, read: read}, nil
}

// Path is the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Ping reports whether both connection pools answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Close closes both connection pools. The last connection to close
// checkpoints the WAL into the database file.
func (s *Store) Close() error {
	rerr := s.read.Close()
	werr := s.write.Close()
	if err := errors.Join(rerr, werr); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// createFile creates the database file with mode 0600, and its directory
// with mode 0700, unless they exist; SQLite would create the file with the
// process umask's default mode.
func createFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sqlite: create directory %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("sqlite: create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: create database file: %w", err)
	}
	return nil
}

// writeParams are the DSN parameters of the write connection. journal_mode
// is persistent in the file; the others are per connection.
func writeParams() url.Values {
	return url.Values{
		"_txlock": {"immediate"},
		"_pragma": {
			fmt.Sprintf("busy_timeout(%d)", busyTimeoutMillis),
			"journal_mode(WAL)",
			"synchronous(FULL)",
			"foreign_keys(1)",
		},
	}
}

// readParams are the DSN parameters of the read connections.
func readParams() url.Values {
	return url.Values{
		"_pragma": {
			fmt.Sprintf("busy_timeout(%d)", busyTimeoutMillis),
			"foreign_keys(1)",
			"query_only(1)",
		},
	}
}

// openDB opens a database/sql handle on path. The path goes into an SQLite
// URI, escaped, so that '?', '#' and '%' in it are taken literally.
func openDB(path string, params url.Values) (*sql.DB, error) {
	u := url.URL{Path: filepath.ToSlash(path)}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:/C:/...
	}
	db, err := sql.Open("sqlite", "file:"+p+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

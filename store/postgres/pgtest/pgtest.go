// Package pgtest gives tests a fresh PostgreSQL database of their own on
// the server that GATEHOUSE_TEST_POSTGRES names, and skips them when it is
// not set. ./scripts/test starts a throwaway server and sets it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the environment variable holding the DSN of a PostgreSQL
// server on which the tests may create and drop databases, such as
// postgres://postgres:secret@127.0.0.1:5432/postgres?sslmode=disable.
const EnvVar = "GATEHOUSE_TEST_POSTGRES"

// ServerDSN returns the DSN in GATEHOUSE_TEST_POSTGRES, or skips the test
// when it is not set.
func ServerDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvVar)
	if dsn == "" {
		t.Skip(EnvVar + " is not set: ./scripts/test starts a throwaway PostgreSQL and sets it, " +
			"or set it to a postgres:// URL of a server where the tests may create databases")
	}
	return dsn
}

// NewDatabase creates a new, empty database gh_test_<random> on the server
// of GATEHOUSE_TEST_POSTGRES, drops it when the test ends (after the test's
// own cleanups, which should close its connections), and returns its DSN.
// It skips the test when GATEHOUSE_TEST_POSTGRES is not set.
func NewDatabase(t testing.TB) string {
	t.Helper()
	return NewDatabaseWith(t, "")
}

// NewDatabaseWith is NewDatabase with options appended to its CREATE
// DATABASE statement, such as a template, encoding or locale.
func NewDatabaseWith(t testing.TB, options string) string {
	t.Helper()
	server := ServerDSN(t)
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "gh_test_" + hex.EncodeToString(b[:])

	admin(t, server, `CREATE DATABASE `+name+` `+options)
	t.Cleanup(func() {
		// WITH (FORCE) ends connections a failed test left open.
		admin(t, server, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	dsn, err := WithDatabase(server, name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// WithDatabase returns dsn (a URL or a key=value string) naming database
// name instead of its own.
func WithDatabase(dsn, name string) (string, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		// In a key=value string the last setting of a key wins.
		return dsn + " dbname='" + name + "'", nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// admin runs one statement on the server's own database. The context is
// not the test's, which has ended by the time cleanups run.
func admin(t testing.TB, server, stmt string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the server of %s: %v", EnvVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

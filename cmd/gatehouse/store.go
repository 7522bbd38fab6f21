package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/postgres"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// storeEnv is the environment variable that sets serve's --store when the
// flag is not given.
const storeEnv = "GATEHOUSE_STORE"

// storeOpenTimeout bounds connecting to PostgreSQL and migrating its schema
// at start-up (a node may wait for another's migration).
const storeOpenTimeout = time.Minute

// storeSetting returns the --store value in effect: the flag when given,
// else $GATEHOUSE_STORE.
func storeSetting(flag string, getenv func(string) (string, bool)) string {
	if flag != "" {
		return flag
	}
	v, _ := getenv(storeEnv)
	return v
}

// openServerStore opens the deployment's store: storeFlag (--store) when
// set, else the configuration's store:, else the SQLite database
// gatehouse.db in dataDir. A DSN is "sqlite:PATH" or a postgres:// or
// postgresql:// URL. description names the store for the start-up log,
// with any password masked. A DSN of another form is an exitError with
// status 2; the errors never hold the DSN's password.
func openServerStore(ctx context.Context, cfg *config.Config, dataDir, storeFlag string) (st store.Store, description string, err error) {
	dsn, from := storeFlag, "--store"
	if dsn == "" {
		dsn, from = cfg.Store, "store"
	}
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(dataDir, "gatehouse.db")
	}
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok && path != "" {
		s, err := sqlite.Open(path)
		if err != nil {
			return nil, "", fmt.Errorf("open store: %w", err)
		}
		return s, path, nil
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		ctx, cancel := context.WithTimeout(ctx, storeOpenTimeout)
		defer cancel()
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, "", fmt.Errorf("open store: %w", err)
		}
		return s, postgres.Redact(dsn), nil
	}
	return nil, "", &exitError{code: 2, err: fmt.Errorf(`%s: %q is not a store (use sqlite:PATH or a postgres:// URL)`,
		from, postgres.Redact(dsn))}
}

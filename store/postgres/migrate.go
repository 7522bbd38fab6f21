package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrSchemaTooNew: the database was migrated by a newer Gatehouse than this
// binary; using it could misread or damage its data.
var ErrSchemaTooNew = errors.New("postgres: database schema is newer than this binary")

// migrationLockKey is the advisory lock (pg_advisory_xact_lock) that
// serializes migrations of one database: "GHSEMIGR" as a big-endian int64.
// Advisory locks are per database, so databases of one server do not wait
// for each other.
const migrationLockKey int64 = 0x4748_5345_4d49_4752

// migration is one schema step. Step i (counting from 1) takes the database
// from schema version i-1 to i.
type migration struct {
	name  string
	stmts []string
}

// migrations lists every schema step in order. Append only: a released step
// is never edited, since databases in the field already ran it.
func migrations() []migration {
	return []migration{
		{
			name: "records",
			stmts: []string{
				// COLLATE "C": ids compare bytewise (as UTF-8), and the
				// primary key index serves ORDER BY id and id ranges.
				`CREATE TABLE gatehouse_records (
					kind  text COLLATE "C" NOT NULL,
					id    text COLLATE "C" NOT NULL,
					value bytea NOT NULL,
					PRIMARY KEY (kind, id)
				)`,
			},
		},
	}
}

// createVersionTable is the one statement that runs before any migration:
// the table recording which have run.
const createVersionTable = `CREATE TABLE gatehouse_schema_version (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// migrate applies the missing migrations in one transaction that holds the
// migration advisory lock from its start: nodes that open a new database at
// once queue on the lock, and the ones after the first find nothing to do.
// A failed migration leaves the database as it was (PostgreSQL's DDL is
// transactional).
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return migrateSteps(ctx, pool, migrations())
}

func migrateSteps(ctx context.Context, pool *pgxpool.Pool, steps []migration) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: begin: %w", err)
	}
	defer rollback(ctx, tx)

	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLockKey); err != nil {
		return fmt.Errorf("postgres: migrate: lock: %w", err)
	}
	// CREATE TABLE IF NOT EXISTS would need the CREATE privilege even when
	// the table exists: a role that may only read and write starts too.
	var haveVersions bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass('gatehouse_schema_version') IS NOT NULL`).Scan(&haveVersions); err != nil {
		return fmt.Errorf("postgres: migrate: look for gatehouse_schema_version: %w", err)
	}
	if !haveVersions {
		if _, err := tx.Exec(ctx, createVersionTable); err != nil {
			return fmt.Errorf("postgres: migrate: create gatehouse_schema_version: %w", err)
		}
	}
	var version int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM gatehouse_schema_version`).Scan(&version); err != nil {
		return fmt.Errorf("postgres: migrate: read schema version: %w", err)
	}
	if version > len(steps) {
		return fmt.Errorf("%w: schema version %d, this binary knows up to %d", ErrSchemaTooNew, version, len(steps))
	}
	for i := version; i < len(steps); i++ {
		for _, stmt := range steps[i].stmts {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("postgres: migration %d (%s): %w", i+1, steps[i].name, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO gatehouse_schema_version (version, name) VALUES ($1, $2)`,
			i+1, steps[i].name); err != nil {
			return fmt.Errorf("postgres: migration %d (%s): record version: %w", i+1, steps[i].name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: commit: %w", err)
	}
	return nil
}

// SchemaVersion returns the schema version of the database: the number of
// migrations applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var version int
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM gatehouse_schema_version`).Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("postgres: read schema version: %w", err)
	}
	return version, nil
}

// rollback ends tx unless it was committed. It uses a context that outlives
// ctx's cancellation, so that a cancelled operation still returns its
// connection to the pool cleanly.
func rollback(ctx context.Context, tx pgx.Tx) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rollbackTimeout)
	defer cancel()
	_ = tx.Rollback(rctx) // pgx.ErrTxClosed after a commit; a broken connection is discarded
}

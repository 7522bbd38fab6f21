package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// applicationID marks a database file as Gatehouse's (PRAGMA application_id,
// "GHSE"), so that Open refuses a SQLite file of another application.
const applicationID = 0x47485345

var (
	// ErrSchemaTooNew: the database was migrated by a newer Gatehouse than
	// this binary; opening it could misread or damage its data.
	ErrSchemaTooNew = errors.New("sqlite: database schema is newer than this binary")
	// ErrNotGatehouse: the file is a SQLite database of another application.
	ErrNotGatehouse = errors.New("sqlite: not a Gatehouse database")
)

// migration is one schema step. Step i (counting from 1) takes the database
// from user_version i-1 to i.
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
				`CREATE TABLE records (
					kind  TEXT NOT NULL,
					id    TEXT NOT NULL,
					value BLOB NOT NULL,
					PRIMARY KEY (kind, id)
				) WITHOUT ROWID`,
			},
		},
	}
}

// migrate applies the missing migrations in one BEGIN IMMEDIATE transaction,
// so that two processes opening a new database at once run them once.
func migrate(ctx context.Context, db *sql.DB) error {
	return retryBusy(ctx, func() error {
		return migrateOnce(ctx, db, migrations())
	})
}

func migrateOnce(ctx context.Context, db *sql.DB, steps []migration) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: migrate: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()

	var version, appID, objects int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("sqlite: migrate: read user_version: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return fmt.Errorf("sqlite: migrate: read application_id: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&objects); err != nil {
		return fmt.Errorf("sqlite: migrate: read schema: %w", err)
	}
	switch {
	case appID != 0 && appID != applicationID:
		return fmt.Errorf("%w: application_id is %#x", ErrNotGatehouse, appID)
	case appID == 0 && (version != 0 || objects != 0):
		return fmt.Errorf("%w: the database already has tables", ErrNotGatehouse)
	case version > len(steps):
		return fmt.Errorf("%w: schema version %d, this binary knows up to %d", ErrSchemaTooNew, version, len(steps))
	case version == len(steps):
		return tx.Commit()
	}

	for i := version; i < len(steps); i++ {
		for _, stmt := range steps[i].stmts {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("sqlite: migration %d (%s): %w", i+1, steps[i].name, err)
			}
		}
	}
	// PRAGMA arguments cannot be bound parameters; both are integers.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(steps))); err != nil {
		return fmt.Errorf("sqlite: migrate: set user_version: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
		return fmt.Errorf("sqlite: migrate: set application_id: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: migrate: commit: %w", err)
	}
	return nil
}

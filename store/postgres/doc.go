// Package postgres is the store.Store backend for deployments of several
// Gatehouse nodes: one PostgreSQL database (github.com/jackc/pgx/v5, pgxpool)
// that every node opens with the same DSN.
//
// It owns two tables, both prefixed so that they can share a database with
// other applications:
//
//   - gatehouse_records (kind, id, value): every record, the primary key
//     (kind, id) in the "C" collation, so that ids compare bytewise like
//     SQLite's BINARY collation and Go's string comparison, whatever the
//     database's locale;
//   - gatehouse_schema_version: one row per schema migration applied.
//
// Open migrates the schema to the version this binary knows, inside one
// transaction that first takes a transaction-level advisory lock: nodes that
// start at once run each migration once, the others wait and then see the
// new version. A database migrated by a newer binary is refused
// (ErrSchemaTooNew).
//
// Update is a read-modify-write in one transaction that reads the record
// with SELECT ... FOR UPDATE: concurrent Updates of one record, from this
// process or any other node, queue on the row lock and each sees the value
// the previous one committed, so no write is lost.
//
// After a database restart or failover, an operation that meets an ended
// connection resets the pool and runs again on a new connection when that
// cannot apply a write twice (see retry.go): reads and Updates recover at
// once; a Create or Delete whose statement had reached the server reports
// the error.
//
// Kinds and ids are stored as text, so they must be valid UTF-8 without NUL
// bytes (the contract of store.Store): Get, Update and Delete of another id
// report store.ErrNotFound, Create returns ErrInvalidID.
//
// The DSN's password is never logged and never part of an error: Open
// reports a DSN it cannot parse with its password masked (Redact).
package postgres

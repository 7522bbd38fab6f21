// Package sqlite is the embedded store.Store backend: one SQLite database
// file (modernc.org/sqlite, no cgo) in Gatehouse's data directory.
//
// It owns the database file and its connections, the schema and its
// versioned migrations, and the locking that makes Update a true
// read-modify-write also when several processes share the file:
//
//   - journal_mode=WAL, so readers never block the writer;
//   - synchronous=FULL, so a write whose commit returned survives a crash of
//     the process and of the machine (the WAL is fsynced on every commit);
//   - busy_timeout=10000 ms, and every write transaction starts with
//     BEGIN IMMEDIATE (the _txlock=immediate DSN parameter), so concurrent
//     writers queue for the write lock instead of failing on upgrade;
//   - one *sql.DB with a single connection for writes (writers of one
//     process queue in database/sql's pool, not in SQLite's busy handler)
//     and a pool of query_only connections for reads;
//   - SQLITE_BUSY that escapes the busy handler is retried a few times.
//
// Several processes may share the file (a server and a CLI command, say), but
// SQLite's write lock is not fair between processes: under a sustained write
// load in one process, another may wait up to busy_timeout per attempt.
// Deployments of several nodes use the PostgreSQL backend.
//
// IntegrityCheck runs PRAGMA integrity_check, for tests and health checks.
//
// The database file is created with mode 0600 and, when Open creates it, its
// directory with mode 0700. SQLite gives the -wal and -shm files the mode of
// the database file.
package sqlite

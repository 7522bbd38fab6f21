package postgres

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/gatehouse-dev/gatehouse/store"
)

// defaultConnectTimeout bounds each connection attempt when the DSN sets no
// connect_timeout: a node whose database is unreachable fails to start, and
// a request fails, instead of waiting for the operating system's TCP timeout.
const defaultConnectTimeout = 10 * time.Second

var _ store.Store = (*Store)(nil)

// Store is a store.Store on one PostgreSQL database. It is safe for
// concurrent use, also by several processes (nodes) opening the same
// database.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database named by dsn, a postgres:// or
// postgresql:// URL or a key=value connection string as libpq takes them
// (pgxpool's pool_* parameters are honoured), and migrates its schema to the
// version this binary knows. ctx bounds the connection and the migration,
// not the life of the Store. It fails with ErrSchemaTooNew on a database
// migrated by a newer Gatehouse.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgconn masks passwords in its parse errors only on a best-effort
		// basis, and url.Parse's errors repeat the whole URL: name the DSN
		// with its user information masked instead.
		return nil, fmt.Errorf("postgres: cannot parse the DSN %s: want postgres://user:password@host:port/database?sslmode=...", Redact(dsn))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "gatehouse"
	}
	where := describe(cfg)

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", where, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// describe names the database of cfg for messages: user, host, port and
// database, never the password.
func describe(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	host := c.Host
	if len(host) > 0 && host[0] != '/' {
		host = net.JoinHostPort(host, strconv.Itoa(int(c.Port)))
	}
	return fmt.Sprintf("database %q on %s as user %q", c.Database, host, c.User)
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.retry(ctx, func() error { return s.pool.Ping(ctx) }, always); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close closes every connection of the pool, waiting for the ones in use to
// be released. The Store must not be used afterwards.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/postgres"
	"github.com/gatehouse-dev/gatehouse/store/postgres/pgtest"
	"github.com/gatehouse-dev/gatehouse/store/storetest"
)

// open opens a Store on dsn and closes it when the test ends.
func open(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// exec runs one statement on the database of dsn.
func exec(t testing.TB, dsn, stmt string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt, args...); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func TestConformance(t *testing.T) {
	pgtest.ServerDSN(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, pgtest.NewDatabase(t))
	})
}

// TestConformanceLinguisticCollation runs the suite on a database whose
// default collation is ICU's English one, where "a" < "B" < "b" and
// punctuation is ignored at first: ids must still compare bytewise.
func TestConformanceLinguisticCollation(t *testing.T) {
	server := pgtest.ServerDSN(t)
	// LOCALE_PROVIDER in CREATE DATABASE is PostgreSQL 15's.
	conn, err := pgx.Connect(t.Context(), server)
	if err != nil {
		t.Fatal(err)
	}
	var version, icuCollations int
	err = conn.QueryRow(t.Context(), `SELECT current_setting('server_version_num')::int,
		(SELECT count(*) FROM pg_collation WHERE collprovider = 'i')`).Scan(&version, &icuCollations)
	conn.Close(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if version < 150000 || icuCollations == 0 {
		t.Skipf("the test server (version %d, %d ICU collations) cannot make ICU the default collation", version, icuCollations)
	}
	storetest.Run(t, func(t *testing.T) store.Store {
		dsn := pgtest.NewDatabaseWith(t, `TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`)
		return open(t, dsn)
	})
}

// TestConcurrentUpdatesFromTwoNodes increments one counter from two Stores,
// each with its own pool, as two nodes do; the Update function yields
// between its read and its write to widen the window a lost update needs.
func TestConcurrentUpdatesFromTwoNodes(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	nodes := []*postgres.Store{open(t, dsn), open(t, dsn)}
	ctx := t.Context()
	if err := nodes[0].Create(ctx, "counter", "c", []byte("0")); err != nil {
		t.Fatal(err)
	}

	const workersPerNode, increments = 6, 25
	var wg sync.WaitGroup
	errs := make(chan error, 2*workersPerNode)
	start := make(chan struct{})
	for n, node := range nodes {
		for w := range workersPerNode {
			wg.Go(func() {
				<-start
				for range increments {
					err := node.Update(ctx, "counter", "c", func(old []byte) ([]byte, error) {
						v, err := strconv.Atoi(string(old))
						if err != nil {
							return nil, err
						}
						time.Sleep(100 * time.Microsecond)
						return strconv.AppendInt(nil, int64(v+1), 10), nil
					})
					if err != nil {
						errs <- fmt.Errorf("node %d worker %d: %w", n, w, err)
						return
					}
				}
			})
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for n, node := range nodes {
		got, err := node.Get(ctx, "counter", "c")
		if err != nil {
			t.Fatal(err)
		}
		if want := strconv.Itoa(2 * workersPerNode * increments); string(got) != want {
			t.Errorf("node %d reads %s after %s increments (lost updates)", n, got, want)
		}
	}
}

// incrementEnv names the database a child process of
// TestConcurrentUpdatesFromProcesses increments the counter of.
const incrementEnv = "GATEHOUSE_TEST_POSTGRES_INCREMENT"

// increment adds one to the counter kind/id through s, n times from each of
// workers goroutines, with a pause between read and write.
func increment(ctx context.Context, s *postgres.Store, workers, n int) error {
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range n {
				err := s.Update(ctx, "counter", "c", func(old []byte) ([]byte, error) {
					v, err := strconv.Atoi(string(old))
					if err != nil {
						return nil, err
					}
					time.Sleep(100 * time.Microsecond)
					return strconv.AppendInt(nil, int64(v+1), 10), nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// TestIncrementChild is the child process of
// TestConcurrentUpdatesFromProcesses; it does nothing in a normal run.
func TestIncrementChild(t *testing.T) {
	dsn := os.Getenv(incrementEnv)
	if dsn == "" {
		t.Skip("run by TestConcurrentUpdatesFromProcesses")
	}
	s := open(t, dsn)
	if err := increment(t.Context(), s, 4, 25); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentUpdatesFromProcesses increments one counter from this
// process and two child processes at once, each with its own pool, as
// nodes on several machines do: no increment is lost.
func TestConcurrentUpdatesFromProcesses(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s := open(t, dsn)
	ctx := t.Context()
	if err := s.Create(ctx, "counter", "c", []byte("0")); err != nil {
		t.Fatal(err)
	}
	children := make([]*osexec.Cmd, 2)
	outs := make([]*strings.Builder, len(children))
	for i := range children {
		outs[i] = &strings.Builder{}
		cmd := osexec.Command(os.Args[0], "-test.run=^TestIncrementChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), incrementEnv+"="+dsn)
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children[i] = cmd
	}
	if err := increment(ctx, s, 4, 25); err != nil {
		t.Error(err)
	}
	for i, cmd := range children {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s", i, err, outs[i])
		}
	}
	got, err := s.Get(ctx, "counter", "c")
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(3 * 4 * 25); string(got) != want {
		t.Errorf("counter is %s after %s increments from three processes (lost updates)", got, want)
	}
}

// TestConcurrentCreateFromTwoNodes races Creates of one id from two Stores:
// exactly one wins, the others get ErrAlreadyExists.
func TestConcurrentCreateFromTwoNodes(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	nodes := []*postgres.Store{open(t, dsn), open(t, dsn)}
	const racers = 16
	results := make([]error, racers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		wg.Go(func() {
			<-start
			results[i] = nodes[i%2].Create(t.Context(), "user", "alice", []byte(strconv.Itoa(i)))
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range results {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, store.ErrAlreadyExists):
			t.Errorf("Create %d: %v, want nil or ErrAlreadyExists", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d Creates succeeded, want 1", won)
	}
}

// TestConcurrentOpensMigrateOnce opens a new database from several Stores at
// once: all succeed (without the advisory lock, concurrent CREATE TABLEs
// fail on PostgreSQL's catalog), and each migration is recorded once.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	const opens = 8
	stores := make([]*postgres.Store, opens)
	errs := make([]error, opens)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range opens {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = postgres.Open(t.Context(), dsn)
		})
	}
	close(start)
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Errorf("Open %d: %v", i, errs[i])
			continue
		}
		t.Cleanup(func() { s.Close() })
	}
	if t.Failed() {
		t.FailNow()
	}
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT version, count(*) FROM gatehouse_schema_version GROUP BY version ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	var versions []string
	for rows.Next() {
		var v, n int
		if err := rows.Scan(&v, &n); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, fmt.Sprintf("%d×%d", v, n))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(versions, " "); got != "1×1" {
		t.Errorf("gatehouse_schema_version holds %q, want each version once: 1×1", got)
	}
	// Every Store works on the one schema.
	for i, s := range stores {
		if err := s.Create(ctx, "node", strconv.Itoa(i), nil); err != nil {
			t.Errorf("Create through Store %d: %v", i, err)
		}
	}
	recs, err := stores[0].List(ctx, "node", store.ListOptions{})
	if err != nil || len(recs) != opens {
		t.Errorf("List: %d records, %v; want %d", len(recs), err, opens)
	}
}

// TestReopenKeepsData closes and reopens a database: the records stay and
// the migrations do not run again.
func TestReopenKeepsData(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	ctx := t.Context()
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, "user", "alice", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(t, dsn)
	got, err := s.Get(ctx, "user", "alice")
	if err != nil || string(got) != "kept" {
		t.Fatalf("Get after reopening: %q, %v", got, err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != 1 {
		t.Fatalf("SchemaVersion: %d, %v; want 1", v, err)
	}
}

// TestSchemaTooNew refuses a database migrated by a newer binary.
func TestSchemaTooNew(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	open(t, dsn).Close()
	exec(t, dsn, `INSERT INTO gatehouse_schema_version (version, name) VALUES (2, 'from the future')`)
	_, err := postgres.Open(t.Context(), dsn)
	if !errors.Is(err, postgres.ErrSchemaTooNew) {
		t.Fatalf("Open: %v, want ErrSchemaTooNew", err)
	}
	if !strings.Contains(err.Error(), "schema version 2, this binary knows up to 1") {
		t.Errorf("error %q does not give both versions", err)
	}
}

// TestOpenWithoutCreatePrivilege opens a migrated database as a role that
// may read and write Gatehouse's tables but create nothing, as a
// least-privileged runtime role does.
func TestOpenWithoutCreatePrivilege(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	open(t, dsn).Close()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var b [8]byte
	rand.Read(b[:])
	role, password := "gh_test_role_"+hex.EncodeToString(b[:4]), hex.EncodeToString(b[4:])+"-pw"
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE ROLE `+role+` LOGIN PASSWORD '`+password+`'`); err != nil {
		t.Skipf("the test server's user may not create roles: %v", err)
	}
	t.Cleanup(func() {
		// After the test's stores are closed; the database is dropped later.
		exec(t, dsn, `DROP OWNED BY `+role)
		exec(t, dsn, `DROP ROLE `+role)
	})
	for _, stmt := range []string{
		`REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
		`REVOKE CREATE ON DATABASE ` + cfg.Database + ` FROM PUBLIC`,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON gatehouse_records TO ` + role,
		`GRANT SELECT ON gatehouse_schema_version TO ` + role,
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	roleDSN := fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable", role, password, cfg.Host, cfg.Port, cfg.Database)
	if cfg.Host == "" || cfg.Host[0] == '/' {
		roleDSN = fmt.Sprintf("postgres:///%s?host=%s&port=%d&user=%s&password=%s", cfg.Database, cfg.Host, cfg.Port, role, password)
	}
	s := open(t, roleDSN)
	if err := s.Create(ctx, "user", "alice", []byte("v")); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, "user", "alice", func(old []byte) ([]byte, error) { return append(old, '2'), nil }); err != nil {
		t.Fatal(err)
	}
}

// TestBadPassword opens the test server with a wrong password: the error
// says the authentication failed and does not repeat the password.
func TestBadPassword(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host == "" || cfg.Host[0] == '/' {
		t.Skip("the test server is reached over a unix socket, where it may not ask for passwords")
	}
	const wrong = "wrong-password-7d1c0e"
	bad := fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable&connect_timeout=10",
		cfg.User, wrong, cfg.Host, cfg.Port, cfg.Database)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	s, err := postgres.Open(ctx, bad)
	if err == nil {
		s.Close()
		t.Skip("the test server accepted a wrong password (trust authentication)")
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, wrong) {
		t.Errorf("error repeats the password: %s", msg)
	}
	for _, want := range []string{"password authentication failed", cfg.Database, cfg.User} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
}

// TestUnparsableDSN checks that a DSN Open cannot parse is reported without
// its password.
func TestUnparsableDSN(t *testing.T) {
	const secret = "s3cr3t-pw"
	for _, dsn := range []string{
		"postgres://alice:" + secret + "@db.example.com:notaport/gatehouse",
		"postgres://alice:" + secret + "@db.example.com:5432/gatehouse?sslmode=nonsense",
		"postgres://alice:" + secret + "%zz@db.example.com/gatehouse",
		"postgresql://alice:" + secret + "@[::1/gatehouse",
		"postgres://db.example.com/gatehouse?password=" + secret + "&pool_max_conns=x",
		"host=db.example.com password=" + secret + " pool_max_conns=x",
		"host=db.example.com password='" + secret + " x' pool_max_conns=x",
	} {
		_, err := postgres.Open(t.Context(), dsn)
		if err == nil {
			t.Errorf("Open(%s) succeeded", postgres.Redact(dsn))
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error repeats the password: %v", err)
		}
		if !strings.Contains(err.Error(), "cannot parse the DSN") {
			t.Errorf("error %q does not say the DSN is malformed", err)
		}
	}
}

// TestOpenUnreachable fails, within its context, on a port nobody listens on.
func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://gatehouse:pw-unreachable@127.0.0.1:1/gatehouse?sslmode=disable")
	if err == nil {
		t.Fatal("Open succeeded")
	}
	if strings.Contains(err.Error(), "pw-unreachable") {
		t.Errorf("error repeats the password: %v", err)
	}
	if !strings.Contains(err.Error(), `database "gatehouse" on 127.0.0.1:1`) {
		t.Errorf("error %q does not name the database", err)
	}
}

// TestUpdateWaitingForLockHonoursContext holds a record's row lock in one
// node's Update while another node's Update of it waits: the waiting one
// ends with its context, and the first commits.
func TestUpdateWaitingForLockHonoursContext(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a, b := open(t, dsn), open(t, dsn)
	ctx := t.Context()
	if err := a.Create(ctx, "user", "alice", []byte("v0")); err != nil {
		t.Fatal(err)
	}
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- a.Update(ctx, "user", "alice", func([]byte) ([]byte, error) {
			close(locked)
			<-release
			return []byte("from a"), nil
		})
	}()
	<-locked

	wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	called := false
	err := b.Update(wctx, "user", "alice", func([]byte) ([]byte, error) {
		called = true
		return []byte("from b"), nil
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Update waiting for the lock: %v, want context.DeadlineExceeded", err)
	}
	if called {
		t.Error("the waiting Update called its function")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Update holding the lock: %v", err)
	}
	got, err := b.Get(ctx, "user", "alice")
	if err != nil || string(got) != "from a" {
		t.Fatalf("Get: %q, %v; want %q", got, err, "from a")
	}
	// b still works after its cancelled call.
	if err := b.Update(ctx, "user", "alice", func(old []byte) ([]byte, error) { return append(old, '+'), nil }); err != nil {
		t.Fatal(err)
	}
}

// TestConnectionsEndedByTheServer ends every connection of a Store from the
// server side, as a database restart or failover does, before each of Get,
// List, Update (before its function runs) and Ping: each connects again
// and succeeds, and Update's function runs once.
func TestConnectionsEndedByTheServer(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	s := open(t, dsn)
	ctx := t.Context()
	if err := s.Create(ctx, "user", "alice", []byte("v")); err != nil {
		t.Fatal(err)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	// endConnections leaves the pool several connections, used a moment
	// ago (so that it does not ping them), and ends them all.
	endConnections := func() {
		t.Helper()
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { s.Get(ctx, "user", "alice") })
		}
		wg.Wait()
		exec(t, dsn, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = $1 AND application_name = 'gatehouse'`, cfg.Database)
	}

	endConnections()
	calls := 0
	if err := s.Update(ctx, "user", "alice", func(old []byte) ([]byte, error) {
		calls++
		return append(old, '2'), nil
	}); err != nil || calls != 1 {
		t.Errorf("Update after the server ended the connections: %v, function called %d times", err, calls)
	}
	endConnections()
	if got, err := s.Get(ctx, "user", "alice"); err != nil || string(got) != "v2" {
		t.Errorf("Get after the server ended the connections: %q, %v", got, err)
	}
	endConnections()
	if recs, err := s.List(ctx, "user", store.ListOptions{}); err != nil || len(recs) != 1 {
		t.Errorf("List after the server ended the connections: %d records, %v", len(recs), err)
	}
	endConnections()
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping after the server ended the connections: %v", err)
	}
}

// TestInvalidIDs covers kinds and ids a text column cannot hold: they are
// never found, and Create refuses them.
func TestInvalidIDs(t *testing.T) {
	s := open(t, pgtest.NewDatabase(t))
	ctx := t.Context()
	if err := s.Create(ctx, "user", "alice", []byte("x")); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a\x00b", "\x00", "a\xffb", "\xc3"} {
		if err := s.Create(ctx, "user", id, nil); !errors.Is(err, postgres.ErrInvalidID) {
			t.Errorf("Create(%q): %v, want ErrInvalidID", id, err)
		}
		if err := s.Create(ctx, id, "alice", nil); !errors.Is(err, postgres.ErrInvalidID) {
			t.Errorf("Create of kind %q: %v, want ErrInvalidID", id, err)
		}
		if _, err := s.Get(ctx, "user", id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(%q): %v, want ErrNotFound", id, err)
		}
		if err := s.Update(ctx, "user", id, func(b []byte) ([]byte, error) { return b, nil }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Update(%q): %v, want ErrNotFound", id, err)
		}
		if err := s.Delete(ctx, "user", id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Delete(%q): %v, want ErrNotFound", id, err)
		}
		if recs, err := s.List(ctx, "user", store.ListOptions{Prefix: id}); err != nil || len(recs) != 0 {
			t.Errorf("List(Prefix %q): %d records, %v; want none", id, len(recs), err)
		}
		if recs, err := s.List(ctx, id, store.ListOptions{}); err != nil || len(recs) != 0 {
			t.Errorf("List of kind %q: %d records, %v; want none", id, len(recs), err)
		}
	}
	// A cancelled context still fails these calls as it fails the others.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Get(cctx, "user", "a\x00"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a cancelled context: %v", err)
	}
	if _, err := s.List(cctx, "user", store.ListOptions{Prefix: "\xff"}); !errors.Is(err, context.Canceled) {
		t.Errorf("List with a cancelled context: %v", err)
	}
}

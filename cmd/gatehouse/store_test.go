package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/postgres"
	"github.com/gatehouse-dev/gatehouse/store/postgres/pgtest"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// openServerStoreT calls openServerStore and closes the store at the end of
// the test.
func openServerStoreT(t *testing.T, cfg *config.Config, dataDir, flag string) (store.Store, string) {
	t.Helper()
	st, desc, err := openServerStore(t.Context(), cfg, dataDir, flag)
	if err != nil {
		t.Fatalf("openServerStore(store %q, flag %q): %v", cfg.Store, flag, err)
	}
	t.Cleanup(func() { st.Close() })
	return st, desc
}

func TestOpenServerStoreSQLite(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	other := filepath.Join(dir, "other.db")
	flagged := filepath.Join(dir, "flag.db")
	tests := []struct {
		name, cfgStore, flag, want string
	}{
		{"default", "", "", filepath.Join(data, "gatehouse.db")},
		{"config", "sqlite:" + other, "", other},
		{"flag over config", "sqlite:" + other, "sqlite:" + flagged, flagged},
		{"flag without config", "", "sqlite:" + flagged, flagged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, desc := openServerStoreT(t, &config.Config{Store: tt.cfgStore}, data, tt.flag)
			if desc != tt.want {
				t.Errorf("description %q, want %q", desc, tt.want)
			}
			s, ok := st.(*sqlite.Store)
			if !ok {
				t.Fatalf("store is a %T, want *sqlite.Store", st)
			}
			if s.Path() != tt.want {
				t.Errorf("database at %s, want %s", s.Path(), tt.want)
			}
		})
	}
}

func TestOpenServerStorePostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	for _, tt := range []struct{ name, cfgStore, flag string }{
		{"config", dsn, ""},
		{"flag over a sqlite config", "sqlite:" + filepath.Join(dir, "unused.db"), dsn},
		{"postgresql scheme", "", "postgresql" + strings.TrimPrefix(dsn, "postgres")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, desc := openServerStoreT(t, &config.Config{Store: tt.cfgStore}, filepath.Join(dir, "data"), tt.flag)
			if _, ok := st.(*postgres.Store); !ok {
				t.Fatalf("store is a %T, want *postgres.Store", st)
			}
			if desc != postgres.Redact(dsn) && desc != postgres.Redact(tt.flag) {
				t.Errorf("description %q, want the redacted DSN", desc)
			}
			if err := st.Create(t.Context(), "test", tt.name, []byte("x")); err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "unused.db")); !os.IsNotExist(err) {
		t.Errorf("--store did not override the configuration's SQLite store (stat: %v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("a PostgreSQL store created the data directory (stat: %v)", err)
	}
}

// TestOpenServerStoreErrorsHideThePassword checks refused and failing DSNs:
// the errors name the problem, never the password.
func TestOpenServerStoreErrorsHideThePassword(t *testing.T) {
	const secret = "pw-4b9e1f"
	tests := []struct {
		name, cfgStore, flag string
		code                 int // exitError status; 0 for another error
		want                 string
	}{
		{"unknown scheme in the flag", "", "mysql://gh:" + secret + "@db/gh", 2, `--store: "mysql://gh:xxxxx@db/gh" is not a store`},
		{"unknown scheme in the config", "redis://:" + secret + "@db", "", 2, `store: "redis://:xxxxx@db" is not a store`},
		{"empty sqlite path", "", "sqlite:", 2, `--store: "sqlite:" is not a store`},
		{"unparsable URL", "", "postgres://gh:" + secret + "@db:port/gh", 0, "cannot parse the DSN postgres://gh:xxxxx@db:port/gh"},
		{"nobody listening", "", "postgres://gh:" + secret + "@127.0.0.1:1/gh?connect_timeout=5", 0, `connect to database "gh" on 127.0.0.1:1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _, err := openServerStore(t.Context(), &config.Config{Store: tt.cfgStore}, t.TempDir(), tt.flag)
			if err == nil {
				st.Close()
				t.Fatal("openServerStore succeeded")
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error repeats the password: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			var ee *exitError
			if got := errors.As(err, &ee); got != (tt.code != 0) || (got && ee.code != tt.code) {
				t.Errorf("error %v: exit status %v, want %d", err, ee, tt.code)
			}
		})
	}
}

func TestStoreSetting(t *testing.T) {
	env := func(k string) (string, bool) {
		if k == storeEnv {
			return "sqlite:/from/env.db", true
		}
		return "", false
	}
	if got := storeSetting("sqlite:/from/flag.db", env); got != "sqlite:/from/flag.db" {
		t.Errorf("flag and env: %q, want the flag", got)
	}
	if got := storeSetting("", env); got != "sqlite:/from/env.db" {
		t.Errorf("env only: %q, want the env", got)
	}
	if got := storeSetting("", noEnv); got != "" {
		t.Errorf("neither: %q", got)
	}
}

// TestServeOnPostgres runs `gatehouse serve` on PostgreSQL, once with
// --store and once with GATEHOUSE_STORE: it starts, logs the store without
// its password, answers, and keeps its key ring in the database, not in a
// SQLite file of the data directory.
func TestServeOnPostgres(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	password := ""
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			if _, pw, ok := strings.Cut(dsn[i+3:at], ":"); ok {
				password = pw
			}
		}
	}
	// The master key must be the same for both starts (two nodes share it).
	key := make([]byte, 32)
	rand.Read(key)
	masterKey := "GATEHOUSE_MASTER_KEY=" + base64.StdEncoding.EncodeToString(key)
	for _, mode := range []string{"flag", "env"} {
		t.Run(mode, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			args := []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json"}
			env := []string{masterKey}
			if mode == "flag" {
				args = append(args, "--store", dsn)
			} else {
				env = append(env, storeEnv+"="+dsn)
			}
			rec, logged := serveListening(t, env, args...)
			if password != "" && strings.Contains(logged, password) {
				t.Errorf("the log holds the DSN's password:\n%s", logged)
			}
			if got, want := rec["store"], postgres.Redact(dsn); got != want {
				t.Errorf("logged store %q, want %q", got, want)
			}
			res, err := http.Get(rec["url"].(string) + "/_gatehouse/health")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("health = %d %s", res.StatusCode, body)
			}
			if _, err := os.Stat(filepath.Join(data, "gatehouse.db")); !os.IsNotExist(err) {
				t.Errorf("serve on PostgreSQL created a SQLite database (stat: %v)", err)
			}
		})
	}
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Get(t.Context(), "keyring", "ring"); err != nil {
		t.Errorf("the key ring is not in PostgreSQL: %v", err)
	}
}

// TestServeBadStoreExits2 gives serve a DSN of no supported kind, by flag
// and by environment: it exits with status 2 without printing the password.
func TestServeBadStoreExits2(t *testing.T) {
	const secret = "pw-0c3a77"
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--store", "mysql://gh:" + secret + "@db/gh"}, "", `--store: "mysql://gh:xxxxx@db/gh" is not a store`},
		{nil, storeEnv + "=mysql://gh:" + secret + "@db/gh", `--store: "mysql://gh:xxxxx@db/gh" is not a store`},
	} {
		dir := t.TempDir()
		cmd := gatehouse(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data")}, tt.args...)...)
		if tt.env != "" {
			cmd.Env = append(cmd.Env, tt.env)
		}
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("%v %s: exit %v, want status 2; output:\n%s", tt.args, tt.env, err, out)
		}
		if strings.Contains(string(out), secret) {
			t.Errorf("output holds the password:\n%s", out)
		}
		if !strings.Contains(string(out), tt.want) {
			t.Errorf("output lacks %q:\n%s", tt.want, out)
		}
	}
}

// serveListening starts `gatehouse serve` with args and extra environment
// and returns its "gatehouse listening" log record and the log up to it.
func serveListening(t *testing.T, env []string, args ...string) (map[string]any, string) {
	t.Helper()
	_, rec, log := startListening(t, env, args...)
	return rec, log
}

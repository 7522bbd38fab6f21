package config

import (
	"strings"
	"testing"
)

// TestStoreValues checks which store: values validate: sqlite:PATH and
// PostgreSQL URLs with a host, also when a ${VAR} supplies the password.
func TestStoreValues(t *testing.T) {
	getenv := env(map[string]string{"PGPASSWORD": "s3cret", "DB_URL": "postgresql://gh:pw@db.internal/gh"})
	const bad = `store: must be "sqlite:<path>" or a "postgres://" URL`
	tests := []struct {
		store string
		want  string // the store after expansion, or the error
	}{
		{"sqlite:./gatehouse-data/gatehouse.db", "sqlite:./gatehouse-data/gatehouse.db"},
		{"sqlite:/var/lib/gatehouse/gatehouse.db", "sqlite:/var/lib/gatehouse/gatehouse.db"},
		{"postgres://db.internal/gatehouse", "postgres://db.internal/gatehouse"},
		{"postgres://gatehouse:${PGPASSWORD}@db.internal:5432/gatehouse?sslmode=verify-full",
			"postgres://gatehouse:s3cret@db.internal:5432/gatehouse?sslmode=verify-full"},
		{"postgresql://gatehouse@10.0.0.5/gatehouse?sslmode=require", "postgresql://gatehouse@10.0.0.5/gatehouse?sslmode=require"},
		{"postgresql://gatehouse@[::1]:5433/gatehouse", "postgresql://gatehouse@[::1]:5433/gatehouse"},
		{"postgres://db1:5432,db2:5432/gatehouse?target_session_attrs=read-write",
			"postgres://db1:5432,db2:5432/gatehouse?target_session_attrs=read-write"},
		{"postgres:///gatehouse?host=/run/postgresql", "postgres:///gatehouse?host=/run/postgresql"},
		{"${DB_URL}", "postgresql://gh:pw@db.internal/gh"},

		{"sqlite:", bad},
		{"postgres://", bad},
		{"postgres:///gatehouse", bad},
		{"postgres://db.internal:port/gatehouse", bad},
		{"postgres:db.internal/gatehouse", bad},
		{"mysql://db.internal/gatehouse", bad},
		{"host=db.internal dbname=gatehouse", bad},
		{"gatehouse.db", bad},
	}
	for _, tt := range tests {
		y := replaceOnce(t, string(DemoYAML()), "region: us-east-1\n", "region: us-east-1\nstore: '"+tt.store+"'\n")
		cfg, err := Parse([]byte(y), getenv)
		switch {
		case strings.HasPrefix(tt.want, "store: "):
			if err == nil {
				t.Errorf("store %q: accepted, want %q", tt.store, tt.want)
			} else if err.Error() != tt.want {
				t.Errorf("store %q: error %q, want %q", tt.store, err, tt.want)
			}
		case err != nil:
			t.Errorf("store %q: %v", tt.store, err)
		case cfg.Store != tt.want:
			t.Errorf("store %q: Store = %q, want %q", tt.store, cfg.Store, tt.want)
		}
	}
}

// TestStoreErrorHidesPassword checks that an invalid store: value, which
// may hold a password, is not repeated in the error.
func TestStoreErrorHidesPassword(t *testing.T) {
	y := replaceOnce(t, string(DemoYAML()), "region: us-east-1\n", "region: us-east-1\nstore: 'postgres://gh:pw-71ae@db:port/gh'\n")
	got := parseError(t, []byte(y), nil)
	if strings.Contains(got, "pw-71ae") {
		t.Errorf("error repeats the store's password: %s", got)
	}
}

package gateway

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// failingStore fails every call.
type failingStore struct{ store.Store }

var errStoreDown = errors.New("store down")

func (failingStore) Update(context.Context, string, string, func([]byte) ([]byte, error)) error {
	return errStoreDown
}

func (failingStore) Create(context.Context, string, string, []byte) error { return errStoreDown }

// While the store fails, a quota is still enforced, counted on the node.
func TestQuotaCountsOnTheNodeWhileTheStoreFails(t *testing.T) {
	var logs bytes.Buffer
	q := newQuota(&config.Quota{Limit: 2, Period: "DAY"}, failingStore{}, "api/plan/key",
		slog.New(slog.NewTextHandler(&logs, nil)))
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	got := []bool{q.take(t.Context(), now), q.take(t.Context(), now), q.take(t.Context(), now)}
	if !got[0] || !got[1] || got[2] {
		t.Fatalf("takes = %v, want true true false", got)
	}
	if !strings.Contains(logs.String(), "store down") {
		t.Fatalf("the store's failure was not logged: %s", logs.String())
	}
}

func TestQuotaSharedPeriods(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q1 := newQuota(&config.Quota{Limit: 1, Period: "WEEK"}, st, "api/plan/key", slog.New(slog.DiscardHandler))
	q2 := newQuota(&config.Quota{Limit: 1, Period: "WEEK"}, st, "api/plan/key", slog.New(slog.DiscardHandler))
	other := newQuota(&config.Quota{Limit: 1, Period: "WEEK"}, st, "api/plan/other", slog.New(slog.DiscardHandler))
	mon := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) // a Monday
	for _, c := range []struct {
		q    *quota
		at   time.Time
		want bool
	}{
		{q1, mon, true},
		{q2, mon.Add(6 * 24 * time.Hour), false}, // Sunday, same week, other node
		{other, mon, true},                       // another key's count
		{q2, mon.Add(7 * 24 * time.Hour), true},  // next Monday
		{q1, mon.Add(8 * 24 * time.Hour), false},
	} {
		if got := c.q.take(t.Context(), c.at); got != c.want {
			t.Errorf("%s at %v = %v, want %v", c.q.id, c.at, got, c.want)
		}
	}
}

// BenchmarkQuotaTakeShared is the cost a quota adds to a request: one
// store update.
func BenchmarkQuotaTakeShared(b *testing.B) {
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "gatehouse.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	q := newQuota(&config.Quota{Limit: 1 << 30, Period: "MONTH"}, st, "api/plan/key", slog.New(slog.DiscardHandler))
	now := time.Now()
	for b.Loop() {
		if !q.take(context.Background(), now) {
			b.Fatal("quota spent")
		}
	}
}

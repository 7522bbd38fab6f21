package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Throttling (stage and usage plan rate and burst) is counted per node:
// with n nodes behind a load balancer a client can get up to n times the
// configured rate, as AWS documents its own throttling as best effort. Usage
// plan quotas are shared: counted in the store, so that they hold across
// nodes.

// limiter is a token bucket (rate per second, burst), or nil for none.
type limiter = *rate.Limiter

func newLimiter(t *config.Throttle) limiter {
	if t == nil {
		return nil
	}
	return rate.NewLimiter(rate.Limit(t.RateLimit), max(t.BurstLimit, 1))
}

// kindQuota is the store kind of quota counts; the id is
// {apiID}/{usage plan name}/{api key id}.
const kindQuota = "apigw-quota"

// quotaTimeout bounds the store update of one request's quota count.
const quotaTimeout = 2 * time.Second

// quotaRecord is the stored count of a key's requests in a quota period.
type quotaRecord struct {
	Start time.Time `json:"start"`
	Used  int       `json:"used"`
}

// quota counts the requests of one API key in the current period of a
// usage plan's quota (DAY, WEEK or MONTH, in UTC; weeks start on Monday).
// With a store the count is the store's, one record per key and plan
// updated atomically by every node; without one (or while the store
// fails, which is logged) it is this node's count.
type quota struct {
	limit  int
	period string
	store  store.Store
	id     string
	log    *slog.Logger

	mu    sync.Mutex
	start time.Time
	used  int
}

func newQuota(q *config.Quota, st store.Store, id string, log *slog.Logger) *quota {
	if q == nil {
		return nil
	}
	return &quota{limit: q.Limit, period: q.Period, store: st, id: id, log: log}
}

// errQuotaSpent stops a store update of a count at its limit.
var errQuotaSpent = errors.New("gateway: quota spent")

// take counts one request at now and reports whether it is within the quota.
func (q *quota) take(ctx context.Context, now time.Time) bool {
	start := periodStart(q.period, now)
	if q.store != nil {
		ok, err := q.takeShared(ctx, start)
		if err == nil {
			return ok
		}
		q.log.Warn("usage plan quota: the store failed; counting on this node", "quota", q.id, "err", err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if !start.Equal(q.start) {
		q.start, q.used = start, 0
	}
	if q.used >= q.limit {
		return false
	}
	q.used++
	return true
}

// takeShared counts one request of the period beginning at start in the
// store.
func (q *quota) takeShared(ctx context.Context, start time.Time) (bool, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), quotaTimeout)
	defer cancel()
	for range 2 {
		err := q.store.Update(ctx, kindQuota, q.id, func(old []byte) ([]byte, error) {
			var rec quotaRecord
			if err := json.Unmarshal(old, &rec); err != nil || !rec.Start.Equal(start) {
				rec = quotaRecord{Start: start}
			}
			if rec.Used >= q.limit {
				return nil, errQuotaSpent
			}
			rec.Used++
			return json.Marshal(rec)
		})
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, errQuotaSpent):
			return false, nil
		case !errors.Is(err, store.ErrNotFound):
			return false, err
		}
		b, _ := json.Marshal(quotaRecord{Start: start, Used: 1})
		err = q.store.Create(ctx, kindQuota, q.id, b)
		if !errors.Is(err, store.ErrAlreadyExists) {
			return err == nil, err
		}
		// Another node created it first: count in its record.
	}
	return false, errors.New("gateway: quota record kept appearing and disappearing")
}

// periodStart is the beginning of the quota period containing now.
func periodStart(period string, now time.Time) time.Time {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	switch period {
	case "WEEK":
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case "MONTH":
		return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return day
}

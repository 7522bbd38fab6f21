package gateway

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/gatehouse-dev/gatehouse/config"
)

// limiter is a token bucket (rate per second, burst), or nil for none.
type limiter = *rate.Limiter

func newLimiter(t *config.Throttle) limiter {
	if t == nil {
		return nil
	}
	return rate.NewLimiter(rate.Limit(t.RateLimit), max(t.BurstLimit, 1))
}

// quota counts the requests of one API key in the current period of a
// usage plan's quota (DAY, WEEK or MONTH, in UTC; weeks start on Monday).
type quota struct {
	limit  int
	period string

	mu    sync.Mutex
	start time.Time
	used  int
}

func newQuota(q *config.Quota) *quota {
	if q == nil {
		return nil
	}
	return &quota{limit: q.Limit, period: q.Period}
}

// take counts one request at now and reports whether it is within the quota.
func (q *quota) take(now time.Time) bool {
	start := periodStart(q.period, now)
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

package gateway

import (
	"crypto/subtle"
	"log/slog"
	"net/http"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// apiKeys are an API's enabled keys with the throttle and quota of their
// usage plans. Each key has its own bucket, kept in memory on this node,
// and its own quota count, kept in st (shared by the nodes) when st is not
// nil.
type apiKeys struct {
	keys []apiKey
}

type apiKey struct {
	id      string
	value   []byte
	limiter limiter
	quota   *quota
}

func newAPIKeys(a *config.API, st store.Store, log *slog.Logger) *apiKeys {
	plans := map[string]*config.UsagePlan{}
	for i := range a.UsagePlans {
		for _, id := range a.UsagePlans[i].APIKeys {
			plans[id] = &a.UsagePlans[i]
		}
	}
	ks := &apiKeys{}
	for _, k := range a.APIKeys {
		if !k.Enabled {
			continue
		}
		key := apiKey{id: k.ID, value: []byte(k.Value)}
		if p := plans[k.ID]; p != nil {
			key.limiter = newLimiter(p.Throttle)
			key.quota = newQuota(p.Quota, st, a.ID+"/"+p.Name+"/"+k.ID, log)
		}
		ks.keys = append(ks.keys, key)
	}
	return ks
}

// check finds the request's x-api-key among the enabled keys (comparing
// with every key in constant time) and applies its usage plan: 403
// Forbidden without a valid key, 429 Too Many Requests over the plan's
// rate, 429 Limit Exceeded over its quota.
func (ks *apiKeys) check(r *http.Request, call *Call, now time.Time) *Error {
	sent := []byte(r.Header.Get("X-Api-Key"))
	var found *apiKey
	for i := range ks.keys {
		if subtle.ConstantTimeCompare(sent, ks.keys[i].value) == 1 && len(sent) > 0 {
			found = &ks.keys[i]
		}
	}
	if found == nil {
		return errInvalidAPIKey
	}
	if found.limiter != nil && !found.limiter.Allow() {
		return errThrottled
	}
	if found.quota != nil && !found.quota.take(r.Context(), now) {
		return errQuotaExceeded
	}
	call.APIKeyID = found.id
	call.APIKey = string(found.value)
	return nil
}

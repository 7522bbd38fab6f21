package creds

import (
	"sync"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/hotslots"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// sessionCache remembers the sessions that session tokens opened to, by
// the whole token, so that a client signing request after request with the
// same temporary credentials costs no decoding and decryption of its token
// each time. An entry is used only while the credentials have not expired
// and the key that sealed the token has not retired; otherwise the token is
// opened again, which gives the exact error. It keeps at most size entries;
// when full, an arbitrary entry makes room. It is safe for concurrent use.
//
// Its hot slots (internal/hotslots) front the entries last used, so that a
// client's requests served in parallel find theirs without a lock. An
// entry found there has its checks made like any other, so one evicted
// from the map meanwhile is still used only while valid.
type sessionCache struct {
	hot     *hotslots.Table[cachedSession]
	mu      sync.RWMutex
	size    int
	entries map[string]*cachedSession
}

// cachedSession is what LookupCredentials returns for a token, and what it
// checks before returning it again.
type cachedSession struct {
	// token is the whole session token, the key of the entry.
	token       string
	accessKeyID string
	secret      string
	principal   *Principal
	// sealKeyID is the id of the key that sealed the token.
	sealKeyID  string
	expiration time.Time
}

// sessionCacheSize bounds the sessions a Lookup remembers.
const sessionCacheSize = 4096

func newSessionCache(size int) *sessionCache {
	return &sessionCache{hot: hotslots.New[cachedSession](), size: max(size, 1), entries: make(map[string]*cachedSession)}
}

// get returns the entry of token when it is still valid at now under ring.
func (c *sessionCache) get(token string, ring *keys.Ring, now time.Time) (*cachedSession, bool) {
	slot := c.hot.Slot(token)
	e := slot.Load()
	if e == nil || e.token != token {
		var ok bool
		c.mu.RLock()
		e, ok = c.entries[token]
		c.mu.RUnlock()
		if !ok {
			return nil, false
		}
		slot.Store(e)
	}
	if !now.Before(e.expiration) || !ring.SealKeyUsable(e.sealKeyID, now) {
		return nil, false
	}
	return e, true
}

// add remembers e for token, which it copies: the token may be a slice of
// a request's header.
func (c *sessionCache) add(token string, e *cachedSession) {
	e.token = string([]byte(token))
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[token]; !ok && len(c.entries) >= c.size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[e.token] = e
	c.hot.Slot(e.token).Store(e)
}

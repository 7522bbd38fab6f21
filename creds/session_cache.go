package creds

import (
	"sync"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// sessionCache remembers the sessions that session tokens opened to, by
// the whole token, so that a client signing request after request with the
// same temporary credentials costs no decoding and decryption of its token
// each time. An entry is used only while the credentials have not expired
// and the key that sealed the token has not retired; otherwise the token is
// opened again, which gives the exact error. It keeps at most size entries;
// when full, an arbitrary entry makes room. It is safe for concurrent use.
type sessionCache struct {
	mu      sync.RWMutex
	size    int
	entries map[string]*cachedSession
}

// cachedSession is what LookupCredentials returns for a token, and what it
// checks before returning it again.
type cachedSession struct {
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
	return &sessionCache{size: max(size, 1), entries: make(map[string]*cachedSession)}
}

// get returns the entry of token when it is still valid at now under ring.
func (c *sessionCache) get(token string, ring *keys.Ring, now time.Time) (*cachedSession, bool) {
	c.mu.RLock()
	e, ok := c.entries[token]
	c.mu.RUnlock()
	if !ok || !now.Before(e.expiration) || !ring.SealKeyUsable(e.sealKeyID, now) {
		return nil, false
	}
	return e, true
}

// add remembers e for token, which it copies: the token may be a slice of
// a request's header.
func (c *sessionCache) add(token string, e *cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[token]; !ok && len(c.entries) >= c.size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[string([]byte(token))] = e
}

package sigv4

import (
	"strings"
	"sync"
	"sync/atomic"
)

// DefaultKeyCacheSize is the capacity NewKeyCache uses when given none.
const DefaultKeyCacheSize = 1024

// KeyCache is a bounded cache of derived signing keys, keyed by (secret,
// date, region, service). A signing key is valid for one day, so a busy
// verifier derives each caller's key once a day instead of four HMACs per
// request. It is safe for concurrent use.
//
// A hit takes only a read lock and marks its entry used; when the cache is
// full, an insert evicts the next entry in insertion order not used since
// the eviction hand last passed it (the CLOCK approximation of least
// recently used). Hits never wait for one another, which matters on a
// loaded machine: a thread descheduled while holding an exclusive lock
// would stall every request.
type KeyCache struct {
	mu       sync.RWMutex
	capacity int
	entries  map[keyCacheKey]*keyCacheEntry
	// ring holds the entries in insertion order (a circular buffer once
	// full); hand is the next to consider for eviction. Both under mu.
	ring []*keyCacheEntry
	hand int
}

type keyCacheKey struct {
	secret, date, region, service string
}

type keyCacheEntry struct {
	id   keyCacheKey
	key  [32]byte
	used atomic.Bool
}

// NewKeyCache returns a cache holding at most capacity keys
// (DefaultKeyCacheSize when capacity <= 0).
func NewKeyCache(capacity int) *KeyCache {
	if capacity <= 0 {
		capacity = DefaultKeyCacheSize
	}
	return &KeyCache{
		capacity: capacity,
		entries:  make(map[keyCacheKey]*keyCacheEntry, min(capacity, 4096)),
	}
}

// SigningKey returns the signing key of secret for date (YYYYMMDD), region
// and service, deriving and caching it on a miss.
func (c *KeyCache) SigningKey(secret, date, region, service string) [32]byte {
	id := keyCacheKey{secret, date, region, service}
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if ok {
		if !e.used.Load() { // no write, and no shared cache line, when already marked
			e.used.Store(true)
		}
		return e.key
	}

	key := deriveSigningKey(secret, date, region, service)
	// The strings may be slices of a request's headers; copy them so the
	// cache does not keep requests alive.
	e = &keyCacheEntry{id: keyCacheKey{strings.Clone(secret), strings.Clone(date), strings.Clone(region), strings.Clone(service)}, key: key}

	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[e.id]; ok { // derived concurrently
		old.used.Store(true)
		return key
	}
	if len(c.ring) < c.capacity {
		c.ring = append(c.ring, e)
	} else {
		// Evict the first entry from the hand on not used since the hand
		// last passed it, giving the others a second chance; after one
		// turn every mark is cleared, so this ends.
		for c.ring[c.hand].used.Swap(false) {
			c.hand = (c.hand + 1) % len(c.ring)
		}
		delete(c.entries, c.ring[c.hand].id)
		c.ring[c.hand] = e
		c.hand = (c.hand + 1) % len(c.ring)
	}
	c.entries[e.id] = e
	return key
}

// Len returns the number of cached keys.
func (c *KeyCache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// signingKey derives through c when it is not nil.
func (c *KeyCache) signingKey(secret, date, region, service string) [32]byte {
	if c == nil {
		return deriveSigningKey(secret, date, region, service)
	}
	return c.SigningKey(secret, date, region, service)
}

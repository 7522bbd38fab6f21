package sigv4

import (
	"container/list"
	"strings"
	"sync"
)

// DefaultKeyCacheSize is the capacity NewKeyCache uses when given none.
const DefaultKeyCacheSize = 1024

// KeyCache is a bounded least-recently-used cache of derived signing keys,
// keyed by (secret, date, region, service). A signing key is valid for one
// day, so a busy verifier derives each caller's key once a day instead of
// four HMACs per request. It is safe for concurrent use.
type KeyCache struct {
	mu       sync.Mutex
	capacity int
	order    *list.List // of *keyCacheEntry, most recent first
	entries  map[keyCacheKey]*list.Element
}

type keyCacheKey struct {
	secret, date, region, service string
}

type keyCacheEntry struct {
	id  keyCacheKey
	key [32]byte
}

// NewKeyCache returns a cache holding at most capacity keys
// (DefaultKeyCacheSize when capacity <= 0).
func NewKeyCache(capacity int) *KeyCache {
	if capacity <= 0 {
		capacity = DefaultKeyCacheSize
	}
	return &KeyCache{
		capacity: capacity,
		order:    list.New(),
		entries:  make(map[keyCacheKey]*list.Element, capacity),
	}
}

// SigningKey returns the signing key of secret for date (YYYYMMDD), region
// and service, deriving and caching it on a miss.
func (c *KeyCache) SigningKey(secret, date, region, service string) [32]byte {
	id := keyCacheKey{secret, date, region, service}
	c.mu.Lock()
	if e, ok := c.entries[id]; ok {
		c.order.MoveToFront(e)
		key := e.Value.(*keyCacheEntry).key
		c.mu.Unlock()
		return key
	}
	c.mu.Unlock()

	key := deriveSigningKey(secret, date, region, service)
	// The strings may be slices of a request's headers; copy them so the
	// cache does not keep requests alive.
	id = keyCacheKey{strings.Clone(secret), strings.Clone(date), strings.Clone(region), strings.Clone(service)}

	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[id]; ok { // derived concurrently
		c.order.MoveToFront(e)
		return key
	}
	c.entries[id] = c.order.PushFront(&keyCacheEntry{id: id, key: key})
	for c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*keyCacheEntry).id)
	}
	return key
}

// Len returns the number of cached keys.
func (c *KeyCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// signingKey derives through c when it is not nil.
func (c *KeyCache) signingKey(secret, date, region, service string) [32]byte {
	if c == nil {
		return deriveSigningKey(secret, date, region, service)
	}
	return c.SigningKey(secret, date, region, service)
}

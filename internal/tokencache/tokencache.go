// Package tokencache remembers what was learnt from tokens whose signature
// has been verified, by the SHA-256 of the whole token, so that a client
// presenting one token again costs no RSA verification. Only what passed
// verification is added; what can change while a token is cached (expiry,
// the signing key's retirement, revocation) is for callers to check on
// every use.
package tokencache

import (
	"crypto/sha256"
	"sync"
)

// Sum is the key of a token: the SHA-256 of the whole token.
type Sum = [sha256.Size]byte

// Key returns the Sum of token.
func Key(token string) Sum {
	return sha256.Sum256([]byte(token))
}

// Cache maps token sums to values, keeping at most its size; when full, an
// arbitrary entry makes room. The zero Cache is unusable: use New. It is
// safe for concurrent use.
type Cache[V any] struct {
	mu      sync.Mutex
	size    int
	entries map[Sum]V
}

// New returns a Cache of at most size entries (at least 1).
func New[V any](size int) *Cache[V] {
	size = max(size, 1)
	return &Cache[V]{size: size, entries: make(map[Sum]V, size)}
}

// Get returns the value of sum.
func (c *Cache[V]) Get(sum Sum) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[sum]
	return v, ok
}

// Add remembers v for sum, evicting an arbitrary entry when full.
func (c *Cache[V]) Add(sum Sum, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[sum]; !ok && len(c.entries) >= c.size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[sum] = v
}

// Len returns the number of entries.
func (c *Cache[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

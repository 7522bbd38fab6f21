package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gatehouse-dev/gatehouse/internal/hotslots"
)

// DefaultKeyCacheSize is the capacity NewKeyCache uses when given none.
const DefaultKeyCacheSize = 1024

// KeyCache is a bounded cache of derived signing keys, keyed by (secret,
// date, region, service). A signing key is valid for one day, so a busy
// verifier derives each caller's key once a day instead of four HMACs per
// request. It is safe for concurrent use.
//
// A hit takes no lock when the entry is in the cache's hot slots (the
// entries last used, one per slot; see internal/hotslots), else only a
// read lock, and marks its entry used; when the cache is full, an insert
// evicts the next entry in insertion order not used since the eviction
// hand last passed it (the CLOCK approximation of least recently used).
// Hits never wait for one another, which matters on a loaded machine: a
// thread descheduled while holding an exclusive lock would stall every
// request.
type KeyCache struct {
	// hot fronts entries, by secret: an entry stays right to use once
	// evicted, a key depending only on its four inputs.
	hot      *hotslots.Table[keyCacheEntry]
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
	// macs recycles HMAC-SHA256 states keyed with key (*keyedMAC): one
	// that is Reset starts from the key's inner padding already hashed,
	// saving two of the five SHA-256 blocks of a string to sign.
	macs sync.Pool
}

// keyedMAC is an HMAC keyed with one signing key, with room for its
// input and sum: what is handed to the hash.Hash escapes to the heap, so
// the caller's buffer is copied here instead.
type keyedMAC struct {
	h   hash.Hash
	in  []byte
	sum [sha256.Size]byte
}

// mac returns HMAC-SHA256(e.key, msg).
func (e *keyCacheEntry) mac(msg []byte) [32]byte {
	if len(msg) > hmacStack { // not a usual string to sign: keep no big buffer
		return hmacSHA256(e.key[:], msg)
	}
	m, _ := e.macs.Get().(*keyedMAC)
	if m == nil {
		m = &keyedMAC{h: hmac.New(sha256.New, e.key[:]), in: make([]byte, 0, hmacStack)}
	}
	m.in = append(m.in[:0], msg...)
	m.h.Reset()
	m.h.Write(m.in)
	m.h.Sum(m.sum[:0])
	out := m.sum
	e.macs.Put(m)
	return out
}

// NewKeyCache returns a cache holding at most capacity keys
// (DefaultKeyCacheSize when capacity <= 0).
func NewKeyCache(capacity int) *KeyCache {
	if capacity <= 0 {
		capacity = DefaultKeyCacheSize
	}
	return &KeyCache{
		hot:      hotslots.New[keyCacheEntry](),
		capacity: capacity,
		entries:  make(map[keyCacheKey]*keyCacheEntry, min(capacity, 4096)),
	}
}

// SigningKey returns the signing key of secret for date (YYYYMMDD), region
// and service, deriving and caching it on a miss.
func (c *KeyCache) SigningKey(secret, date, region, service string) [32]byte {
	return c.entry(secret, date, region, service).key
}

// entry returns the entry of the signing key, deriving and caching it on a
// miss. An entry evicted meanwhile is still right for the caller to use.
func (c *KeyCache) entry(secret, date, region, service string) *keyCacheEntry {
	id := keyCacheKey{secret, date, region, service}
	slot := c.hot.Slot(secret)
	e := slot.Load()
	if e == nil || e.id != id {
		var ok bool
		c.mu.RLock()
		e, ok = c.entries[id]
		c.mu.RUnlock()
		if !ok {
			e = c.insert(id)
			slot.Store(e)
			return e
		}
		slot.Store(e)
	}
	if !e.used.Load() { // no write, and no shared cache line, when already marked
		e.used.Store(true)
	}
	return e
}

// insert derives the signing key of id and caches it, or returns the
// entry another goroutine cached meanwhile.
func (c *KeyCache) insert(id keyCacheKey) *keyCacheEntry {
	key := deriveSigningKey(id.secret, id.date, id.region, id.service)
	// The strings may be slices of a request's headers; copy them so the
	// cache does not keep requests alive.
	e := &keyCacheEntry{key: key, id: keyCacheKey{strings.Clone(id.secret), strings.Clone(id.date),
		strings.Clone(id.region), strings.Clone(id.service)}}

	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[e.id]; ok { // derived concurrently
		old.used.Store(true)
		return old
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
	return e
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

// signer returns what computes signatures with the signing key: an
// entry of c, or without c the key derived anew.
func (c *KeyCache) signer(secret, date, region, service string) keySigner {
	if c == nil {
		return keySigner{key: deriveSigningKey(secret, date, region, service)}
	}
	e := c.entry(secret, date, region, service)
	return keySigner{key: e.key, entry: e}
}

// keySigner signs strings to sign with one signing key.
type keySigner struct {
	key   [32]byte
	entry *keyCacheEntry // nil without a cache
}

// mac returns HMAC-SHA256(key, msg).
func (s *keySigner) mac(msg []byte) [32]byte {
	if s.entry != nil {
		return s.entry.mac(msg)
	}
	return hmacSHA256(s.key[:], msg)
}

// Package hotslots is a lock-free front for a cache kept under a lock: a
// small direct-mapped table of recently used entries that a reader checks
// with one atomic load before taking the cache's lock.
//
// Parallel readers of the same entry then write no shared memory at all.
// A read lock, however short, is an atomic write to the lock's word, which
// every core serving a request for the same caller bounces between its
// caches.
//
// A slot holds any recent entry whose key hashes to it; the caller
// compares the entry's own key with the one looked up before using it,
// and stores the entries it found or made under the lock. A slot may keep
// an entry the cache behind it has since evicted: callers use this only
// for entries that stay right to use once evicted, or check them again.
package hotslots

import (
	"hash/maphash"
	"sync/atomic"
)

// Size is the number of slots of a Table.
const Size = 64

// Table is a direct-mapped table of Size slots. Its zero value is not
// usable: New seeds its hash.
type Table[T any] struct {
	seed  maphash.Seed
	slots [Size]atomic.Pointer[T]
}

// New returns an empty table whose slots are chosen by a hash with a
// random seed, so that keys chosen by a client cannot be aimed at one
// slot on every node alike.
func New[T any]() *Table[T] {
	return &Table[T]{seed: maphash.MakeSeed()}
}

// Slot returns the slot of key.
func (t *Table[T]) Slot(key string) *atomic.Pointer[T] {
	return &t.slots[maphash.String(t.seed, key)%Size]
}

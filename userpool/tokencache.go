package userpool

import (
	"crypto/sha256"
	"sync"
)

// verifiedCacheSize bounds the access tokens whose verification is
// remembered.
const verifiedCacheSize = 4096

// verifiedTokens remembers the claims of access tokens whose signature has
// been verified, by SHA-256 of the whole token, so that a client calling
// GetUser again with one token costs no RSA verification. Only what passed
// verification is added; expiry, the signing key's retirement and
// revocation are still checked on every use.
type verifiedTokens struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]verifiedToken
}

type verifiedToken struct {
	kid    string
	claims *accessClaims
}

func (c *verifiedTokens) get(sum [sha256.Size]byte) (verifiedToken, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[sum]
	return v, ok
}

// add remembers a verified token, evicting an arbitrary one when full.
func (c *verifiedTokens) add(sum [sha256.Size]byte, v verifiedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[[sha256.Size]byte]verifiedToken, verifiedCacheSize)
	}
	if len(c.entries) >= verifiedCacheSize {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[sum] = v
}

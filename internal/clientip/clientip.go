// Package clientip resolves the caller's IP address of a request that may
// have come through trusted proxies (load balancers).
//
// When the TCP peer is in a trusted range, the client is the right-most
// address of X-Forwarded-For that is not itself trusted; otherwise the peer
// is the client and X-Forwarded-For is ignored, so a caller cannot forge it.
package clientip

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Bounds on the X-Forwarded-For processed.
const (
	maxHeaderBytes = 4096
	maxEntries     = 64
)

// Trusted is a set of trusted proxy ranges. The zero value trusts nothing.
type Trusted struct {
	prefixes []netip.Prefix
}

// ParsePrefix parses an IP address or CIDR (IPv4 or IPv6).
func ParsePrefix(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// New returns the set of the given ranges; ok is false if one is not an IP
// address or CIDR, with the index of the first bad one.
func New(ranges []string) (t Trusted, bad int, ok bool) {
	for i, s := range ranges {
		p, ok := ParsePrefix(s)
		if !ok {
			return Trusted{}, i, false
		}
		t.prefixes = append(t.prefixes, p)
	}
	return t, -1, true
}

// Empty reports whether nothing is trusted.
func (t Trusted) Empty() bool { return len(t.prefixes) == 0 }

func (t Trusted) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the IP of a RemoteAddr ("host:port" or a bare host).
func peer(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

// Resolve returns the client IP of a request from its peer address and its
// X-Forwarded-For header values.
func (t Trusted) Resolve(remoteAddr string, xff []string) string {
	host := peer(remoteAddr)
	if t.Empty() {
		return host
	}
	pa, err := netip.ParseAddr(host)
	if err != nil || !t.contains(pa) {
		return host
	}
	client, ok := t.rightmostUntrusted(xff)
	if !ok {
		return host
	}
	return client
}

// rightmostUntrusted walks X-Forwarded-For from the right and returns the
// first address that is not trusted (or the left-most if all are). It fails
// on a malformed entry, an empty header or one over the bounds.
func (t Trusted) rightmostUntrusted(xff []string) (string, bool) {
	joined := strings.Join(xff, ",")
	if len(joined) > maxHeaderBytes {
		return "", false
	}
	entries := strings.Split(joined, ",")
	if len(entries) > maxEntries {
		return "", false
	}
	var last netip.Addr
	for i := len(entries) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(entries[i]))
		if err != nil || a.Zone() != "" {
			return "", false
		}
		a = a.Unmap()
		last = a
		if !t.contains(a) {
			return a.String(), true
		}
	}
	if !last.IsValid() {
		return "", false
	}
	return last.String(), true
}

type ctxKey struct{}

// Middleware stores each request's client IP in its context, computed once.
// With no trusted range the client is always the peer, which FromRequest
// reads from the request itself: next is returned as is, so that requests
// pay for no context copy.
func (t Trusted) Middleware(next http.Handler) http.Handler {
	if t.Empty() {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := t.Resolve(r.RemoteAddr, r.Header.Values("X-Forwarded-For"))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, ip)))
	})
}

// FromRequest returns the client IP stored by Middleware, or the peer's
// address if the request did not pass through it.
func FromRequest(r *http.Request) string {
	if ip, ok := r.Context().Value(ctxKey{}).(string); ok {
		return ip
	}
	return peer(r.RemoteAddr)
}

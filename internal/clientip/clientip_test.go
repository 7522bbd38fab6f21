package clientip

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func mustNew(t *testing.T, ranges ...string) Trusted {
	t.Helper()
	tr, bad, ok := New(ranges)
	if !ok {
		t.Fatalf("New(%q): bad entry %d", ranges, bad)
	}
	return tr
}

func TestNew(t *testing.T) {
	for _, c := range []struct {
		in  []string
		bad int
	}{
		{[]string{"10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8", "192.168.1.7/32"}, -1},
		{[]string{"10.0.0.0/8", "garbage"}, 1},
		{[]string{"10.0.0.0/33"}, 0},
		{[]string{""}, 0},
		{[]string{"fe80::1%eth0"}, 0},
		{[]string{"10.0.0.1:80"}, 0},
	} {
		_, bad, ok := New(c.in)
		if ok != (c.bad < 0) || bad != c.bad {
			t.Errorf("New(%q) = bad %d ok %v, want bad %d", c.in, bad, ok, c.bad)
		}
	}
}

func TestResolve(t *testing.T) {
	tr := mustNew(t, "127.0.0.1/32", "10.0.0.0/8", "fd00::/8")
	for _, c := range []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"no header", "127.0.0.1:5000", nil, "127.0.0.1"},
		{"one client", "127.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"rightmost untrusted", "127.0.0.1:5000", []string{"198.51.100.1, 203.0.113.9, 10.1.2.3"}, "203.0.113.9"},
		{"several header lines", "127.0.0.1:5000", []string{"198.51.100.1", "203.0.113.9,10.1.2.3"}, "203.0.113.9"},
		{"all trusted", "127.0.0.1:5000", []string{"10.0.0.5, 10.0.0.6"}, "10.0.0.5"},
		{"malformed", "127.0.0.1:5000", []string{"203.0.113.9, bogus"}, "127.0.0.1"},
		{"empty entry", "127.0.0.1:5000", []string{"203.0.113.9,,10.0.0.1"}, "127.0.0.1"},
		{"with port", "127.0.0.1:5000", []string{"203.0.113.9:80"}, "127.0.0.1"},
		{"ipv6 client", "[fd00::1]:5000", []string{"2001:db8::7"}, "2001:db8::7"},
		{"mapped", "127.0.0.1:5000", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},
		{"untrusted peer", "192.0.2.1:5000", []string{"203.0.113.9"}, "192.0.2.1"},
		{"too many", "127.0.0.1:5000", []string{strings.Repeat("203.0.113.9,", 64) + "203.0.113.9"}, "127.0.0.1"},
		{"too long", "127.0.0.1:5000", []string{strings.Repeat(" ", 4096) + "203.0.113.9"}, "127.0.0.1"},
	} {
		if got := tr.Resolve(c.remote, c.xff); got != c.want {
			t.Errorf("%s: Resolve(%q, %q) = %q, want %q", c.name, c.remote, c.xff, got, c.want)
		}
	}
	if got := (Trusted{}).Resolve("127.0.0.1:5000", []string{"203.0.113.9"}); got != "127.0.0.1" {
		t.Errorf("nothing trusted: got %q, want the peer", got)
	}
}

func TestMiddleware(t *testing.T) {
	tr := mustNew(t, "192.0.2.0/24")
	var got string
	h := tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = FromRequest(r) }))
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.1:1234"
	r.Header.Set("X-Forwarded-For", "198.51.100.4")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if got != "198.51.100.4" {
		t.Fatalf("client IP %q, want 198.51.100.4", got)
	}
	if ip := FromRequest(r); ip != "192.0.2.1" {
		t.Fatalf("without the middleware %q, want the peer", ip)
	}
}

func FuzzResolve(f *testing.F) {
	f.Add("203.0.113.9, 10.0.0.1")
	f.Add("::ffff:1.2.3.4,fd00::1")
	f.Add(",,")
	tr, _, _ := New([]string{"10.0.0.0/8", "127.0.0.1", "fd00::/8"})
	f.Fuzz(func(t *testing.T, xff string) {
		got := tr.Resolve("127.0.0.1:1", []string{xff})
		if got == "127.0.0.1" {
			return
		}
		if _, err := netip.ParseAddr(got); err != nil {
			t.Fatalf("Resolve returned %q, not an address", got)
		}
		// got is an entry of the header, and every entry to its right is trusted.
		entries := strings.Split(xff, ",")
		for i := len(entries) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(entries[i]))
			if err != nil {
				t.Fatalf("Resolve returned %q from the malformed %q", got, xff)
			}
			if a.Unmap().String() == got {
				return
			}
			if !tr.contains(a) {
				t.Fatalf("Resolve returned %q, skipping the untrusted %q in %q", got, entries[i], xff)
			}
		}
		t.Fatalf("Resolve returned %q, not in %q", got, xff)
	})
}

package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/hotslots"
)

func TestNormalizePath(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "/",
		"/":                        "/",
		"//":                       "/",
		"/./":                      "/",
		"/example/..":              "/",
		"/example1/example2/../..": "/",
		"/./example":               "/example",
		"//example//":              "/example/",
		"/a/b/../c/./d/":           "/a/c/d/",
		"/../a":                    "/a",
		"a/b":                      "/a/b",
		"/a%2F..":                  "/a%2F..",
		"/a/...":                   "/a/...",
	} {
		if got := NormalizePath(in); got != want {
			t.Errorf("NormalizePath(%q) = %q, want %q", in, got, want)
		}
		if pathIsNormal(in) != (NormalizePath(in) == in) {
			t.Errorf("pathIsNormal(%q) = %v", in, pathIsNormal(in))
		}
	}
}

func TestCanonicalURI(t *testing.T) {
	for _, tc := range []struct {
		path      string
		normalize bool
		want      string
	}{
		{"/example%20space/", true, "/example%2520space/"}, // encoded twice
		{"/a!b", true, "/a%21b"},
		{"/%E1%88%B4", true, "/%25E1%2588%25B4"},
		{"/ሴ", true, "/%E1%88%B4"},
		{"/a/./b//", false, "/a/./b//"},
		{"", false, "/"},
	} {
		if got := CanonicalURI(tc.path, tc.normalize); got != tc.want {
			t.Errorf("CanonicalURI(%q, %v) = %q, want %q", tc.path, tc.normalize, got, tc.want)
		}
	}
}

func TestCanonicalQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "",
		"Param2=value2&Param1=value1": "Param1=value1&Param2=value2",
		"a=2&a=1&a=":                  "a=&a=1&a=2",
		"flag&x=":                     "flag=&x=",
		"a+b=c%20d":                   "a%20b=c%20d",
		"k=%2b%2F":                    "k=%2B%2F",
		"%41=%7e":                     "A=~",
		"a-b=1&a/b=2":                 "a%2Fb=2&a-b=1", // sorted after encoding
		"bad=%zz&end=%":               "bad=%25zz&end=%25",
		"a;b=1":                       "a%3Bb=1",
		"&&x=1&&":                     "x=1",
	} {
		if got := CanonicalQuery(in); got != want {
			t.Errorf("CanonicalQuery(%q) = %q, want %q", in, got, want)
		}
	}
	// Many parameters go beyond the stack buffers.
	q := url.Values{}
	for i := range 100 {
		q.Add(fmt.Sprintf("key%03d", 99-i), fmt.Sprintf("value %d with spaces and ሴ", i))
	}
	if got, want := CanonicalQuery(q.Encode()), sdkEncodeQuery(q); got != want {
		t.Errorf("long query:\n got %s\nwant %s", got, want)
	}
}

func TestHeaderValue(t *testing.T) {
	for in, want := range map[string]string{
		"  a   b  ":             "a b",
		"\ta\t\tb\n  c ":        "a b c",
		`"a   b   c"`:           `"a b c"`,
		"":                      "",
		"   ":                   "",
		"value1\n  value2\n v3": "value1 value2 v3",
	} {
		if got := string(appendHeaderValue(nil, in)); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// TestHeaderValueFastPath checks, over every short string of a whitespace
// heavy alphabet, that values the fast path keeps as they are are
// canonical.
func TestHeaderValueFastPath(t *testing.T) {
	alphabet := []byte{' ', '\t', '\n', 'a', '\r'}
	var gen func(prefix []byte, n int)
	gen = func(prefix []byte, n int) {
		v := string(prefix)
		if headerValueIsCanonical(v) {
			// The slow path of appendHeaderValue, without the fast path.
			want := strings.Join(strings.Fields(v), " ")
			if v != want {
				t.Errorf("%q taken as canonical", v)
			}
		} else if strings.Join(strings.Fields(v), " ") == v && !strings.ContainsAny(v, "\v\f") {
			t.Errorf("%q not taken as canonical", v)
		}
		if got, want := string(appendHeaderValue(nil, v)), strings.Join(strings.Fields(v), " "); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			gen(append(prefix, c), n-1)
		}
	}
	gen(nil, 7)
}

// TestHeaderValueLong checks the eight-byte steps of
// headerValueIsCanonical: values of up to 40 bytes, 'a' everywhere but
// for one or two whitespace or other low bytes at every pair of
// positions, and values of every byte below 0x80 at every position.
func TestHeaderValueLong(t *testing.T) {
	check := func(v string) {
		t.Helper()
		want := strings.Join(strings.Fields(v), " ")
		canonical := headerValueIsCanonical(v)
		if canonical && v != want {
			t.Fatalf("%q taken as canonical", v)
		}
		if !canonical && v == want && !strings.ContainsAny(v, "\v\f") {
			t.Fatalf("%q not taken as canonical", v)
		}
		if got := string(appendHeaderValue(nil, v)); got != want && !strings.ContainsAny(v, "\v\f\x85\xa0") {
			t.Fatalf("%q: got %q, want %q", v, got, want)
		}
	}
	low := []byte{' ', '\t', '\n', '\r', 0, 0x1f, '!', 0x7f}
	for n := 0; n <= 40; n++ {
		base := []byte(strings.Repeat("a", n))
		check(string(base))
		for i := range n {
			for _, c := range low {
				b := slices.Clone(base)
				b[i] = c
				check(string(b))
				for j := i + 1; j < n; j++ {
					b2 := slices.Clone(b)
					b2[j] = ' '
					check(string(b2))
				}
			}
			for c := range 0x80 {
				b := slices.Clone(base)
				b[i] = byte(c)
				check(string(b))
			}
		}
	}
}

func TestParseAmzDate(t *testing.T) {
	if got, ok := parseAmzDate("20150830T123600Z"); !ok || !got.Equal(testTime) {
		t.Errorf("got %v %v", got, ok)
	}
	for _, bad := range []string{"", "20150830T123600", "2015-08-30T12:36:00Z", "20150431T123600Z", "20151330T123600Z", "2015083OT123600Z", "20150830T246000Z"} {
		if _, ok := parseAmzDate(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
	if s := formatAmzDate(time.Date(2024, 2, 29, 23, 59, 59, 999, time.FixedZone("x", 3600))); s != "20240229T225959Z" {
		t.Error(s)
	}
}

func TestKeyCache(t *testing.T) {
	c := NewKeyCache(2)
	want := SigningKey("secret", testTime, "us-east-1", "service")
	if got := c.SigningKey("secret", "20150830", "us-east-1", "service"); got != want {
		t.Fatal("cached key differs")
	}
	c.SigningKey("secret", "20150831", "us-east-1", "service")
	c.SigningKey("secret", "20150830", "us-east-1", "service") // most recent again
	c.SigningKey("other", "20150830", "us-east-1", "service")  // evicts 20150831
	if c.Len() != 2 {
		t.Fatalf("len %d", c.Len())
	}
	c.mu.Lock()
	_, kept := c.entries[keyCacheKey{"secret", "20150830", "us-east-1", "service"}]
	_, evicted := c.entries[keyCacheKey{"secret", "20150831", "us-east-1", "service"}]
	c.mu.Unlock()
	if !kept || evicted {
		t.Errorf("kept %v evicted %v", kept, !evicted)
	}

	// Keys looked up through the hot slots: an entry evicted from the map
	// but still in its slot, and more secrets than slots, so that slots
	// are shared, each get their own key.
	small := NewKeyCache(1)
	for round := range 2 {
		for i := range 3 * hotslots.Size {
			secret := fmt.Sprint("secret", i%(hotslots.Size+round))
			if small.SigningKey(secret, "20150830", "r", "svc") != deriveSigningKey(secret, "20150830", "r", "svc") {
				t.Fatalf("wrong key for %s", secret)
			}
		}
	}
	if small.Len() != 1 {
		t.Errorf("len %d, want 1", small.Len())
	}

	// Concurrent use (run with -race).
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				date := fmt.Sprintf("201508%02d", 1+(g+i)%28)
				if c.SigningKey("s", date, "r", "svc") != deriveSigningKey("s", date, "r", "svc") {
					t.Error("wrong key")
					return
				}
			}
		})
	}
	wg.Wait()
	if c.Len() > 2 {
		t.Errorf("len %d over capacity", c.Len())
	}
}

func TestHMAC(t *testing.T) {
	for _, keyLen := range []int{0, 32, 64, 65, 100} {
		for _, msgLen := range []int{0, 1, 150, hmacStack, hmacStack + 1, 2000} {
			key, msg := make([]byte, keyLen), make([]byte, msgLen)
			for i := range key {
				key[i] = byte(i * 7)
			}
			for i := range msg {
				msg[i] = byte(i * 13)
			}
			m := hmac.New(sha256.New, key)
			m.Write(msg)
			if got := hmacSHA256(key, msg); !bytes.Equal(got[:], m.Sum(nil)) {
				t.Errorf("key %d bytes, message %d bytes: wrong MAC", keyLen, msgLen)
			}
			if hmacSHA256(key, msg) != hmacSHA256(key, string(msg)) {
				t.Error("string and bytes differ")
			}
		}
	}
}

// TestAmzDateRawIsFormatted: Verify uses an X-Amz-Date as sent in place of
// formatting the time parsed from it, which is right only if every value
// parseAmzDate accepts, but a leap second, formats back to itself.
func TestAmzDateRawIsFormatted(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	values := []string{"00010101T000000Z", "99991231T235959Z", "20240229T120000Z", "20151231T235960Z", "20150830T123600Z"}
	for range 20000 {
		values = append(values, fmt.Sprintf("%04d%02d%02dT%02d%02d%02dZ", rnd.IntN(10000), rnd.IntN(14), rnd.IntN(33),
			rnd.IntN(25), rnd.IntN(61), rnd.IntN(62)))
	}
	accepted := 0
	for _, v := range values {
		tm, ok := parseAmzDate(v)
		if !ok {
			continue
		}
		accepted++
		got := string(appendAmzDate(nil, tm))
		if leap := v[13:15] == "60"; (got == v) == leap {
			t.Fatalf("%s formats as %s (leap second %v)", v, got, leap)
		}
	}
	if accepted < 5000 {
		t.Fatalf("only %d dates accepted", accepted)
	}
}

// TestKeyCacheMAC: the HMAC states a cache entry recycles give
// HMAC-SHA256 with its key, for messages of every length around the
// block size and beyond the pooled buffer, one after another.
func TestKeyCacheMAC(t *testing.T) {
	c := NewKeyCache(2)
	e := c.entry("secret", "20150830", "us-east-1", "service")
	if e.key != deriveSigningKey("secret", "20150830", "us-east-1", "service") {
		t.Fatal("entry key")
	}
	s := c.signer("secret", "20150830", "us-east-1", "service")
	var without *KeyCache
	plain := without.signer("secret", "20150830", "us-east-1", "service")
	msg := make([]byte, hmacStack+70)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	for round := range 2 {
		for n := 0; n <= len(msg); n++ {
			want := hmac.New(sha256.New, e.key[:])
			want.Write(msg[:n])
			if got := s.mac(msg[:n]); !bytes.Equal(got[:], want.Sum(nil)) {
				t.Fatalf("round %d, %d bytes: cached signer's MAC differs", round, n)
			}
			if got := plain.mac(msg[:n]); !bytes.Equal(got[:], want.Sum(nil)) {
				t.Fatalf("round %d, %d bytes: uncached signer's MAC differs", round, n)
			}
		}
	}
}

package sigv4

import (
	"crypto/sha256"
	"net/url"
	"strings"
	"time"
)

const upperHex = "0123456789ABCDEF"

// unreserved reports the RFC 3986 unreserved characters, the only bytes
// SigV4 leaves unencoded: A-Z a-z 0-9 - . _ ~
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// appendEncoded percent-encodes every byte of s outside the unreserved set
// (and '/' too unless keepSlash), with uppercase hex.
func appendEncoded(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || c == '/' && keepSlash {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// CanonicalURI returns the canonical URI of a non-S3 request: escapedPath is
// the path as sent on the wire (already percent-encoded once); it is
// normalized when normalize is set, then every byte outside the unreserved
// set except '/' is encoded again, so "%20" becomes "%2520".
func CanonicalURI(escapedPath string, normalize bool) string {
	return string(appendCanonicalURI(nil, escapedPath, normalize))
}

func appendCanonicalURI(dst []byte, escapedPath string, normalize bool) []byte {
	if normalize {
		escapedPath = NormalizePath(escapedPath)
	} else if escapedPath == "" {
		escapedPath = "/"
	}
	return appendEncoded(dst, escapedPath, true)
}

// NormalizePath removes "." segments and empty segments ("//"), applies ".."
// to the previous segment, and keeps a trailing slash. The result always
// starts with '/'. It allocates only when the path changes.
func NormalizePath(p string) string {
	if pathIsNormal(p) {
		return p
	}
	segs := make([]string, 0, strings.Count(p, "/")+1)
	for _, s := range strings.Split(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, s)
		}
	}
	if len(segs) == 0 {
		return "/"
	}
	out := "/" + strings.Join(segs, "/")
	if strings.HasSuffix(p, "/") {
		out += "/"
	}
	return out
}

// pathIsNormal reports whether NormalizePath would return p unchanged.
func pathIsNormal(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	if p == "/" {
		return true
	}
	start := 1
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		seg := p[start:i]
		if i == len(p) && seg == "" { // trailing slash
			return true
		}
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		start = i + 1
	}
	return true
}

// requestPath returns the path a client sent for a server request: from
// RequestURI, which holds the request-target exactly as received, or, for a
// request built in process, from URL.Opaque or URL.EscapedPath like the AWS
// SDK for Go does.
func requestPath(u *url.URL, requestURI string) string {
	if requestURI != "" {
		p := requestURI
		if p[0] != '/' { // absolute-form: scheme://authority/path
			if i := strings.Index(p, "://"); i >= 0 {
				p = p[i+3:]
				if j := strings.IndexByte(p, '/'); j >= 0 {
					p = p[j:]
				} else {
					p = "/"
				}
			}
		}
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		return p
	}
	return clientPath(u)
}

// clientPath is the path the Go HTTP client will send for u.
func clientPath(u *url.URL) string {
	if u.Opaque != "" {
		o := u.Opaque
		if i := strings.IndexByte(o, '?'); i >= 0 {
			o = o[:i]
		}
		o = strings.TrimPrefix(o, "//")
		if i := strings.IndexByte(o, '/'); i >= 0 {
			return o[i:]
		}
		return "/"
	}
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}

// requestQuery returns the raw query a client sent, from RequestURI when set.
func requestQuery(u *url.URL, requestURI string) string {
	if requestURI != "" {
		if i := strings.IndexByte(requestURI, '?'); i >= 0 {
			return requestURI[i+1:]
		}
		return ""
	}
	return u.RawQuery
}

// isSpace is the whitespace that canonical header values collapse.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// appendHeaderValue appends v trimmed, with each run of whitespace inside it
// replaced by one space.
func appendHeaderValue(dst []byte, v string) []byte {
	if headerValueIsCanonical(v) {
		return append(dst, v...)
	}
	i, j := 0, len(v)
	for i < j && isSpace(v[i]) {
		i++
	}
	for j > i && isSpace(v[j-1]) {
		j--
	}
	space := false
	for ; i < j; i++ {
		c := v[i]
		if isSpace(c) {
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

// headerValueIsCanonical reports a value with no whitespace to trim or
// collapse, the usual case.
func headerValueIsCanonical(v string) bool {
	// Skip eight bytes at a time while none is a control character or a
	// space: long values (a session token) usually have none at all.
	i := 0
	for ; i+8 <= len(v); i += 8 {
		if hasByteBelow0x21(load64(v, i)) {
			break
		}
	}
	prevSpace := i == 0 // no leading space; v[i-1] > ' ' otherwise
	for ; i < len(v); i++ {
		c := v[i]
		if c <= ' ' && isSpace(c) {
			if prevSpace || c != ' ' {
				return false
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	return !prevSpace || v == ""
}

// load64 returns the eight bytes of s at i, little-endian (the compiler
// makes one load of it).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasByteBelow0x21 reports whether a byte of x is below 0x21, that is a
// control character or a space (the "has less than" of Bit Twiddling
// Hacks: exact for a bound up to 128).
func hasByteBelow0x21(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x-ones*0x21)&^x&highs != 0
}

// appendCanonicalHeader appends one "name:v1,v2\n" line.
func appendCanonicalHeader(dst []byte, name string, values []string) []byte {
	dst = append(dst, name...)
	dst = append(dst, ':')
	for i, v := range values {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendHeaderValue(dst, v)
	}
	return append(dst, '\n')
}

// appendStringToSign appends the string to sign for a canonical request
// whose SHA-256 is sum.
func appendStringToSign[T ~string | ~[]byte](dst []byte, amzDate T, scope string, sum *[32]byte) []byte {
	dst = append(dst, Algorithm+"\n"...)
	dst = append(dst, amzDate...)
	dst = append(dst, '\n')
	dst = append(dst, scope...)
	dst = append(dst, '\n')
	var h [64]byte
	hexEncode(h[:], sum[:])
	return append(dst, h[:]...)
}

// StringToSign returns the SigV4 string to sign for a canonical request:
// the algorithm, the signing time, the credential scope and the hex SHA-256
// of the canonical request, one per line.
func StringToSign(t time.Time, region, service, canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	var d [16]byte
	return string(appendStringToSign(nil, string(appendAmzDate(d[:0], t)), CredentialScope(t, region, service), &sum))
}

// CredentialScope returns the credential scope date/region/service/aws4_request.
func CredentialScope(t time.Time, region, service string) string {
	var d [16]byte
	return string(appendAmzDate(d[:0], t)[:scopeDateLen]) + "/" + region + "/" + service + "/" + terminator
}

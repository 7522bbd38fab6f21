package sigv4

import (
	"bytes"
	"slices"
	"strings"
)

// Query parameters of a presigned request.
const (
	paramAlgorithm     = "X-Amz-Algorithm"
	paramCredential    = "X-Amz-Credential"
	paramDate          = "X-Amz-Date"
	paramExpires       = "X-Amz-Expires"
	paramSignedHeaders = "X-Amz-SignedHeaders"
	paramSecurityToken = "X-Amz-Security-Token"
	paramSignature     = "X-Amz-Signature"
	paramContentSHA256 = "X-Amz-Content-Sha256"
)

// skip selects query parameters left out of a canonical query.
type skip uint8

const (
	skipSignature skip = 1 << iota // X-Amz-Signature, never signed
	skipToken                      // X-Amz-Security-Token added after presigning
)

// CanonicalQuery returns the canonical query string of a raw query: each
// parameter is split at the first '=', decoded ('+' is a space; a '%' not
// followed by two hex digits is a literal '%'), encoded again with only
// unreserved characters left as they are ("%20" for a space), and the
// pairs are sorted by encoded name, then encoded value. A parameter without
// '=' has an empty value ("a" becomes "a="); empty parameters ("a&&b") are
// dropped, as url.ParseQuery drops them.
func CanonicalQuery(rawQuery string) string {
	return string(appendCanonicalQuery(nil, rawQuery, 0))
}

// qpair locates one encoded parameter in a scratch buffer: the name is
// scratch[k:v], the value scratch[v:e].
type qpair struct{ k, v, e int }

func appendCanonicalQuery(dst []byte, raw string, sk skip) []byte {
	if raw == "" {
		return dst
	}
	var pairBuf [16]qpair
	var scratchBuf [512]byte
	pairs, scratch := pairBuf[:0], scratchBuf[:0]
	for raw != "" {
		var p string
		if i := strings.IndexByte(raw, '&'); i >= 0 {
			p, raw = raw[:i], raw[i+1:]
		} else {
			p, raw = raw, ""
		}
		if p == "" {
			continue
		}
		name, value, _ := strings.Cut(p, "=")
		k := len(scratch)
		scratch = appendRecoded(scratch, name)
		if sk != 0 {
			n := scratch[k:]
			if sk&skipSignature != 0 && string(n) == paramSignature ||
				sk&skipToken != 0 && string(n) == paramSecurityToken {
				scratch = scratch[:k]
				continue
			}
		}
		v := len(scratch)
		scratch = appendRecoded(scratch, value)
		pairs = append(pairs, qpair{k, v, len(scratch)})
	}
	if len(pairs) > 1 {
		slices.SortFunc(pairs, func(a, b qpair) int {
			if c := bytes.Compare(scratch[a.k:a.v], scratch[b.k:b.v]); c != 0 {
				return c
			}
			return bytes.Compare(scratch[a.v:a.e], scratch[b.v:b.e])
		})
	}
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, scratch[p.k:p.v]...)
		dst = append(dst, '=')
		dst = append(dst, scratch[p.v:p.e]...)
	}
	return dst
}

// appendRecoded decodes one query component and appends it encoded the
// SigV4 way.
func appendRecoded(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		}
		if unreserved(c) {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// queryUnescape decodes one query component like appendRecoded does.
func queryUnescape(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		}
		b = append(b, c)
	}
	return string(b)
}

// queryParam returns the decoded value of the first parameter named name.
func queryParam(raw, name string) (string, bool) {
	for raw != "" {
		var p string
		if i := strings.IndexByte(raw, '&'); i >= 0 {
			p, raw = raw[:i], raw[i+1:]
		} else {
			p, raw = raw, ""
		}
		k, v, _ := strings.Cut(p, "=")
		if k == name || strings.ContainsAny(k, "%+") && queryUnescape(k) == name {
			return queryUnescape(v), true
		}
	}
	return "", false
}

// withoutParams returns raw without the parameters whose decoded name is
// one of names, keeping the others exactly as written.
func withoutParams(raw string, names ...string) string {
	var b strings.Builder
	for raw != "" {
		var p string
		if i := strings.IndexByte(raw, '&'); i >= 0 {
			p, raw = raw[:i], raw[i+1:]
		} else {
			p, raw = raw, ""
		}
		if p == "" {
			continue
		}
		k, _, _ := strings.Cut(p, "=")
		if slices.Contains(names, queryUnescape(k)) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

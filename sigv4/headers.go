package sigv4

import (
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
)

// headerToSign is one canonical header: a lowercase name and its values in
// the order they appear.
type headerToSign struct {
	name   string
	values []string
}

// ignoredHeader reports the headers Sign never signs, the set of the AWS
// SDK for Go v2: proxies and clients may add or change them.
func ignoredHeader(lower string) bool {
	switch lower {
	case "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding":
		return true
	}
	return false
}

// headersToSign lists host, content-length (when r.ContentLength > 0) and
// every header of r that is not ignored, sorted by lowercase name.
// Header keys that differ only in case are merged.
func headersToSign(r *http.Request, host string, unsignedToken bool) []headerToSign {
	out := make([]headerToSign, 0, len(r.Header)+2)
	out = append(out, headerToSign{"host", []string{host}})
	if r.ContentLength > 0 {
		out = append(out, headerToSign{"content-length", []string{strconv.FormatInt(r.ContentLength, 10)}})
	}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		lower := strings.ToLower(k)
		if ignoredHeader(lower) || lower == "host" || lower == "content-length" ||
			unsignedToken && lower == "x-amz-security-token" {
			continue
		}
		if i := slices.IndexFunc(out, func(h headerToSign) bool { return h.name == lower }); i >= 0 {
			out[i].values = append(slices.Clip(out[i].values), r.Header[k]...)
			continue
		}
		out = append(out, headerToSign{lower, r.Header[k]})
	}
	slices.SortFunc(out, func(a, b headerToSign) int { return strings.Compare(a.name, b.name) })
	return out
}

// signingHost is the host a client signs: r.Host, else r.URL.Host, without
// the port when it is the default one of the URL's scheme (the AWS SDKs do
// the same). stripped reports that a port was removed.
func signingHost(r *http.Request) (host string, stripped bool) {
	host = r.Host
	if host == "" {
		host = r.URL.Host
	}
	if h, ok := stripDefaultPort(host, r.URL.Scheme); ok {
		return h, true
	}
	return host, false
}

// stripDefaultPort removes ":80" for http and ":443" for https (any scheme
// when scheme is empty).
func stripDefaultPort(host, scheme string) (string, bool) {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || strings.IndexByte(host[i:], ']') >= 0 {
		return host, false
	}
	port := host[i+1:]
	scheme = strings.ToLower(scheme)
	if port == "80" && (scheme == "http" || scheme == "") || port == "443" && (scheme == "https" || scheme == "") {
		return host[:i], true
	}
	return host, false
}

// stripPort removes the port of a host ("example.com:8080" →
// "example.com", "[::1]:8080" → "[::1]").
func stripPort(host string) (string, bool) {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || strings.IndexByte(host[i:], ']') >= 0 {
		return host, false
	}
	return host[:i], true
}

// requestHost is the host a server received.
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

// headerValues returns the values of the header lname (lowercase) of a
// received request, without allocating for the usual canonical keys.
func headerValues(r *http.Request, lname string) []string {
	// The headers nearly every signed request has, without converting
	// their names.
	switch lname {
	case "x-amz-date":
		if v, ok := r.Header[HeaderDate]; ok {
			return v
		}
	case "x-amz-security-token":
		if v, ok := r.Header[HeaderSecurityToken]; ok {
			return v
		}
	case "x-amz-content-sha256":
		if v, ok := r.Header[HeaderContentSHA256]; ok {
			return v
		}
	}
	var buf [64]byte
	if key, ok := canonicalKey(buf[:0], lname); ok {
		if v, ok := r.Header[string(key)]; ok {
			return v
		}
	} else if v, ok := r.Header[textproto.CanonicalMIMEHeaderKey(lname)]; ok {
		return v
	}
	var vals []string
	for k, v := range r.Header { // keys stored without canonicalization
		if strings.EqualFold(k, lname) {
			vals = append(vals, v...)
		}
	}
	if vals != nil {
		return vals
	}
	switch lname {
	case "content-length":
		if r.ContentLength > 0 { // a request built in process, not received
			return []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	case "transfer-encoding":
		if len(r.TransferEncoding) > 0 {
			return []string{strings.Join(r.TransferEncoding, ",")}
		}
	}
	return nil
}

// canonicalKey writes the canonical MIME form of a header name made of
// lowercase letters, digits and '-' into dst; ok is false for other names.
func canonicalKey(dst []byte, lname string) ([]byte, bool) {
	if len(lname) > cap(dst) || lname == "" {
		return nil, false
	}
	upper := true
	for i := 0; i < len(lname); i++ {
		c := lname[i]
		switch {
		case 'a' <= c && c <= 'z':
			if upper {
				c -= 'a' - 'A'
			}
		case '0' <= c && c <= '9' || c == '-':
		default:
			return nil, false
		}
		dst = append(dst, c)
		upper = c == '-'
	}
	return dst, true
}

package sigv4

import (
	"net/http"
	"strings"
	"time"
)

// Algorithm is the only signing algorithm SigV4 defines.
const Algorithm = "AWS4-HMAC-SHA256"

// ClockSkew is how far the signing date may be from the verifier's clock.
const ClockSkew = 5 * time.Minute

// MaxPresignExpires is the longest X-Amz-Expires AWS accepts: 7 days.
const MaxPresignExpires = 7 * 24 * time.Hour

const (
	amzDateLayout = "20060102T150405Z"
	scopeDateLen  = len("20060102")
	terminator    = "aws4_request"
)

// authorization is a parsed Authorization header. The strings are slices
// of the header value.
type authorization struct {
	algorithm     string
	credential    string
	signedHeaders string
	signature     string
}

// parseAuthorization splits an Authorization header the way AWS does: the
// algorithm up to the first space, then comma-separated key=value
// parameters (the last of a repeated key wins). Every missing parameter,
// and a missing date (hasDate false), is reported in one
// IncompleteSignatureException that echoes the header. The algorithm is
// not checked here: AWS reports missing parts first.
func parseAuthorization(header string, hasDate bool) (authorization, *Error) {
	var a authorization
	h := trimOWS(header)
	params := ""
	if i := strings.IndexAny(h, " \t"); i >= 0 {
		a.algorithm, params = h[:i], h[i+1:]
	} else {
		a.algorithm = h
	}
	var haveCred, haveSig, haveSigned bool
	for params != "" {
		var p string
		if i := strings.IndexByte(params, ','); i >= 0 {
			p, params = params[:i], params[i+1:]
		} else {
			p, params = params, ""
		}
		p = trimOWS(p)
		if p == "" {
			continue
		}
		eq := strings.IndexByte(p, '=')
		if eq < 0 {
			return authorization{}, missingEqualSign(p)
		}
		k, v := trimOWS(p[:eq]), trimOWS(p[eq+1:])
		switch k {
		case "Credential":
			a.credential, haveCred = v, true
		case "Signature":
			a.signature, haveSig = v, true
		case "SignedHeaders":
			a.signedHeaders, haveSigned = v, true
		}
	}
	if haveCred && haveSig && haveSigned && hasDate {
		return a, nil
	}
	var missing []string
	if !haveCred {
		missing = append(missing, msgRequiresCredential)
	}
	if !haveSig {
		missing = append(missing, msgRequiresSignature)
	}
	if !haveSigned {
		missing = append(missing, msgRequiresSignedHeaders)
	}
	if !hasDate {
		missing = append(missing, msgRequiresDate)
	}
	return authorization{}, incompleteAuthorization(missing, header)
}

// credential is a parsed Credential: keyid/date/region/service/terminator.
type credential struct {
	accessKeyID, date, region, service, terminator string
	// scope is date/region/service/terminator, a slice of the input.
	scope string
}

// parseCredential splits a credential into its five parts. Like AWS,
// trailing slashes are ignored.
func parseCredential(c string) (credential, *Error) {
	s := strings.TrimRight(c, "/")
	var parts [5]string
	n := 0
	rest := s
	for n < 5 {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			parts[n] = rest
			n++
			rest = ""
			break
		}
		parts[n] = rest[:i]
		rest = rest[i+1:]
		n++
	}
	if n != 5 || rest != "" || s == "" {
		return credential{}, malformedCredential(c)
	}
	return credential{
		accessKeyID: parts[0],
		date:        parts[1],
		region:      parts[2],
		service:     parts[3],
		terminator:  parts[4],
		scope:       s[len(parts[0])+1:],
	}, nil
}

// parseAmzDate parses the ISO 8601 basic format 20060102T150405Z without
// allocating.
func parseAmzDate(v string) (time.Time, bool) {
	if len(v) != len(amzDateLayout) || v[8] != 'T' || v[15] != 'Z' {
		return time.Time{}, false
	}
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(v[0:4])
	month, ok2 := num(v[4:6])
	day, ok3 := num(v[6:8])
	hour, ok4 := num(v[9:11])
	minute, ok5 := num(v[11:13])
	sec, ok6 := num(v[13:15])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) ||
		month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if t.Day() != day { // 31 April and the like
		return time.Time{}, false
	}
	return t, true
}

// parseHTTPDate accepts the Date header forms AWS accepts as a fallback for
// X-Amz-Date: ISO 8601 basic or an HTTP date.
func parseHTTPDate(v string) (time.Time, bool) {
	if t, ok := parseAmzDate(v); ok {
		return t, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// formatAmzDate formats t (in UTC) as 20060102T150405Z.
func formatAmzDate(t time.Time) string {
	var b [16]byte
	return string(appendAmzDate(b[:0], t))
}

// appendAmzDate appends t (in UTC) as 20060102T150405Z.
func appendAmzDate(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	dst = append4(dst, year)
	dst = append2(dst, int(month))
	dst = append2(dst, day)
	dst = append(dst, 'T')
	dst = append2(dst, hour)
	dst = append2(dst, minute)
	dst = append2(dst, sec)
	return append(dst, 'Z')
}

func append2(dst []byte, n int) []byte { return append(dst, byte('0'+n/10%10), byte('0'+n%10)) }

func append4(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/1000%10), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// trimOWS trims spaces and tabs, the optional whitespace of HTTP.
func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

package postgres

import (
	"net/url"
	"regexp"
	"strings"
)

// redactedPassword replaces a password in a redacted DSN.
const redactedPassword = "xxxxx"

// passwordKV matches a password or sslpassword setting of a key=value
// connection string, quoted or not.
var passwordKV = regexp.MustCompile(`((?:^|\s)(?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|\S*)`)

// Redact returns dsn with its passwords masked, for logs and messages: the
// password of a URL's user information, the password and sslpassword query
// parameters, and the password and sslpassword settings of a key=value
// string. It works on the text, so that it also masks DSNs that do not
// parse: a URL's user information runs to its last '@' (a password may hold
// an unescaped '/', '?' or '@'), which may mask more than the password.
func Redact(dsn string) string {
	scheme, rest, isURL := strings.Cut(dsn, "://")
	if !isURL {
		return passwordKV.ReplaceAllString(dsn, "${1}"+redactedPassword)
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		if colon := strings.IndexByte(rest[:at], ':'); colon >= 0 {
			rest = rest[:colon+1] + redactedPassword + rest[at:]
		}
	}
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		pairs := strings.Split(rest[q+1:], "&")
		for i, p := range pairs {
			k, _, _ := strings.Cut(p, "=")
			key, err := url.QueryUnescape(k)
			if err != nil {
				pairs[i] = redactedPassword
			} else if key == "password" || key == "sslpassword" {
				pairs[i] = k + "=" + redactedPassword
			}
		}
		rest = rest[:q+1] + strings.Join(pairs, "&")
	}
	return scheme + "://" + rest
}

package userpool

import (
	"slices"
	"strings"
)

// The Filter of ListUsers: `AttributeName Filter-Type "AttributeValue"`,
// where Filter-Type is = (exact match) or ^= (prefix), the value in double
// quotes with \" for a quote (and \\ for a backslash), as Cognito documents
// it. Only Cognito's searchable attributes may be named.

// filterAttributes are the attributes ListUsers can search, as Cognito
// lists them.
var filterAttributes = []string{
	"username", "email", "phone_number", "name", "given_name", "family_name",
	"preferred_username", "cognito:user_status", "status", "sub",
}

// userFilter is a parsed Filter.
type userFilter struct {
	attribute string
	prefix    bool // ^= rather than =
	value     string
}

// parseUserFilter parses a Filter; "" is no filter (nil).
func parseUserFilter(s string) (*userFilter, error) {
	if s == "" {
		return nil, nil
	}
	i := skipSpaces(s, 0)
	start := i
	for i < len(s) && isFilterNameByte(s[i]) {
		i++
	}
	if i == start {
		return nil, errFilterSyntax
	}
	f := &userFilter{attribute: s[start:i]}
	i = skipSpaces(s, i)
	switch {
	case strings.HasPrefix(s[i:], "^="):
		f.prefix = true
		i += 2
	case strings.HasPrefix(s[i:], "="):
		i++
	default:
		return nil, errFilterSyntax
	}
	i = skipSpaces(s, i)
	if i >= len(s) || s[i] != '"' {
		return nil, errFilterSyntax
	}
	i++
	var v strings.Builder
	closed := false
	for i < len(s) {
		c := s[i]
		i++
		if c == '\\' {
			if i >= len(s) {
				return nil, errFilterSyntax
			}
			v.WriteByte(s[i])
			i++
			continue
		}
		if c == '"' {
			closed = true
			break
		}
		v.WriteByte(c)
	}
	if !closed || skipSpaces(s, i) != len(s) {
		return nil, errFilterSyntax
	}
	f.value = v.String()
	if !slices.Contains(filterAttributes, f.attribute) {
		return nil, errFilterAttribute(f.attribute)
	}
	return f, nil
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// isFilterNameByte reports whether c can be in an attribute name.
func isFilterNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '-'
}

// matches reports whether the user passes the filter. username and
// status ("Enabled" or "Disabled") are case-sensitive, cognito:user_status
// is not, the others compare as stored.
func (f *userFilter) matches(u *userRecord) bool {
	have, want := "", f.value
	switch f.attribute {
	case "username":
		have = u.Username
	case "sub":
		have = u.Sub
	case "status":
		have = "Disabled"
		if u.Enabled {
			have = "Enabled"
		}
	case "cognito:user_status":
		have, want = strings.ToUpper(string(u.Status)), strings.ToUpper(want)
	default:
		var ok bool
		if have, ok = u.Attributes[f.attribute]; !ok {
			return false
		}
	}
	if f.prefix {
		return strings.HasPrefix(have, want)
	}
	return have == want
}

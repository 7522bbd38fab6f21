package config

import (
	"strconv"
	"strings"
)

// Environment variable references in string values.
//
//	${NAME}  the value of the environment variable NAME, which must be set
//	         (it may be empty); NAME matches [A-Za-z_][A-Za-z0-9_]*
//	$$       a literal "$"
//	$x       any other "$" is kept as it is
//
// Expansion happens after the YAML is parsed, on string values only (never
// on keys), and only once: a value cannot inject YAML, and a variable's
// value is not expanded again. Policy documents are not expanded, as ${...}
// is IAM's policy variable syntax ("${aws:username}").

// maxNameInMessage bounds how much of a malformed reference is echoed.
const maxNameInMessage = 64

// expandEnv expands the references in s. It returns the problems found, one
// message each; getenv may be nil, meaning that no variable is set.
func expandEnv(s string, getenv func(string) (string, bool)) (string, []string) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var (
		b        strings.Builder
		problems []string
	)
	for i := 0; i < len(s); {
		c := s[i]
		if c != '$' || i+1 == len(s) || (s[i+1] != '$' && s[i+1] != '{') {
			b.WriteByte(c)
			i++
			continue
		}
		if s[i+1] == '$' {
			b.WriteByte('$')
			i += 2
			continue
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			problems = append(problems, `unterminated "${" (write $$ for a literal $)`)
			break
		}
		name := s[i+2 : i+2+end]
		i += 2 + end + 1
		if !validEnvName(name) {
			if len(name) > maxNameInMessage {
				name = name[:maxNameInMessage] + "..."
			}
			problems = append(problems, "invalid environment variable name "+strconv.Quote(name)+
				" (names match [A-Za-z_][A-Za-z0-9_]*; write $$ for a literal $)")
			continue
		}
		var (
			v  string
			ok bool
		)
		if getenv != nil {
			v, ok = getenv(name)
		}
		if !ok {
			problems = append(problems, "environment variable "+name+" is not set")
			continue
		}
		b.WriteString(v)
	}
	return b.String(), problems
}

func validEnvName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

package policy

import (
	"strings"
	"unicode/utf8"
)

// tokenKind is what one element of a compiled pattern matches.
type tokenKind uint8

const (
	tokenText tokenKind = iota // the literal text
	tokenStar                  // "*": any run of characters, ':' and '/' included
	tokenOne                   // "?": exactly one character
	tokenVar                   // a policy variable: the value of a context key
)

type token struct {
	kind tokenKind
	// text is the literal of a tokenText, or the lower-cased context key of
	// a tokenVar.
	text string
	// def is the default value of a tokenVar written ${key, 'default'}.
	def    string
	hasDef bool
}

// pattern is a Resource, Action or condition value compiled once: literal
// runs, wildcards and policy variables. Matching never allocates.
type pattern struct {
	tokens []token
	// any is true for a pattern that matches every string ("*").
	any bool
	// fold makes literal text compare case-insensitively (Action,
	// StringEqualsIgnoreCase).
	fold bool
	// hasVar is true when a token is a policy variable.
	hasVar bool
}

// patternOptions says how the text of a pattern is read.
type patternOptions struct {
	wildcards bool // '*' and '?' are wildcards (Resource, Action, *Like, Arn*)
	variables bool // ${...} is a policy variable (2012-10-17 documents)
	fold      bool
}

// compilePattern reads s. Policy variables are ${key} and ${key, 'default'}
// (a doubled quote inside the default is one quote); ${*}, ${?} and ${$}
// are the literal characters. A "${" without a closing brace is literal
// text.
func compilePattern(s string, o patternOptions) pattern {
	p := pattern{fold: o.fold}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.tokens = append(p.tokens, token{kind: tokenText, text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if o.variables && c == '$' && strings.HasPrefix(s[i:], "${") {
			if end := strings.IndexByte(s[i+2:], '}'); end >= 0 {
				body := s[i+2 : i+2+end]
				i += end + 3
				switch body {
				case "*", "?", "$":
					lit.WriteString(body)
				default:
					flush()
					p.tokens = append(p.tokens, variableToken(body))
					p.hasVar = true
				}
				continue
			}
		}
		if o.wildcards && (c == '*' || c == '?') {
			flush()
			if c == '*' {
				if n := len(p.tokens); n == 0 || p.tokens[n-1].kind != tokenStar {
					p.tokens = append(p.tokens, token{kind: tokenStar})
				}
			} else {
				p.tokens = append(p.tokens, token{kind: tokenOne})
			}
			i++
			continue
		}
		lit.WriteByte(c)
		i++
	}
	flush()
	if o.fold {
		for i := range p.tokens {
			if p.tokens[i].kind == tokenText {
				p.tokens[i].text = strings.ToLower(p.tokens[i].text)
			}
		}
	}
	p.any = len(p.tokens) == 1 && p.tokens[0].kind == tokenStar
	return p
}

// variableToken reads the inside of ${...}: a context key, optionally
// followed by a comma and a quoted default value. Key names compare
// case-insensitively; spaces around the key and the default are ignored.
func variableToken(body string) token {
	key, def, hasComma := strings.Cut(body, ",")
	t := token{kind: tokenVar, text: strings.ToLower(strings.TrimSpace(key))}
	if !hasComma {
		return t
	}
	def = strings.TrimSpace(def)
	if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
		// A malformed default is no default: the variable must resolve.
		return t
	}
	inner := def[1 : len(def)-1]
	// Inside the quotes a quote is written twice.
	var b strings.Builder
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\'' {
			if i+1 < len(inner) && inner[i+1] == '\'' {
				i++
			} else {
				return t
			}
		}
		b.WriteByte(inner[i])
	}
	t.def, t.hasDef = b.String(), true
	return t
}

// resolve returns the value of a variable token in ctx. A key that is
// absent, empty or multivalued has no value (AWS does not substitute
// multivalued keys); then the default is used if there is one.
func (t *token) resolve(ctx map[string][]string) (string, bool) {
	if v := ctx[t.text]; len(v) == 1 {
		return v[0], true
	}
	return t.def, t.hasDef
}

// resolvable reports whether every variable of p has a value in ctx.
func (p *pattern) resolvable(ctx map[string][]string) bool {
	if !p.hasVar {
		return true
	}
	for i := range p.tokens {
		if p.tokens[i].kind == tokenVar {
			if _, ok := p.tokens[i].resolve(ctx); !ok {
				return false
			}
		}
	}
	return true
}

// match reports whether s matches p as a whole. Variables are assumed
// resolvable (see resolvable); one that is not matches nothing.
func (p *pattern) match(s string, ctx map[string][]string) bool {
	if p.any {
		return true
	}
	return globMatch(p.tokens, s, ctx, p.fold)
}

// globMatch matches s against tokens: the classic iterative wildcard
// algorithm, which backtracks only to the most recent '*'.
func globMatch(tokens []token, s string, ctx map[string][]string, fold bool) bool {
	ti, si := 0, 0
	starT, starS := -1, 0
	for {
		if ti < len(tokens) {
			t := &tokens[ti]
			switch t.kind {
			case tokenStar:
				if ti == len(tokens)-1 {
					return true
				}
				starT, starS = ti+1, si
				ti++
				// Skip to where the token after the star can start.
				next, ok := skipTo(&tokens[ti], s, si, ctx, fold)
				if !ok {
					return false
				}
				starS, si = next, next
				continue
			case tokenOne:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					si += n
					ti++
					continue
				}
			case tokenText, tokenVar:
				text := t.text
				if t.kind == tokenVar {
					v, ok := t.resolve(ctx)
					if !ok {
						return false
					}
					text = v
				}
				if n, ok := prefix(s[si:], text, fold); ok {
					si += n
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if starT < 0 || starS >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starS:])
		next, ok := skipTo(&tokens[starT], s, starS+n, ctx, fold)
		if !ok {
			return false
		}
		starS = next
		ti, si = starT, starS
	}
}

// skipTo returns the first position from which on t can match s: for case-
// sensitive text, the next occurrence of that text. It reports false when t
// cannot match anywhere after from, which makes the whole pattern fail: a
// later star could only consume more of s.
func skipTo(t *token, s string, from int, ctx map[string][]string, fold bool) (int, bool) {
	if fold || (t.kind != tokenText && t.kind != tokenVar) {
		return from, true
	}
	text := t.text
	if t.kind == tokenVar {
		v, ok := t.resolve(ctx)
		if !ok {
			return 0, false
		}
		text = v
	}
	i := strings.Index(s[from:], text)
	if i < 0 {
		return 0, false
	}
	return from + i, true
}

// prefix reports whether s starts with p, and how many bytes of s that
// prefix takes. With fold the comparison is Unicode case-insensitive.
func prefix(s, p string, fold bool) (int, bool) {
	if !fold {
		return len(p), strings.HasPrefix(s, p)
	}
	i, j := 0, 0
	for j < len(p) {
		if i >= len(s) {
			return 0, false
		}
		a, b := s[i], p[j]
		if a < utf8.RuneSelf && b < utf8.RuneSelf {
			if a != b && lowerASCII(a) != lowerASCII(b) {
				return 0, false
			}
			i++
			j++
			continue
		}
		_, n1 := utf8.DecodeRuneInString(s[i:])
		_, n2 := utf8.DecodeRuneInString(p[j:])
		if !strings.EqualFold(s[i:i+n1], p[j:j+n2]) {
			return 0, false
		}
		i += n1
		j += n2
	}
	return i, true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

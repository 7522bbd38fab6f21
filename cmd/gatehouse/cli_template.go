package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// expandTemplate expands an RFC 6570 URI template with params, as the
// url-template package of aws-api-gateway-client does for a path
// template: {name} percent-encodes everything but unreserved characters,
// {+name} keeps reserved characters too, {a,b} joins values with commas,
// and an undefined (or null) parameter expands to nothing.
func expandTemplate(tmpl string, params map[string]any) (string, error) {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			if strings.IndexByte(tmpl, '}') >= 0 {
				return "", errors.New("unmatched '}'")
			}
			b.WriteString(tmpl)
			return b.String(), nil
		}
		if strings.IndexByte(tmpl[:open], '}') >= 0 {
			return "", errors.New("unmatched '}'")
		}
		b.WriteString(tmpl[:open])
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			return "", errors.New("unclosed '{'")
		}
		expr := tmpl[open+1 : open+end]
		tmpl = tmpl[open+end+1:]
		reserved := false
		if strings.HasPrefix(expr, "+") {
			reserved, expr = true, expr[1:]
		} else if expr != "" && strings.ContainsRune("#./;?&=,!@|", rune(expr[0])) {
			return "", fmt.Errorf("{%s}: only {name} and {+name} expressions are supported", expr)
		}
		var vals []string
		for _, name := range strings.Split(expr, ",") {
			limit := -1
			if n, l, ok := strings.Cut(name, ":"); ok {
				v, err := strconv.Atoi(l)
				if err != nil || v <= 0 || v > 9999 {
					return "", fmt.Errorf("{%s}: bad prefix length", expr)
				}
				name, limit = n, v
			}
			name = strings.TrimSuffix(name, "*")
			if name == "" {
				return "", fmt.Errorf("{%s}: empty variable name", expr)
			}
			v, ok := params[name]
			if !ok || v == nil {
				continue
			}
			for _, s := range templateValues(v) {
				if limit >= 0 && len([]rune(s)) > limit {
					s = string([]rune(s)[:limit])
				}
				if reserved {
					vals = append(vals, reservedEscape(s))
				} else {
					vals = append(vals, uriComponent(s))
				}
			}
		}
		b.WriteString(strings.Join(vals, ","))
	}
}

// templateValues renders a parameter: an array as its elements, an
// object as its name,value pairs (RFC 6570 without explode).
func templateValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case json.Number:
		return []string{x.String()}
	case bool:
		return []string{strconv.FormatBool(x)}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, templateValues(e)...)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			out = append(out, k)
			out = append(out, templateValues(x[k])...)
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isReserved(c byte) bool { return strings.IndexByte(":/?#[]@!$&'()*+,;=", c) >= 0 }

const hexDigits = "0123456789ABCDEF"

// uriComponent percent-encodes every byte of s but the unreserved ones.
func uriComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// reservedEscape is uriComponent keeping reserved characters and
// percent-encoded triplets.
func reservedEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || isReserved(c) {
			b.WriteByte(c)
			continue
		}
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteString(s[i : i+3])
			i += 2
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

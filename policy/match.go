package policy

import (
	"encoding/base64"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// family is the kind of comparison a base condition operator makes.
type family uint8

const (
	familyString family = iota
	familyStringFold
	familyStringLike
	familyNumeric
	familyDate
	familyBool
	familyBinary
	familyIP
	familyARN
	familyNull
	familyUnknown
)

// comparison is the relation of the Numeric* and Date* operators.
type comparison uint8

const (
	compareEqual comparison = iota
	compareLess
	compareLessEqual
	compareGreater
	compareGreaterEqual
)

// operatorInfo is what a base operator compares, with which relation, and
// whether it is a negated one (StringNotEquals, NotIpAddress ...), which is
// true when no policy value matches.
type operatorInfo struct {
	family  family
	compare comparison
	negated bool
}

func infoOf(base string) operatorInfo {
	switch base {
	case "StringEquals":
		return operatorInfo{family: familyString}
	case "StringNotEquals":
		return operatorInfo{family: familyString, negated: true}
	case "StringEqualsIgnoreCase":
		return operatorInfo{family: familyStringFold}
	case "StringNotEqualsIgnoreCase":
		return operatorInfo{family: familyStringFold, negated: true}
	case "StringLike":
		return operatorInfo{family: familyStringLike}
	case "StringNotLike":
		return operatorInfo{family: familyStringLike, negated: true}
	case "Bool":
		return operatorInfo{family: familyBool}
	case "BinaryEquals":
		return operatorInfo{family: familyBinary}
	case "IpAddress":
		return operatorInfo{family: familyIP}
	case "NotIpAddress":
		return operatorInfo{family: familyIP, negated: true}
	case "ArnEquals", "ArnLike":
		return operatorInfo{family: familyARN}
	case "ArnNotEquals", "ArnNotLike":
		return operatorInfo{family: familyARN, negated: true}
	case "Null":
		return operatorInfo{family: familyNull}
	}
	for _, f := range []struct {
		prefix string
		family family
	}{{"Numeric", familyNumeric}, {"Date", familyDate}} {
		rel, ok := strings.CutPrefix(base, f.prefix)
		if !ok {
			continue
		}
		switch rel {
		case "Equals":
			return operatorInfo{family: f.family, compare: compareEqual}
		case "NotEquals":
			return operatorInfo{family: f.family, compare: compareEqual, negated: true}
		case "LessThan":
			return operatorInfo{family: f.family, compare: compareLess}
		case "LessThanEquals":
			return operatorInfo{family: f.family, compare: compareLessEqual}
		case "GreaterThan":
			return operatorInfo{family: f.family, compare: compareGreater}
		case "GreaterThanEquals":
			return operatorInfo{family: f.family, compare: compareGreaterEqual}
		}
	}
	return operatorInfo{family: familyUnknown}
}

// value is one policy value of a condition, compiled for its family.
type value struct {
	pattern pattern // String*, StringLike, Arn* (whole value)
	// arn holds the colon-separated parts of an Arn* value; the last one
	// matches the rest of the request's ARN.
	arn    []pattern
	number float64
	time   int64 // Unix nanoseconds
	prefix netip.Prefix
	bool   bool
	binary string
	// valid is false for a value that cannot be read for its family (a
	// number that is not one ...); such a value matches nothing.
	valid bool
}

func compileValue(s string, info operatorInfo, variables bool) value {
	v := value{valid: true}
	switch info.family {
	case familyString:
		v.pattern = compilePattern(s, patternOptions{variables: variables})
	case familyStringFold:
		v.pattern = compilePattern(s, patternOptions{variables: variables, fold: true})
	case familyStringLike:
		v.pattern = compilePattern(s, patternOptions{variables: variables, wildcards: true})
	case familyARN:
		parts := strings.SplitN(s, ":", 6)
		v.arn = make([]pattern, len(parts))
		for i, part := range parts {
			v.arn[i] = compilePattern(part, patternOptions{variables: variables, wildcards: true})
		}
	case familyNumeric:
		n, err := strconv.ParseFloat(s, 64)
		v.number, v.valid = n, err == nil && !math.IsNaN(n)
	case familyDate:
		v.time, v.valid = parseDate(s)
	case familyBool:
		switch {
		case strings.EqualFold(s, "true"):
			v.bool = true
		case strings.EqualFold(s, "false"):
		default:
			v.valid = false
		}
	case familyBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		v.binary, v.valid = string(b), err == nil
	case familyIP:
		v.prefix, v.valid = parsePrefix(s)
	case familyNull:
		switch {
		case strings.EqualFold(s, "true"):
			v.bool = true
		case strings.EqualFold(s, "false"):
		default:
			v.valid = false
		}
	default:
		v.valid = false
	}
	return v
}

// resolvable reports whether every policy variable of v has a value.
func (v *value) resolvable(ctx map[string][]string) bool {
	if !v.pattern.resolvable(ctx) {
		return false
	}
	for i := range v.arn {
		if !v.arn[i].resolvable(ctx) {
			return false
		}
	}
	return true
}

// matches reports whether the request value s matches the policy value v
// under the (non-negated) comparison of info.
func (v *value) matches(s string, info operatorInfo, ctx map[string][]string) bool {
	if !v.valid {
		return false
	}
	switch info.family {
	case familyString, familyStringFold, familyStringLike:
		return v.pattern.match(s, ctx)
	case familyARN:
		return matchARN(v.arn, s, ctx)
	case familyNumeric:
		n, err := strconv.ParseFloat(s, 64)
		return err == nil && compareOrdered(n, v.number, info.compare)
	case familyDate:
		t, ok := parseDate(s)
		return ok && compareOrdered(t, v.time, info.compare)
	case familyBool:
		switch {
		case strings.EqualFold(s, "true"):
			return v.bool
		case strings.EqualFold(s, "false"):
			return !v.bool
		}
		return false
	case familyBinary:
		return s == v.binary
	case familyIP:
		a, err := netip.ParseAddr(s)
		return err == nil && v.prefix.Contains(a.Unmap().WithZone(""))
	}
	return false
}

func compareOrdered[T int64 | float64](a, b T, c comparison) bool {
	switch c {
	case compareEqual:
		return a == b
	case compareLess:
		return a < b
	case compareLessEqual:
		return a <= b
	case compareGreater:
		return a > b
	case compareGreaterEqual:
		return a >= b
	}
	return false
}

// matchARN matches an ARN part by part, as ArnEquals and ArnLike do: each
// of the six colon-separated parts is compared on its own, so a wildcard
// does not cross a ':' of the first five; the last part of the policy value
// takes the rest of the request's ARN.
func matchARN(parts []pattern, s string, ctx map[string][]string) bool {
	for i := range parts {
		if i == len(parts)-1 {
			return parts[i].match(s, ctx)
		}
		seg, rest, ok := strings.Cut(s, ":")
		if !ok || !parts[i].match(seg, ctx) {
			return false
		}
		s = rest
	}
	return false
}

// dateLayouts are the ISO 8601 forms AWS accepts in Date conditions and in
// aws:CurrentTime.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z",
}

// parseDate reads an ISO 8601 date-time (UTC when no zone is given) or an
// epoch time in seconds, as Unix nanoseconds.
func parseDate(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	if c := s[0]; c >= '0' && c <= '9' && !strings.ContainsAny(s, "-T:") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.Abs(f) > math.MaxInt64/1e9 {
			return 0, false
		}
		return int64(f * 1e9), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UnixNano(), true
		}
	}
	return 0, false
}

// parsePrefix reads an IpAddress value: a CIDR block (host bits are
// ignored, as AWS does) or a single address.
func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a := p.Addr()
		bits := p.Bits()
		if a.Is4In6() && bits >= 96 {
			a, bits = a.Unmap(), bits-96
		}
		p, err = a.Prefix(bits)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap().WithZone("")
	return netip.PrefixFrom(a, a.BitLen()), true
}

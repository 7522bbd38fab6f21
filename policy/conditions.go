package policy

import "strings"

// conditionOperators are IAM's condition operators without the
// "ForAnyValue:"/"ForAllValues:" prefix and the "IfExists" suffix.
var conditionOperators = map[string]bool{
	"StringEquals":              true,
	"StringNotEquals":           true,
	"StringEqualsIgnoreCase":    true,
	"StringNotEqualsIgnoreCase": true,
	"StringLike":                true,
	"StringNotLike":             true,
	"NumericEquals":             true,
	"NumericNotEquals":          true,
	"NumericLessThan":           true,
	"NumericLessThanEquals":     true,
	"NumericGreaterThan":        true,
	"NumericGreaterThanEquals":  true,
	"DateEquals":                true,
	"DateNotEquals":             true,
	"DateLessThan":              true,
	"DateLessThanEquals":        true,
	"DateGreaterThan":           true,
	"DateGreaterThanEquals":     true,
	"Bool":                      true,
	"BinaryEquals":              true,
	"IpAddress":                 true,
	"NotIpAddress":              true,
	"ArnEquals":                 true,
	"ArnLike":                   true,
	"ArnNotEquals":              true,
	"ArnNotLike":                true,
	"Null":                      true,
}

// Operator is a condition operator split into its parts:
// "ForAnyValue:StringLikeIfExists" is {Set: "ForAnyValue", Base:
// "StringLike", IfExists: true}.
type Operator struct {
	// Set is "", "ForAnyValue" or "ForAllValues".
	Set      string
	Base     string
	IfExists bool
}

// ParseOperator splits a condition operator and reports whether it is one
// IAM knows. "Null" takes neither a set prefix nor "IfExists".
func ParseOperator(s string) (Operator, bool) {
	var op Operator
	if set, rest, ok := strings.Cut(s, ":"); ok {
		if set != "ForAnyValue" && set != "ForAllValues" {
			return Operator{}, false
		}
		op.Set, s = set, rest
	}
	if base, ok := strings.CutSuffix(s, "IfExists"); ok && conditionOperators[base] {
		op.IfExists, s = true, base
	}
	if !conditionOperators[s] {
		return Operator{}, false
	}
	op.Base = s
	if s == "Null" && (op.Set != "" || op.IfExists) {
		return Operator{}, false
	}
	return op, true
}

package policy

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	want := time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	for _, s := range []string{
		"2020-04-01T00:00:00Z", "2020-04-01T00:00:00.000Z", "2020-04-01T02:00:00+02:00",
		"2020-04-01T00:00:00", "2020-04-01", "2020-04-01T00:00Z", "20200401T000000Z", "1585699200",
	} {
		got, ok := parseDate(s)
		if !ok || got != want {
			t.Errorf("parseDate(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "yesterday", "2020-13-01", "1e400", "NaN"} {
		if _, ok := parseDate(s); ok {
			t.Errorf("parseDate(%q) accepted", s)
		}
	}
}

func TestIPValues(t *testing.T) {
	tests := []struct {
		policy, addr string
		want         bool
	}{
		{"203.0.113.0/24", "203.0.113.255", true},
		{"203.0.113.7/24", "203.0.113.1", true}, // host bits are ignored
		{"203.0.113.0/24", "203.0.114.1", false},
		{"203.0.113.9", "203.0.113.9", true},
		{"203.0.113.0/24", "::ffff:203.0.113.4", true},
		{"2001:DB8:1234:5678::/64", "2001:db8:1234:5678:abcd::1", true},
		{"2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false},
		{"0.0.0.0/0", "192.0.2.1", true},
		{"0.0.0.0/0", "2001:db8::1", false},
		{"not an address", "192.0.2.1", false},
		{"203.0.113.0/24", "not an address", false},
	}
	info := infoOf("IpAddress")
	for _, tt := range tests {
		v := compileValue(tt.policy, info, false)
		if got := v.matches(tt.addr, info, nil); got != tt.want {
			t.Errorf("%s contains %s = %v, want %v", tt.policy, tt.addr, got, tt.want)
		}
	}
}

func TestVariableDefaults(t *testing.T) {
	tests := []struct {
		body, def string
		hasDef    bool
	}{
		{"aws:username", "", false},
		{" aws:username , 'anonymous' ", "anonymous", true},
		{"aws:username, 'it''s'", "it's", true},
		{"aws:username, ''", "", true},
		{"aws:username, anonymous", "", false},
		{"aws:username, 'a'b'", "", false},
	}
	for _, tt := range tests {
		tok := variableToken(tt.body)
		if tok.text != "aws:username" || tok.def != tt.def || tok.hasDef != tt.hasDef {
			t.Errorf("variableToken(%q) = %q %q %v, want default %q %v", tt.body, tok.text, tok.def, tok.hasDef, tt.def, tt.hasDef)
		}
	}
}

func TestNumericAndBool(t *testing.T) {
	ctx := map[string][]string{"k": {"10.0"}, "b": {"TRUE"}, "x": {"ten"}}
	tests := []struct {
		op, key, value string
		want           bool
	}{
		{"NumericEquals", "k", "10", true},
		{"NumericNotEquals", "k", "10", false},
		{"NumericGreaterThan", "k", "9.5", true},
		{"NumericLessThan", "k", "1e1", false},
		{"NumericEquals", "x", "10", false},
		{"NumericNotEquals", "x", "10", true},
		{"Bool", "b", "true", true},
		{"Bool", "b", "false", false},
		{"Bool", "b", "yes", false},
		{"BinaryEquals", "bin", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", true},
	}
	ctx["bin"] = []string{"BinaryValueInBase64"}
	for _, tt := range tests {
		op, _ := ParseOperator(tt.op)
		c := condition{info: infoOf(op.Base), key: tt.key, values: []value{compileValue(tt.value, infoOf(op.Base), true)}}
		if got := c.holds(ctx); got != tt.want {
			t.Errorf("%s %s %s = %v, want %v", tt.op, tt.key, tt.value, got, tt.want)
		}
	}
}

func TestDecisionString(t *testing.T) {
	for d, want := range map[Decision]string{Deny: "Deny", Allow: "Allow", ExplicitDeny: "ExplicitDeny", 7: "Decision(7)"} {
		if got := d.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(d), got, want)
		}
	}
}

func TestCompileRejectsInvalidDocuments(t *testing.T) {
	bad := []Document{{Version: Version2012, Statements: []Statement{{Effect: "Maybe", Action: []string{"*"}, Resource: []string{"*"}}}}}
	if _, err := Compile(bad); err == nil {
		t.Fatal("Compile accepted an invalid document")
	}
	if got := Evaluate(bad, &Request{Action: "a:b", Resource: "*"}); got != Deny {
		t.Fatalf("Evaluate of an invalid document = %v, want Deny", got)
	}
	var s *Set
	if got := s.Evaluate(&Request{}); got != Deny {
		t.Fatalf("nil Set = %v", got)
	}
}

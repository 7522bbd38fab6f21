package fieldpath

import (
	"errors"
	"reflect"
	"testing"
)

func TestError(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Path: "apis[0].routes[3].auth", Message: "must be one of NONE"}, "apis[0].routes[3].auth: must be one of NONE"},
		{Error{Path: `Statement[0]["a b"]`, Message: "unknown field"}, `Statement[0]["a b"]: unknown field`},
		{Error{Message: "line 3: duplicate key a"}, "line 3: duplicate key a"},
		{Error{Path: "region"}, "region: "},
		{Error{}, ""},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		l    List
		want string
	}{
		{nil, ""},
		{List{{Message: "policy document is empty"}}, "policy document is empty"},
		{
			List{{Message: "line 1: oops"}, {Path: "a.b", Message: "must be a string"}, {Path: "c[2]", Message: "unknown field"}},
			"line 1: oops\na.b: must be a string\nc[2]: unknown field",
		},
	}
	for _, tt := range tests {
		if got := tt.l.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.l, got, tt.want)
		}
	}

	// A List is an error that errors.As finds through wrapping.
	var err error = List{{Path: "x", Message: "y"}}
	var l List
	if !errors.As(errors.Join(errors.New("first"), err), &l) || len(l) != 1 || l[0] != (Error{Path: "x", Message: "y"}) {
		t.Errorf("errors.As(List) = %v, %#v", err, l)
	}
}

func TestChild(t *testing.T) {
	const (
		configExtra = "_-:"
		policyExtra = "_:/-*?"
	)
	tests := []struct {
		path, name, extra, want string
	}{
		{"", "region", configExtra, "region"},
		{"apis[0]", "routes", configExtra, "apis[0].routes"},
		{"a", "Z9", "", "a.Z9"},
		{"a", "b_c", configExtra, "a.b_c"},
		{"a", "b-c", configExtra, "a.b-c"},
		{"a", "aws:SourceIp", configExtra, "a.aws:SourceIp"},
		{"a", "a/b", configExtra, `a["a/b"]`},
		{"a", "s3:*", configExtra, `a["s3:*"]`},
		{"a", "s3:*", policyExtra, "a.s3:*"},
		{"a", "x/y?-z_", policyExtra, "a.x/y?-z_"},
		{"a", "b_c", "", `a["b_c"]`},
		{"request_parameters", "integration.request.header.x", configExtra, `request_parameters["integration.request.header.x"]`},
		{"Condition", "a b", policyExtra, `Condition["a b"]`},
		{"", "a b", policyExtra, `["a b"]`},
		{"a", "", configExtra, `a[""]`},
		{"", "", configExtra, `[""]`},
		{"a", "é", configExtra, `a["é"]`},
		{"a", "ab\u00a0", configExtra, `a["ab\u00a0"]`},
		{"a", `q"\`, configExtra, `a["q\"\\"]`},
		{"a", "\xff", configExtra, `a["\xff"]`},
	}
	for _, tt := range tests {
		if got := Child(tt.path, tt.name, tt.extra); got != tt.want {
			t.Errorf("Child(%q, %q, %q) = %s, want %s", tt.path, tt.name, tt.extra, got, tt.want)
		}
	}
}

func TestIndex(t *testing.T) {
	tests := []struct {
		path string
		i    int
		want string
	}{
		{"", 0, "[0]"},
		{"apis", 0, "apis[0]"},
		{"apis[0].routes", 12, "apis[0].routes[12]"},
		{`a["b c"]`, 3, `a["b c"][3]`},
	}
	for _, tt := range tests {
		if got := Index(tt.path, tt.i); got != tt.want {
			t.Errorf("Index(%q, %d) = %q, want %q", tt.path, tt.i, got, tt.want)
		}
	}
}

func TestUnder(t *testing.T) {
	tests := []struct {
		path, p string
		want    bool
	}{
		{"a", "", true},
		{"", "", true},
		{"", "a", false},
		{"a", "a", true},
		{"a.b", "a", true},
		{"a[0]", "a", true},
		{`a["x y"]`, "a", true},
		{"a[0].b", "a[0]", true},
		{"ab", "a", false},
		{"a", "a.b", false},
		{"a[1]", "a[0]", false},
		{"a[10]", "a[1]", false},
		{"b.a", "a", false},
	}
	for _, tt := range tests {
		if got := Under(tt.path, tt.p); got != tt.want {
			t.Errorf("Under(%q, %q) = %v, want %v", tt.path, tt.p, got, tt.want)
		}
	}
}

func TestWithoutUnder(t *testing.T) {
	l := List{
		{Message: "whole"},
		{Path: "a", Message: "1"},
		{Path: "a.b", Message: "2"},
		{Path: "ab", Message: "3"},
		{Path: "c[0]", Message: "4"},
		{Path: "c[1]", Message: "5"},
		{Path: "d", Message: "6"},
	}
	orig := append(List(nil), l...)
	tests := []struct {
		name   string
		failed []string
		want   List
	}{
		{"nothing failed", nil, l},
		{"one subtree", []string{"a"}, List{l[0], l[3], l[4], l[5], l[6]}},
		{"inner path", []string{"a.b"}, List{l[0], l[1], l[3], l[4], l[5], l[6]}},
		{"element", []string{"c[1]", "d"}, List{l[0], l[1], l[2], l[3], l[4]}},
		{"unknown path", []string{"z"}, l},
		{"root", []string{""}, List{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WithoutUnder(l, tt.failed)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WithoutUnder(%v) = %#v, want %#v", tt.failed, got, tt.want)
			}
			if !reflect.DeepEqual(l, orig) {
				t.Fatalf("WithoutUnder modified its input: %#v", l)
			}
		})
	}

	// With failed paths the result never shares l's array, so appending to
	// it cannot overwrite l.
	got := WithoutUnder(l[:2], []string{"z"})
	_ = append(got, Error{Path: "new"})
	if !reflect.DeepEqual(l, orig) {
		t.Fatalf("appending to the result modified the input: %#v", l)
	}
	if got := WithoutUnder(nil, []string{"a"}); len(got) != 0 {
		t.Errorf("WithoutUnder(nil) = %#v, want empty", got)
	}
}

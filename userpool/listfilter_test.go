package userpool

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

func TestParseUserFilter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want *userFilter
		err  string
	}{
		{``, nil, ""},
		{`email = "a@example.com"`, &userFilter{attribute: "email", value: "a@example.com"}, ""},
		{`  email="a"  `, &userFilter{attribute: "email", value: "a"}, ""},
		{`given_name ^= "Jo"`, &userFilter{attribute: "given_name", prefix: true, value: "Jo"}, ""},
		{`name = "say \"hi\" \\o/"`, &userFilter{attribute: "name", value: `say "hi" \o/`}, ""},
		{`cognito:user_status = "CONFIRMED"`, &userFilter{attribute: "cognito:user_status", value: "CONFIRMED"}, ""},
		{`email = ""`, &userFilter{attribute: "email"}, ""},
		{`email = a`, nil, "Error while parsing filter."},
		{`email "a"`, nil, "Error while parsing filter."},
		{`email = "a`, nil, "Error while parsing filter."},
		{`email = "a\`, nil, "Error while parsing filter."},
		{`email = "a" x`, nil, "Error while parsing filter."},
		{` `, nil, "Error while parsing filter."},
		{`email != "a"`, nil, "Error while parsing filter."},
		{`custom:team = "a"`, nil, "Invalid search attribute: custom:team"},
		{`address = "a"`, nil, "Invalid search attribute: address"},
	} {
		got, err := parseUserFilter(tc.in)
		var ae *awsproto.Error
		switch {
		case tc.err != "" && (!errors.As(err, &ae) || ae.Message != tc.err || ae.Code != codeInvalidParameter):
			t.Errorf("parseUserFilter(%q) error = %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want):
			t.Errorf("parseUserFilter(%q) = %+v, %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}

// The filter parser reads untrusted input: it must never panic, must fail
// only with the two InvalidParameterException texts, and what it accepts
// names a searchable attribute and prints back to the same filter.
func FuzzParseUserFilter(f *testing.F) {
	for _, s := range []string{
		``, `email = "a@example.com"`, `username ^= "al"`, `name = "a \"b\" \\"`, `status = "Enabled"`,
		`cognito:user_status="force_change_password"`, `email = a`, `custom:x = "1"`, `email = "`, `"="`,
		"email\t=\t\"x\"", `sub = "0f8fad5b-d9cb-469f-a165-70867728950e"`, `=`, `^=""`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseUserFilter(s)
		if err != nil {
			var ae *awsproto.Error
			if !errors.As(err, &ae) || ae.Status != 400 || ae.Code != codeInvalidParameter ||
				ae.Message != "Error while parsing filter." && !strings.HasPrefix(ae.Message, "Invalid search attribute: ") {
				t.Fatalf("parseUserFilter(%q) error = %v", s, err)
			}
			return
		}
		if got == nil {
			if s != "" {
				t.Fatalf("parseUserFilter(%q) = nil", s)
			}
			return
		}
		if !slices.Contains(filterAttributes, got.attribute) {
			t.Fatalf("parseUserFilter(%q) accepted attribute %q", s, got.attribute)
		}
		op := " = "
		if got.prefix {
			op = " ^= "
		}
		quoted := strings.ReplaceAll(strings.ReplaceAll(got.value, `\`, `\\`), `"`, `\"`)
		again, err := parseUserFilter(got.attribute + op + `"` + quoted + `"`)
		if err != nil || *again != *got {
			t.Fatalf("parseUserFilter(%q) = %+v; printed back it parses as %+v, %v", s, got, again, err)
		}
	})
}

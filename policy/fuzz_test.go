package policy

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that its errors are Errors with
// one non-empty message each, and that a parsed document survives
// MarshalJSON and Parse unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","NotAction":["s3:*"],"NotResource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`))
	f.Add([]byte(`{"Statement":[{"Effect":"Allow","Action":[1],"Resource":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %T %v is not a non-empty Errors", err, err)
			}
			for _, e := range errs {
				if e.Message == "" {
					t.Fatalf("empty message in %q", err)
				}
			}
			return
		}
		if errs := d.Validate(); errs != nil {
			t.Fatalf("parsed document does not validate: %v", errs)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(d)) %s: %v", out, err)
		}
		if !reflect.DeepEqual(again, d) {
			t.Fatalf("round trip changed %s:\n%#v\n%#v", out, d, again)
		}
	})
}

// FuzzEvaluate evaluates documents that parse against arbitrary requests:
// evaluation never panics, Evaluate agrees with Compile and Set.Evaluate,
// and a compiled Set gives the same answer twice.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte(cognitoNotesPolicy), "execute-api:Invoke", notesARN+subA, "cognito-identity.amazonaws.com:sub", subA)
	f.Add([]byte(benchPolicy), "execute-api:Invoke", notesARN+subA, "aws:sourceip", "203.0.113.9")
	f.Add([]byte(ipDenyPolicy), "s3:GetObject", "arn:aws:s3:::b/k", "aws:sourceip", "2001:db8::1")
	f.Add([]byte(datePolicy), "iam:GetUser", "arn:aws:iam::1:user/x", "aws:currenttime", "2020-05-01")
	f.Add([]byte(stringPolicy("ForAllValues:StringNotLike", "aws:TagKeys", `["a*","${aws:username, 'x''y'}"]`)), "ec2:CreateTags", "*", "aws:tagkeys", "x'y")
	f.Add([]byte(stringPolicy("ArnLike", "aws:SourceArn", `"arn:aws:*:${aws:region}:*"`)), "a:b", "arn:aws:s3:::b", "aws:sourcearn", "arn:aws:sns:r:1:t")
	f.Add([]byte(stringPolicy("NumericGreaterThanIfExists", "s3:max-keys", `"1e3"`)), "s3:ListBucket", "arn:aws:s3:::b", "s3:max-keys", "1001")
	f.Fuzz(func(t *testing.T, data []byte, action, resource, key, value string) {
		docs, err := Parse(data)
		if err != nil {
			return
		}
		req := &Request{Action: action, Resource: resource, Context: map[string][]string{
			strings.ToLower(key): {value},
			"aws:username":       {value},
		}}
		got := Evaluate([]Document{docs}, req)
		s, err := Compile([]Document{docs})
		if err != nil {
			t.Fatalf("Compile of a parsed document: %v", err)
		}
		if again := s.Evaluate(req); again != got {
			t.Fatalf("Set.Evaluate = %v, Evaluate = %v", again, got)
		}
		if again := s.Evaluate(req); again != got {
			t.Fatalf("second Set.Evaluate = %v, first %v", again, got)
		}
	})
}

// FuzzGlob checks the wildcard matcher against a regular expression built
// from the same pattern.
func FuzzGlob(f *testing.F) {
	f.Add("arn:aws:execute-api:*:*:notesapi01/prod/*/notes/${aws:username}", notesARN+"alice", "alice", false)
	f.Add("a*b?c*${*}", "aXXbYc*", "", false)
	f.Add("iam:*accesskey*", "IAM:UpdateAccessKey", "", true)
	f.Add("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaab", "", false)
	f.Add("${aws:username, 'd''x'}*", "d'xyz", "", false)
	f.Fuzz(func(t *testing.T, pat, s, username string, fold bool) {
		if !utf8.ValidString(pat) || !utf8.ValidString(s) || !utf8.ValidString(username) {
			return
		}
		ctx := map[string][]string{"aws:username": {username}}
		p := compilePattern(pat, patternOptions{wildcards: true, variables: true, fold: fold})
		got := p.resolvable(ctx) && p.match(s, ctx)
		want := globReference(p, s, ctx, fold)
		if got != want {
			t.Fatalf("pattern %q on %q: match = %v, reference %v", pat, s, got, want)
		}
	})
}

// globReference matches with the regexp package: every token becomes a
// regular expression on its own.
func globReference(p pattern, s string, ctx map[string][]string, fold bool) bool {
	var b strings.Builder
	b.WriteString("^(?s)")
	if fold {
		b.WriteString("(?i)")
	}
	for _, t := range p.tokens {
		switch t.kind {
		case tokenStar:
			b.WriteString(".*")
		case tokenOne:
			b.WriteString(".")
		case tokenText:
			b.WriteString(regexp.QuoteMeta(t.text))
		case tokenVar:
			v, ok := t.resolve(ctx)
			if !ok {
				return false
			}
			b.WriteString(regexp.QuoteMeta(v))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()).MatchString(s)
}

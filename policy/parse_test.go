package policy

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		name string
		json string
		want Document
	}{
		{
			name: "single statement object and string elements",
			json: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:*:notesapi01/*"}}`,
			want: Document{Version: Version2012, Statements: []Statement{{
				Effect:   EffectAllow,
				Action:   []string{"execute-api:Invoke"},
				Resource: []string{"arn:aws:execute-api:us-east-1:*:notesapi01/*"},
			}}},
		},
		{
			name: "no Version (IAM reads it as 2008-10-17)",
			json: `{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}}`,
			want: Document{Statements: []Statement{{
				Effect:   EffectAllow,
				Action:   []string{"execute-api:Invoke"},
				Resource: []string{"*"},
			}}},
		},
		{
			name: "list of statements, lists, Not elements, Sid and Id",
			json: `{"Version":"2008-10-17","Id":"p1","Statement":[
				{"Sid":"One","Effect":"Deny","NotAction":["s3:Get*","iam:*"],"NotResource":["arn:aws:s3:::bucket/*","*"]},
				{"Sid":"Two","Effect":"Allow","Action":"*","Resource":"*"}]}`,
			want: Document{Version: Version2008, ID: "p1", Statements: []Statement{
				{Sid: "One", Effect: EffectDeny, NotAction: []string{"s3:Get*", "iam:*"}, NotResource: []string{"arn:aws:s3:::bucket/*", "*"}},
				{Sid: "Two", Effect: EffectAllow, Action: []string{"*"}, Resource: []string{"*"}},
			}},
		},
		{
			name: "condition with string, list, number and boolean values",
			json: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*",
				"Condition":{"StringEquals":{"aws:username":"alice"},"ForAnyValue:StringLike":{"aws:TagKeys":["a*","b?"]},
				"NumericLessThanIfExists":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true},"Null":{"aws:TokenIssueTime":"false"}}}]}`,
			want: Document{Version: Version2012, Statements: []Statement{{
				Effect:   EffectAllow,
				Action:   []string{"execute-api:Invoke"},
				Resource: []string{"*"},
				Condition: map[string]map[string][]string{
					"StringEquals":            {"aws:username": {"alice"}},
					"ForAnyValue:StringLike":  {"aws:TagKeys": {"a*", "b?"}},
					"NumericLessThanIfExists": {"s3:max-keys": {"10"}},
					"Bool":                    {"aws:SecureTransport": {"true"}},
					"Null":                    {"aws:TokenIssueTime": {"false"}},
				},
			}}},
		},
		{
			name: "empty condition is no condition",
			json: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{}}]}`,
			want: Document{Version: Version2012, Statements: []Statement{{Effect: EffectAllow, Action: []string{"*"}, Resource: []string{"*"}}}},
		},
		{
			name: "policy variables are kept verbatim",
			json: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}]}`,
			want: Document{Version: Version2012, Statements: []Statement{{Effect: EffectAllow, Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/${aws:username}/*"}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.json))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Parse =\n%#v\nwant\n%#v", got, tt.want)
			}
			// MarshalJSON round-trips.
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			again, err := Parse(out)
			if err != nil {
				t.Fatalf("Parse(Marshal) %s: %v", out, err)
			}
			if !reflect.DeepEqual(again, got) {
				t.Fatalf("round trip changed the document:\n%s\n%#v", out, again)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	const ok = `"Effect":"Allow","Action":"*","Resource":"*"`
	tests := []struct {
		name string
		json string
		want string
	}{
		{"empty", ``, "policy document is empty"},
		{"syntax", `{"Version":`, "invalid JSON: unexpected EOF"},
		{"trailing data", `{} {}`, "invalid JSON: unexpected data after the document"},
		{"not an object", `[]`, "policy document must be a JSON object, not a list"},
		{"null", `null`, "policy document must be a JSON object, not null"},
		{"missing statement", `{}`, "Statement: is required"},
		{"bad version", `{"Version":"2012-10-18","Statement":{` + ok + `}}`, `Version: must be "2012-10-17" or "2008-10-17"`},
		{"version type", `{"Version":2012,"Statement":{` + ok + `}}`, "Version: must be a string, not a number"},
		{"unknown top-level field", `{"Version":"2012-10-17","Statment":[],"Statement":{` + ok + `}}`, "Statment: unknown field"},
		{"statement type", `{"Version":"2012-10-17","Statement":"x"}`, "Statement: must be an object or a list of objects, not a string"},
		{"statement element type", `{"Version":"2012-10-17","Statement":[{` + ok + `},3]}`, "Statement[1]: must be an object, not a number"},
		{"empty statement list", `{"Version":"2012-10-17","Statement":[]}`, "Statement: must not be empty"},
		{"bad effect", `{"Version":"2012-10-17","Statement":[{` + ok + `},{"Effect":"allow","Action":"*","Resource":"*"}]}`, "Statement[1].Effect: must be Allow or Deny"},
		{"missing effect", `{"Version":"2012-10-17","Statement":{"Action":"*","Resource":"*"}}`, "Statement[0].Effect: must be Allow or Deny"},
		{"effect type", `{"Version":"2012-10-17","Statement":{"Effect":true,"Action":"*","Resource":"*"}}`, "Statement[0].Effect: must be a string, not a boolean"},
		{"no action", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}`, "Statement[0]: must have Action or NotAction"},
		{"both actions", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}}`, "Statement[0]: must not have both Action and NotAction"},
		{"no resource", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*"}}`, "Statement[0]: must have Resource or NotResource"},
		{"both resources", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}}`, "Statement[0]: must not have both Resource and NotResource"},
		{"empty action list", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}`, "Statement[0].Action: must not be empty"},
		{"bad action string", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invoke","Resource":"*"}}`, `Statement[0].Action: must be "*" or "<service>:<action>"`},
		{"bad action in list", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":["s3:Get*","s3 :Put"],"Resource":"*"}}`, `Statement[0].NotAction[1]: must be "*" or "<service>:<action>"`},
		{"action element type", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*",1],"Resource":"*"}}`, "Statement[0].Action[1]: must be a string, not a number"},
		{"action type", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":{"a":1},"Resource":"*"}}`, "Statement[0].Action: must be a string or a list of strings, not an object"},
		{"bad resource", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":["*","notesapi01/*"]}}`, `Statement[0].Resource[1]: must be "*" or an ARN`},
		{"principal", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`, "Statement[0].Principal: not allowed in an identity-based policy"},
		{"unknown statement field", `{"Version":"2012-10-17","Statement":{` + ok + `,"Efect":"Allow"}}`, "Statement[0].Efect: unknown field"},
		{"duplicate key", `{"Version":"2012-10-17","Statement":{` + ok + `,"Effect":"Deny"}}`, "Statement[0].Effect: duplicate key"},
		{"duplicate quoted key", `{"Version":"2012-10-17","Statement":{` + ok + `,"a b":1,"a b":2}}`, "Statement[0][\"a b\"]: duplicate key\nStatement[0][\"a b\"]: unknown field"},
		{"duplicate key in a list", `{"Version":"2012-10-17","Statement":[{` + ok + `,"Resource":"x"}]}`, "Statement[0].Resource: duplicate key"},
		{"bad sid", `{"Version":"2012-10-17","Statement":{"Sid":"a-b",` + ok + `}}`, "Statement[0].Sid: must contain only letters and digits"},
		{"duplicate sid", `{"Version":"2012-10-17","Statement":[{"Sid":"A",` + ok + `},{"Sid":"A",` + ok + `}]}`, `Statement[1].Sid: "A" is already used by Statement[0]`},
		{"condition type", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":[]}}`, "Statement[0].Condition: must be an object, not a list"},
		{"unknown operator", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"StringEqualz":{"a":"b"}}}}`, "Statement[0].Condition.StringEqualz: unknown condition operator"},
		{"null with IfExists", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"NullIfExists":{"a":"true"}}}}`, "Statement[0].Condition.NullIfExists: unknown condition operator"},
		{"operator block type", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"Bool":"true"}}}`, "Statement[0].Condition.Bool: must be an object, not a string"},
		{"empty operator block", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"Bool":{}}}}`, "Statement[0].Condition.Bool: must not be empty"},
		{"condition value type", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"StringLike":{"aws:username":[{"x":1}]}}}}`, "Statement[0].Condition.StringLike.aws:username[0]: must be a string, not an object"},
		{"empty condition values", `{"Version":"2012-10-17","Statement":{` + ok + `,"Condition":{"StringLike":{"a b":[]}}}}`, `Statement[0].Condition.StringLike["a b"]: must not be empty`},
		{"every problem", `{"Version":"1","Statement":[{"Effect":"Maybe","Action":"x","Resource":"y"},{"Effect":"Allow"}]}`, strings.Join([]string{
			`Version: must be "2012-10-17" or "2008-10-17"`,
			`Statement[0].Effect: must be Allow or Deny`,
			`Statement[0].Action: must be "*" or "<service>:<action>"`,
			`Statement[0].Resource: must be "*" or an ARN`,
			`Statement[1]: must have Action or NotAction`,
			`Statement[1]: must have Resource or NotResource`,
		}, "\n")},
		{"deep nesting", strings.Repeat("[", 40) + strings.Repeat("]", 40), "invalid JSON: nesting is deeper than 32 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %T is not Errors", err)
			}
			if got := err.Error(); got != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	data := make([]byte, MaxDocumentSize+1)
	_, err := Parse(data)
	if err == nil || err.Error() != "policy document is larger than 1 MiB" {
		t.Fatalf("err = %v", err)
	}
}

func TestUnmarshalJSONChecksShapeOnly(t *testing.T) {
	var d Document
	if err := json.Unmarshal([]byte(`{"Version":"1","Statement":{"Effect":"Maybe"}}`), &d); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if d.Version != "1" || d.Statements[0].Effect != "Maybe" {
		t.Fatalf("decoded %#v", d)
	}
	if got := d.Validate().Error(); got != "Version: must be \"2012-10-17\" or \"2008-10-17\"\nStatement[0].Effect: must be Allow or Deny\nStatement[0]: must have Action or NotAction\nStatement[0]: must have Resource or NotResource" {
		t.Fatalf("Validate = %q", got)
	}
	err := json.Unmarshal([]byte(`{"Statement":{"Effect":1}}`), &d)
	var errs Errors
	if !errors.As(err, &errs) || err.Error() != "Statement[0].Effect: must be a string, not a number" {
		t.Fatalf("Unmarshal err = %v", err)
	}
}

func TestMarshalJSON(t *testing.T) {
	d := Document{Version: Version2012, Statements: []Statement{{
		Effect:    EffectAllow,
		Action:    []string{"execute-api:Invoke"},
		Resource:  []string{"arn:aws:execute-api:us-east-1:*:a/*", "arn:aws:execute-api:us-east-1:*:b/*"},
		Condition: map[string]map[string][]string{"StringEquals": {"aws:username": {"alice"}}},
	}}}
	got, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":["arn:aws:execute-api:us-east-1:*:a/*","arn:aws:execute-api:us-east-1:*:b/*"],"Condition":{"StringEquals":{"aws:username":"alice"}}}]}`
	if string(got) != want {
		t.Fatalf("Marshal =\n%s\nwant\n%s", got, want)
	}
}

func TestParseOperator(t *testing.T) {
	tests := []struct {
		in   string
		want Operator
		ok   bool
	}{
		{"StringEquals", Operator{Base: "StringEquals"}, true},
		{"StringLikeIfExists", Operator{Base: "StringLike", IfExists: true}, true},
		{"ForAllValues:StringEquals", Operator{Set: "ForAllValues", Base: "StringEquals"}, true},
		{"ForAnyValue:ArnLikeIfExists", Operator{Set: "ForAnyValue", Base: "ArnLike", IfExists: true}, true},
		{"Null", Operator{Base: "Null"}, true},
		{"NullIfExists", Operator{}, false},
		{"ForAnyValue:Null", Operator{}, false},
		{"ForSomeValues:StringEquals", Operator{}, false},
		{"IfExists", Operator{}, false},
		{"stringequals", Operator{}, false},
		{"", Operator{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseOperator(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseOperator(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

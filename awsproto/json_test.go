package awsproto

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSplitTarget(t *testing.T) {
	tests := []struct {
		in, service, op string
		ok              bool
	}{
		{"AWSCognitoIdentityProviderService.InitiateAuth", "AWSCognitoIdentityProviderService", "InitiateAuth", true},
		{"AWSCognitoIdentityService.GetId", "AWSCognitoIdentityService", "GetId", true},
		{"a.b.C", "a.b", "C", true},
		{"NoDot", "", "", false},
		{".Op", "", "", false},
		{"Service.", "", "", false},
		{"", "", "", false},
	}
	for _, tt := range tests {
		s, op, ok := SplitTarget(tt.in)
		if s != tt.service || op != tt.op || ok != tt.ok {
			t.Errorf("SplitTarget(%q) = %q, %q, %v; want %q, %q, %v", tt.in, s, op, ok, tt.service, tt.op, tt.ok)
		}
	}
}

func TestUnmarshalJSON(t *testing.T) {
	type in struct {
		ClientId string
		Params   map[string]string
	}
	deep := strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth)
	tests := []struct {
		name, body string
		wantErr    string // "" for success, else the exact message
		wantCode   string
	}{
		{"object", `{"ClientId":"abc","Params":{"a":"b"}}`, "", ""},
		{"empty body", ``, "", ""},
		{"whitespace", " \n ", "", ""},
		{"array", `[1]`, "Start of structure or map found where not expected.", "SerializationException"},
		{"string", `"x"`, "Start of structure or map found where not expected.", "SerializationException"},
		{"malformed", `{"ClientId":`, "The request body is not valid JSON.", "SerializationException"},
		{"trailing data", `{} {}`, "The request body is not valid JSON.", "SerializationException"},
		{"wrong type", `{"ClientId":5}`, "Unexpected value for field ClientId.", "SerializationException"},
		{"too deep", `{"a":` + deep + `}`, "The request body is nested too deeply.", "SerializationException"},
		{"brackets in strings do not count", `{"ClientId":"` + strings.Repeat("[", 100) + `"}`, "", ""},
		{"too large", `{"ClientId":"` + strings.Repeat("a", MaxJSONBody) + `"}`, "Request body is too large.", "RequestEntityTooLargeException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v in
			err := UnmarshalJSON([]byte(tt.body), &v)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("UnmarshalJSON: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("UnmarshalJSON error = %v, want *Error", err)
			}
			if e.Message != tt.wantErr || e.Code != tt.wantCode || e.Status/100 != 4 {
				t.Fatalf("error = %+v, want %s %q", e, tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestWriteJSONError(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		status     int
		errType    string
		body       string
		notContain string
	}{
		{"aws error", NewError(400, "NotAuthorizedException", "Incorrect username or password."), 400,
			"NotAuthorizedException", `{"__type":"NotAuthorizedException","message":"Incorrect username or password."}`, ""},
		{"unknown operation", ErrUnknownOperation, 400, "UnknownOperationException", `{"__type":"UnknownOperationException"}`, ""},
		{"internal detail hidden", errors.New("sql: database is locked at /secret/path"), 500,
			"InternalErrorException", `{"__type":"InternalErrorException","message":"An internal error occurred."}`, "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			WriteJSONError(rec, tt.err)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("x-amzn-ErrorType"); got != tt.errType {
				t.Errorf("x-amzn-ErrorType = %q, want %q", got, tt.errType)
			}
			if got := rec.Header().Get("Content-Type"); got != ContentTypeJSON11 {
				t.Errorf("Content-Type = %q", got)
			}
			if got := rec.Body.String(); got != tt.body {
				t.Errorf("body = %s, want %s", got, tt.body)
			}
		})
	}
}

func TestWriteXMLError(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteXMLError(rec, STSNamespace, "req-1", ErrInvalidAction("Nope", "2011-06-15"))
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
		`<Code>InvalidAction</Code><Message>Could not find operation Nope for version 2011-06-15</Message></Error>` +
		`<RequestId>req-1</RequestId></ErrorResponse>`
	if rec.Code != http.StatusBadRequest || rec.Body.String() != want {
		t.Fatalf("got %d %s\nwant 400 %s", rec.Code, rec.Body.String(), want)
	}
}

// FuzzUnmarshalJSON checks that hostile bodies never panic and that every
// failure is an AWS error of the 4xx class.
func FuzzUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"a"}}`,
		`[`, `{"a":[[[[[[]]]]]]}`, `{"a":"\"[{"}`, "\x00", `{"a":1e999}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v map[string]any
		err := UnmarshalJSON(b, &v)
		if err == nil {
			if _, merr := json.Marshal(v); merr != nil {
				t.Fatalf("decoded value does not re-encode: %v", merr)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Status/100 != 4 {
			t.Fatalf("error %v is not a 4xx *Error", err)
		}
	})
}

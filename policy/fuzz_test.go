package policy

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
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

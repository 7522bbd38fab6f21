package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExpandTemplate(t *testing.T) {
	params := map[string]any{}
	if err := json.Unmarshal([]byte(`{"id":"a b/c","n":3,"ok":true,"list":["x","y z"],"path":"p/q r","null":null,"pct":"%41"}`), &params); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ tmpl, want, err string }{
		{tmpl: "/notes", want: "/notes"},
		{tmpl: "/notes/{id}", want: "/notes/a%20b%2Fc"},
		{tmpl: "/{n}/{ok}", want: "/3/true"},
		{tmpl: "/{list}", want: "/x,y%20z"},
		{tmpl: "/{id,n}", want: "/a%20b%2Fc,3"},
		{tmpl: "/files/{+path}", want: "/files/p/q%20r"},
		{tmpl: "/{+pct}/{pct}", want: "/%41/%2541"},
		{tmpl: "/{missing}/{null}/x", want: "///x"},
		{tmpl: "/{id:1}", want: "/a"},
		{tmpl: "/{id", err: "unclosed"},
		{tmpl: "/id}", err: "unmatched"},
		{tmpl: "/{}", err: "empty"},
		{tmpl: "/{?q}", err: "only {name}"},
		{tmpl: "/{id:x}", err: "prefix"},
	} {
		got, err := expandTemplate(tc.tmpl, params)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("expandTemplate(%q) = %q, %v; want an error with %q", tc.tmpl, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("expandTemplate(%q) = %q, %v; want %q", tc.tmpl, got, err, tc.want)
		}
	}
}

func TestRequestBody(t *testing.T) {
	for _, tc := range []struct{ body, contentType, want, err string }{
		{body: "{}", want: ""},
		{body: "[]", want: ""},
		{body: `""`, want: ""},
		{body: "null", want: ""},
		{body: "42", want: ""},
		{body: "true", want: ""},
		{body: `{ "b": 2, "a": [1, 2] }`, want: `{"b":2,"a":[1,2]}`},
		{body: `"text"`, want: `"text"`},
		{body: `"text"`, contentType: "text/plain", want: "text"},
		{body: `"text"`, contentType: "application/json; charset=utf-8", want: `"text"`},
		{body: "{", err: "not JSON"},
		{body: "{} {}", err: "more than one"},
		{body: "@/nonexistent/body.json", err: "no such file"},
	} {
		got, err := requestBody(tc.body, tc.contentType)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("requestBody(%q) = %q, %v; want an error with %q", tc.body, got, err, tc.err)
			}
			continue
		}
		if err != nil || string(got) != tc.want || (tc.want == "" && got != nil) {
			t.Errorf("requestBody(%q, %q) = %q, %v; want %q", tc.body, tc.contentType, got, err, tc.want)
		}
	}
}

func TestEncodeQuery(t *testing.T) {
	q := map[string]any{}
	if err := json.Unmarshal([]byte(`{"b":"x y+z","a":[1,"2"],"c":null,"d&":"é"}`), &q); err != nil {
		t.Fatal(err)
	}
	if got, want := encodeQuery(q), "a=1&a=2&b=x%20y%2Bz&d%26=%C3%A9"; got != want {
		t.Errorf("encodeQuery = %q, want %q", got, want)
	}
}

// FuzzExpandTemplate: any template and value expand without a panic, and
// a {name} expansion leaves only unreserved characters and escapes.
func FuzzExpandTemplate(f *testing.F) {
	f.Add("/notes/{id}", "a b/c")
	f.Add("/{+path}/{id:2}", "%41%zz")
	f.Add("/{a,b}/{", "é")
	f.Fuzz(func(t *testing.T, tmpl, value string) {
		params := map[string]any{"id": value, "path": value, "a": value, "b": []any{value, value}}
		_, _ = expandTemplate(tmpl, params)
		got, err := expandTemplate("{id}", params)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(got); i++ {
			if c := got[i]; !isUnreserved(c) && c != '%' {
				t.Fatalf("{id} with %q gave %q", value, got)
			}
		}
	})
}

package jsonlimit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestExceeds(t *testing.T) {
	tests := []struct {
		name string
		js   string
		deep int // the most objects and arrays open at once
	}{
		{"empty", ``, 0},
		{"scalar", `12`, 0},
		{"string", `"a"`, 0},
		{"empty object", `{}`, 1},
		{"empty array", `[]`, 1},
		{"object", `{"a":1,"b":"c"}`, 1},
		{"nested", `{"a":{"b":[1,{"c":[]}]}}`, 5},
		{"siblings do not add up", `[[],[],{},[]]`, 2},
		{"deepest in the middle", `[[1],[[[2]]],[3]]`, 4},
		{"whitespace", " [ \n [ ] \t ] ", 2},
		{"brackets in strings", `{"[[[":"{{{"}`, 1},
		{"escaped quote", `["\"[[["]`, 1},
		{"escaped backslash ends the string", `["\\",[[]]]`, 3},
		{"escaped backslash then quote", `["\\\"[",[]]`, 2},
		{"unicode escape", `["\u005b\u007b"]`, 1},
		{"unterminated string", `["[[[[`, 1},
		{"closers first", `]]]][[`, 0},
		{"closer then openers", `}{{`, 1},
		{"unclosed", `[[[[`, 4},
		{"deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), 100},
		{"deep in a string", `"` + strings.Repeat("[", 100) + `"`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := []byte(tt.js)
			if tt.deep > 0 && !Exceeds(js, tt.deep-1) {
				t.Errorf("Exceeds(%q, %d) = false, want true", tt.js, tt.deep-1)
			}
			for _, limit := range []int{tt.deep, tt.deep + 1, 1000} {
				if Exceeds(js, limit) {
					t.Errorf("Exceeds(%q, %d) = true, want false", tt.js, limit)
				}
			}
		})
	}
}

// FuzzDepth checks that Exceeds is false from some limit on and true below
// it, and that for valid JSON that limit is the nesting depth
// encoding/json sees.
func FuzzDepth(f *testing.F) {
	for _, s := range []string{
		``, `1`, `{}`, `[]`, `{"a":[1,{"b":null}]}`, `["\"[","\\",[]]`,
		`{"[":"]"}`, `]]][[`, `[[[[`, `["[[[`, `"\u005b"`, `[1,[2,[3]],4]`, `[1e700]`,
		strings.Repeat("[", 40) + strings.Repeat("]", 40),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, js []byte) {
		if Exceeds(js, len(js)) {
			t.Fatalf("Exceeds(%q, %d) = true: deeper than it is long", js, len(js))
		}
		// Exceeds is monotonic: once false, false for every larger limit.
		deep := -1
		for limit := 0; limit <= min(len(js), 200); limit++ {
			exceeds := Exceeds(js, limit)
			if deep >= 0 && exceeds {
				t.Fatalf("Exceeds(%q, %d) = true after Exceeds(..., %d) = false", js, limit, deep)
			}
			if deep < 0 && !exceeds {
				deep = limit
			}
		}
		if !json.Valid(js) {
			return
		}
		want := decoderDepth(t, js)
		if want <= min(len(js), 200) && deep != want {
			t.Fatalf("valid JSON %q nests %d levels deep, Exceeds says %d", js, want, deep)
		}
		if Exceeds(js, want) || want > 0 && !Exceeds(js, want-1) {
			t.Fatalf("Exceeds(%q, ...) disagrees with the depth %d", js, want)
		}
	})
}

// decoderDepth returns the nesting depth of the valid JSON js as
// encoding/json's tokens give it.
func decoderDepth(t *testing.T, js []byte) int {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber() // numbers too large for a float64 are still valid
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return deepest
		}
		if err != nil {
			t.Fatalf("Token on valid JSON %q: %v", js, err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

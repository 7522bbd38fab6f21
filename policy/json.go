package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

// maxDepth bounds the nesting of a document's JSON. A valid document nests
// seven levels deep (Statement list, statement, Condition, operator, key,
// value list); anything much deeper is rejected before it is walked.
const maxDepth = 32

var errTooDeep = errors.New("nesting is deeper than 32 levels")

// decodeJSON reads exactly one JSON value into generic form (map[string]any,
// []any, string, json.Number, bool, nil). Duplicate object keys are
// reported with their path and the first value is kept.
func decodeJSON(data []byte) (any, Errors) {
	r := jsonReader{dec: json.NewDecoder(bytes.NewReader(data))}
	r.dec.UseNumber()
	v, err := r.value("", 0)
	if err == nil {
		if _, extra := r.dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the document")
		}
	}
	switch {
	case err == io.EOF && !r.started:
		return nil, Errors{{Message: "policy document is empty"}}
	case err == io.EOF:
		return nil, Errors{{Message: "invalid JSON: " + io.ErrUnexpectedEOF.Error()}}
	case err != nil:
		return nil, Errors{{Message: "invalid JSON: " + err.Error()}}
	}
	// A single statement object is addressed as Statement[0], as in Validate.
	if m, ok := v.(map[string]any); ok {
		if _, single := m["Statement"].(map[string]any); single {
			for i, e := range r.errs {
				rest, ok := strings.CutPrefix(e.Path, "Statement")
				if ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, `["`)) {
					r.errs[i].Path = "Statement[0]" + rest
				}
			}
		}
	}
	return v, r.errs
}

type jsonReader struct {
	dec     *json.Decoder
	started bool
	// errs holds the duplicate keys found.
	errs Errors
}

func (r *jsonReader) value(path string, depth int) (any, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, err
	}
	r.started = true
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	if depth >= maxDepth {
		return nil, errTooDeep
	}
	switch delim {
	case '{':
		m := map[string]any{}
		for r.dec.More() {
			kt, err := r.dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			p := child(path, k)
			v, err := r.value(p, depth+1)
			if err != nil {
				return nil, err
			}
			if _, dup := m[k]; dup {
				r.errs = append(r.errs, FieldError{Path: p, Message: "duplicate key"})
				continue
			}
			m[k] = v
		}
		_, err := r.dec.Token()
		return m, err
	case '[':
		l := []any{}
		for r.dec.More() {
			v, err := r.value(fieldpath.Index(path, len(l)), depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		_, err := r.dec.Token()
		return l, err
	}
	return nil, errors.New("unexpected " + delim.String())
}

// kindOf names the JSON kind of a generic value for messages.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "an unsupported value"
}

var (
	documentKeys  = []string{"Version", "Id", "Statement"}
	statementKeys = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

// orderedKeys returns the keys of m: the known ones in the order given, then
// the others sorted.
func orderedKeys(m map[string]any, known []string) []string {
	keys := make([]string, 0, len(m))
	for _, k := range known {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	var other []string
	for k := range m {
		if !slices.Contains(known, k) {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	return append(keys, other...)
}

// UnmarshalJSON decodes a document in any of the forms AWS accepts. It
// checks the shape (types, unknown and duplicate keys), not the meaning: use
// Validate, or Parse for both. Its error is an Errors.
func (d *Document) UnmarshalJSON(data []byte) error {
	v, errs := decodeJSON(data)
	if v == nil && len(errs) > 0 {
		*d = Document{}
		return errs
	}
	l := errorList{errs: errs}
	d.fromValue(v, &l)
	if len(l.errs) > 0 {
		return l.errs
	}
	return nil
}

func (d *Document) fromValue(v any, errs *errorList) {
	*d = Document{}
	m, ok := v.(map[string]any)
	if !ok {
		errs.add("", "policy document must be a JSON object, not "+kindOf(v))
		return
	}
	for _, k := range orderedKeys(m, documentKeys) {
		val, p := m[k], child("", k)
		switch k {
		case "Version":
			d.Version = stringValue(val, p, errs)
		case "Id":
			d.ID = stringValue(val, p, errs)
		case "Statement":
			d.Statements = statementsValue(val, p, errs)
		default:
			errs.add(p, "unknown field")
		}
	}
}

func statementsValue(v any, path string, errs *errorList) []Statement {
	switch v := v.(type) {
	case map[string]any:
		return []Statement{statementValue(v, fieldpath.Index(path, 0), errs)}
	case []any:
		out := make([]Statement, len(v))
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				errs.add(fieldpath.Index(path, i), "must be an object, not "+kindOf(e))
				continue
			}
			out[i] = statementValue(m, fieldpath.Index(path, i), errs)
		}
		return out
	}
	errs.add(path, "must be an object or a list of objects, not "+kindOf(v))
	return []Statement{}
}

func statementValue(m map[string]any, path string, errs *errorList) Statement {
	var s Statement
	for _, k := range orderedKeys(m, statementKeys) {
		val, p := m[k], child(path, k)
		switch k {
		case "Sid":
			s.Sid = stringValue(val, p, errs)
		case "Effect":
			s.Effect = Effect(stringValue(val, p, errs))
		case "Principal", "NotPrincipal":
			errs.add(p, "not allowed in an identity-based policy")
		case "Action":
			s.Action = stringListValue(val, p, errs)
		case "NotAction":
			s.NotAction = stringListValue(val, p, errs)
		case "Resource":
			s.Resource = stringListValue(val, p, errs)
		case "NotResource":
			s.NotResource = stringListValue(val, p, errs)
		case "Condition":
			s.Condition = conditionValue(val, p, errs)
		default:
			errs.add(p, "unknown field")
		}
	}
	return s
}

func stringValue(v any, path string, errs *errorList) string {
	s, ok := v.(string)
	if !ok {
		errs.add(path, "must be a string, not "+kindOf(v))
	}
	return s
}

// stringListValue accepts a string or a list of strings. The result is never
// nil, so that a present but malformed element still counts as present.
func stringListValue(v any, path string, errs *errorList) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				errs.add(fieldpath.Index(path, i), "must be a string, not "+kindOf(e))
				errs.markFailed(path)
				continue
			}
			out = append(out, s)
		}
		return out
	}
	errs.add(path, "must be a string or a list of strings, not "+kindOf(v))
	return []string{}
}

func conditionValue(v any, path string, errs *errorList) map[string]map[string][]string {
	ops, ok := v.(map[string]any)
	if !ok {
		errs.add(path, "must be an object, not "+kindOf(v))
		return nil
	}
	if len(ops) == 0 {
		// An empty Condition is no condition at all.
		return nil
	}
	out := make(map[string]map[string][]string, len(ops))
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		opPath := child(path, op)
		keys, ok := ops[op].(map[string]any)
		if !ok {
			errs.add(opPath, "must be an object, not "+kindOf(ops[op]))
			out[op] = map[string][]string{}
			continue
		}
		block := make(map[string][]string, len(keys))
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			block[k] = conditionValues(keys[k], child(opPath, k), errs)
		}
		out[op] = block
	}
	return out
}

// conditionValues accepts a string, number or boolean, or a list of them, as
// the IAM grammar does; numbers and booleans keep their JSON text.
func conditionValues(v any, path string, errs *errorList) []string {
	if s, ok := scalarText(v); ok {
		return []string{s}
	}
	l, ok := v.([]any)
	if !ok {
		errs.add(path, "must be a string or a list of strings, not "+kindOf(v))
		return []string{}
	}
	out := make([]string, 0, len(l))
	for i, e := range l {
		s, ok := scalarText(e)
		if !ok {
			errs.add(fieldpath.Index(path, i), "must be a string, not "+kindOf(e))
			errs.markFailed(path)
			continue
		}
		out = append(out, s)
	}
	return out
}

func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// MarshalJSON renders the document in AWS's form: "Statement" is always a
// list, and a string list of one element is rendered as a plain string.
// Parsing the result gives back an equal document.
func (d Document) MarshalJSON() ([]byte, error) {
	w := wireDocument{Version: d.Version, ID: d.ID, Statement: make([]wireStatement, len(d.Statements))}
	for i, s := range d.Statements {
		ws := wireStatement{
			Sid:         s.Sid,
			Effect:      s.Effect,
			Action:      s.Action,
			NotAction:   s.NotAction,
			Resource:    s.Resource,
			NotResource: s.NotResource,
		}
		if s.Condition != nil {
			ws.Condition = make(map[string]map[string]stringOrList, len(s.Condition))
			for op, block := range s.Condition {
				wb := make(map[string]stringOrList, len(block))
				for k, vs := range block {
					wb[k] = vs
				}
				ws.Condition[op] = wb
			}
		}
		w.Statement[i] = ws
	}
	return json.Marshal(w)
}

type wireDocument struct {
	Version   string          `json:"Version,omitempty"`
	ID        string          `json:"Id,omitempty"`
	Statement []wireStatement `json:"Statement"`
}

type wireStatement struct {
	Sid         string                             `json:"Sid,omitempty"`
	Effect      Effect                             `json:"Effect,omitempty"`
	Action      stringOrList                       `json:"Action,omitempty"`
	NotAction   stringOrList                       `json:"NotAction,omitempty"`
	Resource    stringOrList                       `json:"Resource,omitempty"`
	NotResource stringOrList                       `json:"NotResource,omitempty"`
	Condition   map[string]map[string]stringOrList `json:"Condition,omitempty"`
}

// stringOrList marshals a one-element list as a plain string.
type stringOrList []string

func (l stringOrList) MarshalJSON() ([]byte, error) {
	if len(l) == 1 {
		return json.Marshal(l[0])
	}
	return json.Marshal([]string(l))
}

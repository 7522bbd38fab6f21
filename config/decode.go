package config

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
	"github.com/gatehouse-dev/gatehouse/policy"
)

// decoder reads the generic form of a document (what encoding/json gives
// with UseNumber: map[string]any, []any, string, json.Number, bool, nil)
// into the configuration types. Fields are matched by their json tag,
// exactly; unknown fields and values of the wrong type are reported with
// their path. Strings are ${ENV}-expanded, and defaults are applied to every
// struct before its fields are read.
type decoder struct {
	getenv func(string) (string, bool)
	errs   *errorList
}

var (
	durationType = reflect.TypeFor[Duration]()
	documentType = reflect.TypeFor[policy.Document]()
)

func (d *decoder) decode(v any, rv reflect.Value, path string) {
	switch rv.Type() {
	case durationType:
		d.duration(v, rv, path)
		return
	case documentType:
		d.document(v, rv, path)
		return
	}
	if v == nil {
		// An explicit null is an omitted field: it keeps its default.
		return
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
			applyDefaults(rv.Elem())
		}
		d.decode(v, rv.Elem(), path)
	case reflect.Struct:
		d.object(v, rv, path)
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			d.errs.fail(path, "must be a list, not "+kindOf(v))
			return
		}
		s := reflect.MakeSlice(rv.Type(), len(l), len(l))
		for i, e := range l {
			applyDefaults(s.Index(i))
			d.decode(e, s.Index(i), fieldpath.Index(path, i))
		}
		rv.Set(s)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.errs.fail(path, "must be a mapping, not "+kindOf(v))
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			e := reflect.New(rv.Type().Elem()).Elem()
			applyDefaults(e)
			d.decode(m[k], e, field(path, k))
			out.SetMapIndex(reflect.ValueOf(k), e)
		}
		rv.Set(out)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.errs.fail(path, notAString(v))
			return
		}
		rv.SetString(d.expand(s, path))
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.errs.fail(path, "must be true or false, not "+kindOf(v))
			return
		}
		rv.SetBool(b)
	case reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			d.errs.fail(path, "must be an integer, not "+kindOf(v))
			return
		}
		i, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil || rv.OverflowInt(i) {
			d.errs.fail(path, "must be an integer")
			return
		}
		rv.SetInt(i)
	case reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			d.errs.fail(path, "must be a number, not "+kindOf(v))
			return
		}
		f, err := strconv.ParseFloat(n.String(), 64)
		if err != nil {
			d.errs.fail(path, "must be a number")
			return
		}
		rv.SetFloat(f)
	default:
		d.errs.fail(path, "cannot be read (unsupported type "+rv.Type().String()+")")
	}
}

// object reads a mapping into the struct rv, field by field in declaration
// order, then reports the unknown keys in sorted order.
func (d *decoder) object(v any, rv reflect.Value, path string) {
	m, ok := v.(map[string]any)
	if !ok {
		d.errs.fail(path, "must be a mapping, not "+kindOf(v))
		return
	}
	t := rv.Type()
	known := make(map[string]bool, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		name := jsonName(t.Field(i))
		if name == "" {
			continue
		}
		known[name] = true
		if e, ok := m[name]; ok {
			d.decode(e, rv.Field(i), field(path, name))
		}
	}
	var unknown []string
	for k := range m {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		d.errs.fail(field(path, k), "unknown field")
	}
}

// jsonName is the key of a struct field: its json tag's name.
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

func (d *decoder) expand(s, path string) string {
	out, problems := expandEnv(s, d.getenv)
	for _, p := range problems {
		d.errs.fail(path, p)
	}
	return out
}

func (d *decoder) duration(v any, rv reflect.Value, path string) {
	if v == nil {
		return
	}
	const want = `must be a duration like "1h" or "90s"`
	s, ok := v.(string)
	if !ok {
		d.errs.fail(path, want+", not "+kindOf(v))
		return
	}
	dur, err := parseDuration(d.expand(s, path))
	if err != nil {
		d.errs.fail(path, want)
		return
	}
	rv.SetInt(int64(dur))
}

// document reads a policy document with policy.Parse, which reports its
// problems relative to the document; they are reported here under path, and
// the document is not checked again by validation.
func (d *decoder) document(v any, rv reflect.Value, path string) {
	data, err := json.Marshal(v)
	if err != nil {
		d.errs.fail(path, "cannot be read as JSON")
		return
	}
	doc, err := policy.Parse(data)
	if err == nil {
		rv.Set(reflect.ValueOf(doc))
		return
	}
	var errs policy.Errors
	if !errors.As(err, &errs) {
		d.errs.fail(path, err.Error())
		return
	}
	for _, e := range errs {
		d.errs.fail(joinPath(path, e.Path), e.Message)
	}
	d.errs.failed = append(d.errs.failed, path)
}

// joinPath appends a relative path ("Statement[1].Effect", `["a b"]`) to
// path.
func joinPath(path, rel string) string {
	switch {
	case rel == "":
		return path
	case path == "":
		return rel
	case rel[0] == '[':
		return path + rel
	}
	return path + "." + rel
}

// kindOf names the kind of a generic value for messages, in YAML's words.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return "an unsupported value"
}

// notAString explains a scalar given where a string is expected: YAML reads
// unquoted true, yes, off, 12 ... as booleans and numbers.
func notAString(v any) string {
	switch v.(type) {
	case bool, json.Number:
		return "must be a string, not " + kindOf(v) + " (quote the value)"
	}
	return "must be a string, not " + kindOf(v)
}

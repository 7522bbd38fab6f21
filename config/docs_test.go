package config

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docPath is the configuration reference, relative to this package.
const docPath = "../docs/configuration.md"

// walkFields calls visit for every field of the configuration, in
// declaration order, with its YAML path (from the json tags of Config and the
// types it holds: "region", "apis", "apis[].routes",
// "apis[].routes[].integration.timeout" ...; a list is written "[]", the key
// of a mapping "<key>") and its value in a zero struct with the defaults
// Parse applies. Policy documents (IAM JSON) and durations are single
// fields.
func walkFields(visit func(path string, v reflect.Value)) {
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		switch t.Kind() {
		case reflect.Pointer:
			walk(t.Elem(), path)
		case reflect.Slice:
			walk(t.Elem(), path+"[]")
		case reflect.Map:
			walk(t.Elem(), path+".<key>")
		case reflect.Struct:
			if t == documentType || t == durationType {
				return
			}
			v := reflect.New(t).Elem()
			applyDefaults(v)
			for i := 0; i < t.NumField(); i++ {
				name := jsonName(t.Field(i))
				if name == "" {
					continue
				}
				p := name
				if path != "" {
					p = path + "." + name
				}
				visit(p, v.Field(i))
				walk(t.Field(i).Type, p)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
}

// configFieldPaths returns the path of every field of the configuration.
func configFieldPaths() []string {
	var out []string
	walkFields(func(path string, _ reflect.Value) { out = append(out, path) })
	return out
}

func readDoc(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatalf("read the configuration reference: %v", err)
	}
	return string(data)
}

// TestConfigFieldPaths checks the walk itself, so that the test of the
// document cannot pass by finding no fields.
func TestConfigFieldPaths(t *testing.T) {
	paths := configFieldPaths()
	for _, want := range []string{
		"region",
		"messaging.smtp.port",
		"iam_users[].policies",
		"user_pools[].password_policy.require_symbols",
		"user_pools[].clients[].explicit_auth_flows",
		"user_pools[].users[].attributes",
		"identity_pools[].providers[].role_mapping.rules[].match_type",
		"apis[].routes[].integration.timeout",
		"apis[].usage_plans[].quota.period",
	} {
		if !slices.Contains(paths, want) {
			t.Errorf("field path %s not found", want)
		}
	}
	for _, p := range paths {
		if strings.Contains(p, "Statement") || strings.Contains(p, "Version") {
			t.Errorf("field path %s descends into a policy document", p)
		}
	}
	if len(paths) < 100 {
		t.Errorf("found only %d field paths", len(paths))
	}
}

// fieldRow is a row of one of the document's field tables, those whose
// header's first cell is "field": the field path in backticks in its first
// cell ("" when the cell is not one path in backticks), its cells, and its
// line.
type fieldRow struct {
	path  string
	cells []string
	line  int
}

func fieldRows(doc string) []fieldRow {
	var rows []fieldRow
	inTable, fieldTable := false, false
	for i, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		switch {
		case !inTable:
			inTable, fieldTable = true, cells[0] == "field"
			continue
		case !fieldTable, strings.HasPrefix(cells[0], "---"):
			continue
		}
		r := fieldRow{cells: cells, line: i + 1}
		if m := rowPathPattern.FindStringSubmatch(cells[0]); m != nil {
			r.path = m[1]
		}
		rows = append(rows, r)
	}
	return rows
}

// rowPathPattern is the first cell of a field row: one path in backticks.
var rowPathPattern = regexp.MustCompile("^`([^`]+)`$")

// TestDocsNameEveryField fails for each field of the configuration that has
// no row in a field table of docs/configuration.md, and for each row that
// names no field of the configuration (a renamed or removed field) or a
// field that already has a row.
func TestDocsNameEveryField(t *testing.T) {
	rows := fieldRows(readDoc(t))
	if len(rows) == 0 {
		t.Fatal("docs/configuration.md has no field table")
	}
	paths := configFieldPaths()
	documented := map[string]int{}
	for _, r := range rows {
		switch {
		case r.path == "":
			t.Errorf("docs/configuration.md:%d: the first cell of a field row must be a field path in backticks", r.line)
		case !slices.Contains(paths, r.path):
			t.Errorf("docs/configuration.md:%d: %s is not a field of the configuration", r.line, r.path)
		case documented[r.path] > 0:
			t.Errorf("docs/configuration.md:%d: %s already has a row at line %d", r.line, r.path, documented[r.path])
		default:
			documented[r.path] = r.line
		}
	}
	for _, p := range paths {
		if documented[p] == 0 {
			t.Errorf("docs/configuration.md does not document %s (give it a row: | `%s` | ...)", p, p)
		}
	}
}

// fieldDefaults returns the defaults that Parse gives omitted fields, by
// field path, each rendered as it is written in YAML (a list as its
// values). Fields whose default is the zero value are left out.
func fieldDefaults() map[string][]string {
	out := map[string][]string{}
	walkFields(func(path string, v reflect.Value) {
		if v.Kind() != reflect.Struct && !v.IsZero() {
			out[path] = renderDefault(v)
		}
	})
	return out
}

func renderDefault(v reflect.Value) []string {
	if d, ok := v.Interface().(Duration); ok {
		return []string{d.String()}
	}
	if v.Kind() == reflect.Slice {
		var out []string
		for i := 0; i < v.Len(); i++ {
			out = append(out, renderDefault(v.Index(i))...)
		}
		return out
	}
	return []string{fmt.Sprint(v.Interface())}
}

// TestDocsDefaults fails for each default of the configuration that the
// "required / default" cell of its row does not state.
func TestDocsDefaults(t *testing.T) {
	rows := map[string]fieldRow{}
	for _, r := range fieldRows(readDoc(t)) {
		rows[r.path] = r
	}
	defaults := fieldDefaults()
	if len(defaults) < 10 {
		t.Fatalf("found only %d defaults: %v", len(defaults), defaults)
	}
	t.Logf("%d defaults checked", len(defaults))
	for path, values := range defaults {
		r, ok := rows[path]
		if !ok {
			continue // TestDocsNameEveryField reports it
		}
		if len(r.cells) < 3 {
			t.Errorf("docs/configuration.md:%d: the row of %s has no default cell", r.line, path)
			continue
		}
		for _, v := range values {
			stated := regexp.MustCompile(`(^|[^A-Za-z0-9_.])` + regexp.QuoteMeta(v) + `($|[^A-Za-z0-9_])`)
			if !stated.MatchString(r.cells[2]) {
				t.Errorf("docs/configuration.md:%d: the default of %s, %s, is not in %q", r.line, path, v, r.cells[2])
			}
		}
	}
}

// yamlBlockPattern finds the ```yaml blocks of the document.
var yamlBlockPattern = regexp.MustCompile("(?ms)^```yaml\n(.*?)^```")

// docExampleEnv is the environment the document's examples refer to.
var docExampleEnv = map[string]string{
	"ADMIN_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"SMTP_PASSWORD":           "smtp-password",
	"BACKEND_CLIENT_SECRET":   "backend-client-secret-0123456789",
	"PARTNER_API_KEY":         "partner-key-0123456789abcdef",
}

// TestDocsExamplesParse parses every complete YAML example of the document
// with Parse; fragments (first line "# fragment") must be valid YAML.
func TestDocsExamplesParse(t *testing.T) {
	doc := readDoc(t)
	blocks := yamlBlockPattern.FindAllStringSubmatchIndex(doc, -1)
	complete := 0
	for _, b := range blocks {
		text := doc[b[2]:b[3]]
		line := 1 + strings.Count(doc[:b[2]], "\n")
		first, _, _ := strings.Cut(text, "\n")
		if strings.HasPrefix(strings.TrimSpace(first), "# fragment") {
			if _, errs := readYAML([]byte(text)); errs != nil {
				t.Errorf("the YAML fragment at line %d is not valid YAML:\n%v", line, errs)
			}
			continue
		}
		complete++
		if _, err := Parse([]byte(text), env(docExampleEnv)); err != nil {
			t.Errorf("the YAML example at line %d does not parse:\n%v", line, err)
		}
	}
	if complete == 0 {
		t.Error("no complete YAML example found")
	}
	t.Logf("%d YAML blocks, %d complete examples parsed", len(blocks), complete)
}

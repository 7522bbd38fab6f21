package config

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// docPath is the configuration reference, relative to this package.
const docPath = "../docs/configuration.md"

// configFieldPaths returns the YAML path of every field of the
// configuration, from the json tags of Config and the types it holds, in
// declaration order: "region", "apis", "apis[].routes",
// "apis[].routes[].integration.timeout" ... A list is written "[]", the
// key of a mapping "<key>". Policy documents (IAM JSON) and durations are
// single fields.
func configFieldPaths() []string {
	var out []string
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
			for i := 0; i < t.NumField(); i++ {
				name := jsonName(t.Field(i))
				if name == "" {
					continue
				}
				p := name
				if path != "" {
					p = path + "." + name
				}
				out = append(out, p)
				walk(t.Field(i).Type, p)
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
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

// fieldRows returns the field paths of the rows of the document's field
// tables, those whose header's first cell is "field", with the line of
// each. Every row of such a table must name one field, in backticks, in its
// first cell; a row that does not is reported as "" with its line.
func fieldRows(doc string) (paths []string, lines []int) {
	inTable, fieldTable := false, false
	for i, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(line, "|")
		first := strings.TrimSpace(cells[1])
		switch {
		case !inTable:
			inTable, fieldTable = true, first == "field"
			continue
		case !fieldTable, strings.HasPrefix(first, "---"):
			continue
		}
		path := ""
		if m := rowPathPattern.FindStringSubmatch(first); m != nil {
			path = m[1]
		}
		paths = append(paths, path)
		lines = append(lines, i+1)
	}
	return paths, lines
}

// rowPathPattern is the first cell of a field row: one path in backticks.
var rowPathPattern = regexp.MustCompile("^`([^`]+)`$")

// TestDocsNameEveryField fails for each field of the configuration that has
// no row in a field table of docs/configuration.md, and for each row that
// names no field of the configuration (a renamed or removed field) or a
// field that already has a row.
func TestDocsNameEveryField(t *testing.T) {
	rows, lines := fieldRows(readDoc(t))
	if len(rows) == 0 {
		t.Fatal("docs/configuration.md has no field table")
	}
	paths := configFieldPaths()
	for _, p := range paths {
		if !slices.Contains(rows, p) {
			t.Errorf("docs/configuration.md does not document %s (give it a row: | `%s` | ...)", p, p)
		}
	}
	seen := map[string]int{}
	for i, r := range rows {
		switch {
		case r == "":
			t.Errorf("docs/configuration.md:%d: the first cell of a field row must be a field path in backticks", lines[i])
		case !slices.Contains(paths, r):
			t.Errorf("docs/configuration.md:%d: %s is not a field of the configuration", lines[i], r)
		case seen[r] > 0:
			t.Errorf("docs/configuration.md:%d: %s already has a row at line %d", lines[i], r, seen[r])
		default:
			seen[r] = lines[i]
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

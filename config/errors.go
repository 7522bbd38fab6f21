package config

import (
	"strconv"
	"strings"
)

// FieldError is one problem in a configuration. Path names the field, like
// "apis[0].routes[3].auth"; it is empty for problems with the document as a
// whole (YAML syntax, size), whose message then carries a line number when
// there is one.
type FieldError struct {
	Path    string
	Message string
}

// Error renders the problem as "path: message".
func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Errors is every problem found in a configuration: first those found while
// reading it (syntax, unknown fields, types, environment variables), then
// those found by validation, each in document order. Parse, Load and
// Config.Validate return it as their error.
type Errors []FieldError

// Error renders one problem per line, "path: message".
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errorList collects problems, and the paths of the values that could not
// be read so that validation does not report them a second time.
type errorList struct {
	errs   Errors
	failed []string
}

func (l *errorList) add(path, message string) {
	l.errs = append(l.errs, FieldError{Path: path, Message: message})
}

// fail reports a value that could not be read.
func (l *errorList) fail(path, message string) {
	l.add(path, message)
	l.failed = append(l.failed, path)
}

// err returns the problems as an error, or nil.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs
}

// field returns the path of the field or map key name of the mapping at
// path. Names made of other characters than letters, digits, "_", "-" and
// ":" are quoted: request_parameters["integration.request.header.x"].
func field(path, name string) string {
	if !plainName(name) {
		return path + "[" + strconv.Quote(name) + "]"
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

func plainName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '_', r == '-', r == ':':
		default:
			return false
		}
	}
	return true
}

// index returns the path of element i of the list at path.
func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// under reports whether path is p or lies inside it.
func under(path, p string) bool {
	if p == "" {
		return true
	}
	if !strings.HasPrefix(path, p) {
		return false
	}
	rest := path[len(p):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// withoutUnder drops the problems that lie inside one of the failed paths.
func withoutUnder(es Errors, failed []string) Errors {
	if len(failed) == 0 {
		return es
	}
	out := es[:0:0]
next:
	for _, e := range es {
		for _, f := range failed {
			if under(e.Path, f) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

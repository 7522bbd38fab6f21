package policy

import (
	"strconv"
	"strings"
)

// FieldError is one problem in a policy document. Path names the offending
// element relative to the document root ("Statement[1].Effect"); it is empty
// for problems with the document as a whole.
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

// Errors is every problem found in a document: those of its shape (syntax,
// types, unknown and duplicate keys) first, then those of its meaning, each
// in document order. It is the error type of Parse and Document.UnmarshalJSON.
type Errors []FieldError

// Error renders one problem per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// errorList collects problems while walking a document, and the paths of the
// values that could not be decoded.
type errorList struct {
	errs   Errors
	failed []string
}

func (l *errorList) add(path, message string) {
	l.errs = append(l.errs, FieldError{Path: path, Message: message})
	l.failed = append(l.failed, path)
}

// markFailed records that the value at path was not fully decoded (one of
// its elements was reported) without reporting anything more.
func (l *errorList) markFailed(path string) {
	l.failed = append(l.failed, path)
}

// child returns the path of the member called name of the object at path.
// Names made of other characters than letters, digits and _ : / - * ? are
// quoted: Condition["a b"].
func child(path, name string) string {
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
		case r == '_', r == ':', r == '/', r == '-', r == '*', r == '?':
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

// withoutUnder drops from es the problems that lie inside one of the paths
// in failed: a value that could not be decoded is reported once, not again
// by the checks of its meaning.
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

package config

import "github.com/gatehouse-dev/gatehouse/internal/fieldpath"

// FieldError is one problem in a configuration. Path names the field, like
// "apis[0].routes[3].auth"; it is empty for problems with the document as a
// whole (YAML syntax, size), whose message then carries a line number when
// there is one. Its Error method renders it as "path: message".
type FieldError = fieldpath.Error

// Errors is every problem found in a configuration: first those found while
// reading it (syntax, unknown fields, types, environment variables), then
// those found by validation, each in document order. Parse, Load and
// Config.Validate return it as their error. Its Error method renders one
// problem per line, "path: message".
type Errors = fieldpath.List

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
	return fieldpath.Child(path, name, "_-:")
}

package policy

import "github.com/gatehouse-dev/gatehouse/internal/fieldpath"

// FieldError is one problem in a policy document. Path names the offending
// element relative to the document root ("Statement[1].Effect"); it is empty
// for problems with the document as a whole. Its Error method renders it as
// "path: message".
type FieldError = fieldpath.Error

// Errors is every problem found in a document: those of its shape (syntax,
// types, unknown and duplicate keys) first, then those of its meaning, each
// in document order. It is the error type of Parse and Document.UnmarshalJSON.
// Its Error method renders one problem per line.
type Errors = fieldpath.List

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
	return fieldpath.Child(path, name, "_:/-*?")
}

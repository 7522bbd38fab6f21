package policy

import "github.com/gatehouse-dev/gatehouse/internal/fieldpath"

// MaxDocumentSize bounds the JSON that Parse reads. AWS's own limits are
// far smaller (10,240 characters for an inline role policy); this one only
// protects the parser.
const MaxDocumentSize = 1 << 20

// Parse reads a JSON policy document and validates it. Its error is an
// Errors listing every problem found, each with its path.
func Parse(data []byte) (Document, error) {
	if len(data) > MaxDocumentSize {
		return Document{}, Errors{{Message: "policy document is larger than 1 MiB"}}
	}
	v, shape := decodeJSON(data)
	if v == nil && len(shape) > 0 {
		return Document{}, shape
	}
	l := errorList{errs: shape}
	for _, e := range shape {
		l.markFailed(e.Path)
	}
	var d Document
	d.fromValue(v, &l)
	all := append(l.errs[:len(l.errs):len(l.errs)], fieldpath.WithoutUnder(d.Validate(), l.failed)...)
	if len(all) > 0 {
		return Document{}, all
	}
	return d, nil
}

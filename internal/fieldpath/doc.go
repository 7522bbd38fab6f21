// Package fieldpath names the places of problems found in a structured
// document (a configuration, a policy), and lists those problems.
//
// A path is written from the root down: names of object members or mapping
// keys are joined with ".", list elements are indexed with "[i]", and a name
// that is not plain is quoted in brackets:
//
//	apis[0].routes[3].auth
//	Statement[1].Condition["a b"]
//
// Each package chooses which characters besides ASCII letters and digits
// its plain names may hold. The empty path is the document as a whole.
//
// Error is one problem at a path, List all of them. WithoutUnder lets a
// reader that could not decode a value keep the later checks of the
// document's meaning from reporting that value again.
package fieldpath

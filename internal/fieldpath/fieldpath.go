package fieldpath

import (
	"strconv"
	"strings"
)

// Error is one problem in a document. Path names the offending element; it
// is empty for problems with the document as a whole.
type Error struct {
	Path    string
	Message string
}

// Error renders the problem as "path: message", or as the message alone
// when the path is empty.
func (e Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// List is every problem found in a document.
type List []Error

// Error renders one problem per line, "path: message".
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Child returns the path of the member called name of the object at path:
// "path.name", or just "name" at the root. A name that is empty or holds
// any character other than ASCII letters, digits and the characters of
// extra is quoted instead: path["a b"].
func Child(path, name, extra string) string {
	if !plain(name, extra) {
		return path + "[" + strconv.Quote(name) + "]"
	}
	if path == "" {
		return name
	}
	return path + "." + name
}

func plain(name, extra string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune(extra, r):
		default:
			return false
		}
	}
	return true
}

// Index returns the path of element i of the list at path.
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// Under reports whether path is p or lies inside it. Every path lies inside
// the empty path.
func Under(path, p string) bool {
	if p == "" {
		return true
	}
	if !strings.HasPrefix(path, p) {
		return false
	}
	rest := path[len(p):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// WithoutUnder returns the problems of l that do not lie inside any of the
// paths in failed, in their order. It returns l itself when failed is
// empty, and otherwise a new list: l is not modified.
func WithoutUnder(l List, failed []string) List {
	if len(failed) == 0 {
		return l
	}
	out := l[:0:0]
next:
	for _, e := range l {
		for _, f := range failed {
			if Under(e.Path, f) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

package gateway

import (
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/config"
)

// fuzzRoutes is a resource tree with literal, {param} and greedy
// resources side by side.
var fuzzRoutes = []struct{ method, path string }{
	{"GET", "/"},
	{"GET", "/notes"},
	{"POST", "/notes"},
	{"GET", "/notes/{id}"},
	{"ANY", "/notes/{id}/tags/{tag}"},
	{"GET", "/notes/special"},
	{"ANY", "/files/{proxy+}"},
	{"GET", "/files/{dir}/meta"},
	{"ANY", "/{proxy+}"},
}

func fuzzTree() *resource {
	root := newResource("/")
	for _, r := range fuzzRoutes {
		root.add(&Route{Method: r.method, Resource: r.path, Config: &config.Route{Method: r.method, Path: r.path}})
	}
	return root
}

func TestLookup(t *testing.T) {
	root := fuzzTree()
	tests := []struct {
		method, path, resource string
		params                 map[string]string
	}{
		{"GET", "/", "/", nil},
		{"GET", "/notes", "/notes", nil},
		{"GET", "/notes/", "/notes", nil},
		{"POST", "/notes", "/notes", nil},
		{"DELETE", "/notes", "/{proxy+}", map[string]string{"proxy": "notes"}},
		{"GET", "/notes/special", "/notes/special", nil},
		{"GET", "/notes/abc", "/notes/{id}", map[string]string{"id": "abc"}},
		{"PUT", "/notes/abc", "/{proxy+}", map[string]string{"proxy": "notes/abc"}},
		{"PATCH", "/notes/a/tags/b", "/notes/{id}/tags/{tag}", map[string]string{"id": "a", "tag": "b"}},
		{"GET", "/files/x/meta", "/files/{dir}/meta", map[string]string{"dir": "x"}},
		{"GET", "/files/x/y/meta", "/files/{proxy+}", map[string]string{"proxy": "x/y/meta"}},
		{"GET", "/files/x", "/files/{proxy+}", map[string]string{"proxy": "x"}},
		{"GET", "/notes//x", "/{proxy+}", map[string]string{"proxy": "notes//x"}},
	}
	for _, tt := range tests {
		var m match
		if !root.lookup(tt.method, tt.path, &m) {
			t.Errorf("%s %s: no match", tt.method, tt.path)
			continue
		}
		got := m.pathParameters()
		if m.route.Resource != tt.resource || len(got) != len(tt.params) {
			t.Errorf("%s %s = %s %v, want %s %v", tt.method, tt.path, m.route.Resource, got, tt.resource, tt.params)
			continue
		}
		for k, v := range tt.params {
			if got[k] != v {
				t.Errorf("%s %s: %s = %q, want %q", tt.method, tt.path, k, got[k], v)
			}
		}
	}
	lone := newResource("/")
	lone.add(&Route{Method: "GET", Resource: "/a/{b}", Config: &config.Route{}})
	for _, p := range []string{"/", "/a", "/a/b/c", "/b/c"} {
		var m match
		if lone.lookup("GET", p, &m) {
			t.Errorf("GET %s matched %s", p, m.route.Resource)
		}
	}
}

// FuzzLookup matches arbitrary paths: a match has parameters for every
// variable of its resource, and substituting them gives back the path.
func FuzzLookup(f *testing.F) {
	for _, s := range []string{"/", "/notes", "/notes/abc", "/notes/a/tags/b", "/files/a/b/c", "//", "/notes//", "/%2F/x", "/files/{x}/meta"} {
		f.Add("GET", s)
	}
	root := fuzzTree()
	f.Fuzz(func(t *testing.T, method, path string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		var m match
		if !root.lookup(method, path, &m) {
			return
		}
		if m.n != len(m.route.params) {
			t.Fatalf("%s: %d values for params %v", path, m.n, m.route.params)
		}
		rebuilt := m.route.Resource
		for i, name := range m.route.params {
			rebuilt = strings.Replace(rebuilt, "{"+name+"+}", m.values[i], 1)
			rebuilt = strings.Replace(rebuilt, "{"+name+"}", m.values[i], 1)
			if m.values[i] == "" {
				t.Fatalf("%s: empty value for %s", path, name)
			}
		}
		want := strings.TrimSuffix(path, "/")
		if want == "" {
			want = "/"
		}
		if rebuilt != want {
			t.Fatalf("%s matched %s, which rebuilds %s", path, m.route.Resource, rebuilt)
		}
	})
}

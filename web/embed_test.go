package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path"
	"testing"
)

// Every built file is embedded and served with its type; a path that names
// no file goes to the not-found handler, another method than GET or HEAD
// gets 405.
func TestHandler(t *testing.T) {
	names, err := fs.Glob(FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index.html", "app.js", "app.css", "favicon.svg", "THIRD_PARTY_LICENSES.txt"} {
		if _, err := fs.Stat(FS(), want); err != nil {
			t.Errorf("dist/ lacks %s (has %v): run npm run build in web/", want, names)
		}
	}
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := Handler(notFound)
	serve := func(method, target string, header map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, target, nil)
		for k, v := range header {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for _, name := range names {
		want, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		w := serve("GET", "/"+name, nil)
		if w.Code != 200 || w.Body.String() != string(want) {
			t.Errorf("GET /%s = %d, %d bytes, want the %d bytes of the file", name, w.Code, w.Body.Len(), len(want))
		}
		if got := w.Header().Get("Content-Type"); got != contentTypes[path.Ext(name)] || got == "" {
			t.Errorf("GET /%s: Content-Type %q", name, got)
		}
		if got := w.Header().Get("Content-Security-Policy"); got != ContentSecurityPolicy {
			t.Errorf("GET /%s: Content-Security-Policy %q", name, got)
		}
		if w := serve("GET", "/"+name, map[string]string{"If-None-Match": w.Header().Get("ETag")}); w.Code != http.StatusNotModified {
			t.Errorf("GET /%s with its ETag = %d, want 304", name, w.Code)
		}
	}
	if w := serve("GET", "/", nil); w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("GET / = %d %q, want index.html", w.Code, w.Header().Get("Content-Type"))
	}
	for _, target := range []string{"/nothing", "/src/app.js", "/dist/app.js", "/../embed.go", "/index.html/"} {
		if w := serve("GET", target, nil); w.Code != http.StatusTeapot {
			t.Errorf("GET %s = %d, want the not-found handler's", target, w.Code)
		}
	}
	if w := serve("PUT", "/app.js", nil); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("PUT /app.js = %d Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

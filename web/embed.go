// Package web is the notes demo as a browser app, which `gatehouse serve`
// serves at /_gatehouse/: sign-up with the code from the outbox, SRP sign-in
// with amazon-cognito-identity-js, identity pool credentials, and the notes
// API called with SigV4-signed requests (aws4fetch).
//
// The sources are in src/; `npm run build` bundles them into dist/, which is
// committed and embedded here, so that building Gatehouse needs no npm. The
// build is byte-for-byte reproducible (e2e/web_build_test.go checks dist/
// against a fresh build).
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed dist
var dist embed.FS

// FS returns the built app: index.html, app.js, app.css, favicon.svg and
// THIRD_PARTY_LICENSES.txt.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: cannot happen
	}
	return sub
}

// ContentSecurityPolicy allows the page to load its own files only and to
// connect to its own origin only, where Gatehouse serves the AWS endpoints
// and the API.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SetHeaders sets the headers every response of the app carries: no caching
// without revalidation, the Content-Security-Policy, no MIME sniffing, no
// framing and no referrer.
func SetHeaders(h http.Header) {
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// contentTypes are the types of the files in dist/, by extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// file is one file of the app, read once.
type file struct {
	name        string
	content     []byte
	etag        string
	contentType string
}

// files are the app's files by name, read from the embedded dist/ once.
var files = sync.OnceValue(func() map[string]file {
	out := map[string]file{}
	entries, _ := fs.ReadDir(dist, "dist")
	for _, e := range entries {
		ctype, ok := contentTypes[path.Ext(e.Name())]
		if e.IsDir() || !ok {
			continue
		}
		b, err := fs.ReadFile(dist, "dist/"+e.Name())
		if err != nil {
			continue
		}
		sum := sha256.Sum256(b)
		out[e.Name()] = file{name: e.Name(), content: b, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, contentType: ctype}
	}
	return out
})

// Handler serves the app at the root of its URL space: "/" is index.html,
// "/app.js" app.js, and so on (mount it with http.StripPrefix). GET and HEAD
// only; ETag and If-None-Match are honoured. Paths that name no file go to
// notFound.
func Handler(notFound http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name == "" {
			name = "index.html"
		}
		f, ok := files()[name]
		if !ok {
			notFound.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			h.Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusMethodNotAllowed)
			_, _ = w.Write([]byte(`{"message":"Method Not Allowed"}`))
			return
		}
		SetHeaders(h)
		h.Set("Content-Type", f.contentType)
		h.Set("ETag", f.etag)
		http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.content))
	})
}

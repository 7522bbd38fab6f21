package jws

import (
	"encoding/json"
	"net/http"
)

// BaseURL returns scheme://host of r as the client made it
// (X-Forwarded-Proto when a proxy terminated TLS), for the jwks_uri of a
// discovery document.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

// WriteDocument writes a JWKS or discovery document (or its error) as
// JSON: cacheable for an hour when status is 200, never cached otherwise.
func WriteDocument(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"message":"Internal server error"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if status == http.StatusOK {
		h.Set("Cache-Control", "public, max-age=3600")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

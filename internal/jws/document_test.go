package jws

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestBaseURL(t *testing.T) {
	r := httptest.NewRequest("GET", "http://127.0.0.1:8080/x", nil)
	if got := BaseURL(r); got != "http://127.0.0.1:8080" {
		t.Errorf("BaseURL = %q", got)
	}
	r.Header.Set("X-Forwarded-Proto", "https")
	if got := BaseURL(r); got != "https://127.0.0.1:8080" {
		t.Errorf("BaseURL behind a TLS proxy = %q", got)
	}
	r.Header.Set("X-Forwarded-Proto", "javascript")
	if got := BaseURL(r); got != "http://127.0.0.1:8080" {
		t.Errorf("BaseURL with a bogus X-Forwarded-Proto = %q", got)
	}
}

func TestWriteDocument(t *testing.T) {
	for _, tt := range []struct {
		status int
		cache  string
	}{{http.StatusOK, "public, max-age=3600"}, {http.StatusNotFound, "no-store"}} {
		rec := httptest.NewRecorder()
		WriteDocument(rec, tt.status, map[string]string{"a": "b"})
		if rec.Code != tt.status || rec.Header().Get("Cache-Control") != tt.cache ||
			rec.Header().Get("Content-Type") != "application/json" || rec.Body.String() != `{"a":"b"}` {
			t.Errorf("status %d: got %d %v %s", tt.status, rec.Code, rec.Header(), rec.Body)
		}
	}
}

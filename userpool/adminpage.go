package userpool

import (
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Pagination of the administrative listings. A PaginationToken or NextToken
// is opaque to clients: the listing it belongs to (scope) and the id of the
// last item returned, in base64url.

// pageToken returns the token that continues the listing scope after id.
func pageToken(scope, after string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(scope + "\x00" + after))
}

// pageAfter returns the id a token of the listing scope continues after
// ("" for no token).
func pageAfter(scope, token string) (string, error) {
	if token == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", errInvalidPaginationToken
	}
	got, after, ok := strings.Cut(string(raw), "\x00")
	if !ok || got != scope || after == "" {
		return "", errInvalidPaginationToken
	}
	return after, nil
}

// pageOf returns the page of items (sorted by key) that follows token, at
// most limit long, and the token of the next page ("" on the last).
func pageOf[T any](items []T, key func(T) string, scope, token string, limit int) ([]T, string, error) {
	after, err := pageAfter(scope, token)
	if err != nil {
		return nil, "", err
	}
	page := []T{}
	for i, it := range items {
		if after != "" && key(it) <= after {
			continue
		}
		if len(page) == limit {
			return page, pageToken(scope, key(items[i-1])), nil
		}
		page = append(page, it)
	}
	return page, "", nil
}

// listPage is the answer of a listing: the page of items under member and,
// unless the page is the last, the token of the next one under
// tokenMember.
func listPage(member string, items any, tokenMember, next string) map[string]any {
	out := map[string]any{member: items}
	if next != "" {
		out[tokenMember] = next
	}
	return out
}

// Characters of generated ids and secrets.
const (
	alphanumeric      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789"
)

// randomString returns n characters drawn uniformly from set.
func randomString(random io.Reader, n int, set string) (string, error) {
	b := make([]byte, n)
	for i := range b {
		c, err := randomChar(random, set)
		if err != nil {
			return "", fmt.Errorf("userpool: random id: %w", err)
		}
		b[i] = c
	}
	return string(b), nil
}

func itoa(n int) string { return strconv.Itoa(n) }

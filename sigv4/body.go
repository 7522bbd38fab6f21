package sigv4

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"io"
	"net/http"
)

// DefaultMaxBodySize is the largest body Verify reads to hash it: 10 MiB,
// API Gateway's payload limit.
const DefaultMaxBodySize = 10 << 20

// payloadHash is the last line of a canonical request.
type payloadHash struct {
	literal string   // from X-Amz-Content-Sha256, or emptySHA256
	sum     [64]byte // hex SHA-256 of the body, when literal is ""
	// check: literal is a hash the body must be checked against once the
	// signature matches.
	check bool
}

func (p *payloadHash) appendTo(dst []byte) []byte {
	if p.literal != "" {
		return append(dst, p.literal...)
	}
	return append(dst, p.sum[:]...)
}

// resolvePayload decides what a received request's signature covers: the
// X-Amz-Content-Sha256 header (or, for a presigned request, query
// parameter) when present, used as is; otherwise the SHA-256 of the body,
// which is then read (at most maxBody bytes) and put back for the next
// handler.
func resolvePayload(r *http.Request, rawQuery string, presigned bool, maxBody int64, p *payloadHash) error {
	v, ok := "", false
	if vals := r.Header[HeaderContentSHA256]; len(vals) > 0 {
		v, ok = vals[0], true
	} else if presigned {
		v, ok = queryParam(rawQuery, paramContentSHA256)
	}
	if ok {
		switch {
		case v == UnsignedPayload:
			p.literal = v
		case isHexSHA256(v):
			p.literal, p.check = v, true
		default:
			return NewError(KindInvalidContentSHA256, "")
		}
		return nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		p.literal = emptySHA256
		return nil
	}
	body, err := readBody(r, maxBody)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	hexEncode(p.sum[:], sum[:])
	return nil
}

// checkBody verifies, after the signature matched, that the body hashes to
// the X-Amz-Content-Sha256 value the signature covered.
func checkBody(r *http.Request, maxBody int64, p *payloadHash) error {
	if !p.check {
		return nil
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		if body, err = readBody(r, maxBody); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(body)
	var got [64]byte
	hexEncode(got[:], sum[:])
	var want [64]byte
	copy(want[:], p.literal)
	for i, c := range want { // the header may use uppercase hex
		if 'A' <= c && c <= 'F' {
			want[i] = c + 'a' - 'A'
		}
	}
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return ContentSHA256Mismatch()
	}
	return nil
}

// readBody reads r's body, at most maxBody bytes, and replaces it with an
// in-memory copy so the next handler can read it again. A larger body is a
// RequestTooLarge error.
func readBody(r *http.Request, maxBody int64) ([]byte, error) {
	if r.ContentLength > maxBody {
		return nil, RequestTooLarge(maxBody)
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + 1)
	}
	orig := r.Body
	_, err := buf.ReadFrom(io.LimitReader(orig, maxBody+1))
	b := buf.Bytes()
	if err != nil {
		r.Body = readCloser{io.MultiReader(bytes.NewReader(b), orig), orig}
		return nil, err
	}
	if int64(len(b)) > maxBody {
		r.Body = readCloser{io.MultiReader(bytes.NewReader(b), orig), orig}
		return nil, RequestTooLarge(maxBody)
	}
	setBody(r, b)
	return b, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

func isHexSHA256(v string) bool {
	if len(v) != 64 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isHex(v[i]) {
			return false
		}
	}
	return true
}

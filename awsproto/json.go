package awsproto

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gatehouse-dev/gatehouse/internal/jsonlimit"
)

// ContentTypeJSON11 is the content type of JSON 1.1 requests and responses.
const ContentTypeJSON11 = "application/x-amz-json-1.1"

// Bounds on JSON request bodies. Cognito's largest requests are a few KiB.
const (
	MaxJSONBody  = 1 << 20
	MaxJSONDepth = 32
)

// SplitTarget splits an X-Amz-Target value "Service.Operation".
func SplitTarget(target string) (service, operation string, ok bool) {
	i := strings.LastIndexByte(target, '.')
	if i <= 0 || i == len(target)-1 {
		return "", "", false
	}
	return target[:i], target[i+1:], true
}

// DecodeJSON reads a JSON 1.1 request body of at most MaxJSONBody bytes and
// MaxJSONDepth levels into v, rejecting trailing data. An empty body decodes
// as {}. Errors are *Error values ready to be written.
func DecodeJSON(r io.Reader, v any) error {
	b, err := io.ReadAll(io.LimitReader(r, MaxJSONBody+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return ErrRequestTooLarge()
		}
		return ErrSerialization("Could not read the request body.")
	}
	return UnmarshalJSON(b, v)
}

// UnmarshalJSON is DecodeJSON on bytes already read.
func UnmarshalJSON(b []byte, v any) error {
	if len(b) > MaxJSONBody {
		return ErrRequestTooLarge()
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		b = []byte("{}")
	}
	if b[0] != '{' {
		return ErrSerialization("Start of structure or map found where not expected.")
	}
	if jsonlimit.Exceeds(b, MaxJSONDepth) {
		return ErrSerialization("The request body is nested too deeply.")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return ErrSerialization("Unexpected value for field " + te.Field + ".")
		}
		return ErrSerialization("The request body is not valid JSON.")
	}
	if dec.More() {
		return ErrSerialization("The request body is not valid JSON.")
	}
	return nil
}

// WriteJSON writes a 200 JSON 1.1 response.
func WriteJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		WriteJSONError(w, ErrInternal)
		return
	}
	w.Header().Set("Content-Type", ContentTypeJSON11)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// WriteJSONError writes err in the JSON 1.1 envelope. Anything that is not an
// *Error is rendered as ErrInternal so no internal detail reaches the caller.
func WriteJSONError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = ErrInternal
	}
	body := struct {
		Type    string `json:"__type"`
		Message string `json:"message,omitempty"`
	}{e.Code, e.Message}
	b, _ := json.Marshal(body)
	h := w.Header()
	h.Set("Content-Type", ContentTypeJSON11)
	h.Set("x-amzn-ErrorType", e.Code)
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}

// Operation handles one JSON 1.1 operation: r is the request (for headers
// and signature checks), body its bounded body. It returns the output to
// encode, or an error (an *Error for the caller, anything else is internal).
type Operation func(ctx context.Context, r *http.Request, body []byte) (any, error)

package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Request is one call of Invoke.
type Request struct {
	// Method is the HTTP method; GET when empty.
	Method string
	// Path is appended to Config.InvokeURL, e.g. "/notes".
	Path string
	// Headers are sent as given (and signed).
	Headers http.Header
	// Query is the query string.
	Query url.Values
	// Body is sent as JSON: []byte and json.RawMessage as they are, any
	// other value JSON-encoded; nil sends no body.
	Body any
}

// Response is the answer of a 2xx call.
type Response struct {
	StatusCode int
	Header     http.Header
	// Body is the raw body; Decode reads it as JSON.
	Body []byte
}

// Decode unmarshals the JSON body into v.
func (r *Response) Decode(v any) error {
	return json.Unmarshal(r.Body, v)
}

// APIError is the error of a call answered with a status other than 2xx.
type APIError struct {
	StatusCode int
	// Type is the x-amzn-ErrorType header without its ":namespace"
	// suffix, e.g. "InvalidSignatureException"; empty when the API's own
	// code answered.
	Type string
	// Message is the body's "message" or "Message".
	Message string
	// Body is the raw body.
	Body []byte
}

func (e *APIError) Error() string {
	s := "client: API answered " + fmt.Sprint(e.StatusCode)
	if e.Type != "" {
		s += " " + e.Type
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Invoke calls the API at Config.InvokeURL: it JSON-encodes req.Body,
// signs the request with SigV4 for execute-api with the credentials of
// WithCredentials, and returns the response, or an *APIError for a status
// other than 2xx.
func (c *Client) Invoke(ctx context.Context, req Request) (*Response, error) {
	if c.cfg.InvokeURL == "" {
		return nil, errors.New("client: Config.InvokeURL is required for Invoke")
	}
	if c.credentials == nil {
		return nil, errors.New("client: Invoke needs credentials: use WithCredentials")
	}
	u := strings.TrimRight(c.cfg.InvokeURL, "/") + "/" + strings.TrimLeft(req.Path, "/")
	if len(req.Query) > 0 {
		u += "?" + req.Query.Encode()
	}
	var body io.Reader
	switch b := req.Body.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	case json.RawMessage:
		body = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("client: encoding body: %w", err)
		}
		body = bytes.NewReader(enc)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	hr, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	for k, vs := range req.Headers {
		hr.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if body != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	if hr.Header.Get("Accept") == "" {
		hr.Header.Set("Accept", "application/json")
	}
	hc := *c.httpClient
	hc.Transport = &SigningTransport{Base: c.httpClient.Transport, Credentials: c.credentials, Region: c.cfg.Region, Now: c.now}
	res, err := hc.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("client: reading response: %w", err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, NewAPIError(res, b)
	}
	return &Response{StatusCode: res.StatusCode, Header: res.Header, Body: b}, nil
}

// NewAPIError reads the error of a non-2xx answer whose body is body: API
// Gateway's x-amzn-ErrorType and {"message"} (or {"Message"} for
// AccessDenied).
func NewAPIError(res *http.Response, body []byte) *APIError {
	e := &APIError{StatusCode: res.StatusCode, Body: body}
	e.Type, _, _ = strings.Cut(res.Header.Get("x-amzn-ErrorType"), ":")
	var m struct {
		Lower *string `json:"message"`
		Upper *string `json:"Message"`
	}
	if json.Unmarshal(body, &m) == nil {
		switch {
		case m.Lower != nil:
			e.Message = *m.Lower
		case m.Upper != nil:
			e.Message = *m.Upper
		}
	}
	return e
}

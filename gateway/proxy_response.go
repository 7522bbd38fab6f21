package gateway

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
)

// decodeProxyResponse parses a Lambda proxy response as strictly as API
// Gateway does: one JSON object with only statusCode, headers,
// multiValueHeaders, body (a string) and isBase64Encoded, and a statusCode
// that is an HTTP status. Anything else is a malformed response.
func decodeProxyResponse(b []byte) (*events.APIGatewayProxyResponse, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var resp events.APIGatewayProxyResponse
	if err := dec.Decode(&resp); err != nil {
		return nil, fmt.Errorf("malformed proxy response: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("malformed proxy response: data after the JSON object")
	}
	return &resp, nil
}

// remappedHeaders are the response headers the gateway owns: an
// integration's values of them are sent as x-amzn-Remapped-<name>, as API
// Gateway does.
var remappedHeaders = map[string]bool{
	"X-Amzn-Requestid": true,
	"X-Amz-Apigw-Id":   true,
	"X-Amzn-Errortype": true,
}

// skippedHeaders are response headers of a function that the gateway
// computes itself.
var skippedHeaders = map[string]bool{
	"Content-Length":    true,
	"Transfer-Encoding": true,
	"Connection":        true,
}

// writeProxyResponse writes a function's proxy response: its status, its
// headers and multiValueHeaders merged as API Gateway merges them (a name
// in multiValueHeaders takes those values, others the single value), its
// body (decoded when isBase64Encoded), and Content-Type application/json
// when the function sets none. The function's headers replace the
// gateway's headers of the same name (CORS among them), except those the
// gateway owns. A status outside 100..599 or a bad base64 body answers
// 502.
func writeProxyResponse(w http.ResponseWriter, resp *events.APIGatewayProxyResponse) {
	if resp.StatusCode < 100 || resp.StatusCode > 599 {
		WriteError(w, ErrInternalServerError)
		return
	}
	body := []byte(resp.Body)
	if resp.IsBase64Encoded && resp.Body != "" {
		b, err := base64.StdEncoding.DecodeString(resp.Body)
		if err != nil {
			WriteError(w, ErrInternalServerError)
			return
		}
		body = b
	}
	h := w.Header()
	for name, v := range resp.Headers {
		name = http.CanonicalHeaderKey(name)
		if _, multi := resp.MultiValueHeaders[name]; multi || hasMultiValue(resp.MultiValueHeaders, name) {
			continue
		}
		setIntegrationHeader(h, name, []string{v})
	}
	for name, vs := range resp.MultiValueHeaders {
		setIntegrationHeader(h, http.CanonicalHeaderKey(name), vs)
	}
	if _, ok := h["Content-Type"]; !ok {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
}

// hasMultiValue reports whether multi has name in any letter case.
func hasMultiValue(multi map[string][]string, name string) bool {
	for k := range multi {
		if http.CanonicalHeaderKey(k) == name {
			return true
		}
	}
	return false
}

// setIntegrationHeader sets the canonical name to values in h, unless the
// gateway owns the name (then it goes to x-amzn-Remapped-<name>) or
// computes it.
func setIntegrationHeader(h http.Header, name string, values []string) {
	switch {
	case skippedHeaders[name]:
		return
	case remappedHeaders[name]:
		name = "X-Amzn-Remapped-" + name
	}
	h[name] = append([]string(nil), values...)
}

package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// maxFunctionResponse bounds the response of a remote function: Lambda's
// 6 MB synchronous payload, with room for base64.
const maxFunctionResponse = 10 << 20

// remoteFunction is a Lambda function invoked over HTTP the way the Lambda
// Runtime Interface Emulator (and Lambda's Invoke API) serves it:
// POST {uri} with the proxy event as the JSON body; the answer is the
// function's result, the proxy response. A function error is a 200 whose
// body is {"errorMessage": ..., "errorType": ...}, flagged by
// X-Amz-Function-Error on Lambda's Invoke API.
type remoteFunction struct {
	client *http.Client
	uri    string
}

func newRemoteFunction(client *http.Client, uri string) (*remoteFunction, error) {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("lambda uri %q is not an absolute http(s) URL", uri)
	}
	return &remoteFunction{client: client, uri: uri}, nil
}

// errFunction is a function error, a refused invocation or a malformed
// answer: all 502 Internal server error.
var errFunction = errors.New("function error")

func (f *remoteFunction) Serve(w http.ResponseWriter, r *http.Request, call *Call) {
	body, err := call.ReadBody(r)
	if err != nil {
		writeReadError(w, err)
		return
	}
	event, err := json.Marshal(call.ProxyRequest(r, body))
	if err != nil {
		WriteError(w, ErrInternalServerError)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), call.Timeout)
	defer cancel()
	result, err := f.invoke(ctx, event)
	switch {
	case err == nil:
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		WriteError(w, ErrIntegrationTimeout)
		return
	default:
		WriteError(w, ErrInternalServerError)
		return
	}
	resp, err := decodeProxyResponse(result)
	if err != nil {
		WriteError(w, ErrInternalServerError)
		return
	}
	writeProxyResponse(w, resp)
}

// invoke posts event to the function and returns its result.
func (f *remoteFunction) invoke(ctx context.Context, event []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.uri, bytes.NewReader(event))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Amz-Invocation-Type", "RequestResponse")
	res, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	result, err := io.ReadAll(io.LimitReader(res.Body, maxFunctionResponse+1))
	if err != nil {
		return nil, err
	}
	switch {
	case res.StatusCode < 200 || res.StatusCode > 299:
		return nil, fmt.Errorf("%w: invocation answered %s", errFunction, res.Status)
	case res.Header.Get("X-Amz-Function-Error") != "":
		return nil, fmt.Errorf("%w: %s", errFunction, res.Header.Get("X-Amz-Function-Error"))
	case len(result) > maxFunctionResponse:
		return nil, fmt.Errorf("%w: response above %d bytes", errFunction, maxFunctionResponse)
	case isFunctionError(result):
		return nil, fmt.Errorf("%w: %s", errFunction, result)
	}
	return result, nil
}

// isFunctionError reports whether a result is the error document of a
// failed invocation, {"errorMessage": ..., "errorType": ...}.
func isFunctionError(result []byte) bool {
	if !bytes.Contains(result, []byte(`"errorMessage"`)) && !bytes.Contains(result, []byte(`"errorType"`)) {
		return false
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(result, &doc) != nil {
		return false
	}
	_, msg := doc["errorMessage"]
	_, typ := doc["errorType"]
	_, status := doc["statusCode"]
	return (msg || typ) && !status
}

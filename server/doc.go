// Package server wires Gatehouse onto one http.Handler with the URL map of
// the design: the Cognito user-pool and identity-pool JSON 1.1 APIs on POST /
// (dispatched by X-Amz-Target), STS on the query protocol, JWKS documents, the
// API gateway (path style /restapis/{apiId}/{stage}/_user_request_/ and host
// style {apiId}.execute-api.localhost), and /_gatehouse/ for health and
// metrics. It also owns the request middleware: request ids, panic
// recovery, metrics and the one-line-per-request log.
package server

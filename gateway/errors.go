package gateway

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// Error is a gateway response: the HTTP status, the x-amzn-ErrorType
// header and the JSON body API Gateway sends.
type Error struct {
	Status int
	Type   string
	Body   []byte
}

// Error implements error.
func (e *Error) Error() string {
	return "gateway: " + strconv.Itoa(e.Status) + " " + e.Type + ": " + string(e.Body)
}

// kind names one row of the error table.
type kind uint8

const (
	kindMissingAuthenticationToken kind = iota
	kindAccessDenied
	kindUnauthorized
	kindTokenExpired
	kindInvalidAPIKey
	kindThrottled
	kindQuotaExceeded
	kindRequestTooLarge
	kindIntegrationTimeout
	kindInternalServerError
	kindCount
)

// errorSpec is one row: status, x-amzn-ErrorType, the body's key and the
// message (empty when the message varies), or a literal body.
type errorSpec struct {
	status  int
	errType string
	key     string
	message string
	literal string
}

// errorTable is every error the gateway answers itself, as API Gateway
// answers them (its gateway responses, with their default status codes).
// The SigV4 failures (InvalidSignatureException,
// IncompleteSignatureException, UnrecognizedClientException,
// ExpiredTokenException, and MissingAuthenticationTokenException for an
// unsigned AWS_IAM request) take status, type and message from sigv4's
// table, which holds API Gateway's texts.
var errorTable = [kindCount]errorSpec{
	// MISSING_AUTHENTICATION_TOKEN: an unknown route, or AWS_IAM without a signature.
	kindMissingAuthenticationToken: {403, "MissingAuthenticationTokenException", "message", "Missing Authentication Token", ""},
	// ACCESS_DENIED for AWS_IAM: the principal's policies do not allow
	// execute-api:Invoke on the method ARN. API Gateway capitalises this key.
	kindAccessDenied: {403, "AccessDeniedException", "Message", "", ""},
	// UNAUTHORIZED: COGNITO_USER_POOLS without a token, or with a bad one.
	kindUnauthorized: {401, "UnauthorizedException", "message", "Unauthorized", ""},
	// UNAUTHORIZED: an expired Cognito token.
	kindTokenExpired: {401, "UnauthorizedException", "message", "The incoming token has expired", ""},
	// INVALID_API_KEY: a method requiring an API key without a valid one.
	kindInvalidAPIKey: {403, "ForbiddenException", "message", "Forbidden", ""},
	// THROTTLED: the stage's or the usage plan's rate and burst.
	kindThrottled: {429, "TooManyRequestsException", "message", "Too Many Requests", ""},
	// QUOTA_EXCEEDED: the usage plan's quota.
	kindQuotaExceeded: {429, "LimitExceededException", "message", "Limit Exceeded", ""},
	// REQUEST_TOO_LARGE: a payload above 10 MB.
	kindRequestTooLarge: {413, "RequestTooLongException", "message", "Request Too Long", ""},
	// INTEGRATION_TIMEOUT.
	kindIntegrationTimeout: {504, "InternalServerErrorException", "message", "Endpoint request timed out", ""},
	// A failed integration (a function error, a malformed proxy response).
	// API Gateway writes this body with a space after the colon.
	kindInternalServerError: {502, "InternalServerErrorException", "", "", `{"message": "Internal server error"}`},
}

// fixedErrors are the rows with a fixed message, rendered once.
var fixedErrors = func() [kindCount]*Error {
	var out [kindCount]*Error
	for k, spec := range errorTable {
		if spec.literal != "" || spec.message != "" {
			out[k] = newError(kind(k), spec.message)
		}
	}
	return out
}()

func newError(k kind, message string) *Error {
	spec := errorTable[k]
	if spec.literal != "" {
		return &Error{Status: spec.status, Type: spec.errType, Body: []byte(spec.literal)}
	}
	return &Error{Status: spec.status, Type: spec.errType, Body: messageBody(spec.key, message)}
}

func messageBody(key, message string) []byte {
	b, _ := json.Marshal(map[string]string{key: message})
	return b
}

// The errors integrations answer with; see WriteError.
var (
	// ErrInternalServerError is 502 {"message": "Internal server error"}:
	// a function error, an unreachable backend, a malformed proxy response.
	ErrInternalServerError = fixedErrors[kindInternalServerError]
	// ErrIntegrationTimeout is 504 {"message":"Endpoint request timed out"}.
	ErrIntegrationTimeout = fixedErrors[kindIntegrationTimeout]
	// ErrRequestTooLarge is 413, a payload above MaxPayload.
	ErrRequestTooLarge = fixedErrors[kindRequestTooLarge]
)

var (
	errMissingAuthToken = fixedErrors[kindMissingAuthenticationToken]
	errUnauthorized     = fixedErrors[kindUnauthorized]
	errTokenExpired     = fixedErrors[kindTokenExpired]
	errInvalidAPIKey    = fixedErrors[kindInvalidAPIKey]
	errThrottled        = fixedErrors[kindThrottled]
	errQuotaExceeded    = fixedErrors[kindQuotaExceeded]
)

// errAccessDenied is AccessDeniedException for principal arn and methodARN;
// an explicit Deny adds API Gateway's " with an explicit deny".
func errAccessDenied(arn, methodARN string, explicit bool) *Error {
	msg := "User: " + arn + " is not authorized to perform: execute-api:Invoke on resource: " + methodARN
	if explicit {
		msg += " with an explicit deny"
	}
	return newError(kindAccessDenied, msg)
}

// signatureError is the gateway response of a SigV4 verification failure:
// sigv4's status, code and message in {"message": ...}. Other errors (a
// failing lookup) are internal.
func signatureError(err error) *Error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return ErrInternalServerError
	}
	if se.Kind == sigv4.KindMissingAuthenticationToken {
		return errMissingAuthToken
	}
	return &Error{Status: se.Status, Type: se.Code, Body: messageBody("message", se.Message)}
}

// WriteError writes e as the response: x-amzn-ErrorType, a JSON body and
// the status. CORS headers the gateway set on w stay.
func WriteError(w http.ResponseWriter, e *Error) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("x-amzn-ErrorType", e.Type)
	h.Set("Content-Length", strconv.Itoa(len(e.Body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(e.Body)
}

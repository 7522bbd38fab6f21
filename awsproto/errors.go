package awsproto

import "net/http"

// Error is an AWS protocol error: Code is the exception name put in __type /
// x-amzn-ErrorType (JSON) or <Code> (query), Message the human text, Status
// the HTTP status. Sender reports whether the caller is at fault (query
// protocol <Type>Sender</Type>); it is true for every 4xx.
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Code + ": " + e.Message
}

// Sender reports whether the error is the caller's fault.
func (e *Error) Sender() bool { return e.Status < 500 }

// NewError returns an *Error.
func NewError(status int, code, message string) *Error {
	return &Error{Code: code, Message: message, Status: status}
}

// Errors shared by every JSON 1.1 and query service.
var (
	// ErrUnknownOperation is what AWS JSON services answer to an X-Amz-Target
	// they do not serve: HTTP 400 and a body with only __type.
	ErrUnknownOperation = &Error{Code: "UnknownOperationException", Status: http.StatusBadRequest}
	// ErrInternal hides every unexpected failure behind AWS's generic error.
	ErrInternal = &Error{Code: "InternalErrorException", Message: "An internal error occurred.", Status: http.StatusInternalServerError}
)

// ErrSerialization is returned for a body that is not a JSON object of the
// expected shape, as AWS JSON services do.
func ErrSerialization(message string) *Error {
	return &Error{Code: "SerializationException", Message: message, Status: http.StatusBadRequest}
}

// ErrRequestTooLarge is returned for a request body above the bound.
func ErrRequestTooLarge() *Error {
	return &Error{Code: "RequestEntityTooLargeException", Message: "Request body is too large.", Status: http.StatusRequestEntityTooLarge}
}

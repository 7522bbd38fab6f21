package awsproto

import (
	"context"

	"github.com/google/uuid"
)

// HeaderRequestID is the response header carrying the request id.
const HeaderRequestID = "x-amzn-RequestId"

type requestIDKey struct{}

// NewRequestID returns a fresh request id in AWS's UUID form.
func NewRequestID() string { return uuid.NewString() }

// WithRequestID stores id in ctx.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id stored in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

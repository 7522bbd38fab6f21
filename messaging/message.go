package messaging

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Delivery media, in Cognito's words (CodeDeliveryDetails.DeliveryMedium).
const (
	Email = "EMAIL"
	SMS   = "SMS"
)

// Message is one message to a user.
type Message struct {
	ID             string    `json:"id"`
	Time           time.Time `json:"time"`
	UserPoolID     string    `json:"userPoolId"`
	Username       string    `json:"username"`
	Purpose        string    `json:"purpose"` // e.g. SignUp, ForgotPassword, VerifyAttribute, AdminCreateUser
	DeliveryMedium string    `json:"deliveryMedium"`
	Destination    string    `json:"destination"` // the email address or phone number
	Subject        string    `json:"subject,omitempty"`
	Body           string    `json:"body"`
	// Code is the code or temporary password the body carries, for tools
	// that read the outbox.
	Code string `json:"code,omitempty"`
}

// Sink delivers messages.
type Sink interface {
	Send(ctx context.Context, m Message) error
}

// Multi delivers each message to every sink, in order, and returns the
// errors of those that failed joined together.
type Multi []Sink

// Send implements Sink.
func (ms Multi) Send(ctx context.Context, m Message) error {
	var errs []error
	for _, s := range ms {
		if err := s.Send(ctx, m); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Log records that a message was sent, at Info, without its body or code:
// logs are kept longer and read by more people than the outbox.
type Log struct{ Logger *slog.Logger }

// Send implements Sink.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Logger.InfoContext(ctx, "message sent", "id", m.ID, "user_pool", m.UserPoolID,
		"username", m.Username, "purpose", m.Purpose, "medium", m.DeliveryMedium,
		"destination", m.Destination)
	return nil
}

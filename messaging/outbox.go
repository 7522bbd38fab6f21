package messaging

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// outboxKind is the store kind of outbox messages.
const outboxKind = "outbox"

// OutboxRetention is how long the outbox keeps a message.
const OutboxRetention = 24 * time.Hour

// maxOutboxList bounds one listing.
const maxOutboxList = 500

// Outbox keeps messages in the store so that every node can list them (local
// development and tests read codes from it). Message ids sort by time.
type Outbox struct {
	Store store.Store
	Now   func() time.Time
}

// Send implements Sink. It also drops messages older than OutboxRetention.
func (o Outbox) Send(ctx context.Context, m Message) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := o.Store.Create(ctx, outboxKind, outboxID(m), b); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return o.prune(ctx)
}

// outboxID orders messages by time: a fixed-width nanosecond stamp, then the
// message id to keep ids unique.
func outboxID(m Message) string {
	return fmt.Sprintf("%020d-%s", m.Time.UnixNano(), m.ID)
}

func (o Outbox) prune(ctx context.Context) error {
	cutoff := fmt.Sprintf("%020d", o.Now().Add(-OutboxRetention).UnixNano())
	old, err := o.Store.List(ctx, outboxKind, store.ListOptions{Limit: 100})
	if err != nil {
		return err
	}
	for _, r := range old {
		if r.ID >= cutoff {
			break
		}
		if err := o.Store.Delete(ctx, outboxKind, r.ID); err != nil && err != store.ErrNotFound {
			return err
		}
	}
	return nil
}

// List returns the messages, oldest first, optionally only those to one
// username or destination of one pool.
func (o Outbox) List(ctx context.Context, f Filter) ([]Message, error) {
	recs, err := o.Store.List(ctx, outboxKind, store.ListOptions{})
	if err != nil {
		return nil, err
	}
	out := []Message{}
	for _, r := range recs {
		var m Message
		if err := json.Unmarshal(r.Value, &m); err != nil {
			return nil, fmt.Errorf("outbox: decode %s: %w", r.ID, err)
		}
		if f.match(m) {
			out = append(out, m)
		}
	}
	if len(out) > maxOutboxList {
		out = out[len(out)-maxOutboxList:]
	}
	return out, nil
}

// Filter selects outbox messages; empty fields match everything.
type Filter struct {
	UserPoolID  string
	Username    string
	Destination string
}

func (f Filter) match(m Message) bool {
	return (f.UserPoolID == "" || f.UserPoolID == m.UserPoolID) &&
		(f.Username == "" || f.Username == m.Username) &&
		(f.Destination == "" || f.Destination == m.Destination)
}

// ServeHTTP answers GET /_gatehouse/outbox[?userPoolId=&username=&destination=]
// with {"messages":[...]} (oldest first, at most 500).
func (o Outbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = w.Write([]byte(`{"message":"Method Not Allowed"}`))
		return
	}
	q := r.URL.Query()
	msgs, err := o.List(r.Context(), Filter{UserPoolID: q.Get("userPoolId"), Username: q.Get("username"), Destination: q.Get("destination")})
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"message":"Internal server error"}`))
		return
	}
	b, _ := json.Marshal(struct {
		Messages []Message `json:"messages"`
	}{msgs})
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

package userpool

import (
	"context"
	"log/slog"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// event logs what happened to a user at Info, with the request id of ctx
// (when there is one) so that it joins the server's request line. Callers
// pass names and ids only: never passwords, tokens, hashes or secrets.
func (s *Service) event(ctx context.Context, msg string, attrs ...slog.Attr) {
	if id := awsproto.RequestID(ctx); id != "" {
		attrs = append(attrs, slog.String("request_id", id))
	}
	s.log.LogAttrs(ctx, slog.LevelInfo, msg, attrs...)
}

// userEvent is event about one user of a pool: its pool and username, then
// attrs.
func (s *Service) userEvent(ctx context.Context, msg, poolID, username string, attrs ...slog.Attr) {
	s.event(ctx, msg, append([]slog.Attr{slog.String("user_pool", poolID), slog.String("username", username)}, attrs...)...)
}

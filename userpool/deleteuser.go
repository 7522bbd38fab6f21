package userpool

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// deleteUser is the DeleteUser operation: the user of an access token
// deletes themselves, with their sign-in aliases and codes. Their tokens
// stop working: the user they name no longer exists (and a user created
// later under the same name has another sub).
func (s *Service) deleteUser(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*accessTokenInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.authenticate(ctx, in.AccessToken)
	if err != nil {
		return nil, err
	}
	if err := s.removeSelf(ctx, c.pool, u); err != nil {
		return nil, err
	}
	s.userEvent(ctx, "user deleted", c.pool.ID, u.Username,
		slog.String("sub", u.Sub))
	return empty{}, nil
}

// removeSelf deletes a user record (if it is still the same user), then
// the user's aliases and codes.
func (s *Service) removeSelf(ctx context.Context, p *config.UserPool, u *userRecord) error {
	id := userID(u.Pool, u.Username)
	cur, err := s.users.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && cur.Sub != u.Sub {
		return errUserNotFound
	}
	if err != nil {
		return err
	}
	if err := s.users.Delete(ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errUserNotFound
		}
		return err
	}
	s.releaseAliases(ctx, p, p.UsernameAttributes, cur.Attributes, u.Username)
	return s.deleteCodes(ctx, &cur)
}

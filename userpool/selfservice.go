package userpool

import (
	"context"
	"errors"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/store"
)

// getUser is the GetUser operation: the user of an access token, with its
// attributes (sub included).
func (s *Service) getUser(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*accessTokenInput).check)
	if err != nil {
		return nil, err
	}
	_, u, err := s.authenticate(ctx, in.AccessToken)
	if err != nil {
		return nil, err
	}
	return getUserOutput{Username: u.Username, UserAttributes: u.attributeList()}, nil
}

// globalSignOut is the GlobalSignOut operation: it ends every session of the
// access token's user. Their refresh tokens stop working, and so do their
// access tokens, which GetUser and GlobalSignOut then answer with "Access
// Token has been revoked".
func (s *Service) globalSignOut(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*accessTokenInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.authenticate(ctx, in.AccessToken)
	if err != nil {
		return nil, err
	}
	err = s.users.Update(ctx, userID(c.pool.ID, u.Username), func(cur userRecord) (userRecord, error) {
		cur.revokeTokens(s.now())
		return cur, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errInvalidAccessToken
	}
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "global sign-out", c.pool.ID, u.Username)
	return empty{}, nil
}

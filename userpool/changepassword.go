package userpool

import (
	"context"
	"errors"
	"net/http"
)

// changePassword is the ChangePassword operation: the user of an access
// token proves the previous password and sets a new one (checked against
// the pool's policy). A wrong previous password counts as a failed sign-in;
// while the user is locked out the answer is LimitExceededException.
// Tokens already issued stay valid, as in Cognito; SRP challenges issued
// before the change no longer complete.
func (s *Service) changePassword(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*changePasswordInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.authenticate(ctx, in.AccessToken)
	if err != nil {
		return nil, err
	}
	if u.locked(s.now()) {
		return nil, errAttemptLimitExceeded
	}
	if err := checkPasswordPolicy(c.pool.PasswordPolicy, in.ProposedPassword); err != nil {
		return nil, err
	}
	if err := s.verifyPassword(ctx, u, in.PreviousPassword); err != nil {
		return nil, err
	}
	err = s.replacePassword(ctx, u, in.ProposedPassword, func(cur *userRecord) error {
		if !cur.PasswordSet.Equal(u.PasswordSet) {
			return errIncorrectCredentials // changed meanwhile: the previous password is no longer it
		}
		return nil
	})
	if errors.Is(err, ErrUserNotFound) {
		return nil, errUserNotFound
	}
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "password changed", c.pool.ID, u.Username)
	return empty{}, nil
}

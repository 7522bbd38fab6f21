package userpool

import (
	"context"
	"log/slog"
	"time"
)

// signInError returns why the user may not sign in now, or nil. It is
// checked before the password, as Cognito does.
func (u *userRecord) signInError(now time.Time) error {
	switch {
	case !u.Enabled:
		return errUserDisabled
	case u.Status == StatusUnconfirmed:
		return errUserNotConfirmed
	case u.Status == StatusResetRequired:
		return errPasswordResetRequired
	case u.locked(now):
		return errPasswordAttemptsExceeded
	}
	return nil
}

// passwordProven finishes a sign-in whose password was proven (by
// USER_PASSWORD_AUTH or PASSWORD_VERIFIER): it resets the failure count,
// then returns the NEW_PASSWORD_REQUIRED challenge for a user with a
// temporary password, or the tokens.
func (s *Service) passwordProven(ctx context.Context, c appClient, u *userRecord) (*authOutput, error) {
	if err := s.recordSuccessfulSignIn(ctx, u); err != nil {
		return nil, err
	}
	if u.Status == StatusForceChangePassword {
		return s.newPasswordChallenge(c, u)
	}
	return s.signIn(ctx, c, u)
}

// signIn starts a session for the user and returns its tokens.
func (s *Service) signIn(ctx context.Context, c appClient, u *userRecord) (*authOutput, error) {
	sess, err := s.newSignInSession(s.now())
	if err != nil {
		return nil, err
	}
	res, err := s.issueTokens(ctx, c, u, sess, true)
	if err != nil {
		return nil, err
	}
	s.event(ctx, "signed in", slog.String("user_pool", c.pool.ID), slog.String("client_id", c.client.ID),
		slog.String("username", u.Username))
	return &authOutput{AuthenticationResult: res, ChallengeParameters: map[string]string{}}, nil
}

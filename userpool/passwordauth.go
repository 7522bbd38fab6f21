package userpool

import (
	"context"
)

// passwordAuth is the USER_PASSWORD_AUTH flow: the password is sent (over
// TLS) and checked against the verifier with one modular exponentiation.
func (s *Service) passwordAuth(ctx context.Context, c appClient, params map[string]string) (*authOutput, error) {
	name := params[paramUsername]
	if name == "" {
		return nil, errMissingParameter(paramUsername)
	}
	password := params[paramPassword]
	if password == "" {
		return nil, errMissingParameter(paramPassword)
	}
	u, err := s.namedUser(ctx, c, name, params[paramSecretHash])
	if err != nil {
		return nil, err
	}
	if u == nil {
		// Spend the work of a real check, so that the answer's timing does
		// not tell an unknown user from a wrong password.
		s.fakeUser.checkPassword(c.pool.ID, name, password)
		return nil, errIncorrectCredentials
	}
	if err := u.signInError(s.now()); err != nil {
		return nil, err
	}
	if err := s.verifyPassword(ctx, u, password); err != nil {
		return nil, err
	}
	return s.passwordProven(ctx, c, u)
}

package userpool

import (
	"context"

	"github.com/gatehouse-dev/gatehouse/creds"
)

// adminResetUserPassword is the AdminResetUserPassword operation: the
// user's password stops working (sign-in answers
// PasswordResetRequiredException) and a password reset code goes to the
// user's verified email address (else verified phone number), which
// ConfirmForgotPassword takes with a new password.
func (s *Service) adminResetUserPassword(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	p, u, err := s.decodeAdminUser(ctx, body)
	if err != nil {
		return nil, err
	}
	switch {
	case !u.Enabled:
		return nil, errUserDisabled
	case u.Status != StatusConfirmed && u.Status != StatusResetRequired:
		return nil, errResetNotAllowed
	}
	attr := recoveryAttribute(u)
	if attr == "" {
		return nil, errResetNoDestination
	}
	updated, err := s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
		if cur.Status != StatusConfirmed && cur.Status != StatusResetRequired {
			return errResetNotAllowed
		}
		cur.Status = StatusResetRequired
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := s.deliverCode(ctx, updated, purposeForgotPassword, attr); err != nil {
		return nil, err
	}
	s.userEvent(ctx, "password reset required by an administrator", p.ID, u.Username)
	return empty{}, nil
}

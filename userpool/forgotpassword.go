package userpool

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// forgotPassword is the ForgotPassword operation: a password reset code,
// valid for an hour, to the user's verified email address (else verified
// phone number). As Cognito does when it prevents user existence errors,
// an unknown or disabled user, or one with nothing verified, gets a
// made-up delivery and no code.
func (s *Service) forgotPassword(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*userCodeInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.codeRecipient(ctx, in.ClientId, in.Username, in.SecretHash)
	if err != nil {
		return nil, err
	}
	simulated := func(reason string) (any, error) {
		s.userEvent(ctx, "no password reset code sent: "+reason, c.pool.ID, in.Username)
		return codeDeliveryOutput{CodeDeliveryDetails: s.simulatedDelivery(c.pool, in.Username)}, nil
	}
	switch {
	case u == nil:
		return simulated("unknown user")
	case !u.Enabled:
		return simulated("user disabled")
	case u.Status == StatusForceChangePassword:
		return nil, errResetNotAllowed
	}
	attr := recoveryAttribute(u)
	if attr == "" {
		return simulated("no verified email address or phone number")
	}
	details, err := s.deliverCode(ctx, u, purposeForgotPassword, attr)
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "password reset code sent", c.pool.ID, u.Username)
	return codeDeliveryOutput{CodeDeliveryDetails: details}, nil
}

// confirmForgotPassword is the ConfirmForgotPassword operation: with the
// reset code, the user sets a new password (checked against the policy).
// It confirms a user whose reset an administrator required and ends a
// lockout; sessions already signed in stay valid, as in Cognito. An
// unknown or disabled user gets the answer of a wrong code.
func (s *Service) confirmForgotPassword(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*confirmForgotPasswordInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.codeRecipient(ctx, in.ClientId, in.Username, in.SecretHash)
	if err != nil {
		return nil, err
	}
	if u == nil || !u.Enabled {
		return nil, errCodeMismatch
	}
	if err := checkPasswordPolicy(c.pool.PasswordPolicy, in.Password); err != nil {
		return nil, err
	}
	if _, err := s.useCode(ctx, u, purposeForgotPassword, "", in.ConfirmationCode); err != nil {
		return nil, err
	}
	err = s.replacePassword(ctx, u, in.Password, nil)
	if errors.Is(err, ErrUserNotFound) {
		return nil, errCodeMismatch
	}
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "password reset", c.pool.ID, u.Username)
	return empty{}, nil
}

// replacePassword gives the user a new salt and verifier for password (made
// outside the store transaction), confirms a user in RESET_REQUIRED and
// clears a lockout. check, when not nil, vets the current record first
// (its error is returned as is). It returns ErrUserNotFound when the user
// was deleted or replaced meanwhile.
func (s *Service) replacePassword(ctx context.Context, u *userRecord, password string, check func(cur *userRecord) error) error {
	fresh := *u
	now := s.now()
	if err := s.setPassword(&fresh, password, now); err != nil {
		return err
	}
	err := s.users.Update(ctx, userID(u.Pool, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != u.Sub {
			return cur, ErrUserNotFound // replaced meanwhile
		}
		if check != nil {
			if err := check(&cur); err != nil {
				return cur, err
			}
		}
		// PasswordSet must move on, so that pending challenges fail, even
		// when the clock has not (a test clock, a clock stepped back).
		set := fresh.PasswordSet
		if !set.After(cur.PasswordSet) {
			set = cur.PasswordSet.Add(time.Nanosecond)
		}
		cur.Salt, cur.Verifier, cur.PasswordSet = fresh.Salt, fresh.Verifier, set
		if cur.Status == StatusResetRequired {
			cur.Status = StatusConfirmed
		}
		cur.FailedSignIns, cur.LockedUntil = 0, time.Time{}
		cur.Modified = now
		return cur, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return ErrUserNotFound
	}
	return err
}

package userpool

import (
	"context"
	"errors"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/store"
)

// confirmSignUp is the ConfirmSignUp operation: the code sent at sign-up
// confirms the user and verifies the attribute it went to. An unknown user
// gets the answer of a wrong code.
func (s *Service) confirmSignUp(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*confirmSignUpInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.codeRecipient(ctx, in.ClientId, in.Username, in.SecretHash)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, errCodeMismatch
	}
	if !u.Enabled {
		return nil, errUserDisabled
	}
	if u.Status != StatusUnconfirmed {
		return nil, errCannotConfirm(u.Status)
	}
	code, err := s.useCode(ctx, u, purposeSignUp, "", in.ConfirmationCode)
	if err != nil {
		return nil, err
	}
	err = s.users.Update(ctx, userID(u.Pool, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != u.Sub {
			return cur, errExpiredCode // the user was replaced meanwhile
		}
		if cur.Status != StatusUnconfirmed {
			return cur, errCannotConfirm(cur.Status)
		}
		cur.Status = StatusConfirmed
		cur.markVerified(code)
		cur.Modified = s.now()
		return cur, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errExpiredCode
	}
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "sign-up confirmed", c.pool.ID, u.Username)
	return empty{}, nil
}

// resendConfirmationCode is the ResendConfirmationCode operation: a new
// sign-up code, which replaces the one before, to the same attribute. An
// unknown or disabled user gets a made-up delivery and no code.
func (s *Service) resendConfirmationCode(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*userCodeInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.codeRecipient(ctx, in.ClientId, in.Username, in.SecretHash)
	if err != nil {
		return nil, err
	}
	if len(c.pool.AutoVerifiedAttributes) == 0 {
		return nil, errAutoVerificationOff
	}
	if u == nil || !u.Enabled {
		s.userEvent(ctx, "no code sent: unknown or disabled user", c.pool.ID, in.Username)
		return codeDeliveryOutput{CodeDeliveryDetails: s.simulatedDelivery(c.pool, in.Username)}, nil
	}
	if u.Status != StatusUnconfirmed {
		return nil, errAlreadyConfirmed
	}
	attr := signUpDeliveryAttribute(c.pool, u.Attributes)
	if attr == "" {
		return nil, errAutoVerificationOff
	}
	details, err := s.deliverCode(ctx, u, purposeSignUp, attr)
	if err != nil {
		return nil, err
	}
	return codeDeliveryOutput{CodeDeliveryDetails: details}, nil
}

// codeRecipient resolves the client and the user of the unauthenticated
// code operations (confirmation, resend, password reset) and checks the
// SecretHash, made with the name given or another name of the user. The
// user is nil when there is none of that name.
func (s *Service) codeRecipient(ctx context.Context, clientID, name, hash string) (appClient, *userRecord, error) {
	c, err := s.appClient(ctx, clientID)
	if err != nil {
		return appClient{}, nil, err
	}
	u, err := s.namedUser(ctx, c, name, hash)
	if err != nil {
		return appClient{}, nil, err
	}
	return c, u, nil
}

// markVerified sets the verified flag of the attribute a code went to, if
// the attribute still has the value the code was sent to.
func (u *userRecord) markVerified(code *codeRecord) {
	if code.Attribute == "" || code.Destination == "" || u.Attributes[code.Attribute] != code.Destination {
		return
	}
	u.Attributes[code.Attribute+"_verified"] = "true"
}

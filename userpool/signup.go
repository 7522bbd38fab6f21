package userpool

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"

	"github.com/gatehouse-dev/gatehouse/config"
)

// signUp is the SignUp operation: it creates an UNCONFIRMED user with the
// password (checked against the pool's policy, kept only as an SRP
// verifier) and attributes given, and sends a confirmation code to the
// attribute the pool verifies automatically. In a pool with
// username_attributes the username must be an email address (or phone
// number), which becomes the user's attribute and sign-in alias, and the
// internal username is the new user's sub.
func (s *Service) signUp(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*signUpInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.appClient(ctx, in.ClientId)
	if err != nil {
		return nil, err
	}
	if err := c.checkSecretHash(in.SecretHash, errSecretHashMismatch(c.client.ID), in.Username); err != nil {
		return nil, err
	}
	p := c.pool
	list := in.UserAttributes
	aliasAttr := ""
	if len(p.UsernameAttributes) > 0 {
		if aliasAttr = aliasKind(p, in.Username); aliasAttr == "" {
			return nil, errUsernameNotAlias(p)
		}
		// The username is the attribute's value (it wins over one given).
		list = append(slices.Clone(list), attributeType{Name: aliasAttr, Value: in.Username})
	}
	attrs, err := s.selfServiceAttributes(ctx, p, list, true)
	if err != nil {
		return nil, err
	}
	if err := checkPasswordPolicy(p.PasswordPolicy, in.Password); err != nil {
		return nil, err
	}
	rec, err := s.createUser(ctx, p, NewUser{
		Username: in.Username, Password: in.Password, Attributes: attrs, Status: StatusUnconfirmed,
	})
	if errors.Is(err, ErrUserExists) {
		if aliasAttr != "" {
			return nil, errAliasTaken(codeUsernameExists, aliasAttr)
		}
		return nil, errSignUpUserExists
	}
	if err != nil {
		return nil, err
	}
	s.event(ctx, "signed up", slog.String("user_pool", p.ID), slog.String("client_id", c.client.ID),
		slog.String("username", rec.Username), slog.String("sub", rec.Sub))
	out := signUpOutput{UserConfirmed: false, UserSub: rec.Sub}
	if attr := signUpDeliveryAttribute(p, rec.Attributes); attr != "" {
		if out.CodeDeliveryDetails, err = s.deliverCode(ctx, rec, purposeSignUp, attr); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// selfServiceAttributes checks the attributes a user writes (SignUp,
// UpdateUserAttributes) and returns them by name: sub and the verified
// flags, which only Cognito sets, are NotAuthorizedException; the rest is
// checked as for administrators (schema, email and phone number formats).
func (s *Service) selfServiceAttributes(ctx context.Context, p *config.UserPool, list []attributeType, creating bool) (map[string]string, error) {
	for _, a := range list {
		if a.Name == "sub" || a.Name == "email_verified" || a.Name == "phone_number_verified" {
			return nil, errUnauthorizedAttribute
		}
	}
	return s.adminAttributes(ctx, p, list, creating)
}

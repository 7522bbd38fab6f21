package userpool

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// updateUserAttributes is the UpdateUserAttributes operation: the user of
// an access token sets standard and custom attributes. A new email address
// or phone number is unverified until VerifyUserAttribute; when the pool
// verifies it automatically a code goes to it. In a pool that signs users
// in by email or phone number the new value becomes the sign-in alias at
// once (AliasExistsException if another user has it) and the old one stops
// working. An empty value removes an attribute.
func (s *Service) updateUserAttributes(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*updateUserAttributesInput).check)
	if err != nil {
		return nil, err
	}
	c, u, err := s.authenticate(ctx, in.AccessToken)
	if err != nil {
		return nil, err
	}
	p := c.pool
	updates, err := s.selfServiceAttributes(ctx, p, in.UserAttributes, false)
	if err != nil {
		return nil, err
	}
	var missing []string
	for name, value := range updates {
		if value == "" && slices.Contains(p.UsernameAttributes, name) {
			missing = append(missing, requiredAttributeFailure(name))
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, errAttributeSchema(missing)
	}
	// The verifiable attributes whose value changes.
	var changed []string
	for _, a := range verificationAttributes {
		if v, ok := updates[a]; ok && v != u.Attributes[a] {
			changed = append(changed, a)
		}
	}
	// Claim the new aliases first, so that a concurrent claim of the same
	// address by another user fails one of the two.
	var claimed, released []string
	for _, a := range changed {
		if !slices.Contains(p.UsernameAttributes, a) {
			continue
		}
		old, value := u.Attributes[a], updates[a]
		if strings.EqualFold(old, value) {
			continue // the same alias in another case
		}
		if err := s.claimAlias(ctx, p, a, value, u.Username, codeAliasExists); err != nil {
			s.releaseAliases(ctx, p, claimed, updates, u.Username)
			return nil, err
		}
		claimed = append(claimed, a)
		if old != "" {
			released = append(released, a)
		}
	}
	var updated userRecord
	err = s.users.Update(ctx, userID(u.Pool, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != u.Sub {
			return cur, errUserNotFound
		}
		cur.setAttributes(updates)
		for _, a := range changed {
			if updates[a] == "" {
				delete(cur.Attributes, a+"_verified")
			} else {
				cur.Attributes[a+"_verified"] = "false"
			}
		}
		cur.Modified = s.now()
		updated = cur
		return cur, nil
	})
	if err != nil {
		s.releaseAliases(ctx, p, claimed, updates, u.Username)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errUserNotFound
		}
		return nil, err
	}
	s.releaseAliases(ctx, p, released, u.Attributes, u.Username)
	s.userEvent(ctx, "attributes updated", p.ID, u.Username)
	var out updateUserAttributesOutput
	for _, a := range changed {
		if updates[a] == "" || !slices.Contains(p.AutoVerifiedAttributes, a) {
			continue
		}
		details, err := s.deliverCode(ctx, &updated, purposeVerifyAttribute, a)
		if err != nil {
			return nil, err
		}
		out.CodeDeliveryDetailsList = append(out.CodeDeliveryDetailsList, *details)
	}
	return out, nil
}

// releaseAliases removes the aliases of the attributes given (values from
// values) that belong to username. Failures are only logged: the user has
// changed already, and an alias whose user does not have it is ignored by
// sign-in and can be claimed.
func (s *Service) releaseAliases(ctx context.Context, p *config.UserPool, attributes []string, values map[string]string, username string) {
	for _, a := range attributes {
		if err := s.releaseAlias(ctx, p, a, values[a], username); err != nil {
			s.log.WarnContext(ctx, "alias not released", "user_pool", p.ID, "attribute", a, "err", err)
		}
	}
}

// setAttributes sets the attributes of updates; an empty value removes the
// attribute.
func (u *userRecord) setAttributes(updates map[string]string) {
	if u.Attributes == nil {
		u.Attributes = map[string]string{}
	}
	for name, value := range updates {
		if value == "" {
			delete(u.Attributes, name)
		} else {
			u.Attributes[name] = value
		}
	}
}

// getUserAttributeVerificationCode is the GetUserAttributeVerificationCode
// operation: a code to the user's email address or phone number, which
// VerifyUserAttribute takes.
func (s *Service) getUserAttributeVerificationCode(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, _, u, err := s.attributeCodeRequest(ctx, body, (*attributeCodeInput).check)
	if err != nil {
		return nil, err
	}
	details, err := s.deliverCode(ctx, u, purposeVerifyAttribute, in.AttributeName)
	if err != nil {
		return nil, err
	}
	return codeDeliveryOutput{CodeDeliveryDetails: details}, nil
}

// verifyUserAttribute is the VerifyUserAttribute operation: the code sent
// to the user's email address or phone number (by UpdateUserAttributes or
// GetUserAttributeVerificationCode) verifies it, if it has not changed
// since.
func (s *Service) verifyUserAttribute(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, c, u, err := s.attributeCodeRequest(ctx, body, (*attributeCodeInput).checkWithCode)
	if err != nil {
		return nil, err
	}
	code, err := s.useCode(ctx, u, purposeVerifyAttribute, in.AttributeName, in.Code)
	if err != nil {
		return nil, err
	}
	err = s.users.Update(ctx, userID(u.Pool, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != u.Sub {
			return cur, errUserNotFound
		}
		if cur.Attributes[in.AttributeName] != code.Destination {
			return cur, errExpiredCode // the value changed after the code was sent
		}
		cur.markVerified(code)
		cur.Modified = s.now()
		return cur, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errUserNotFound
	}
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "attribute verified", c.pool.ID, u.Username,
		slog.String("attribute", in.AttributeName))
	return empty{}, nil
}

// attributeCodeRequest reads a GetUserAttributeVerificationCode (check) or
// VerifyUserAttribute (checkWithCode) request and returns it with the
// client and user of its access token, once the attribute is one that is
// verified and that the user has.
func (s *Service) attributeCodeRequest(ctx context.Context, body []byte, check func(*attributeCodeInput, *validation)) (attributeCodeInput, appClient, *userRecord, error) {
	in, err := decodeRequest(body, check)
	if err != nil {
		return in, appClient{}, nil, err
	}
	c, u, err := s.authenticate(ctx, in.AccessToken)
	if err != nil {
		return in, appClient{}, nil, err
	}
	if !slices.Contains(verificationAttributes, in.AttributeName) {
		return in, appClient{}, nil, errNotVerifiable
	}
	if u.Attributes[in.AttributeName] == "" {
		return in, appClient{}, nil, errNoAttributeValue(in.AttributeName)
	}
	return in, c, u, nil
}

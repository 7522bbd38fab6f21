package userpool

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/store"
)

// The administrative operations on one user: AdminGetUser,
// AdminDeleteUser, AdminSetUserPassword, AdminConfirmSignUp,
// AdminDisableUser, AdminEnableUser, AdminUpdateUserAttributes and
// AdminUserGlobalSignOut.

// adminStoreError maps what an update of a user returns: a user deleted
// meanwhile is UserNotFoundException.
func adminStoreError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errUserNotFound
	}
	return err
}

// updateAdminUser changes the user of an administrative request in one
// store update; fn sees the current record and may refuse with an error.
// It returns the record written.
func (s *Service) updateAdminUser(ctx context.Context, p *config.UserPool, u *userRecord, fn func(*userRecord) error) (*userRecord, error) {
	var updated userRecord
	err := s.users.Update(ctx, userID(p.ID, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != u.Sub {
			return cur, errUserNotFound // deleted and created again meanwhile
		}
		if err := fn(&cur); err != nil {
			return cur, err
		}
		cur.Modified = s.now()
		updated = cur
		return cur, nil
	})
	if err != nil {
		return nil, adminStoreError(err)
	}
	return &updated, nil
}

// adminGetUser is the AdminGetUser operation.
func (s *Service) adminGetUser(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	_, u, err := s.decodeAdminUser(ctx, body)
	if err != nil {
		return nil, err
	}
	return adminGetUserOutput{
		Username: u.Username, UserAttributes: u.attributeList(),
		UserCreateDate: epochTime(u.Created), UserLastModifiedDate: epochTime(u.Modified),
		Enabled: u.Enabled, UserStatus: u.Status,
	}, nil
}

// adminDeleteUser is the AdminDeleteUser operation: the user, its aliases
// and with them its sessions are gone (its refresh tokens no longer find
// it).
func (s *Service) adminDeleteUser(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	p, u, err := s.decodeAdminUser(ctx, body)
	if err != nil {
		return nil, err
	}
	if err := s.deleteUserRecord(ctx, p, u); err != nil {
		return nil, err
	}
	s.userEvent(ctx, "user deleted by an administrator", p.ID, u.Username)
	return empty{}, nil
}

// deleteUserRecord deletes a user and the aliases that point at it.
func (s *Service) deleteUserRecord(ctx context.Context, p *config.UserPool, u *userRecord) error {
	if err := s.users.Delete(ctx, userID(p.ID, u.Username)); err != nil {
		return adminStoreError(err)
	}
	s.releaseAliases(ctx, p, p.UsernameAttributes, u.Attributes, u.Username)
	return nil
}

type adminSetUserPasswordInput struct {
	adminUserInput
	Password  string `json:"Password"`
	Permanent bool   `json:"Permanent"`
}

func (in *adminSetUserPasswordInput) check(v *validation) {
	in.adminUserInput.check(v)
	v.required("password", in.Password, rulePassword)
}

// adminSetUserPassword is the AdminSetUserPassword operation: a permanent
// password confirms the user; a temporary one makes the next sign-in
// answer NEW_PASSWORD_REQUIRED. Sign-in challenges issued before no longer
// complete, and the lockout count starts again.
func (s *Service) adminSetUserPassword(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*adminSetUserPasswordInput).check)
	if err != nil {
		return nil, err
	}
	p, u, err := s.adminUser(ctx, in.adminUserInput)
	if err != nil {
		return nil, err
	}
	if err := checkPasswordPolicy(p.PasswordPolicy, in.Password); err != nil {
		return nil, err
	}
	fresh := *u
	if err := s.setPassword(&fresh, in.Password, s.now()); err != nil {
		return nil, err
	}
	status := StatusForceChangePassword
	if in.Permanent {
		status = StatusConfirmed
	}
	_, err = s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
		cur.Salt, cur.Verifier, cur.PasswordSet = fresh.Salt, fresh.Verifier, fresh.PasswordSet
		cur.Status = status
		cur.FailedSignIns, cur.LockedUntil = 0, time.Time{}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "password set by an administrator", p.ID, u.Username,
		slog.Bool("permanent", in.Permanent))
	return empty{}, nil
}

// adminConfirmSignUp is the AdminConfirmSignUp operation.
func (s *Service) adminConfirmSignUp(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	p, u, err := s.decodeAdminUser(ctx, body)
	if err != nil {
		return nil, err
	}
	_, err = s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
		if cur.Status != StatusUnconfirmed {
			return errCannotConfirm(cur.Status)
		}
		cur.Status = StatusConfirmed
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "user confirmed by an administrator", p.ID, u.Username)
	return empty{}, nil
}

// adminDisableUser is the AdminDisableUser operation. As in Cognito, it
// also revokes the user's tokens: a disabled user cannot sign in, refresh
// or call GetUser, and enabling the user again does not bring the old
// sessions back.
func (s *Service) adminDisableUser(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	return s.setEnabled(ctx, body, false)
}

// adminEnableUser is the AdminEnableUser operation.
func (s *Service) adminEnableUser(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	return s.setEnabled(ctx, body, true)
}

func (s *Service) setEnabled(ctx context.Context, body []byte, enabled bool) (any, error) {
	p, u, err := s.decodeAdminUser(ctx, body)
	if err != nil {
		return nil, err
	}
	_, err = s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
		cur.Enabled = enabled
		if !enabled {
			cur.revokeTokens(s.now())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	msg := "user enabled by an administrator"
	if !enabled {
		msg = "user disabled by an administrator"
	}
	s.userEvent(ctx, msg, p.ID, u.Username)
	return empty{}, nil
}

// adminUserGlobalSignOut is the AdminUserGlobalSignOut operation: every
// session of the user ends, as with GlobalSignOut.
func (s *Service) adminUserGlobalSignOut(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	p, u, err := s.decodeAdminUser(ctx, body)
	if err != nil {
		return nil, err
	}
	err = s.users.Update(ctx, userID(p.ID, u.Username), func(cur userRecord) (userRecord, error) {
		cur.revokeTokens(s.now())
		return cur, nil
	})
	if err != nil {
		return nil, adminStoreError(err)
	}
	s.userEvent(ctx, "global sign-out by an administrator", p.ID, u.Username)
	return empty{}, nil
}

type adminUpdateUserAttributesInput struct {
	adminUserInput
	UserAttributes []attributeType `json:"UserAttributes"`
}

func (in *adminUpdateUserAttributesInput) check(v *validation) {
	in.adminUserInput.check(v)
	v.notNull("userAttributes", in.UserAttributes != nil)
}

// adminUpdateUserAttributes is the AdminUpdateUserAttributes operation. An
// empty value removes the attribute (but not one the pool signs users in
// with). A new email address or phone number is unverified unless the same
// call sets its _verified flag; in a pool with username_attributes it
// becomes the user's sign-in alias (an AliasExistsException when another
// user has it).
func (s *Service) adminUpdateUserAttributes(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*adminUpdateUserAttributesInput).check)
	if err != nil {
		return nil, err
	}
	p, u, err := s.adminUser(ctx, in.adminUserInput)
	if err != nil {
		return nil, err
	}
	updates, err := s.adminAttributes(ctx, p, in.UserAttributes, false)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, attr := range p.UsernameAttributes {
		if v, ok := updates[attr]; ok && v == "" {
			missing = append(missing, requiredAttributeFailure(attr))
		}
	}
	if len(missing) > 0 {
		return nil, errAttributeSchema(missing) // the attribute users sign in with
	}
	for _, attr := range []string{config.AttributeEmail, config.AttributePhoneNumber} {
		v, changed := updates[attr]
		if _, flagged := updates[attr+"_verified"]; changed && !flagged && v != u.Attributes[attr] {
			updates[attr+"_verified"] = "false"
		}
	}
	// New aliases first: a taken one fails the call before anything changes.
	var claimed []string
	for _, attr := range p.UsernameAttributes {
		v, changed := updates[attr]
		if !changed || v == "" || v == u.Attributes[attr] {
			continue
		}
		if err := s.claimAlias(ctx, p, attr, v, u.Username, codeAliasExists); err != nil {
			s.releaseAliases(ctx, p, claimed, updates, u.Username)
			return nil, err
		}
		claimed = append(claimed, attr)
	}
	before := u.Attributes
	_, err = s.updateAdminUser(ctx, p, u, func(cur *userRecord) error {
		cur.setAttributes(updates)
		return nil
	})
	if err != nil {
		s.releaseAliases(ctx, p, claimed, updates, u.Username)
		return nil, err
	}
	var released []string
	for _, attr := range p.UsernameAttributes {
		if v, changed := updates[attr]; changed && v != before[attr] && !strings.EqualFold(v, before[attr]) {
			released = append(released, attr)
		}
	}
	s.releaseAliases(ctx, p, released, before, u.Username)
	s.userEvent(ctx, "attributes updated by an administrator", p.ID, u.Username)
	return empty{}, nil
}

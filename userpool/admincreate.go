package userpool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/messaging"
)

// AdminCreateUser: a user created by an administrator, with a temporary
// password (given, or generated to satisfy the pool's policy) and status
// FORCE_CHANGE_PASSWORD, so that the first sign-in answers
// NEW_PASSWORD_REQUIRED. The invitation carrying the temporary password
// goes through the message sink unless MessageAction is SUPPRESS.

// Message actions and delivery media of AdminCreateUser.
const (
	messageActionResend   = "RESEND"
	messageActionSuppress = "SUPPRESS"
	purposeAdminCreate    = "AdminCreateUser"
)

var (
	messageActions  = []string{messageActionResend, messageActionSuppress}
	deliveryMediums = []string{messaging.SMS, messaging.Email}
)

// Cognito's default invitation message.
const (
	inviteSubject = "Your temporary password"
	inviteBody    = "Your username is {username} and temporary password is {####}."
)

// temporaryPasswordLength is the length of generated temporary passwords
// (more when the pool's policy asks for more).
const temporaryPasswordLength = 12

type adminCreateUserInput struct {
	UserPoolId             string          `json:"UserPoolId"`
	Username               string          `json:"Username"`
	UserAttributes         []attributeType `json:"UserAttributes"`
	TemporaryPassword      string          `json:"TemporaryPassword"`
	ForceAliasCreation     bool            `json:"ForceAliasCreation"`
	MessageAction          string          `json:"MessageAction"`
	DesiredDeliveryMediums []string        `json:"DesiredDeliveryMediums"`
}

type adminCreateUserOutput struct {
	User userType `json:"User"`
}

func (in *adminCreateUserInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("username", in.Username, ruleUsername)
	v.str("temporaryPassword", in.TemporaryPassword, rulePassword)
	v.enum("messageAction", in.MessageAction, messageActions)
	for _, m := range in.DesiredDeliveryMediums {
		if !slices.Contains(deliveryMediums, m) {
			*v = append(*v, "Value '["+strings.Join(in.DesiredDeliveryMediums, ", ")+"]' at 'desiredDeliveryMediums' "+
				"failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: ["+
				strings.Join(deliveryMediums, ", ")+"]]")
			break
		}
	}
}

// adminCreateUser is the AdminCreateUser operation.
func (s *Service) adminCreateUser(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*adminCreateUserInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	attrs, err := s.adminAttributes(ctx, p, in.UserAttributes, true)
	if err != nil {
		return nil, err
	}
	password := in.TemporaryPassword
	if password != "" {
		if err := checkPasswordPolicy(p.PasswordPolicy, password); err != nil {
			return nil, err
		}
	} else if password, err = temporaryPassword(s.rand, p.PasswordPolicy); err != nil {
		return nil, err
	}
	var u *userRecord
	if in.MessageAction == messageActionResend {
		u, err = s.resendInvitation(ctx, p, in.Username, password)
	} else {
		u, err = s.adminNewUser(ctx, p, in.Username, attrs, password)
	}
	if err != nil {
		return nil, err
	}
	s.userEvent(ctx, "user created by an administrator", p.ID, u.Username, slog.String("sub", u.Sub))
	if in.MessageAction != messageActionSuppress {
		s.sendInvitation(ctx, p, u, in.Username, password, in.DesiredDeliveryMediums)
	}
	return adminCreateUserOutput{User: u.userType()}, nil
}

// adminNewUser creates the user of AdminCreateUser. In a pool with
// username_attributes the name must be an email address or phone number,
// which becomes that attribute and a sign-in alias; the internal username
// is then the user's sub.
func (s *Service) adminNewUser(ctx context.Context, p *config.UserPool, name string, attrs map[string]string, password string) (*userRecord, error) {
	aliasAttr := ""
	if len(p.UsernameAttributes) > 0 {
		aliasAttr = aliasKind(p, name)
		if aliasAttr == "" {
			return nil, errUsernameNotAlias(p)
		}
		if _, err := s.adminAttributes(ctx, p, []attributeType{{Name: aliasAttr, Value: name}}, true); err != nil {
			return nil, err
		}
		attrs[aliasAttr] = name
	}
	// The other username attributes of the user become aliases too; they
	// must be free.
	var extra []string
	for _, attr := range p.UsernameAttributes {
		if attr == aliasAttr || attrs[attr] == "" {
			continue
		}
		if _, err := s.findUser(ctx, p, attrs[attr]); err == nil {
			return nil, errAliasTaken(codeUsernameExists, attr)
		} else if !errors.Is(err, ErrUserNotFound) {
			return nil, err
		}
		extra = append(extra, attr)
	}
	if aliasAttr != "" {
		if _, err := s.findUser(ctx, p, name); err == nil {
			return nil, errAliasTaken(codeUsernameExists, aliasAttr)
		} else if !errors.Is(err, ErrUserNotFound) {
			return nil, err
		}
	}
	u, err := s.createUser(ctx, p, NewUser{
		Username: name, Password: password, Attributes: attrs, Status: StatusForceChangePassword,
	})
	switch {
	case errors.Is(err, ErrUserExists) && aliasAttr != "":
		return nil, errAliasTaken(codeUsernameExists, aliasAttr)
	case errors.Is(err, ErrUserExists):
		return nil, errUsernameExists
	case err != nil:
		return nil, err
	}
	for _, attr := range extra {
		if err := s.claimAlias(ctx, p, attr, attrs[attr], u.Username, codeUsernameExists); err != nil {
			if derr := s.deleteUserRecord(ctx, p, u); derr != nil {
				return nil, derr
			}
			return nil, err
		}
	}
	return u, nil
}

// resendInvitation is MessageAction RESEND: the user, who must still be
// waiting to sign in for the first time, gets a new temporary password.
func (s *Service) resendInvitation(ctx context.Context, p *config.UserPool, name, password string) (*userRecord, error) {
	u, err := s.findUser(ctx, p, name)
	if errors.Is(err, ErrUserNotFound) {
		return nil, errUserNotFound
	}
	if err != nil {
		return nil, err
	}
	if u.Status != StatusForceChangePassword {
		return nil, errResendNotPossible(name, u.Status)
	}
	fresh := *u
	now := s.now()
	if err := s.setPassword(&fresh, password, now); err != nil {
		return nil, err
	}
	var updated userRecord
	err = s.users.Update(ctx, userID(p.ID, u.Username), func(cur userRecord) (userRecord, error) {
		if cur.Sub != u.Sub {
			return cur, errUserNotFound
		}
		if cur.Status != StatusForceChangePassword {
			return cur, errResendNotPossible(name, cur.Status)
		}
		cur.Salt, cur.Verifier, cur.PasswordSet = fresh.Salt, fresh.Verifier, fresh.PasswordSet
		cur.Modified = now
		updated = cur
		return cur, nil
	})
	if err != nil {
		return nil, adminStoreError(err)
	}
	return &updated, nil
}

// sendInvitation sends the temporary password to the user by each medium
// asked for (SMS when none is, as in Cognito) for which the user has an
// address. A delivery failure is logged: the user exists either way.
func (s *Service) sendInvitation(ctx context.Context, p *config.UserPool, u *userRecord, name, password string, mediums []string) {
	if len(mediums) == 0 {
		mediums = []string{messaging.SMS}
	}
	body := strings.ReplaceAll(strings.ReplaceAll(inviteBody, "{username}", name), "{####}", password)
	for _, medium := range slices.Compact(slices.Sorted(slices.Values(mediums))) {
		dest := u.Attributes[config.AttributePhoneNumber]
		if medium == messaging.Email {
			dest = u.Attributes[config.AttributeEmail]
		}
		if dest == "" {
			continue
		}
		id, err := newUUID(s.rand)
		if err != nil {
			s.log.ErrorContext(ctx, "invitation not sent", "user_pool", p.ID, "username", u.Username, "err", err)
			return
		}
		m := messaging.Message{
			ID: id, Time: s.now(), UserPoolID: p.ID, Username: u.Username, Purpose: purposeAdminCreate,
			DeliveryMedium: medium, Destination: dest, Subject: inviteSubject, Body: body, Code: password,
		}
		if medium == messaging.SMS {
			m.Subject = ""
		}
		if err := s.sink.Send(ctx, m); err != nil {
			s.log.ErrorContext(ctx, "invitation not delivered", "user_pool", p.ID, "username", u.Username,
				"medium", medium, "err", err)
		}
	}
}

// temporaryPassword returns a random password that satisfies the policy:
// at least temporaryPasswordLength characters, with a lowercase and an
// uppercase letter, a digit and a symbol.
func temporaryPassword(random io.Reader, pol config.PasswordPolicy) (string, error) {
	const (
		lower   = "abcdefghijkmnopqrstuvwxyz"
		upper   = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		digits  = "23456789"
		symbols = "!#%&*+-.:=?@^_~"
		all     = lower + upper + digits + symbols
	)
	n := max(pol.MinimumLength, temporaryPasswordLength)
	out := make([]byte, 0, n)
	for _, set := range []string{lower, upper, digits, symbols} {
		c, err := randomChar(random, set)
		if err != nil {
			return "", err
		}
		out = append(out, c)
	}
	for len(out) < n {
		c, err := randomChar(random, all)
		if err != nil {
			return "", err
		}
		out = append(out, c)
	}
	for i := len(out) - 1; i > 0; i-- {
		j, err := randomIndex(random, i+1)
		if err != nil {
			return "", err
		}
		out[i], out[j] = out[j], out[i]
	}
	return string(out), nil
}

func randomChar(random io.Reader, set string) (byte, error) {
	i, err := randomIndex(random, len(set))
	if err != nil {
		return 0, err
	}
	return set[i], nil
}

// randomIndex returns a uniform random integer in [0, n), n <= 256.
func randomIndex(random io.Reader, n int) (int, error) {
	limit := 256 - 256%n
	var b [1]byte
	for {
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return 0, fmt.Errorf("userpool: read random: %w", err)
		}
		if int(b[0]) < limit {
			return int(b[0]) % n, nil
		}
	}
}

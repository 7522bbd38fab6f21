package userpool

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Errors of the user management methods.
var (
	// ErrUserExists: CreateUser of a username or alias that is taken.
	ErrUserExists = errors.New("userpool: user already exists")
	// ErrUserNotFound: no user of the pool has that username or alias.
	ErrUserNotFound = errors.New("userpool: user not found")
	// ErrPoolNotFound: neither the configuration nor the store has a pool
	// with that id.
	ErrPoolNotFound = errors.New("userpool: user pool not found")
)

// NewUser describes a user to create.
type NewUser struct {
	// Username is the username, or in a pool with username_attributes the
	// email address or phone number the user signs in with (the internal
	// username is then the user's sub).
	Username string
	// Password is the user's password, permanent or (with status
	// FORCE_CHANGE_PASSWORD) temporary. It is not checked against the
	// pool's policy and never stored.
	Password   string
	Attributes map[string]string
	// Status defaults to CONFIRMED.
	Status   UserStatus
	Disabled bool
	Groups   []string
}

// CreateUser creates a user of the pool. It returns ErrUserExists when the
// username or alias is taken (also by a concurrent CreateUser on another
// node).
func (s *Service) CreateUser(ctx context.Context, poolID string, in NewUser) (User, error) {
	p, err := s.userPool(ctx, poolID)
	if err != nil {
		return User{}, err
	}
	rec, err := s.createUser(ctx, p, in)
	if err != nil {
		return User{}, err
	}
	return rec.public(), nil
}

// LookupUser returns the user a sign-in name (username, alias, or sub in a
// pool with username_attributes) designates, or ErrUserNotFound.
func (s *Service) LookupUser(ctx context.Context, poolID, name string) (User, error) {
	p, err := s.userPool(ctx, poolID)
	if err != nil {
		return User{}, err
	}
	rec, err := s.findUser(ctx, p, name)
	if err != nil {
		return User{}, err
	}
	return rec.public(), nil
}

// SetUserEnabled enables or disables the user a sign-in name designates.
func (s *Service) SetUserEnabled(ctx context.Context, poolID, name string, enabled bool) error {
	return s.modifyUser(ctx, poolID, name, func(u *userRecord) { u.Enabled = enabled })
}

// SetUserStatus sets the status of the user a sign-in name designates.
func (s *Service) SetUserStatus(ctx context.Context, poolID, name string, status UserStatus) error {
	return s.modifyUser(ctx, poolID, name, func(u *userRecord) { u.Status = status })
}

func (s *Service) modifyUser(ctx context.Context, poolID, name string, fn func(*userRecord)) error {
	p, err := s.userPool(ctx, poolID)
	if err != nil {
		return err
	}
	rec, err := s.findUser(ctx, p, name)
	if err != nil {
		return err
	}
	err = s.users.Update(ctx, userID(p.ID, rec.Username), func(u userRecord) (userRecord, error) {
		fn(&u)
		u.Modified = s.now()
		return u, nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return ErrUserNotFound
	}
	return err
}

// createUser creates a user. In a pool with username_attributes it first
// claims the alias, which makes concurrent creations of one alias agree: the
// loser gets ErrUserExists. An alias whose user record is missing (a
// creation interrupted between the two writes) is adopted: the user is
// created under the alias's internal username.
func (s *Service) createUser(ctx context.Context, p *config.UserPool, in NewUser) (*userRecord, error) {
	attr, err := aliasAttribute(p, in.Username)
	if err != nil {
		return nil, err
	}
	sub, err := newUUID(s.rand)
	if err != nil {
		return nil, err
	}
	username := in.Username
	if attr != "" {
		username = sub
		err := s.aliases.Create(ctx, aliasID(p.ID, attr, in.Username), aliasRecord{Username: sub})
		if errors.Is(err, store.ErrAlreadyExists) {
			a, gerr := s.aliases.Get(ctx, aliasID(p.ID, attr, in.Username))
			if gerr != nil {
				return nil, gerr
			}
			username, sub = a.Username, a.Username
		} else if err != nil {
			return nil, err
		}
	}
	rec, err := s.newUserRecord(p, username, sub, in)
	if err != nil {
		return nil, err
	}
	if err := s.users.Create(ctx, userID(p.ID, username), *rec); err != nil {
		if errors.Is(err, store.ErrAlreadyExists) {
			return nil, ErrUserExists
		}
		return nil, err
	}
	return rec, nil
}

// newUserRecord builds the record of a new user, with a fresh salt and the
// encrypted verifier of its password.
func (s *Service) newUserRecord(p *config.UserPool, username, sub string, in NewUser) (*userRecord, error) {
	if in.Password == "" {
		return nil, errors.New("userpool: a new user needs a password")
	}
	now := s.now()
	status := in.Status
	if status == "" {
		status = StatusConfirmed
	}
	attrs := cloneMap(in.Attributes)
	delete(attrs, "sub")
	rec := &userRecord{
		Pool: p.ID, Username: username, Sub: sub, Attributes: attrs, Status: status,
		Enabled: !in.Disabled, Groups: slices.Clone(in.Groups), Created: now, Modified: now,
	}
	if err := s.setPassword(rec, in.Password, now); err != nil {
		return nil, err
	}
	return rec, nil
}

// aliasAttribute returns the username attribute a new user's name is an
// alias of in pool p ("" for a pool without username_attributes).
func aliasAttribute(p *config.UserPool, name string) (string, error) {
	if len(p.UsernameAttributes) == 0 {
		return "", nil
	}
	if attr := aliasKind(p, name); attr != "" {
		return attr, nil
	}
	return "", fmt.Errorf("userpool: pool %s signs users in by %s; %q is neither",
		p.ID, strings.Join(p.UsernameAttributes, " or "), name)
}

// aliasKind returns which username attribute of p the sign-in name looks
// like: an email address has an "@", a phone number starts with "+".
func aliasKind(p *config.UserPool, name string) string {
	switch {
	case strings.Contains(name, "@") && slices.Contains(p.UsernameAttributes, config.AttributeEmail):
		return config.AttributeEmail
	case strings.HasPrefix(name, "+") && slices.Contains(p.UsernameAttributes, config.AttributePhoneNumber):
		return config.AttributePhoneNumber
	}
	return ""
}

// findUser resolves a sign-in name: an alias in pools with
// username_attributes, else the (case-insensitive) username, which in those
// pools is the user's sub. It returns ErrUserNotFound.
func (s *Service) findUser(ctx context.Context, p *config.UserPool, name string) (*userRecord, error) {
	if name == "" {
		return nil, ErrUserNotFound
	}
	username := name
	if attr := aliasKind(p, name); attr != "" {
		a, err := s.aliases.Get(ctx, aliasID(p.ID, attr, name))
		if errors.Is(err, store.ErrNotFound) {
			return nil, ErrUserNotFound
		}
		if err != nil {
			return nil, err
		}
		username = a.Username
	}
	return s.loadUser(ctx, p.ID, username)
}

// loadUser reads a user by internal username, or returns ErrUserNotFound.
func (s *Service) loadUser(ctx context.Context, pool, username string) (*userRecord, error) {
	u, err := s.users.Get(ctx, userID(pool, username))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

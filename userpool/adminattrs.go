package userpool

import (
	"context"
	"errors"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Attributes given by administrative operations (AdminCreateUser,
// AdminUpdateUserAttributes): checked against the pool's schema, and in a
// pool with username_attributes kept in step with the sign-in aliases.

// adminPhonePattern is an E.164 phone number, as Cognito requires.
var adminPhonePattern = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// adminAttributes checks the attributes of an administrative request and
// returns them by name (the last value of a name wins, as in Cognito).
func (s *Service) adminAttributes(ctx context.Context, p *config.UserPool, attrs []attributeType, creating bool) (map[string]string, error) {
	out := make(map[string]string, len(attrs))
	var custom []string
	customLoaded := false
	for _, a := range attrs {
		switch {
		case a.Name == "sub":
			return nil, errInvalidUserAttribute(a.Name)
		case standardAttributes[a.Name]:
		case strings.HasPrefix(a.Name, "custom:"):
			if !customLoaded {
				var err error
				if custom, err = s.customAttributes(ctx, p); err != nil {
					return nil, err
				}
				customLoaded = true
			}
			if custom != nil && !slices.Contains(custom, strings.TrimPrefix(a.Name, "custom:")) {
				return nil, errAttributeNotInSchema(a.Name, creating)
			}
		default:
			return nil, errAttributeNotInSchema(a.Name, creating)
		}
		out[a.Name] = a.Value
	}
	if v := out[config.AttributeEmail]; v != "" {
		if m, err := mail.ParseAddress(v); err != nil || m.Name != "" || m.Address != v {
			return nil, errInvalidEmail
		}
	}
	if v := out[config.AttributePhoneNumber]; v != "" && !adminPhonePattern.MatchString(v) {
		return nil, errInvalidPhone
	}
	return out, nil
}

// customAttributes returns the custom attributes (without "custom:") a
// pool created through the API declared in its Schema, or nil for a pool
// of the configuration, which accepts any.
func (s *Service) customAttributes(ctx context.Context, p *config.UserPool) ([]string, error) {
	if s.cfg.UserPool(p.ID) != nil {
		return nil, nil
	}
	rec, err := s.storedPools.Get(ctx, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, a := range rec.Settings.Schema {
		names = append(names, strings.TrimPrefix(a.Name, "custom:"))
	}
	return names, nil
}

// claimAlias makes value of attribute a sign-in alias of the internal
// username in pool p; code is the exception when another user has it
// (UsernameExistsException when creating a user, AliasExistsException when
// updating one). An alias whose user is gone is taken over.
func (s *Service) claimAlias(ctx context.Context, p *config.UserPool, attribute, value, username, code string) error {
	id := aliasID(p.ID, attribute, value)
	for range 3 {
		err := s.aliases.Create(ctx, id, aliasRecord{Username: username})
		if !errors.Is(err, store.ErrAlreadyExists) {
			return err
		}
		a, err := s.aliases.Get(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // released meanwhile
		}
		if err != nil {
			return err
		}
		if strings.EqualFold(a.Username, username) {
			return nil
		}
		if _, err := s.loadUser(ctx, p.ID, a.Username); !errors.Is(err, ErrUserNotFound) {
			if err != nil {
				return err
			}
			return errAliasTaken(code, attribute)
		}
		err = s.aliases.Update(ctx, id, func(cur aliasRecord) (aliasRecord, error) {
			if cur.Username != a.Username {
				return cur, errAliasTaken(code, attribute) // taken over meanwhile
			}
			return aliasRecord{Username: username}, nil
		})
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		return err
	}
	return errAliasTaken(code, attribute)
}

// releaseAlias removes value of attribute as an alias of username, if it
// is one.
func (s *Service) releaseAlias(ctx context.Context, p *config.UserPool, attribute, value, username string) error {
	if value == "" {
		return nil
	}
	id := aliasID(p.ID, attribute, value)
	a, err := s.aliases.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !strings.EqualFold(a.Username, username) {
		return nil
	}
	if err := s.aliases.Delete(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

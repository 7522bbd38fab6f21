package userpool

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gatehouse-dev/gatehouse/config"
)

// seedUsers creates the users of the configuration that do not exist:
// confirmed, enabled, with a permanent password. A user that exists is left
// as it is (its password may have changed since), so restarts change
// nothing; processes that start at once agree through the store's Create.
func (s *Service) seedUsers(ctx context.Context) error {
	for i := range s.cfg.UserPools {
		p := &s.cfg.UserPools[i]
		for _, su := range p.Users {
			if err := s.seedUser(ctx, p, su); err != nil {
				return fmt.Errorf("userpool: seed user %s of %s: %w", su.Username, p.ID, err)
			}
		}
	}
	return nil
}

func (s *Service) seedUser(ctx context.Context, p *config.UserPool, su config.SeedUser) error {
	_, err := s.findUser(ctx, p, su.Username)
	if err == nil {
		return nil
	}
	if !errors.Is(err, ErrUserNotFound) {
		return err
	}
	rec, err := s.createUser(ctx, p, NewUser{
		Username:   su.Username,
		Password:   su.Password,
		Attributes: su.Attributes,
		Status:     StatusConfirmed,
		Groups:     su.Groups,
	})
	if errors.Is(err, ErrUserExists) {
		return nil // created meanwhile by another process
	}
	if err != nil {
		return err
	}
	s.userEvent(ctx, "seed user created", p.ID, rec.Username,
		slog.String("sub", rec.Sub))
	return nil
}

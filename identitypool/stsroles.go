package identitypool

import (
	"context"
	"errors"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// IdentityPoolRoles returns the roles the OpenID token (GetOpenIdToken) of
// an identity of the pool created through the API with the given id may
// assume with STS AssumeRoleWithWebIdentity: for an authenticated identity
// the pool's authenticated role and the roles of its role mapping rules,
// for an unauthenticated one its unauthenticated role. ok is false when no
// pool was created through the API with that id (the configuration's pools
// are known to STS from the configuration). It implements
// creds.APIIdentityPools.
func (s *Service) IdentityPoolRoles(ctx context.Context, id string) (authenticated, unauthenticated []string, ok bool, err error) {
	if _, inConfig := s.configPools[id]; inConfig || id == "" || len(id) > maxIDLength {
		return nil, nil, false, nil
	}
	p, err := s.findPool(ctx, id)
	var ae *awsproto.Error
	switch {
	case errors.As(err, &ae) && ae.Code == codeResourceNotFound:
		return nil, nil, false, nil
	case err != nil:
		return nil, nil, false, err
	}
	if r := p.Roles[roleAuthenticated]; r != "" {
		authenticated = append(authenticated, r)
	}
	for _, m := range p.RoleMappings {
		if m.RulesConfiguration == nil {
			continue
		}
		for _, rule := range m.RulesConfiguration.Rules {
			authenticated = append(authenticated, rule.RoleARN)
		}
	}
	if r := p.Roles[roleUnauthenticated]; r != "" {
		unauthenticated = append(unauthenticated, r)
	}
	return authenticated, unauthenticated, true, nil
}

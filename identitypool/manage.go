package identitypool

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Identity pools are managed through the API like on AWS: created,
// described, listed, updated, given roles and deleted. Pools of the
// configuration are listed and described but cannot be changed. Only Cognito
// user pools serve as identity providers: the other kinds of provider
// (SupportedLoginProviders, OpenIdConnectProviderARNs, SamlProviderARNs,
// DeveloperProviderName) are kept and returned, but their logins are not
// from a supported provider.

// poolInput is the input of CreateIdentityPool and UpdateIdentityPool.
type poolInput struct {
	IdentityPoolId                 string            `json:"IdentityPoolId"`
	IdentityPoolName               string            `json:"IdentityPoolName"`
	AllowUnauthenticatedIdentities *bool             `json:"AllowUnauthenticatedIdentities"`
	AllowClassicFlow               *bool             `json:"AllowClassicFlow"`
	SupportedLoginProviders        map[string]string `json:"SupportedLoginProviders"`
	DeveloperProviderName          string            `json:"DeveloperProviderName"`
	OpenIdConnectProviderARNs      []string          `json:"OpenIdConnectProviderARNs"`
	CognitoIdentityProviders       []cognitoProvider `json:"CognitoIdentityProviders"`
	SamlProviderARNs               []string          `json:"SamlProviderARNs"`
	IdentityPoolTags               map[string]string `json:"IdentityPoolTags"`
}

// Patterns of the API model for providers.
const (
	patternProviderName  = `[\w._:/-]+`
	patternClientID      = `[\w_]+`
	patternDeveloperName = `[\w._-]+`
)

var (
	providerNamePattern  = regexp.MustCompile(`^` + patternProviderName + `$`)
	clientIDPattern      = regexp.MustCompile(`^` + patternClientID + `$`)
	developerNamePattern = regexp.MustCompile(`^` + patternDeveloperName + `$`)
	// userPoolProviderPattern is the provider name of a Cognito user pool.
	userPoolProviderPattern = regexp.MustCompile(`^cognito-idp\.([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})\.amazonaws\.com/([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})_[0-9A-Za-z]+$`)
)

// maxPoolTags is Cognito's limit on an identity pool's tags.
const maxPoolTags = 50

func (in *poolInput) check(v *validation, update bool) {
	if update {
		v.id("identityPoolId", in.IdentityPoolId)
	}
	if in.IdentityPoolName == "" {
		v.notNull("identityPoolName", false)
	} else {
		v.length("identityPoolName", in.IdentityPoolName, 1, maxPoolNameLength)
		v.pattern("identityPoolName", in.IdentityPoolName, poolNamePattern, patternPoolName)
	}
	v.notNull("allowUnauthenticatedIdentities", in.AllowUnauthenticatedIdentities != nil)
	for i, c := range in.CognitoIdentityProviders {
		member := "cognitoIdentityProviders." + strconv.Itoa(i+1) + ".member."
		v.length(member+"providerName", c.ProviderName, 1, 128)
		if c.ProviderName != "" {
			v.pattern(member+"providerName", c.ProviderName, providerNamePattern, patternProviderName)
		}
		v.length(member+"clientId", c.ClientId, 1, 128)
		if c.ClientId != "" {
			v.pattern(member+"clientId", c.ClientId, clientIDPattern, patternClientID)
		}
	}
	if in.DeveloperProviderName != "" {
		v.length("developerProviderName", in.DeveloperProviderName, 1, 128)
		v.pattern("developerProviderName", in.DeveloperProviderName, developerNamePattern, patternDeveloperName)
	}
	if len(in.IdentityPoolTags) > maxPoolTags {
		*v = append(*v, "Value at 'identityPoolTags' failed to satisfy constraint: Member must have length less than or equal to 50")
	}
}

// pool returns the identity pool the input describes, with id.
func (in *poolInput) pool(id string) (identityPool, error) {
	var seen []cognitoProvider
	for _, c := range in.CognitoIdentityProviders {
		m := userPoolProviderPattern.FindStringSubmatch(c.ProviderName)
		if m == nil || m[1] != m[2] {
			return identityPool{}, errInvalidProviderName(c.ProviderName)
		}
		if slices.ContainsFunc(seen, func(o cognitoProvider) bool {
			return o.ProviderName == c.ProviderName && o.ClientId == c.ClientId
		}) {
			return identityPool{}, errDuplicateProvider
		}
		seen = append(seen, c)
	}
	return identityPool{
		IdentityPoolId:                 id,
		IdentityPoolName:               in.IdentityPoolName,
		AllowUnauthenticatedIdentities: *in.AllowUnauthenticatedIdentities,
		AllowClassicFlow:               in.AllowClassicFlow,
		SupportedLoginProviders:        in.SupportedLoginProviders,
		DeveloperProviderName:          in.DeveloperProviderName,
		OpenIdConnectProviderARNs:      in.OpenIdConnectProviderARNs,
		CognitoIdentityProviders:       in.CognitoIdentityProviders,
		SamlProviderARNs:               in.SamlProviderARNs,
		IdentityPoolTags:               in.IdentityPoolTags,
	}, nil
}

// createIdentityPool serves CreateIdentityPool: a new pool, id
// {region}:{uuid}, kept in the store.
func (s *Service) createIdentityPool(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, func(in *poolInput, v *validation) { in.check(v, false) })
	if err != nil {
		return nil, err
	}
	id, err := s.newRegionalID()
	if err != nil {
		return nil, err
	}
	ip, err := in.pool(id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if err := s.pools.Create(ctx, id, poolRecord{Pool: ip, Created: now, Modified: now}); err != nil {
		return nil, err
	}
	return ip, nil
}

// updateIdentityPool serves UpdateIdentityPool: the pool's settings are
// replaced by the input's (its roles stay).
func (s *Service) updateIdentityPool(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, func(in *poolInput, v *validation) { in.check(v, true) })
	if err != nil {
		return nil, err
	}
	if _, ok := s.configPools[in.IdentityPoolId]; ok {
		return nil, errConfigPoolReadOnly(in.IdentityPoolId)
	}
	ip, err := in.pool(in.IdentityPoolId)
	if err != nil {
		return nil, err
	}
	if err := s.updatePool(ctx, in.IdentityPoolId, func(rec *poolRecord) error {
		rec.Pool = ip
		return nil
	}); err != nil {
		return nil, err
	}
	return ip, nil
}

// updatePool changes a pool created through the API with fn in one
// store.Update.
func (s *Service) updatePool(ctx context.Context, id string, fn func(*poolRecord) error) error {
	err := s.pools.Update(ctx, id, func(rec poolRecord) (poolRecord, error) {
		if err := fn(&rec); err != nil {
			return rec, err
		}
		rec.Modified = s.now()
		return rec, nil
	})
	s.catalog.forget(id)
	if errors.Is(err, store.ErrNotFound) {
		return errPoolNotFound(id)
	}
	return err
}

// deleteIdentityPool serves DeleteIdentityPool: the pool goes, and then its
// identities.
func (s *Service) deleteIdentityPool(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*poolIDInput).check)
	if err != nil {
		return nil, err
	}
	if _, ok := s.configPools[in.IdentityPoolId]; ok {
		return nil, errConfigPoolReadOnly(in.IdentityPoolId)
	}
	err = s.pools.Delete(ctx, in.IdentityPoolId)
	s.catalog.forget(in.IdentityPoolId)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errPoolNotFound(in.IdentityPoolId)
	}
	if err != nil {
		return nil, err
	}
	prefix := memberPrefix(in.IdentityPoolId)
	for {
		_, ids, err := s.members.List(ctx, store.ListOptions{Prefix: prefix, Limit: 100})
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return empty{}, nil
		}
		for _, mid := range ids {
			if err := s.removeIdentity(ctx, mid[len(prefix):]); err != nil {
				return nil, err
			}
			// A member whose identity had gone already.
			if err := s.members.Delete(ctx, mid); err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
		}
	}
}

// describeIdentityPool serves DescribeIdentityPool.
func (s *Service) describeIdentityPool(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*poolIDInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.findPool(ctx, in.IdentityPoolId)
	if err != nil {
		return nil, err
	}
	return p.Pool, nil
}

// listIdentityPools serves ListIdentityPools: the pools of the
// configuration, in its order, then those created through the API, by id.
// NextToken is opaque to clients: the last id of the page.
func (s *Service) listIdentityPools(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*listPoolsInput).check)
	if err != nil {
		return nil, err
	}
	all := make([]poolShortDescription, 0, len(s.cfg.IdentityPools))
	for _, ip := range s.cfg.IdentityPools {
		all = append(all, poolShortDescription{IdentityPoolId: ip.ID, IdentityPoolName: ip.Name})
	}
	stored, _, err := s.pools.List(ctx, store.ListOptions{})
	if err != nil {
		return nil, err
	}
	for _, rec := range stored {
		all = append(all, poolShortDescription{IdentityPoolId: rec.Pool.IdentityPoolId, IdentityPoolName: rec.Pool.IdentityPoolName})
	}
	start := 0
	if in.NextToken != "" {
		last, ok := decodePageToken(in.NextToken)
		i := slices.IndexFunc(all, func(d poolShortDescription) bool { return d.IdentityPoolId == last })
		if !ok || i < 0 {
			return nil, errInvalidPaginationToken
		}
		start = i + 1
	}
	end := min(start+*in.MaxResults, len(all))
	out := listPoolsOutput{IdentityPools: all[start:end]}
	if end < len(all) {
		out.NextToken = encodePageToken(all[end-1].IdentityPoolId)
	}
	return out, nil
}

// getIdentityPoolRoles serves GetIdentityPoolRoles.
func (s *Service) getIdentityPoolRoles(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*poolIDInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.findPool(ctx, in.IdentityPoolId)
	if err != nil {
		return nil, err
	}
	return getRolesOutput{IdentityPoolId: p.id(), Roles: p.Roles, RoleMappings: p.RoleMappings}, nil
}

// setIdentityPoolRoles serves SetIdentityPoolRoles: the pool's roles and
// role mappings are replaced. Roles must be declared in the configuration
// (the credentials of a role need its max_session and policies).
func (s *Service) setIdentityPoolRoles(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*setRolesInput).check)
	if err != nil {
		return nil, err
	}
	if _, ok := s.configPools[in.IdentityPoolId]; ok {
		return nil, errConfigPoolReadOnly(in.IdentityPoolId)
	}
	p, err := s.findPool(ctx, in.IdentityPoolId)
	if err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(in.Roles) {
		if k != roleAuthenticated && k != roleUnauthenticated {
			return nil, errInvalidRolesKey(k)
		}
		if err := s.checkRole(in.Roles[k]); err != nil {
			return nil, err
		}
	}
	for _, k := range sortedKeys(in.RoleMappings) {
		if err := s.checkRoleMapping(p, k, in.RoleMappings[k]); err != nil {
			return nil, err
		}
	}
	if err := s.updatePool(ctx, in.IdentityPoolId, func(rec *poolRecord) error {
		rec.Roles, rec.RoleMappings = in.Roles, in.RoleMappings
		return nil
	}); err != nil {
		return nil, err
	}
	return empty{}, nil
}

// checkRole refuses a role the configuration does not declare.
func (s *Service) checkRole(arn string) error {
	if s.cfg.Role(arn) == nil {
		return errRoleForbidden(arn)
	}
	return nil
}

// checkRoleMapping checks the role mapping of key for pool p.
func (s *Service) checkRoleMapping(p *pool, key string, rm roleMapping) error {
	known := false
	for _, c := range p.Pool.CognitoIdentityProviders {
		known = known || mappingKey(c.ProviderName, c.ClientId) == key
	}
	switch {
	case !known:
		return errInvalidRoleMapping(key, "the key must be {providerName}:{clientId} of a provider of the identity pool")
	case rm.Type != config.RoleMappingToken && rm.Type != config.RoleMappingRules:
		return errInvalidRoleMapping(key, "Type must be Token or Rules")
	case rm.AmbiguousRoleResolution != config.AmbiguousAuthenticatedRole && rm.AmbiguousRoleResolution != config.AmbiguousDeny:
		return errInvalidRoleMapping(key, "AmbiguousRoleResolution must be AuthenticatedRole or Deny")
	case rm.Type == config.RoleMappingToken && rm.RulesConfiguration != nil:
		return errInvalidRoleMapping(key, "RulesConfiguration is only allowed when Type is Rules")
	case rm.Type == config.RoleMappingRules && (rm.RulesConfiguration == nil || len(rm.RulesConfiguration.Rules) == 0):
		return errInvalidRoleMapping(key, "RulesConfiguration must have at least one rule when Type is Rules")
	case rm.Type == config.RoleMappingRules && len(rm.RulesConfiguration.Rules) > 25:
		return errInvalidRoleMapping(key, "RulesConfiguration must have at most 25 rules")
	}
	if rm.RulesConfiguration == nil {
		return nil
	}
	matchTypes := []string{config.MatchEquals, config.MatchContains, config.MatchStartsWith, config.MatchNotEqual}
	for _, r := range rm.RulesConfiguration.Rules {
		switch {
		case r.Claim == "" || utf8.RuneCountInString(r.Claim) > 64:
			return errInvalidRoleMapping(key, "a rule's Claim must have 1 to 64 characters")
		case !slices.Contains(matchTypes, r.MatchType):
			return errInvalidRoleMapping(key, "a rule's MatchType must be Equals, Contains, StartsWith or NotEqual")
		case r.Value == "" || utf8.RuneCountInString(r.Value) > 128:
			return errInvalidRoleMapping(key, "a rule's Value must have 1 to 128 characters")
		}
		if err := s.checkRole(r.RoleARN); err != nil {
			return err
		}
	}
	return nil
}

package identitypool

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// The identity pools come from two places: the configuration (fixed ids,
// read-only) and the store (created through CreateIdentityPool). findPool is the
// one lookup of both, configuration first; every operation finds its pool
// through it.

// Store kinds.
const (
	kindPool     = "identitypool-pool"
	kindIdentity = "identitypool-identity"
	kindLogin    = "identitypool-login"
	kindMember   = "identitypool-member"
)

// Keys of an identity pool's Roles.
const (
	roleAuthenticated   = "authenticated"
	roleUnauthenticated = "unauthenticated"
)

// catalogTTL is how long a pool read from the store is reused without
// reading it again. A change made on this node is seen at once; a change
// made on another node sharing the store, within catalogTTL.
const catalogTTL = 5 * time.Second

// catalogMaxEntries bounds the cache; when full it is emptied.
const catalogMaxEntries = 1024

// identityPool is an identity pool in the shape of the API: the output of
// DescribeIdentityPool.
type identityPool struct {
	IdentityPoolId                 string            `json:"IdentityPoolId"`
	IdentityPoolName               string            `json:"IdentityPoolName"`
	AllowUnauthenticatedIdentities bool              `json:"AllowUnauthenticatedIdentities"`
	AllowClassicFlow               *bool             `json:"AllowClassicFlow,omitempty"`
	SupportedLoginProviders        map[string]string `json:"SupportedLoginProviders,omitempty"`
	DeveloperProviderName          string            `json:"DeveloperProviderName,omitempty"`
	OpenIdConnectProviderARNs      []string          `json:"OpenIdConnectProviderARNs,omitempty"`
	CognitoIdentityProviders       []cognitoProvider `json:"CognitoIdentityProviders,omitempty"`
	SamlProviderARNs               []string          `json:"SamlProviderARNs,omitempty"`
	IdentityPoolTags               map[string]string `json:"IdentityPoolTags,omitempty"`
}

// cognitoProvider is a user pool app client whose ID tokens the pool
// accepts. ProviderName is cognito-idp.{region}.amazonaws.com/{userPoolId}.
type cognitoProvider struct {
	ProviderName         string `json:"ProviderName"`
	ClientId             string `json:"ClientId"`
	ServerSideTokenCheck bool   `json:"ServerSideTokenCheck"`
}

// roleMapping is a RoleMapping of the API, by the key
// "{providerName}:{clientId}".
type roleMapping struct {
	Type                    string              `json:"Type"`
	AmbiguousRoleResolution string              `json:"AmbiguousRoleResolution,omitempty"`
	RulesConfiguration      *rulesConfiguration `json:"RulesConfiguration,omitempty"`
}

type rulesConfiguration struct {
	Rules []mappingRule `json:"Rules"`
}

type mappingRule struct {
	Claim     string `json:"Claim"`
	MatchType string `json:"MatchType"`
	Value     string `json:"Value"`
	RoleARN   string `json:"RoleARN"`
}

// pool is an identity pool with its roles: kind kindPool, id the pool id,
// for the pools created through the API; built from the configuration for
// the others (fromConfig).
type pool struct {
	Pool identityPool `json:"pool"`
	// Roles has the keys authenticated and unauthenticated.
	Roles        map[string]string      `json:"roles,omitempty"`
	RoleMappings map[string]roleMapping `json:"role_mappings,omitempty"`
	Created      time.Time              `json:"created"`
	Modified     time.Time              `json:"modified"`

	fromConfig bool
}

// poolRecord is what the store keeps of a pool.
type poolRecord = pool

// id returns the pool's id.
func (p *pool) id() string { return p.Pool.IdentityPoolId }

// hasProvider reports whether the pool accepts tokens of the provider.
func (p *pool) hasProvider(name string) bool {
	for _, c := range p.Pool.CognitoIdentityProviders {
		if c.ProviderName == name {
			return true
		}
	}
	return false
}

// acceptsClient reports whether the pool accepts tokens of the provider's
// app client.
func (p *pool) acceptsClient(name, clientID string) bool {
	for _, c := range p.Pool.CognitoIdentityProviders {
		if c.ProviderName == name && c.ClientId == clientID {
			return true
		}
	}
	return false
}

// classicFlowAllowed reports whether GetOpenIdToken serves the pool: unless
// AllowClassicFlow is false (a pool created without it allows it, as AWS
// does).
func (p *pool) classicFlowAllowed() bool {
	return p.Pool.AllowClassicFlow == nil || *p.Pool.AllowClassicFlow
}

// providerName returns the provider name of a user pool,
// cognito-idp.{region}.amazonaws.com/{userPoolId}.
func providerName(userPoolID string) string {
	region, _, _ := strings.Cut(userPoolID, "_")
	return "cognito-idp." + region + ".amazonaws.com/" + userPoolID
}

// mappingKey returns the key of a provider's role mapping.
func mappingKey(providerName, clientID string) string {
	return providerName + ":" + clientID
}

// configPools returns the pools of the configuration in the shape of the
// API, by id. They allow the classic flow.
func configPools(cfg *config.Config) map[string]*pool {
	out := make(map[string]*pool, len(cfg.IdentityPools))
	for i := range cfg.IdentityPools {
		ip := &cfg.IdentityPools[i]
		classic := true
		p := &pool{
			Pool: identityPool{
				IdentityPoolId:                 ip.ID,
				IdentityPoolName:               ip.Name,
				AllowUnauthenticatedIdentities: ip.AllowUnauthenticated,
				AllowClassicFlow:               &classic,
			},
			Roles:      map[string]string{},
			fromConfig: true,
		}
		for _, pr := range ip.Providers {
			name := providerName(pr.UserPool)
			p.Pool.CognitoIdentityProviders = append(p.Pool.CognitoIdentityProviders,
				cognitoProvider{ProviderName: name, ClientId: pr.ClientID, ServerSideTokenCheck: pr.ServerSideTokenCheck})
			if rm := pr.RoleMapping; rm != nil {
				if p.RoleMappings == nil {
					p.RoleMappings = map[string]roleMapping{}
				}
				p.RoleMappings[mappingKey(name, pr.ClientID)] = configRoleMapping(rm)
			}
		}
		if ip.Roles.Authenticated != "" {
			p.Roles[roleAuthenticated] = ip.Roles.Authenticated
		}
		if ip.Roles.Unauthenticated != "" {
			p.Roles[roleUnauthenticated] = ip.Roles.Unauthenticated
		}
		out[ip.ID] = p
	}
	return out
}

func configRoleMapping(rm *config.RoleMapping) roleMapping {
	out := roleMapping{Type: rm.Type, AmbiguousRoleResolution: rm.AmbiguousRoleResolution}
	if rm.Type == config.RoleMappingRules {
		out.RulesConfiguration = &rulesConfiguration{Rules: make([]mappingRule, 0, len(rm.Rules))}
		for _, r := range rm.Rules {
			out.RulesConfiguration.Rules = append(out.RulesConfiguration.Rules,
				mappingRule{Claim: r.Claim, MatchType: r.MatchType, Value: r.Value, RoleARN: r.RoleARN})
		}
	}
	return out
}

// providerIssuers returns, for the user pools of the configuration that
// override their tokens' issuer, the issuer by provider name, and the
// provider name by the issuer without its scheme (the Logins key that
// clients derive from "iss").
func providerIssuers(cfg *config.Config) (issuers, aliases map[string]string) {
	issuers, aliases = map[string]string{}, map[string]string{}
	for i := range cfg.UserPools {
		up := &cfg.UserPools[i]
		if up.Issuer == "" {
			continue
		}
		name := providerName(up.ID)
		issuers[name] = up.IssuerURL()
		_, rest, found := strings.Cut(up.IssuerURL(), "://")
		if found && rest != name {
			aliases[rest] = name
		}
	}
	return issuers, aliases
}

// catalog caches the pools read from the store.
type catalog struct {
	mu    sync.Mutex
	pools map[string]cachedPool
}

type cachedPool struct {
	pool    *pool
	expires time.Time
}

// forget drops a pool from the cache after this node changed it.
func (c *catalog) forget(poolID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pools, poolID)
}

// findPool returns the identity pool with the given id: the configuration's,
// else one created through the API. It returns errPoolNotFound. The pool
// returned is shared: callers must not change it.
func (s *Service) findPool(ctx context.Context, id string) (*pool, error) {
	if p, ok := s.configPools[id]; ok {
		return p, nil
	}
	now := s.now()
	s.catalog.mu.Lock()
	cp, ok := s.catalog.pools[id]
	s.catalog.mu.Unlock()
	if ok && now.Before(cp.expires) {
		return cp.pool, nil
	}
	rec, err := s.pools.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errPoolNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	p := &rec
	s.catalog.mu.Lock()
	if s.catalog.pools == nil || len(s.catalog.pools) >= catalogMaxEntries {
		s.catalog.pools = map[string]cachedPool{}
	}
	s.catalog.pools[id] = cachedPool{pool: p, expires: now.Add(catalogTTL)}
	s.catalog.mu.Unlock()
	return p, nil
}

// newRegionalID returns a new identity or identity pool id,
// {region}:{uuid}.
func (s *Service) newRegionalID() (string, error) {
	u, err := uuid.NewRandomFromReader(s.rand)
	if err != nil {
		return "", err
	}
	return s.cfg.Region + ":" + u.String(), nil
}

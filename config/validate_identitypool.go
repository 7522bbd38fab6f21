package config

import (
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

var (
	identityPoolIDPattern   = regexp.MustCompile(`^([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	identityPoolNamePattern = regexp.MustCompile(`^[\w ]{1,128}$`)
)

// maxMappingRules is Cognito's limit on the rules of a role mapping.
const maxMappingRules = 25

func (v *validator) identityPools() {
	ids := map[string]string{}
	for i, ip := range v.c.IdentityPools {
		p := fieldpath.Index("identity_pools", i)
		v.regionalID(p, ip.ID, identityPoolIDPattern, "must be <region>:<lowercase uuid>, like us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b", ids)
		v.matches(field(p, "name"), ip.Name, identityPoolNamePattern, "must be 1 to 128 letters, digits, underscores or spaces")
		providers := map[string]string{}
		for j, pr := range ip.Providers {
			v.identityProvider(fieldpath.Index(field(p, "providers"), j), pr, providers)
		}
		rp := field(p, "roles")
		v.role(field(rp, "authenticated"), ip.Roles.Authenticated)
		v.role(field(rp, "unauthenticated"), ip.Roles.Unauthenticated)
		if len(ip.Providers) > 0 && ip.Roles.Authenticated == "" {
			v.add(field(rp, "authenticated"), "is required when providers are configured")
		}
		if ip.AllowUnauthenticated && ip.Roles.Unauthenticated == "" {
			v.add(field(rp, "unauthenticated"), "is required when allow_unauthenticated is true")
		}
	}
}

func (v *validator) identityProvider(p string, pr IdentityProvider, seen map[string]string) {
	pool := v.pools[pr.UserPool]
	switch {
	case pr.UserPool == "":
		v.add(field(p, "user_pool"), "is required")
	case pool == nil:
		v.add(field(p, "user_pool"), "unknown user pool "+strconv.Quote(pr.UserPool)+" (not declared in user_pools)")
	}
	switch {
	case pr.ClientID == "":
		v.add(field(p, "client_id"), "is required")
	case pool != nil && pool.Client(pr.ClientID) == nil:
		v.add(field(p, "client_id"), strconv.Quote(pr.ClientID)+" is not a client of user pool "+strconv.Quote(pr.UserPool))
	case pool != nil:
		key := pr.UserPool + " " + pr.ClientID
		if first, dup := seen[key]; dup {
			v.add(p, "duplicates "+first)
		} else {
			seen[key] = p
		}
	}
	if pr.RoleMapping != nil {
		v.roleMapping(field(p, "role_mapping"), pr.RoleMapping)
	}
}

func (v *validator) roleMapping(p string, rm *RoleMapping) {
	v.oneOf(field(p, "type"), rm.Type, RoleMappingToken, RoleMappingRules)
	v.oneOf(field(p, "ambiguous_role_resolution"), rm.AmbiguousRoleResolution, AmbiguousAuthenticatedRole, AmbiguousDeny)
	rp := field(p, "rules")
	switch {
	case rm.Type == RoleMappingRules && len(rm.Rules) == 0:
		v.add(rp, "must list at least one rule when type is Rules")
	case rm.Type == RoleMappingToken && len(rm.Rules) > 0:
		v.add(rp, "only allowed when type is Rules")
		return
	case len(rm.Rules) > maxMappingRules:
		v.add(rp, "must list at most 25 rules")
	}
	for i, r := range rm.Rules {
		ip := fieldpath.Index(rp, i)
		if v.required(field(ip, "claim"), r.Claim) && utf8.RuneCountInString(r.Claim) > 64 {
			v.add(field(ip, "claim"), "must be at most 64 characters")
		}
		v.oneOf(field(ip, "match_type"), r.MatchType, MatchEquals, MatchContains, MatchStartsWith, MatchNotEqual)
		if v.required(field(ip, "value"), r.Value) && utf8.RuneCountInString(r.Value) > 128 {
			v.add(field(ip, "value"), "must be at most 128 characters")
		}
		if v.required(field(ip, "role_arn"), r.RoleARN) {
			v.role(field(ip, "role_arn"), r.RoleARN)
		}
	}
}

package identitypool

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
)

// authenticatedRole chooses the role of an identity that signed in with l:
// the role mapping of its provider and app client when the pool has one,
// else the pool's authenticated role.
//
//   - Token: CustomRoleArn when it is among the token's cognito:roles, else
//     cognito:preferred_role, else the only role of cognito:roles;
//   - Rules: the role of the first rule whose claim matches (CustomRoleArn
//     when it is the role of a matching rule);
//   - when neither finds a role, AmbiguousRoleResolution decides: the
//     pool's authenticated role, or a denial.
//
// Without a role mapping, CustomRoleArn must be the authenticated role.
func authenticatedRole(p *pool, l login, custom string) (string, error) {
	key := mappingKey(l.provider, l.clientID)
	rm, ok := p.RoleMappings[key]
	if !ok {
		return chosenRole(p.Roles[roleAuthenticated], custom)
	}
	var candidates []string
	switch rm.Type {
	case config.RoleMappingToken:
		candidates = l.claims.roles
		if custom == "" && l.claims.preferredRole != "" {
			return l.claims.preferredRole, nil
		}
	case config.RoleMappingRules:
		if rm.RulesConfiguration != nil {
			for _, r := range rm.RulesConfiguration.Rules {
				if ruleMatches(r, l.claims.all) {
					candidates = append(candidates, r.RoleARN)
				}
			}
		}
	}
	switch {
	case custom != "" && slices.Contains(candidates, custom):
		return custom, nil
	case custom != "":
		return "", errRoleForbidden(custom)
	case rm.Type == config.RoleMappingToken && len(candidates) == 1,
		rm.Type == config.RoleMappingRules && len(candidates) > 0:
		return candidates[0], nil
	case rm.AmbiguousRoleResolution == config.AmbiguousAuthenticatedRole:
		return chosenRole(p.Roles[roleAuthenticated], "")
	}
	return "", errAmbiguousRoleDenied(key)
}

// unauthenticatedRole returns the role of an unauthenticated identity: the
// pool's unauthenticated role, which CustomRoleArn may only name.
func unauthenticatedRole(p *pool, custom string) (string, error) {
	return chosenRole(p.Roles[roleUnauthenticated], custom)
}

// chosenRole returns role, which CustomRoleArn (when set) must name; a pool
// without the role is misconfigured.
func chosenRole(role, custom string) (string, error) {
	switch {
	case role == "":
		return "", errInvalidPoolConfiguration
	case custom != "" && custom != role:
		return "", errRoleForbidden(custom)
	}
	return role, nil
}

// ruleMatches reports whether the claim a rule names matches it. A claim
// that is an array (cognito:groups) matches Equals, Contains and StartsWith
// when one of its values does, and NotEqual when none equals; numbers and
// booleans compare in their JSON text. A missing claim matches no rule.
func ruleMatches(r mappingRule, claims map[string]any) bool {
	v, ok := claims[r.Claim]
	if !ok {
		return false
	}
	values := claimStrings(v)
	if r.MatchType == config.MatchNotEqual {
		return !slices.Contains(values, r.Value)
	}
	for _, s := range values {
		switch r.MatchType {
		case config.MatchEquals:
			if s == r.Value {
				return true
			}
		case config.MatchContains:
			if strings.Contains(s, r.Value) {
				return true
			}
		case config.MatchStartsWith:
			if strings.HasPrefix(s, r.Value) {
				return true
			}
		}
	}
	return false
}

// claimStrings returns the text of a claim's value, or of each of its
// values for an array.
func claimStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case json.Number:
		return []string{v.String()}
	case bool:
		return []string{strconv.FormatBool(v)}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, claimStrings(e)...)
		}
		return out
	}
	return nil
}

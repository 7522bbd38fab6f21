package config

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

var (
	userPoolIDPattern = regexp.MustCompile(`^([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})_([A-Za-z0-9]{9})$`)
	clientIDPattern   = regexp.MustCompile(`^[a-z0-9]{26}$`)
	// cognitoNamePattern is Cognito's pattern for pool and client names.
	cognitoNamePattern = regexp.MustCompile(`^[\w\s+=,.@-]{1,128}$`)
	// printablePattern is Cognito's pattern for usernames and group names:
	// letters, marks, symbols, numbers and punctuation, no whitespace.
	printablePattern       = regexp.MustCompile(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$`)
	customAttributePattern = regexp.MustCompile(`^custom:[A-Za-z0-9_-]{1,20}$`)
)

// explicitAuthFlows are Cognito's ExplicitAuthFlows values; legacyFlows the
// old names, which cannot be mixed with the ALLOW_ ones.
var (
	explicitAuthFlows = []string{
		FlowAdminUserPasswordAuth, FlowCustomAuth, FlowUserPasswordAuth, FlowUserSRPAuth, FlowRefreshTokenAuth,
		FlowLegacyAdminNoSRPAuth, FlowLegacyCustomAuthOnly, FlowLegacyUserPassword,
	}
	legacyFlows = []string{FlowLegacyAdminNoSRPAuth, FlowLegacyCustomAuthOnly, FlowLegacyUserPassword}
)

// standardAttributes are Cognito's standard user attributes that can be
// set; "sub" is generated.
var standardAttributes = map[string]bool{
	"address": true, "birthdate": true, "email": true, "email_verified": true, "family_name": true,
	"gender": true, "given_name": true, "locale": true, "middle_name": true, "name": true,
	"nickname": true, "phone_number": true, "phone_number_verified": true, "picture": true,
	"preferred_username": true, "profile": true, "updated_at": true, "website": true, "zoneinfo": true,
}

// passwordSymbols are the characters Cognito counts as symbols.
const passwordSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

// Cognito's token validity limits.
const (
	minTokenValidity        = 5 * time.Minute
	maxTokenValidity        = 24 * time.Hour
	minRefreshTokenValidity = time.Hour
	maxRefreshTokenValidity = 3650 * 24 * time.Hour
)

func (v *validator) userPools() {
	ids, clientIDs, issuers := map[string]string{}, map[string]string{}, map[string]string{}
	for i := range v.c.UserPools {
		up := &v.c.UserPools[i]
		p := fieldpath.Index("user_pools", i)
		idOK := v.regionalID(p, up.ID, userPoolIDPattern, "must be <region>_<9 letters or digits>, like us-east-1_NotesDemo", ids)
		v.matches(field(p, "name"), up.Name, cognitoNamePattern, "must be 1 to 128 letters, digits, spaces or +=,.@_-")
		if up.Issuer != "" && !validIssuer(up.Issuer) {
			v.add(field(p, "issuer"), `must be an absolute http(s) URL without query, fragment or trailing "/"`)
		} else if up.Issuer != "" || idOK {
			v.claim(issuers, up.IssuerURL(), p, field(p, "issuer"), strconv.Quote(up.IssuerURL()))
		}
		v.attributeList(field(p, "username_attributes"), up.UsernameAttributes)
		v.attributeList(field(p, "auto_verified_attributes"), up.AutoVerifiedAttributes)
		v.oneOf(field(p, "mfa"), up.MFA, MFAOff, MFAOn, MFAOptional)
		if n := up.PasswordPolicy.MinimumLength; n < 6 || n > 99 {
			v.add(field(field(p, "password_policy"), "minimum_length"), "must be between 6 and 99")
		}
		for j := range up.Clients {
			v.client(fieldpath.Index(field(p, "clients"), j), &up.Clients[j], clientIDs)
		}
		groups := map[string]string{}
		for j, g := range up.Groups {
			v.group(fieldpath.Index(field(p, "groups"), j), g, groups)
		}
		usernames := map[string]string{}
		for j, u := range up.Users {
			v.seedUser(fieldpath.Index(field(p, "users"), j), up, u, usernames, groups)
		}
	}
}

func validIssuer(s string) bool {
	u, ok := httpURL(s)
	return ok && u.RawQuery == "" && u.Fragment == "" && !strings.HasSuffix(s, "/") && !strings.ContainsAny(s, "?#")
}

// attributeList checks username_attributes or auto_verified_attributes.
func (v *validator) attributeList(path string, attrs []string) {
	seen := map[string]bool{}
	for i, a := range attrs {
		switch {
		case a != AttributeEmail && a != AttributePhoneNumber:
			v.add(fieldpath.Index(path, i), "must be email or phone_number")
		case seen[a]:
			v.add(fieldpath.Index(path, i), "duplicate "+strconv.Quote(a))
		}
		seen[a] = true
	}
}

func (v *validator) client(p string, cl *UserPoolClient, ids map[string]string) {
	if v.matches(field(p, "id"), cl.ID, clientIDPattern, "must be 26 lowercase letters or digits") {
		v.claim(ids, cl.ID, p, field(p, "id"), strconv.Quote(cl.ID))
	}
	v.matches(field(p, "name"), cl.Name, cognitoNamePattern, "must be 1 to 128 letters, digits, spaces or +=,.@_-")
	if len(cl.Secret) > 128 || strings.IndexFunc(cl.Secret, unicode.IsSpace) >= 0 {
		v.add(field(p, "secret"), "must be at most 128 characters, without whitespace")
	}
	fp := field(p, "explicit_auth_flows")
	if len(cl.ExplicitAuthFlows) == 0 {
		v.add(fp, "must list at least one flow (omit it for Cognito's default)")
	}
	seen := map[string]bool{}
	legacy, current := false, false
	for k, f := range cl.ExplicitAuthFlows {
		switch {
		case !slices.Contains(explicitAuthFlows, f):
			v.add(fieldpath.Index(fp, k), mustBeOneOf(explicitAuthFlows))
			continue
		case seen[f]:
			v.add(fieldpath.Index(fp, k), "duplicate "+f)
		}
		seen[f] = true
		if slices.Contains(legacyFlows, f) {
			legacy = true
		} else {
			current = true
		}
	}
	if legacy && current {
		v.add(fp, "cannot mix the legacy "+strings.Join(legacyFlows, ", ")+" with ALLOW_ flows")
	}
	v.durationBetween(field(p, "access_token_validity"), cl.AccessTokenValidity, minTokenValidity, maxTokenValidity, "5m and 24h")
	v.durationBetween(field(p, "id_token_validity"), cl.IDTokenValidity, minTokenValidity, maxTokenValidity, "5m and 24h")
	v.durationBetween(field(p, "refresh_token_validity"), cl.RefreshTokenValidity, minRefreshTokenValidity, maxRefreshTokenValidity, "1h and 87600h (3650 days)")
	if r := cl.RefreshTokenValidity.Std(); r >= minRefreshTokenValidity && r <= maxRefreshTokenValidity {
		if cl.AccessTokenValidity > cl.RefreshTokenValidity {
			v.add(field(p, "access_token_validity"), "must not exceed refresh_token_validity")
		}
		if cl.IDTokenValidity > cl.RefreshTokenValidity {
			v.add(field(p, "id_token_validity"), "must not exceed refresh_token_validity")
		}
	}
}

func (v *validator) group(p string, g Group, names map[string]string) {
	if v.matches(field(p, "name"), g.Name, printablePattern, "must be 1 to 128 characters, without whitespace") {
		v.claim(names, g.Name, p, field(p, "name"), strconv.Quote(g.Name))
	}
	v.role(field(p, "role_arn"), g.RoleARN)
	if g.Precedence != nil && *g.Precedence < 0 {
		v.add(field(p, "precedence"), "must not be negative")
	}
	if utf8.RuneCountInString(g.Description) > 2048 {
		v.add(field(p, "description"), "must be at most 2048 characters")
	}
}

// seedUser checks a seed user; groups holds the names of the pool's groups.
func (v *validator) seedUser(p string, up *UserPool, u SeedUser, usernames, groups map[string]string) {
	np := field(p, "username")
	// Usernames are case-insensitive, as in a new Cognito pool.
	if v.matches(np, u.Username, printablePattern, "must be 1 to 128 characters, without whitespace") &&
		v.claim(usernames, strings.ToLower(u.Username), p, np, strconv.Quote(u.Username)) {
		v.usernameAttribute(p, up, u)
	}
	if u.Password == "" {
		v.add(field(p, "password"), "is required")
	} else if msg := passwordProblem(u.Password, up.PasswordPolicy); msg != "" {
		v.add(field(p, "password"), msg)
	}
	ap := field(p, "attributes")
	for _, name := range slices.Sorted(maps.Keys(u.Attributes)) {
		v.attribute(field(ap, name), name, u.Attributes[name])
	}
	gp := field(p, "groups")
	seen := map[string]bool{}
	for k, g := range u.Groups {
		switch {
		case groups[g] == "":
			v.add(fieldpath.Index(gp, k), "unknown group "+strconv.Quote(g)+" (not in the pool's groups)")
		case seen[g]:
			v.add(fieldpath.Index(gp, k), "duplicate "+strconv.Quote(g))
		}
		seen[g] = true
	}
}

// usernameAttribute checks that a pool that signs users in by email or
// phone number has one as username, equal to the attribute.
func (v *validator) usernameAttribute(p string, up *UserPool, u SeedUser) {
	byEmail := slices.Contains(up.UsernameAttributes, AttributeEmail)
	byPhone := slices.Contains(up.UsernameAttributes, AttributePhoneNumber)
	attr := ""
	switch {
	case !byEmail && !byPhone:
		return
	case byEmail && validEmail(u.Username):
		attr = AttributeEmail
	case byPhone && validPhone(u.Username):
		attr = AttributePhoneNumber
	case byEmail && byPhone:
		v.add(field(p, "username"), "must be an email address or a phone number like +15555550100 (username_attributes)")
		return
	case byEmail:
		v.add(field(p, "username"), "must be an email address (username_attributes contains email)")
		return
	default:
		v.add(field(p, "username"), "must be a phone number like +15555550100 (username_attributes contains phone_number)")
		return
	}
	if u.Attributes[attr] != u.Username {
		v.add(field(field(p, "attributes"), attr), "must equal the username")
	}
}

func (v *validator) attribute(p, name, value string) {
	switch {
	case name == "sub":
		v.add(p, "is generated by the user pool and cannot be set")
		return
	case !standardAttributes[name] && !customAttributePattern.MatchString(name):
		v.add(p, "unknown attribute (custom attributes are named custom:<name>)")
		return
	}
	switch name {
	case "email":
		if !validEmail(value) {
			v.add(p, "must be an email address")
		}
	case "phone_number":
		if !validPhone(value) {
			v.add(p, "must be a phone number like +15555550100")
		}
	case "email_verified", "phone_number_verified":
		if value != "true" && value != "false" {
			v.add(p, `must be "true" or "false"`)
		}
	}
	if utf8.RuneCountInString(value) > 2048 {
		v.add(p, "must be at most 2048 characters")
	}
}

// passwordProblem returns why pw does not satisfy the policy, or "".
func passwordProblem(pw string, pol PasswordPolicy) string {
	if strings.TrimSpace(pw) != pw {
		return "must not start or end with whitespace"
	}
	if utf8.RuneCountInString(pw) > 256 {
		return "must be at most 256 characters"
	}
	var missing []string
	if utf8.RuneCountInString(pw) < pol.MinimumLength {
		missing = append(missing, "at least "+strconv.Itoa(pol.MinimumLength)+" characters")
	}
	if pol.RequireLowercase && !strings.ContainsAny(pw, "abcdefghijklmnopqrstuvwxyz") {
		missing = append(missing, "a lowercase letter")
	}
	if pol.RequireUppercase && !strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		missing = append(missing, "an uppercase letter")
	}
	if pol.RequireNumbers && !strings.ContainsAny(pw, "0123456789") {
		missing = append(missing, "a number")
	}
	if pol.RequireSymbols && !strings.ContainsAny(pw, passwordSymbols) {
		missing = append(missing, "a symbol")
	}
	if len(missing) == 0 {
		return ""
	}
	return "does not satisfy the pool's password policy: needs " + strings.Join(missing, ", ")
}

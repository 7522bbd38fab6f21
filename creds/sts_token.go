package creds

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/jws"
)

// The web identity tokens AssumeRoleWithWebIdentity accepts, both RS256
// JWTs signed with the key ring:
//
//   - OpenID tokens of Cognito Identity (GetOpenIdToken, the "basic" flow):
//     iss https://cognito-identity.amazonaws.com, aud an identity pool id,
//     sub the identity id, amr ["authenticated" | "unauthenticated",
//     provider, "{provider}:CognitoSignIn:{sub}"];
//   - ID tokens of a user pool of the configuration, as AWS accepts them
//     once the pool is registered as an IAM OIDC provider: iss the pool's
//     issuer, aud one of its app clients, token_use "id".
const (
	cognitoIdentityIssuer = "https://cognito-identity.amazonaws.com"
	// cognitoIdentityProvider is the response's Provider for Cognito
	// Identity's tokens.
	cognitoIdentityProvider = "cognito-identity.amazonaws.com"
	cognitoSignIn           = ":CognitoSignIn:"
	tokenUseID              = "id"
)

// webIdentityClaims are the claims STS reads.
type webIdentityClaims struct {
	Issuer       string   `json:"iss"`
	Subject      string   `json:"sub"`
	Audience     audience `json:"aud"`
	Expires      *float64 `json:"exp"`
	TokenUse     string   `json:"token_use"`
	AMR          []string `json:"amr"`
	CognitoRoles []string `json:"cognito:roles"`
}

// audience is a JWT "aud": one string or a list of them.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
}

// webIdentity is a verified web identity token: what the response reports
// and what the minted session carries.
type webIdentity struct {
	subject  string
	audience string
	// provider is the response's Provider.
	provider string
	// userPool is the issuing user pool, nil for Cognito Identity.
	userPool *config.UserPool
	// identityPool is the audience of a Cognito Identity token.
	identityPool string
	// apiRoles, for a token of an identity pool created through the API,
	// are the roles it may assume (nil for the configuration's pools,
	// whose roles webIdentityTrust knows).
	apiRoles map[string]bool
	// roles are the token's cognito:roles (user pool group roles).
	roles []string
	// spec is the session, without role, name and duration.
	spec SessionSpec
}

// verifyWebIdentity checks a WebIdentityToken: a JWT of a known issuer,
// signed by a key of the ring that has not retired, with an audience of
// that issuer, a subject, and not expired.
func (s *STS) verifyWebIdentity(ctx context.Context, token string) (*webIdentity, error) {
	tok, err := jws.Parse(token)
	if err != nil {
		return nil, errNotAJWT
	}
	var unverified webIdentityClaims
	if json.Unmarshal(tok.UnverifiedPayload(), &unverified) != nil {
		return nil, errNotAJWT
	}
	var pool *config.UserPool
	if unverified.Issuer != cognitoIdentityIssuer {
		if pool = s.cfg.UserPoolByIssuer(unverified.Issuer); pool == nil {
			return nil, errNoOIDCProvider(unverified.Issuer)
		}
	}
	payload, err := tok.Verify(s.ring)
	if err != nil {
		return nil, errNoVerificationKey
	}
	var claims webIdentityClaims
	if json.Unmarshal(payload, &claims) != nil {
		return nil, errNotAJWT
	}
	if len(claims.Audience) == 0 {
		return nil, errMissingClaim("aud")
	}
	if claims.Subject == "" {
		return nil, errMissingClaim("sub")
	}
	if claims.Expires == nil {
		return nil, errMissingClaim("exp")
	}
	if now := s.now(); float64(now.Unix()) >= *claims.Expires {
		return nil, errWebIdentityExpired(now, int64(*claims.Expires))
	}
	if pool != nil {
		return userPoolIdentity(s.cfg.AccountID, pool, &claims)
	}
	return s.cognitoIdentity(ctx, &claims)
}

// userPoolIdentity accepts an ID token of pool for one of its app clients.
func userPoolIdentity(account string, pool *config.UserPool, c *webIdentityClaims) (*webIdentity, error) {
	var aud string
	for _, a := range c.Audience {
		if pool.Client(a) != nil {
			aud = a
			break
		}
	}
	if aud == "" || c.TokenUse != tokenUseID {
		return nil, errIncorrectAudience
	}
	return &webIdentity{
		subject:  c.Subject,
		audience: aud,
		provider: "arn:aws:iam::" + account + ":oidc-provider/" + strings.TrimPrefix(c.Issuer, "https://"),
		userPool: pool,
		roles:    c.CognitoRoles,
		spec:     SessionSpec{Sub: c.Subject},
	}, nil
}

// cognitoIdentity accepts an OpenID token of an identity pool of the
// configuration, or of one created through the API, for an authenticated
// or unauthenticated identity.
func (s *STS) cognitoIdentity(ctx context.Context, c *webIdentityClaims) (*webIdentity, error) {
	poolID := ""
	for _, a := range c.Audience {
		if ip := s.cfg.IdentityPool(a); ip != nil {
			poolID = ip.ID
			break
		}
	}
	var authed, unauthed []string
	if poolID == "" && s.apiPools != nil {
		for _, a := range c.Audience {
			var ok bool
			var err error
			authed, unauthed, ok, err = s.apiPools.IdentityPoolRoles(ctx, a)
			if err != nil {
				return nil, err
			}
			if ok {
				poolID = a
				break
			}
		}
	}
	if poolID == "" {
		return nil, errIncorrectAudience
	}
	id := &webIdentity{
		subject:      c.Subject,
		audience:     poolID,
		provider:     cognitoIdentityProvider,
		identityPool: poolID,
		spec:         SessionSpec{IdentityID: c.Subject, IdentityPoolID: poolID},
	}
	for _, a := range c.AMR {
		switch {
		case a == AuthTypeAuthenticated || a == AuthTypeUnauthenticated:
			id.spec.AuthType = a
		case strings.Contains(a, cognitoSignIn):
			provider, sub, _ := strings.Cut(a, cognitoSignIn)
			id.spec.Provider, id.spec.Sub = provider, sub
		}
	}
	if id.spec.AuthType == "" {
		return nil, errMissingClaim("amr")
	}
	if authed != nil || unauthed != nil {
		roles := authed
		if id.spec.AuthType == AuthTypeUnauthenticated {
			roles = unauthed
		}
		id.apiRoles = make(map[string]bool, len(roles))
		for _, r := range roles {
			id.apiRoles[r] = true
		}
	}
	return id, nil
}

// webIdentityTrust says which roles a web identity may assume, standing in
// for the trust policies of the roles:
//
//   - a user pool's ID token: the authenticated and unauthenticated roles
//     and the role mapping rules' roles of every identity pool that accepts
//     the user pool, and the roles of the user's groups (cognito:roles);
//   - an identity pool's OpenID token: for an authenticated identity the
//     pool's authenticated role and its role mapping rules' roles, for an
//     unauthenticated one its unauthenticated role.
type webIdentityTrust struct {
	userPool map[string]map[string]bool // user pool id → roles
	authed   map[string]map[string]bool // identity pool id → roles
	unauthed map[string]map[string]bool // identity pool id → roles
}

func newWebIdentityTrust(cfg *config.Config) *webIdentityTrust {
	t := &webIdentityTrust{
		userPool: map[string]map[string]bool{},
		authed:   map[string]map[string]bool{},
		unauthed: map[string]map[string]bool{},
	}
	add := func(m map[string]map[string]bool, key, role string) {
		if role == "" {
			return
		}
		if m[key] == nil {
			m[key] = map[string]bool{}
		}
		m[key][role] = true
	}
	for _, ip := range cfg.IdentityPools {
		add(t.authed, ip.ID, ip.Roles.Authenticated)
		add(t.unauthed, ip.ID, ip.Roles.Unauthenticated)
		for _, p := range ip.Providers {
			add(t.userPool, p.UserPool, ip.Roles.Authenticated)
			add(t.userPool, p.UserPool, ip.Roles.Unauthenticated)
			if p.RoleMapping == nil {
				continue
			}
			for _, r := range p.RoleMapping.Rules {
				add(t.authed, ip.ID, r.RoleARN)
				add(t.userPool, p.UserPool, r.RoleARN)
			}
		}
	}
	return t
}

// allows reports whether id may assume the role.
func (t *webIdentityTrust) allows(id *webIdentity, roleARN string) bool {
	if id.userPool != nil {
		if t.userPool[id.userPool.ID][roleARN] {
			return true
		}
		for _, r := range id.roles {
			if r == roleARN {
				return true
			}
		}
		return false
	}
	if id.apiRoles != nil {
		return id.apiRoles[roleARN]
	}
	if id.spec.AuthType == AuthTypeUnauthenticated {
		return t.unauthed[id.identityPool][roleARN]
	}
	return t.authed[id.identityPool][roleARN]
}

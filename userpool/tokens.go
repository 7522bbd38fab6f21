package userpool

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
)

// Token claim values.
const (
	tokenUseID     = "id"
	tokenUseAccess = "access"
	// scopeUserAdmin is the scope of access tokens from the user-pool API:
	// the self-service operations (GetUser, GlobalSignOut ...).
	scopeUserAdmin  = "aws.cognito.signin.user.admin"
	tokenTypeBearer = "Bearer"
)

// signInSession is what the tokens of one sign-in share: origin_jti (a
// version 7 UUID whose time is when the session began) and auth_time. Tokens
// from the refresh flow keep both.
type signInSession struct {
	originJTI string
	authTime  time.Time
}

// newSignInSession starts the session of a sign-in that succeeds now.
func (s *Service) newSignInSession(now time.Time) (signInSession, error) {
	id, err := newSessionID(s.rand, now)
	if err != nil {
		return signInSession{}, err
	}
	return signInSession{originJTI: id, authTime: now}, nil
}

// issueTokens returns the AuthenticationResult of a sign-in: ID and access
// tokens for the user and client, and with withRefresh a new refresh token.
func (s *Service) issueTokens(ctx context.Context, c appClient, u *userRecord, sess signInSession, withRefresh bool) (*authenticationResult, error) {
	now := s.now()
	eventID, err := newUUID(s.rand)
	if err != nil {
		return nil, err
	}
	idJTI, err := newUUID(s.rand)
	if err != nil {
		return nil, err
	}
	accessJTI, err := newUUID(s.rand)
	if err != nil {
		return nil, err
	}
	common := func(validity time.Duration) map[string]any {
		return map[string]any{
			"sub":        u.Sub,
			"iss":        c.pool.IssuerURL(),
			"origin_jti": sess.originJTI,
			"event_id":   eventID,
			"auth_time":  sess.authTime.Unix(),
			"iat":        now.Unix(),
			"exp":        now.Add(validity).Unix(),
		}
	}
	groups, err := s.userGroups(ctx, c.pool, u)
	if err != nil {
		return nil, err
	}

	idClaims := common(c.client.IDTokenValidity.Std())
	for name, value := range u.Attributes {
		if name != "sub" {
			idClaims[name] = attributeClaim(name, value)
		}
	}
	idClaims["cognito:username"] = u.Username
	idClaims["aud"] = c.client.ID
	idClaims["token_use"] = tokenUseID
	idClaims["jti"] = idJTI
	addGroupClaims(idClaims, groups, true)

	accessValidity := c.client.AccessTokenValidity.Std()
	accessClaims := common(accessValidity)
	accessClaims["client_id"] = c.client.ID
	accessClaims["token_use"] = tokenUseAccess
	accessClaims["scope"] = scopeUserAdmin
	accessClaims["jti"] = accessJTI
	accessClaims["username"] = u.Username
	addGroupClaims(accessClaims, groups, false)

	idToken, err := s.signer.Sign(idClaims)
	if err != nil {
		return nil, err
	}
	accessToken, err := s.signer.Sign(accessClaims)
	if err != nil {
		return nil, err
	}
	res := &authenticationResult{
		AccessToken: accessToken,
		ExpiresIn:   int64(accessValidity / time.Second),
		IdToken:     idToken,
		TokenType:   tokenTypeBearer,
	}
	if withRefresh {
		res.RefreshToken, err = s.newRefreshToken(ctx, c, u, sess, now)
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// attributeClaim is the ID-token claim of a user attribute: the verified
// flags are booleans, updated_at a number, address an object, the rest
// strings, as in Cognito's ID tokens.
func attributeClaim(name, value string) any {
	switch name {
	case "email_verified", "phone_number_verified":
		if b, err := strconv.ParseBool(value); err == nil {
			return b
		}
	case "updated_at":
		if n, err := strconv.ParseInt(value, 10, 64); err == nil {
			return n
		}
	case "address":
		return map[string]string{"formatted": value}
	}
	return value
}

// userGroups returns the groups of the user that the pool has (in the
// configuration, or created through CreateGroup). It is the one place
// tokens learn group membership from.
func (s *Service) userGroups(ctx context.Context, p *config.UserPool, u *userRecord) ([]config.Group, error) {
	var out []config.Group
	for _, name := range u.Groups {
		g, err := s.poolGroup(ctx, p, name)
		if errors.Is(err, errGroupNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, g.group())
	}
	return out, nil
}

// addGroupClaims adds cognito:groups and, to ID tokens, cognito:roles and
// cognito:preferred_role (the role of the group with the lowest precedence)
// when the groups have roles.
func addGroupClaims(claims map[string]any, groups []config.Group, idToken bool) {
	if len(groups) == 0 {
		return
	}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	claims["cognito:groups"] = names
	if !idToken {
		return
	}
	var roles []string
	preferred, best := "", -1
	for _, g := range groups {
		if g.RoleARN == "" {
			continue
		}
		if !slices.Contains(roles, g.RoleARN) {
			roles = append(roles, g.RoleARN)
		}
		if g.Precedence != nil && (best < 0 || *g.Precedence < best) {
			preferred, best = g.RoleARN, *g.Precedence
		}
	}
	if len(roles) == 0 {
		return
	}
	claims["cognito:roles"] = roles
	if preferred == "" && len(roles) == 1 {
		preferred = roles[0]
	}
	if preferred != "" {
		claims["cognito:preferred_role"] = preferred
	}
}

// looksLikeJWT reports whether a token has the shape of a JWS or JWE in
// compact form (base64url JSON header, dot-separated parts).
func looksLikeJWT(token string) bool {
	return strings.HasPrefix(token, "eyJ") && strings.Count(token, ".") >= 2
}

package userpool

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/tokencache"
)

// maxTokenValidity bounds the validity of access tokens (Cognito's 24h):
// what revokes them needs to be remembered no longer.
const maxTokenValidity = 24 * time.Hour

// maxAccessToken bounds the access tokens the service parses.
const maxAccessToken = 16 << 10

// verifiedCacheSize bounds the access tokens whose verification is
// remembered (s.verified): a client calling GetUser again with one token
// costs no RSA verification. Expiry, the signing key's retirement and
// revocation are still checked on every use.
const verifiedCacheSize = 4096

// accessClaims are the claims of an access token that the service reads.
type accessClaims struct {
	Sub       string `json:"sub"`
	TokenUse  string `json:"token_use"`
	ClientID  string `json:"client_id"`
	Username  string `json:"username"`
	Issuer    string `json:"iss"`
	Expires   int64  `json:"exp"`
	IssuedAt  int64  `json:"iat"`
	OriginJTI string `json:"origin_jti"`
}

// authenticate checks an access token of the self-service operations and
// returns its client and user: the signature (by a key of the ring that has
// not retired), token_use, issuer and client, expiry, and that neither
// GlobalSignOut nor RevokeToken ended its session. It reads the store once,
// for the user.
func (s *Service) authenticate(ctx context.Context, token string) (appClient, *userRecord, error) {
	claims, err := s.verifyAccessToken(token)
	if err != nil {
		return appClient{}, nil, err
	}
	c, err := s.appClient(ctx, claims.ClientID)
	if err != nil || claims.Issuer != c.pool.IssuerURL() {
		return appClient{}, nil, errInvalidAccessToken
	}
	now := s.now()
	if now.Unix() >= claims.Expires {
		return appClient{}, nil, errAccessTokenExpired
	}
	u, err := s.sessionUser(ctx, c.pool.ID, tokenSession{username: claims.Username, sub: claims.Sub,
		originJTI: claims.OriginJTI, issuedAt: claims.IssuedAt})
	switch {
	case errors.Is(err, ErrTokenUserDeleted):
		return appClient{}, nil, errInvalidAccessToken
	case errors.Is(err, ErrTokenSignedOut):
		return appClient{}, nil, errAccessTokenRevoked
	case errors.Is(err, ErrTokenUserDisabled):
		return appClient{}, nil, errUserDisabled
	case err != nil:
		return appClient{}, nil, err
	}
	return c, u, nil
}

// tokenSession is what a token (access or ID) says of its user and
// sign-in session.
type tokenSession struct {
	username  string
	sub       string
	originJTI string
	issuedAt  int64
}

// sessionUser returns the user of a token whose signature, issuer and
// expiry have been checked, after checking, in this order, that the user
// exists and has the token's sub (ErrTokenUserDeleted: a user deleted and
// created again under the same name is another user), that neither
// GlobalSignOut nor RevokeToken ended the session (ErrTokenSignedOut), and
// that the user is enabled (ErrTokenUserDisabled). It reads the store once,
// for the user.
func (s *Service) sessionUser(ctx context.Context, poolID string, t tokenSession) (*userRecord, error) {
	if t.username == "" {
		return nil, ErrTokenUserDeleted
	}
	u, err := s.loadUser(ctx, poolID, t.username)
	if errors.Is(err, ErrUserNotFound) {
		return nil, ErrTokenUserDeleted
	}
	if err != nil {
		return nil, err
	}
	if u.Sub != t.sub {
		return nil, ErrTokenUserDeleted // another user of the same name
	}
	start, ok := sessionStart(t.originJTI)
	if !ok {
		start = time.Unix(t.issuedAt, 0)
	}
	if u.sessionRevoked(t.originJTI, start) {
		return nil, ErrTokenSignedOut
	}
	if !u.Enabled {
		return nil, ErrTokenUserDisabled
	}
	return u, nil
}

// verifyAccessToken checks the signature and token_use of a token and
// returns its claims. A token verified before is found in s.verified, as
// long as its key has not retired.
func (s *Service) verifyAccessToken(token string) (*accessClaims, error) {
	if len(token) > maxAccessToken {
		return nil, errInvalidAccessToken
	}
	sum := tokencache.Key(token)
	if v, ok := s.verified.Get(sum); ok {
		if s.ring.VerificationKey(v.kid) == nil {
			return nil, errInvalidAccessToken
		}
		return v.claims, nil
	}
	tok, err := jws.Parse(token)
	if err != nil {
		return nil, errInvalidAccessToken
	}
	payload, err := tok.Verify(s.ring)
	if err != nil {
		return nil, errInvalidAccessToken
	}
	var claims accessClaims
	if err := json.Unmarshal(payload, &claims); err != nil || claims.TokenUse != tokenUseAccess ||
		claims.Username == "" || claims.ClientID == "" {
		return nil, errInvalidAccessToken
	}
	s.verified.Add(sum, verifiedToken{kid: tok.Kid, claims: &claims})
	return &claims, nil
}

// verifiedToken is what s.verified remembers of an access token whose
// signature verified: its signing key and claims.
type verifiedToken struct {
	kid    string
	claims *accessClaims
}

// sessionRevoked reports whether the sign-in session with origin_jti
// origin, begun at start, has been ended by GlobalSignOut (which ends the
// sessions begun up to its millisecond) or RevokeToken.
func (u *userRecord) sessionRevoked(origin string, start time.Time) bool {
	if !u.TokensRevoked.IsZero() && start.UnixMilli() <= u.TokensRevoked.UnixMilli() {
		return true
	}
	_, revoked := u.RevokedOrigins[origin]
	return revoked
}

// revokeTokens ends every session of the user: the tokens issued until now
// stop working.
func (u *userRecord) revokeTokens(now time.Time) {
	u.TokensRevoked = now
	u.pruneRevokedOrigins(now)
}

// pruneRevokedOrigins forgets the sessions revoked so long ago that none of
// their access tokens can still be valid.
func (u *userRecord) pruneRevokedOrigins(now time.Time) {
	for origin, at := range u.RevokedOrigins {
		if now.Sub(at) > maxTokenValidity {
			delete(u.RevokedOrigins, origin)
		}
	}
}

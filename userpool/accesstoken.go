package userpool

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// maxTokenValidity bounds the validity of access tokens (Cognito's 24h):
// what revokes them needs to be remembered no longer.
const maxTokenValidity = 24 * time.Hour

// maxAccessToken bounds the access tokens the service parses.
const maxAccessToken = 16 << 10

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
	u, err := s.loadUser(ctx, c.pool.ID, claims.Username)
	if errors.Is(err, ErrUserNotFound) {
		return appClient{}, nil, errInvalidAccessToken
	}
	if err != nil {
		return appClient{}, nil, err
	}
	if u.Sub != claims.Sub {
		return appClient{}, nil, errInvalidAccessToken // another user of the same name
	}
	start, ok := sessionStart(claims.OriginJTI)
	if !ok {
		start = time.Unix(claims.IssuedAt, 0)
	}
	if u.sessionRevoked(claims.OriginJTI, start) {
		return appClient{}, nil, errAccessTokenRevoked
	}
	if !u.Enabled {
		return appClient{}, nil, errUserDisabled
	}
	return c, u, nil
}

// verifyAccessToken checks the signature and token_use of a token and
// returns its claims. A token verified before is found in s.verified, as
// long as its key has not retired.
func (s *Service) verifyAccessToken(token string) (*accessClaims, error) {
	if len(token) > maxAccessToken {
		return nil, errInvalidAccessToken
	}
	sum := sha256.Sum256([]byte(token))
	if v, ok := s.verified.get(sum); ok {
		if s.verificationKey(v.kid) == nil {
			return nil, errInvalidAccessToken
		}
		return v.claims, nil
	}
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil || len(jws.Signatures) != 1 {
		return nil, errInvalidAccessToken
	}
	kid := jws.Signatures[0].Header.KeyID
	key := s.verificationKey(kid)
	if key == nil {
		return nil, errInvalidAccessToken
	}
	payload, err := jws.Verify(key)
	if err != nil {
		return nil, errInvalidAccessToken
	}
	var claims accessClaims
	if err := json.Unmarshal(payload, &claims); err != nil || claims.TokenUse != tokenUseAccess ||
		claims.Username == "" || claims.ClientID == "" {
		return nil, errInvalidAccessToken
	}
	s.verified.add(sum, verifiedToken{kid: kid, claims: &claims})
	return &claims, nil
}

// verificationKey returns the public key of the ring's signing key kid, or
// nil when the ring has no such key or it has retired.
func (s *Service) verificationKey(kid string) *rsa.PublicKey {
	for _, k := range s.ring.VerificationKeys() {
		if k.Kid == kid {
			return k.Key
		}
	}
	return nil
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

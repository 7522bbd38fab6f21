package userpool

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// refreshTokenBytes is the randomness of a refresh token.
const refreshTokenBytes = 48

// refreshRecord is a refresh token as stored: kind kindRefreshToken, id the
// hex SHA-256 of the token, so the store never holds a usable token.
type refreshRecord struct {
	Pool      string    `json:"pool"`
	Client    string    `json:"client"`
	Username  string    `json:"username"`
	Sub       string    `json:"sub"`
	OriginJTI string    `json:"origin_jti"`
	AuthTime  time.Time `json:"auth_time"`
	Issued    time.Time `json:"issued"`
	Expires   time.Time `json:"expires"`
	Revoked   bool      `json:"revoked,omitempty"`
}

// refreshID is the store id of a refresh token.
func refreshID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newRefreshToken makes and stores a refresh token for a sign-in session:
// 48 random bytes in base64url (the characters Cognito's RevokeToken
// accepts), valid for the client's refresh token validity.
func (s *Service) newRefreshToken(ctx context.Context, c appClient, u *userRecord, sess signInSession, now time.Time) (string, error) {
	raw := make([]byte, refreshTokenBytes)
	if _, err := io.ReadFull(s.rand, raw); err != nil {
		return "", fmt.Errorf("userpool: read random refresh token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	rec := refreshRecord{
		Pool: c.pool.ID, Client: c.client.ID, Username: u.Username, Sub: u.Sub,
		OriginJTI: sess.originJTI, AuthTime: sess.authTime,
		Issued: now, Expires: now.Add(c.client.RefreshTokenValidity.Std()),
	}
	if err := s.refresh.Create(ctx, refreshID(token), rec); err != nil {
		return "", err
	}
	return token, nil
}

// lookupRefreshToken returns the stored record of a refresh token, or
// ErrNotFound.
func (s *Service) lookupRefreshToken(ctx context.Context, token string) (*refreshRecord, error) {
	if len(token) > maxAccessToken {
		return nil, store.ErrNotFound
	}
	rec, err := s.refresh.Get(ctx, refreshID(token))
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// refreshAuth is the REFRESH_TOKEN_AUTH (and REFRESH_TOKEN) flow: new ID and
// access tokens of the same session, and no new refresh token. A client
// with a secret needs the SECRET_HASH of the user's internal username.
func (s *Service) refreshAuth(ctx context.Context, c appClient, params map[string]string) (*authOutput, error) {
	token := params[paramRefreshToken]
	if token == "" {
		return nil, errMissingParameter(paramRefreshToken)
	}
	if c.client.Secret != "" && params[paramSecretHash] == "" {
		return nil, errSecretHashMissing(c.client.ID)
	}
	res, err := s.refreshTokens(ctx, c, token, func(username string) error {
		return c.checkSecretHash(params[paramSecretHash], errRefreshSecretHashMismatch(c.client.ID), username)
	})
	if err != nil {
		return nil, err
	}
	return &authOutput{AuthenticationResult: res, ChallengeParameters: map[string]string{}}, nil
}

// refreshTokens issues new ID and access tokens of the session of a
// refresh token of client c (and no new refresh token), once checkSecret,
// given the internal username of the token's user, has passed.
func (s *Service) refreshTokens(ctx context.Context, c appClient, token string, checkSecret func(username string) error) (*authenticationResult, error) {
	rec, err := s.lookupRefreshToken(ctx, token)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errInvalidRefreshToken
	}
	if err != nil {
		return nil, err
	}
	if rec.Client != c.client.ID || rec.Pool != c.pool.ID {
		return nil, errRefreshTokenOtherClient
	}
	if err := checkSecret(rec.Username); err != nil {
		return nil, err
	}
	if rec.Revoked {
		return nil, errRefreshTokenRevoked
	}
	if !s.now().Before(rec.Expires) {
		return nil, errRefreshTokenExpired
	}
	u, err := s.loadUser(ctx, rec.Pool, rec.Username)
	if errors.Is(err, ErrUserNotFound) {
		return nil, errInvalidRefreshToken
	}
	if err != nil {
		return nil, err
	}
	if u.Sub != rec.Sub {
		return nil, errInvalidRefreshToken // the user was replaced
	}
	if u.sessionRevoked(rec.OriginJTI, rec.Issued) {
		return nil, errRefreshTokenRevoked
	}
	if !u.Enabled {
		return nil, errUserDisabled
	}
	return s.issueTokens(ctx, c, u, signInSession{originJTI: rec.OriginJTI, authTime: rec.AuthTime}, false)
}

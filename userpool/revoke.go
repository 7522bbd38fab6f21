package userpool

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gatehouse-dev/gatehouse/store"
)

// revokeToken is the RevokeToken operation: it revokes a refresh token and
// the access tokens issued with it. As OAuth 2.0 token revocation
// (RFC 7009) has it, a token the service does not know is no error.
func (s *Service) revokeToken(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*revokeTokenInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.appClient(ctx, in.ClientId)
	if err != nil {
		return nil, err
	}
	if c.client.Secret != "" {
		if in.ClientSecret == "" {
			return nil, errRevokeSecretMissing(c.client.ID)
		}
		if !equalSecret(in.ClientSecret, c.client.Secret) {
			return nil, errRevokeInvalidClientSecret
		}
	}
	if looksLikeJWT(in.Token) {
		return nil, errRevokeUnsupportedToken // an ID or access token
	}
	rec, err := s.lookupRefreshToken(ctx, in.Token)
	if errors.Is(err, store.ErrNotFound) {
		return empty{}, nil
	}
	if err != nil {
		return nil, err
	}
	if rec.Client != c.client.ID {
		return nil, errRevokeTokenOfOtherClient
	}
	err = s.refresh.Update(ctx, refreshID(in.Token), func(cur refreshRecord) (refreshRecord, error) {
		cur.Revoked = true
		return cur, nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	err = s.users.Update(ctx, userID(rec.Pool, rec.Username), func(cur userRecord) (userRecord, error) {
		now := s.now()
		cur.pruneRevokedOrigins(now)
		if cur.RevokedOrigins == nil {
			cur.RevokedOrigins = map[string]time.Time{}
		}
		cur.RevokedOrigins[rec.OriginJTI] = now
		return cur, nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	s.event(ctx, "refresh token revoked", slog.String("user_pool", rec.Pool), slog.String("client_id", rec.Client),
		slog.String("username", rec.Username))
	return empty{}, nil
}

// equalSecret compares a client secret in constant time (of the secrets'
// hashes, so that their lengths do not show either).
func equalSecret(given, want string) bool {
	g, w := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return hmac.Equal(g[:], w[:])
}

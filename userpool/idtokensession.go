package userpool

import (
	"context"
	"encoding/json"
	"math"
)

// The errors of CheckIDTokenSession (and of the access-token check that
// shares its logic): the token's sign-in session is over. Each has a
// SessionEnded method that returns true, so that a caller that cannot name
// them (the identity pools) tells them from a failure of the store.
var (
	// ErrTokenUserDeleted: the token's user no longer exists (or another
	// user of the same name, with another sub, took its place).
	ErrTokenUserDeleted = &SessionEndedError{reason: "the user has been deleted"}
	// ErrTokenSignedOut: GlobalSignOut, AdminUserGlobalSignOut or
	// RevokeToken ended the token's session.
	ErrTokenSignedOut = &SessionEndedError{reason: "the user has been signed out"}
	// ErrTokenUserDisabled: the token's user is disabled.
	ErrTokenUserDisabled = &SessionEndedError{reason: "the user is disabled"}
)

// SessionEndedError is the type of the errors that say a token's sign-in
// session is over.
type SessionEndedError struct{ reason string }

func (e *SessionEndedError) Error() string { return "userpool: token session ended: " + e.reason }

// SessionEnded reports that the error means the session is over.
func (e *SessionEndedError) SessionEnded() bool { return true }

// CheckIDTokenSession is the server-side token check of the identity pools
// (ServerSideTokenCheck): for the claims of an ID token of the user pool
// whose signature, issuer, audience and expiry the caller has verified, it
// checks that the user (cognito:username) still exists with the token's
// sub, that the sign-in session (origin_jti, else iat) has not been ended by
// GlobalSignOut, AdminUserGlobalSignOut or RevokeToken, and that the user
// is enabled. It returns nil, ErrTokenUserDeleted, ErrTokenSignedOut,
// ErrTokenUserDisabled or the store's error. Numbers in claims may be
// float64 or json.Number. It reads the store once, for the user.
func (s *Service) CheckIDTokenSession(ctx context.Context, userPoolID string, claims map[string]any) error {
	t := tokenSession{}
	t.username, _ = claims["cognito:username"].(string)
	t.sub, _ = claims["sub"].(string)
	t.originJTI, _ = claims["origin_jti"].(string)
	t.issuedAt = claimSeconds(claims["iat"])
	_, err := s.sessionUser(ctx, userPoolID, t)
	return err
}

// claimSeconds returns a numeric claim in whole seconds, or 0 when it is
// not a finite number of the int64 range.
func claimSeconds(v any) int64 {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return 0
		}
	default:
		return 0
	}
	if math.IsNaN(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return 0
	}
	return int64(f)
}

package identitypool

import (
	"context"
	"errors"
	"strings"
)

// TokenChecker is the server-side token check of the providers with
// ServerSideTokenCheck: the user pools' service, which knows whether the
// user of an ID token has been signed out, deleted or disabled since the
// token was issued.
type TokenChecker interface {
	// CheckIDTokenSession checks the claims of a verified ID token of the
	// user pool. An error with a SessionEnded method that returns true
	// means the session is over; any other error is a failure.
	CheckIDTokenSession(ctx context.Context, userPoolID string, claims map[string]any) error
}

// errSessionEnded answers a login of a provider with ServerSideTokenCheck
// whose user has been signed out, deleted or disabled. AWS documents a 400
// NotAuthorizedException for this case but not its message, which has not
// been confirmed; this one follows the wording of the other login errors.
var errSessionEnded = apiError(codeNotAuthorized, "Invalid login token. The user has been signed out or deleted.")

// checkSession is the server-side token check of a valid login, when the
// pool's provider entry for its app client has ServerSideTokenCheck. It
// runs on every call, cached signature checks or not. Without a
// TokenChecker no session can be confirmed, and the login is refused.
func (s *Service) checkSession(ctx context.Context, p *pool, l login) error {
	if !p.serverSideTokenCheck(l.provider, l.clientID) {
		return nil
	}
	if s.tokenChecker == nil {
		return errSessionEnded
	}
	_, userPoolID, _ := strings.Cut(l.provider, "/")
	err := s.tokenChecker.CheckIDTokenSession(ctx, userPoolID, l.claims.all)
	var ended interface{ SessionEnded() bool }
	if errors.As(err, &ended) && ended.SessionEnded() {
		return errSessionEnded
	}
	return err
}

// serverSideTokenCheck reports whether the pool's entry for the provider's
// app client has ServerSideTokenCheck.
func (p *pool) serverSideTokenCheck(name, clientID string) bool {
	for _, c := range p.Pool.CognitoIdentityProviders {
		if c.ProviderName == name && c.ClientId == clientID {
			return c.ServerSideTokenCheck
		}
	}
	return false
}

package userpool

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
)

// appClient is an app client and its pool (see Service.appClient).
type appClient struct {
	pool   *config.UserPool
	client *config.UserPoolClient
}

// legacy reports whether the client lists only Cognito's legacy flow names
// (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH), which
// enable SRP and refresh implicitly.
func (c appClient) legacy() bool {
	return !slices.ContainsFunc(c.client.ExplicitAuthFlows, func(f string) bool {
		return strings.HasPrefix(f, "ALLOW_")
	})
}

func (c appClient) lists(flows ...string) bool {
	return slices.ContainsFunc(flows, func(f string) bool { return slices.Contains(c.client.ExplicitAuthFlows, f) })
}

// checkFlow returns the error Cognito gives when the client's explicit auth
// flows do not enable flow.
func (c appClient) checkFlow(flow string) error {
	switch flow {
	case flowUserSRP:
		if c.lists(config.FlowUserSRPAuth) || c.legacy() && !c.lists(config.FlowLegacyCustomAuthOnly) {
			return nil
		}
		return errUserSRPAuthNotEnabled
	case flowUserPassword:
		if c.lists(config.FlowUserPasswordAuth, config.FlowLegacyUserPassword) {
			return nil
		}
		return errUserPasswordAuthNotEnabled
	case flowRefreshToken, flowRefreshTokenAuth:
		if c.lists(config.FlowRefreshTokenAuth) || c.legacy() {
			return nil
		}
		return errRefreshNotEnabled
	}
	return nil
}

// secretHash is SECRET_HASH: base64(HMAC-SHA256(clientSecret, username ‖ clientId)).
func secretHash(secret, username, clientID string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(username))
	m.Write([]byte(clientID))
	return m.Sum(nil)
}

// checkSecretHash checks the SECRET_HASH of a request to a client with a
// secret: it must be made with one of names (the name the request gave,
// and the other names of the same user that Cognito accepts). A client
// without a secret ignores it. mismatch is the error for a wrong hash.
func (c appClient) checkSecretHash(given string, mismatch *awsproto.Error, names ...string) error {
	if c.client.Secret == "" {
		return nil
	}
	if given == "" {
		return errSecretHashMissing(c.client.ID)
	}
	got, err := base64.StdEncoding.DecodeString(given)
	if err != nil {
		return mismatch
	}
	ok := false
	for _, name := range names {
		if name != "" && hmac.Equal(got, secretHash(c.client.Secret, name, c.client.ID)) {
			ok = true
		}
	}
	if !ok {
		return mismatch
	}
	return nil
}

// namedUser returns the user of the client's pool that name names (nil
// when there is none) once hash, the request's SECRET_HASH, checks with
// name or another name of the user.
func (s *Service) namedUser(ctx context.Context, c appClient, name, hash string) (*userRecord, error) {
	u, err := s.findUser(ctx, c.pool, name)
	if err != nil && !errors.Is(err, ErrUserNotFound) {
		return nil, err
	}
	if err := c.checkSecretHash(hash, errSecretHashMismatch(c.client.ID), signInNames(c.pool, name, u)...); err != nil {
		return nil, err
	}
	return u, nil
}

// signInNames returns the names of a user that a SECRET_HASH may be made
// with in sign-in flows: the name the request gave, the internal username,
// and the user's aliases.
func signInNames(p *config.UserPool, given string, u *userRecord) []string {
	names := []string{given}
	if u == nil {
		return names
	}
	names = append(names, u.Username)
	for _, attr := range p.UsernameAttributes {
		if v := u.Attributes[attr]; v != "" {
			names = append(names, v)
		}
	}
	return names
}

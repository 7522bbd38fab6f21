package identitypool

import (
	"context"
	"errors"
	"time"

	"github.com/gatehouse-dev/gatehouse/creds"
)

// credentialsLifetime is how long GetCredentialsForIdentity's credentials
// last, as on AWS.
const credentialsLifetime = time.Hour

// getCredentialsForIdentity serves GetCredentialsForIdentity (the enhanced
// flow): temporary credentials of the identity's role, minted by
// creds.Minter with the session name CognitoIdentityCredentials, for one
// hour (or the role's max_session when shorter).
//
// Without logins the identity must be unauthenticated and the pool allow
// unauthenticated identities; with logins, they are validated and matched
// to the identity (identityForLogins), which links them to an
// unauthenticated identity.
func (s *Service) getCredentialsForIdentity(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*getCredentialsInput).check)
	if err != nil {
		return nil, err
	}
	rec, p, err := s.identityAndPool(ctx, in.IdentityId)
	if err != nil {
		return nil, err
	}
	spec := creds.SessionSpec{
		SessionName:    creds.SessionNameCognito,
		IdentityID:     in.IdentityId,
		IdentityPoolID: p.id(),
		// Cognito's credentials last one hour, or the role's max_session
		// when that is shorter (below IAM's minimum, for tests).
		Duration: credentialsLifetime,
	}
	if len(in.Logins) == 0 {
		if err := s.checkUnauthenticated(in.IdentityId, rec, p); err != nil {
			return nil, err
		}
		spec.AuthType = creds.AuthTypeUnauthenticated
		if spec.RoleARN, err = unauthenticatedRole(p, in.CustomRoleArn); err != nil {
			return nil, err
		}
	} else {
		logins, err := s.validateLogins(ctx, p, in.Logins)
		if err != nil {
			return nil, err
		}
		id, l, err := s.identityForLogins(ctx, p, in.IdentityId, rec, logins)
		if err != nil {
			return nil, err
		}
		spec.IdentityID, spec.AuthType, spec.Provider, spec.Sub = id, creds.AuthTypeAuthenticated, l.provider, l.sub
		if spec.RoleARN, err = authenticatedRole(p, l, in.CustomRoleArn); err != nil {
			return nil, err
		}
	}
	c, err := s.minter.Mint(spec)
	if errors.Is(err, creds.ErrUnknownRole) {
		return nil, errInvalidPoolConfiguration
	}
	if err != nil {
		return nil, err
	}
	return getCredentialsOutput{
		Credentials: credentialsOutput{
			AccessKeyId:  c.AccessKeyID,
			SecretKey:    c.SecretAccessKey,
			SessionToken: c.SessionToken,
			Expiration:   c.Expiration.Unix(),
		},
		IdentityId: spec.IdentityID,
	}, nil
}

// checkUnauthenticated allows a request without logins: for an
// unauthenticated identity of a pool that allows them.
func (s *Service) checkUnauthenticated(identityID string, rec *identityRecord, p *pool) error {
	if rec.authenticated() {
		return errIdentityForbidden(identityID)
	}
	if !p.Pool.AllowUnauthenticatedIdentities {
		return errUnauthenticatedNotSupported
	}
	return nil
}

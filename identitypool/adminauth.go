package identitypool

import (
	"context"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// GetId, GetCredentialsForIdentity and GetOpenIdToken are public, as on
// AWS. The operations that change identity pools are called with an IAM
// user's keys: SigV4-signed for the service cognito-identity in the
// configured region (unsigned calls get MissingAuthenticationTokenException).
// The other operations (describing and listing pools and identities,
// DeleteIdentities) are served unsigned too, for local tools; a signature
// that comes with them is verified all the same.

// signingService is the SigV4 service name of the Cognito Identity API.
const signingService = "cognito-identity"

// handler is an operation on its decoded body.
type handler func(ctx context.Context, body []byte) (any, error)

// public serves h to anyone.
func public(h handler) awsproto.Operation {
	return func(ctx context.Context, _ *http.Request, body []byte) (any, error) {
		return h(ctx, body)
	}
}

// signed serves h to callers whose SigV4 signature verifies as an IAM user
// of the configuration.
func (s *Service) signed(h handler) awsproto.Operation {
	return func(ctx context.Context, r *http.Request, body []byte) (any, error) {
		if _, err := s.authenticate(r, body); err != nil {
			return nil, err
		}
		return h(ctx, body)
	}
}

// authenticate verifies the SigV4 signature of r, whose body the server has
// already read into body, and returns the IAM user who signed it. IAM
// policies are not evaluated: every IAM user of the configuration may
// manage identity pools.
func (s *Service) authenticate(r *http.Request, body []byte) (*creds.Principal, error) {
	res, err := awsproto.VerifySigV4(s.adminVerifier, r, body, s.now())
	if err != nil {
		return nil, err
	}
	p, ok := res.Principal.(*creds.Principal)
	if !ok {
		return nil, awsproto.SigV4Error(sigv4.UnrecognizedClient())
	}
	return p, nil
}

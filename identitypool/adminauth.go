package identitypool

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// GetId, GetCredentialsForIdentity and GetOpenIdToken are public, as on
// AWS. Every other operation is called with an IAM user's keys (AWS's
// "developer credentials"): SigV4-signed for the service cognito-identity in
// the configured region (unsigned calls get
// MissingAuthenticationTokenException), and allowed by the user's IAM
// policies for cognito-identity:{Operation} on the pool's ARN.

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

// signed serves operation name to callers whose SigV4 signature verifies as
// an IAM user of the configuration and whose policies allow it.
func (s *Service) signed(name string, h handler) awsproto.Operation {
	action := "cognito-identity:" + name
	return func(ctx context.Context, r *http.Request, body []byte) (any, error) {
		caller, err := s.authenticate(r, body)
		if err != nil {
			return nil, err
		}
		if err := creds.AuthorizeService(caller, action, s.poolResource(body), s.now()); err != nil {
			return nil, err
		}
		return h(ctx, body)
	}
}

// poolResource returns the ARN of the identity pool a request names,
// arn:aws:cognito-identity:{region}:{account}:identitypool/{id}, or "*".
func (s *Service) poolResource(body []byte) string {
	var in struct {
		IdentityPoolId string `json:"IdentityPoolId"`
	}
	if json.Unmarshal(body, &in) != nil || in.IdentityPoolId == "" {
		return "*"
	}
	return "arn:aws:cognito-identity:" + s.cfg.Region + ":" + s.cfg.AccountID + ":identitypool/" + in.IdentityPoolId
}

// authenticate verifies the SigV4 signature of r, whose body the server has
// already read into body, and returns the IAM user who signed it; signed
// then evaluates the user's IAM policies for the operation.
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

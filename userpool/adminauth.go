package userpool

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// The administrative operations (Admin*, ListUsers, groups, pools and app
// clients) are called with an IAM user's keys: the request is SigV4-signed
// for the service cognito-idp in the configured region, as on AWS, where
// unsigned calls get MissingAuthenticationTokenException.

// signingService is the SigV4 service name of the Cognito user-pool API.
const signingService = "cognito-idp"

// newAdminVerifier returns the verifier of administrative requests: the
// configuration's IAM users, found through creds.Lookup.
func newAdminVerifier(lookup *creds.Lookup, region string) *sigv4.Verifier {
	return awsproto.NewSigV4Verifier(lookup, signingService, region)
}

// adminHandler is an administrative operation once its caller is known.
type adminHandler func(ctx context.Context, caller *creds.Principal, body []byte) (any, error)

// admin wraps an administrative operation: it verifies the request's
// signature, then asks authorizeAdmin whether the caller may perform the
// action (cognito-idp:{name}) on the pool the request names.
func (s *Service) admin(name string, h adminHandler) awsproto.Operation {
	action := signingService + ":" + name
	return func(ctx context.Context, r *http.Request, body []byte) (any, error) {
		caller, err := s.authenticateAdmin(r, body)
		if err != nil {
			return nil, err
		}
		if err := s.authorizeAdmin(caller, action, s.adminResource(body)); err != nil {
			return nil, err
		}
		return h(ctx, caller, body)
	}
}

// authenticateAdmin verifies the SigV4 signature of r, whose body the
// server has already read into body: the signature is checked over those
// bytes.
func (s *Service) authenticateAdmin(r *http.Request, body []byte) (*creds.Principal, error) {
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

// authorizeAdmin decides whether caller may perform action (like
// "cognito-idp:AdminCreateUser") on resource (a user pool's ARN, or "*" for
// the operations that name no pool) by evaluating the caller's IAM
// policies; a denial is AWS's AccessDeniedException.
func (s *Service) authorizeAdmin(caller *creds.Principal, action, resource string) error {
	return creds.AuthorizeService(caller, action, resource, s.now())
}

// adminResource returns the resource an administrative request acts on:
// the ARN of the user pool it names, or "*".
func (s *Service) adminResource(body []byte) string {
	var in struct {
		UserPoolId string `json:"UserPoolId"`
	}
	if json.Unmarshal(body, &in) != nil || in.UserPoolId == "" {
		return "*"
	}
	return s.poolARN(in.UserPoolId)
}

// poolARN returns the ARN of a user pool,
// arn:aws:cognito-idp:{region}:{account}:userpool/{id}.
func (s *Service) poolARN(poolID string) string {
	return "arn:aws:cognito-idp:" + s.cfg.Region + ":" + s.cfg.AccountID + ":userpool/" + poolID
}

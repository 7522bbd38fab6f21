package identitypool

import (
	"context"
	"net/http"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// OpenIDIssuer is the "iss" of the OpenID tokens of GetOpenIdToken, as on
// AWS.
const OpenIDIssuer = "https://cognito-identity.amazonaws.com"

// openIDTokenValidity is how long a GetOpenIdToken token is valid: AWS's
// 10 minutes.
const openIDTokenValidity = 10 * time.Minute

// Names of the documents under /.well-known/ (AWS serves them at
// https://cognito-identity.amazonaws.com/.well-known/).
const (
	WellKnownJWKS         = "jwks_uri"
	WellKnownOpenIDConfig = "openid-configuration"
)

// The members of "amr".
const (
	amrAuthenticated   = "authenticated"
	amrUnauthenticated = "unauthenticated"
)

// openIDClaims are the claims of a GetOpenIdToken token (see doc.go).
type openIDClaims struct {
	Sub string   `json:"sub"`
	Aud string   `json:"aud"`
	Amr []string `json:"amr"`
	Iss string   `json:"iss"`
	Exp int64    `json:"exp"`
	Iat int64    `json:"iat"`
}

// getOpenIDToken serves GetOpenIdToken (the first half of the basic flow;
// STS AssumeRoleWithWebIdentity is the second): an OpenID token for the
// identity, signed with the key ring's active signing key. The identity and
// its logins are checked as for GetCredentialsForIdentity.
func (s *Service) getOpenIDToken(ctx context.Context, body []byte) (any, error) {
	in, err := decode(body, (*getOpenIDTokenInput).check)
	if err != nil {
		return nil, err
	}
	rec, p, err := s.identityAndPool(ctx, in.IdentityId)
	if err != nil {
		return nil, err
	}
	if !p.classicFlowAllowed() {
		return nil, errClassicFlowDisabled
	}
	id, amr := in.IdentityId, []string{amrUnauthenticated}
	if len(in.Logins) == 0 {
		if err := s.checkUnauthenticated(in.IdentityId, rec, p); err != nil {
			return nil, err
		}
	} else {
		logins, err := s.validateLogins(ctx, p, in.Logins)
		if err != nil {
			return nil, err
		}
		var l login
		if id, l, err = s.identityForLogins(ctx, p, in.IdentityId, rec, logins); err != nil {
			return nil, err
		}
		amr = []string{amrAuthenticated, l.provider, l.provider + ":CognitoSignIn:" + l.sub}
	}
	now := s.now()
	token, err := s.signer.Sign(openIDClaims{
		Sub: id,
		Aud: p.id(),
		Amr: amr,
		Iss: OpenIDIssuer,
		Exp: now.Add(openIDTokenValidity).Unix(),
		Iat: now.Unix(),
	})
	if err != nil {
		return nil, err
	}
	return getOpenIDTokenOutput{IdentityId: id, Token: token}, nil
}

// openIDConfiguration is the discovery document of the OpenID tokens.
type openIDConfiguration struct {
	Issuer                           string   `json:"issuer"`
	JWKSURI                          string   `json:"jwks_uri"`
	ResponseTypesSupported           []string `json:"response_types_supported"`
	SubjectTypesSupported            []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
	ClaimsSupported                  []string `json:"claims_supported"`
}

// ServeWellKnown serves GET /.well-known/{name}: the JWKS of the OpenID
// tokens (every signing key of the ring that has not retired, the keys the
// user pools' tokens are signed with too) or their discovery document,
// whose jwks_uri points back at this server while issuer stays AWS's.
func (s *Service) ServeWellKnown(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case WellKnownJWKS:
		jws.WriteDocument(w, http.StatusOK, jws.JWKS(s.ring))
	case WellKnownOpenIDConfig:
		jws.WriteDocument(w, http.StatusOK, openIDConfiguration{
			Issuer:                           OpenIDIssuer,
			JWKSURI:                          jws.BaseURL(r) + "/.well-known/" + WellKnownJWKS,
			ResponseTypesSupported:           []string{"id_token"},
			SubjectTypesSupported:            []string{"public"},
			IDTokenSigningAlgValuesSupported: []string{keys.SigningAlgorithm},
			ClaimsSupported:                  []string{"aud", "amr", "exp", "iat", "iss", "sub"},
		})
	default:
		jws.WriteDocument(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	}
}

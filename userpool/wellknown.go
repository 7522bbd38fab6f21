package userpool

import (
	"net/http"

	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// Names of the documents under /{poolId}/.well-known/.
const (
	WellKnownJWKS         = "jwks.json"
	WellKnownOpenIDConfig = "openid-configuration"
)

// openIDConfiguration is the pool's OpenID Connect discovery document: the
// members Cognito's has for a pool without a domain (the OAuth endpoints
// exist only with one).
type openIDConfiguration struct {
	Issuer                            string   `json:"issuer"`
	JWKSURI                           string   `json:"jwks_uri"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
}

// ServeWellKnown serves GET /{poolID}/.well-known/{name}: the pool's JWKS
// (every signing key of the ring that has not retired) or its discovery
// document, whose jwks_uri points back at this server (the scheme and
// host of the request) while issuer stays the pool's token issuer.
func (s *Service) ServeWellKnown(w http.ResponseWriter, r *http.Request, poolID, name string) {
	p, err := s.userPool(r.Context(), poolID)
	if err != nil {
		jws.WriteDocument(w, http.StatusBadRequest, map[string]string{"message": "User pool " + poolID + " does not exist."})
		return
	}
	switch name {
	case WellKnownJWKS:
		jws.WriteDocument(w, http.StatusOK, jws.JWKS(s.ring))
	case WellKnownOpenIDConfig:
		jws.WriteDocument(w, http.StatusOK, openIDConfiguration{
			Issuer:                            p.IssuerURL(),
			JWKSURI:                           jws.BaseURL(r) + "/" + p.ID + "/.well-known/" + WellKnownJWKS,
			IDTokenSigningAlgValuesSupported:  []string{keys.SigningAlgorithm},
			ResponseTypesSupported:            []string{"code", "token"},
			ScopesSupported:                   []string{"openid", "email", "phone", "profile"},
			SubjectTypesSupported:             []string{"public"},
			TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post"},
		})
	default:
		jws.WriteDocument(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	}
}

package userpool

import (
	"context"
	"net/http"
)

// getTokensFromRefreshTokenInput is the request of
// GetTokensFromRefreshToken. DeviceKey and ClientMetadata are accepted and
// ignored: Gatehouse remembers no devices and runs no triggers.
type getTokensFromRefreshTokenInput struct {
	RefreshToken string `json:"RefreshToken"`
	ClientId     string `json:"ClientId"`
	ClientSecret string `json:"ClientSecret"`
}

func (in *getTokensFromRefreshTokenInput) check(v *validation) {
	v.notNull("refreshToken", in.RefreshToken != "")
	v.notNull("clientId", in.ClientId != "")
}

// getTokensFromRefreshTokenOutput is its answer: AuthenticationResult
// only, without ChallengeParameters.
type getTokensFromRefreshTokenOutput struct {
	AuthenticationResult *authenticationResult `json:"AuthenticationResult"`
}

// getTokensFromRefreshToken is the GetTokensFromRefreshToken operation,
// with which Amplify v6 refreshes its tokens: new ID and access tokens of
// the refresh token's session, as REFRESH_TOKEN_AUTH gives them. The app
// clients do not rotate refresh tokens, so, as Cognito answers for such a
// client, no new refresh token is returned and the one given stays valid.
// A client with a secret needs it in ClientSecret (not a SECRET_HASH).
func (s *Service) getTokensFromRefreshToken(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*getTokensFromRefreshTokenInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.appClient(ctx, in.ClientId)
	if err != nil {
		return nil, err
	}
	if err := c.checkFlow(flowRefreshTokenAuth); err != nil {
		return nil, err
	}
	if c.client.Secret != "" && in.ClientSecret == "" {
		return nil, errClientSecretMissing(c.client.ID)
	}
	res, err := s.refreshTokens(ctx, c, in.RefreshToken, func(string) error {
		if c.client.Secret != "" && !equalSecret(in.ClientSecret, c.client.Secret) {
			return errClientSecretMismatch(c.client.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &getTokensFromRefreshTokenOutput{AuthenticationResult: res}, nil
}

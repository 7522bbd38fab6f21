package userpool

import (
	"context"
	"net/http"
)

// initiateAuth is the InitiateAuth operation.
func (s *Service) initiateAuth(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*initiateAuthInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.appClient(ctx, in.ClientId)
	if err != nil {
		return nil, err
	}
	switch in.AuthFlow {
	case flowAdminNoSRP, flowAdminUserPass:
		return nil, errAuthMethodNotSupported
	case flowCustom:
		return nil, errCustomAuthNotConfigured
	case flowUser:
		return nil, errUserAuthNotSupported
	}
	if err := c.checkFlow(in.AuthFlow); err != nil {
		return nil, err
	}
	params := in.AuthParameters
	switch in.AuthFlow {
	case flowUserSRP:
		return s.startSRP(ctx, c, params)
	case flowUserPassword:
		return s.passwordAuth(ctx, c, params)
	default: // REFRESH_TOKEN_AUTH, REFRESH_TOKEN
		return s.refreshAuth(ctx, c, params)
	}
}

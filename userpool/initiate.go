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
	}
	return s.startFlow(ctx, c, in.AuthFlow, in.AuthParameters)
}

// startFlow starts the sign-in flows of InitiateAuth that
// AdminInitiateAuth also takes, once the client enables the flow.
func (s *Service) startFlow(ctx context.Context, c appClient, flow string, params map[string]string) (any, error) {
	switch flow {
	case flowCustom:
		return nil, errCustomAuthNotConfigured
	case flowUser:
		return nil, errUserAuthNotSupported
	}
	if err := c.checkFlow(flow); err != nil {
		return nil, err
	}
	switch flow {
	case flowUserSRP:
		return s.startSRP(ctx, c, params)
	case flowUserPassword:
		return s.passwordAuth(ctx, c, params)
	default: // REFRESH_TOKEN_AUTH, REFRESH_TOKEN
		return s.refreshAuth(ctx, c, params)
	}
}

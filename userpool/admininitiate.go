package userpool

import (
	"context"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
)

// AdminInitiateAuth and AdminRespondToAuthChallenge: the sign-in flows for
// servers that hold IAM credentials. They take the pool as well as the
// client, and add ADMIN_USER_PASSWORD_AUTH (ADMIN_NO_SRP_AUTH, its old
// name), which the client must enable with ALLOW_ADMIN_USER_PASSWORD_AUTH
// (or the legacy ADMIN_NO_SRP_AUTH). The rest is the flows of InitiateAuth
// and RespondToAuthChallenge, with the same errors.

type adminInitiateAuthInput struct {
	UserPoolId     string            `json:"UserPoolId"`
	ClientId       string            `json:"ClientId"`
	AuthFlow       string            `json:"AuthFlow"`
	AuthParameters map[string]string `json:"AuthParameters"`
}

func (in *adminInitiateAuthInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("clientId", in.ClientId, ruleClientID)
	v.notNull("authFlow", in.AuthFlow != "")
	v.enum("authFlow", in.AuthFlow, authFlows)
}

// adminAppClient returns the client of an administrative sign-in, which
// must belong to the pool named.
func (s *Service) adminAppClient(ctx context.Context, poolID, clientID string) (appClient, error) {
	if _, err := s.adminPool(ctx, poolID); err != nil {
		return appClient{}, err
	}
	c, err := s.appClient(ctx, clientID)
	if err != nil {
		return appClient{}, err
	}
	if c.pool.ID != poolID {
		return appClient{}, errClientNotFound(clientID)
	}
	return c, nil
}

// checkAdminPasswordFlow returns the error Cognito gives when the client
// does not enable ADMIN_USER_PASSWORD_AUTH.
func (c appClient) checkAdminPasswordFlow() error {
	if c.lists(config.FlowAdminUserPasswordAuth, config.FlowLegacyAdminNoSRPAuth) {
		return nil
	}
	return errAuthFlowNotEnabled
}

// adminInitiateAuth is the AdminInitiateAuth operation.
func (s *Service) adminInitiateAuth(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*adminInitiateAuthInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.adminAppClient(ctx, in.UserPoolId, in.ClientId)
	if err != nil {
		return nil, err
	}
	switch in.AuthFlow {
	case flowAdminUserPass, flowAdminNoSRP:
		if err := c.checkAdminPasswordFlow(); err != nil {
			return nil, err
		}
		return s.passwordAuth(ctx, c, in.AuthParameters)
	case flowUserPassword:
		return nil, errAuthMethodNotSupported
	}
	return s.startFlow(ctx, c, in.AuthFlow, in.AuthParameters)
}

type adminRespondToAuthChallengeInput struct {
	UserPoolId         string            `json:"UserPoolId"`
	ClientId           string            `json:"ClientId"`
	ChallengeName      string            `json:"ChallengeName"`
	ChallengeResponses map[string]string `json:"ChallengeResponses"`
	Session            string            `json:"Session"`
}

func (in *adminRespondToAuthChallengeInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("clientId", in.ClientId, ruleClientID)
	v.notNull("challengeName", in.ChallengeName != "")
	v.enum("challengeName", in.ChallengeName, challengeNames)
}

// adminRespondToAuthChallenge is the AdminRespondToAuthChallenge operation.
func (s *Service) adminRespondToAuthChallenge(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*adminRespondToAuthChallengeInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.adminAppClient(ctx, in.UserPoolId, in.ClientId)
	if err != nil {
		return nil, err
	}
	return s.answerChallenge(ctx, c, respondToAuthChallengeInput{
		ChallengeName: in.ChallengeName, ChallengeResponses: in.ChallengeResponses,
		ClientId: in.ClientId, Session: in.Session,
	})
}

package userpool

import (
	"context"
	"net/http"
)

// respondToAuthChallenge is the RespondToAuthChallenge operation.
func (s *Service) respondToAuthChallenge(ctx context.Context, _ *http.Request, body []byte) (any, error) {
	in, err := decodeRequest(body, (*respondToAuthChallengeInput).check)
	if err != nil {
		return nil, err
	}
	c, err := s.appClient(ctx, in.ClientId)
	if err != nil {
		return nil, err
	}
	return s.answerChallenge(ctx, c, in)
}

// answerChallenge takes the answer to a challenge of the client's
// sign-in, for RespondToAuthChallenge and AdminRespondToAuthChallenge.
func (s *Service) answerChallenge(ctx context.Context, c appClient, in respondToAuthChallengeInput) (any, error) {
	switch in.ChallengeName {
	case challengePasswordVerifier:
		if err := c.checkFlow(flowUserSRP); err != nil {
			return nil, err
		}
		return s.verifyPasswordClaim(ctx, c, in.ChallengeResponses)
	case challengeNewPasswordRequired:
		return s.setNewPassword(ctx, c, in)
	}
	return nil, errUnsupportedChallenge(in.ChallengeName)
}

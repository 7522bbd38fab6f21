package userpool

import (
	"context"
	"errors"
	"math/big"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/srp"
)

// timestampWindow is how far the TIMESTAMP of a PASSWORD_VERIFIER answer
// may be from the server's clock. The claim signature also covers the
// SECRET_BLOCK, which expires after challengeValidity, so the window only
// bounds nonsense; it is wide because device clocks drift.
const timestampWindow = 15 * time.Minute

// startSRP is the USER_SRP_AUTH flow's first step: it answers SRP_A with the
// PASSWORD_VERIFIER challenge. An unknown user gets a challenge too (see
// fakeUsers), which cannot be answered.
func (s *Service) startSRP(ctx context.Context, c appClient, params map[string]string) (*authOutput, error) {
	name := params[paramUsername]
	if name == "" {
		return nil, errMissingParameter(paramUsername)
	}
	srpA := params[paramSRPA]
	if srpA == "" {
		return nil, errMissingParameter(paramSRPA)
	}
	u, err := s.namedUser(ctx, c, name, params[paramSecretHash])
	if err != nil {
		return nil, err
	}
	now := s.now()
	var (
		userIDForSRP, salt string
		v                  *big.Int
		passwordSet        int64
	)
	if u != nil {
		if err := u.signInError(now); err != nil {
			return nil, err
		}
		if v, err = s.verifier(u); err != nil {
			return nil, err
		}
		userIDForSRP, salt, passwordSet = u.Username, u.Salt, u.PasswordSet.UnixNano()
	} else {
		userIDForSRP = s.fakeUser.userIDForSRP(c.pool, name)
		salt = s.fakeUser.salt(c.pool.ID, name)
		if v, err = s.fakeUser.verifier(c.pool.ID, userIDForSRP, name); err != nil {
			return nil, err
		}
	}
	session, err := srp.NewServerSession(s.rand, v)
	if err != nil {
		return nil, err
	}
	key, err := session.PasswordKey(srpA)
	if errors.Is(err, srp.ErrMalformedNumber) || errors.Is(err, srp.ErrZeroModN) || errors.Is(err, srp.ErrZeroScrambler) {
		return nil, errInvalidSRPA
	}
	if err != nil {
		return nil, err
	}
	block, err := s.sealSecretBlock(secretBlock{
		Pool: c.pool.ID, Client: c.client.ID, Username: userIDForSRP, Key: key,
		Issued: now.UnixNano(), PasswordSet: passwordSet,
	})
	if err != nil {
		return nil, err
	}
	return &authOutput{
		ChallengeName: challengePasswordVerifier,
		ChallengeParameters: map[string]string{
			paramSalt:         salt,
			paramSRPB:         session.B(),
			paramSecretBlock:  block,
			paramUserIDForSRP: userIDForSRP,
			paramUsername:     userIDForSRP,
		},
	}, nil
}

// verifyPasswordClaim answers the PASSWORD_VERIFIER challenge: it checks
// PASSWORD_CLAIM_SIGNATURE, HMAC(key, poolName ‖ USER_ID_FOR_SRP ‖
// SECRET_BLOCK ‖ TIMESTAMP), in constant time with the key sealed in the
// block.
func (s *Service) verifyPasswordClaim(ctx context.Context, c appClient, resp map[string]string) (*authOutput, error) {
	for _, p := range []string{paramUsername, paramClaimBlock, paramTimestamp, paramClaimSignature} {
		if resp[p] == "" {
			return nil, errMissingParameter(p)
		}
	}
	name := resp[paramUsername]
	u, err := s.namedUser(ctx, c, name, resp[paramSecretHash])
	if err != nil {
		return nil, err
	}
	block, raw, ok := s.openSecretBlock(c.pool.ID, resp[paramClaimBlock])
	if !ok || block.Client != c.client.ID {
		return nil, errIncorrectCredentials
	}
	if s.expired(block.Issued) {
		return nil, errSessionExpired
	}
	if u == nil || u.Username != block.Username {
		return nil, errIncorrectCredentials
	}
	now := s.now()
	ts := resp[paramTimestamp]
	t, err := srp.ParseTimestamp(ts)
	if err != nil || t.Sub(now).Abs() > timestampWindow {
		return nil, errIncorrectCredentials
	}
	if err := u.signInError(now); err != nil {
		return nil, err
	}
	if block.PasswordSet != u.PasswordSet.UnixNano() {
		return nil, errIncorrectCredentials // the password changed after the challenge
	}
	if !srp.VerifyClaim(block.Key, srp.PoolName(c.pool.ID), u.Username, raw, ts, resp[paramClaimSignature]) {
		if err := s.recordFailedSignIn(ctx, u); err != nil {
			return nil, err
		}
		return nil, errIncorrectCredentials
	}
	return s.passwordProven(ctx, c, u)
}

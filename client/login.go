package client

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/srp"
)

// Tokens are the result of a sign-in.
type Tokens struct {
	IDToken      string
	AccessToken  string
	RefreshToken string
	// ExpiresAt is when the ID and access tokens expire.
	ExpiresAt time.Time
	// Username is the user's name in the pool (USER_ID_FOR_SRP: for a pool
	// that signs in by email, not the email), the name RefreshUser needs
	// with a client secret.
	Username string
}

var (
	// ErrNewPasswordRequired is returned by Login for a user who must
	// change a temporary password when no NewPasswordHandler is set.
	ErrNewPasswordRequired = errors.New("client: NEW_PASSWORD_REQUIRED and no new password handler")
	// ErrUnsupportedChallenge is returned by Login for a challenge it
	// cannot answer (MFA, custom challenges).
	ErrUnsupportedChallenge = errors.New("client: unsupported challenge")
)

// Login signs username in with USER_SRP_AUTH: the password never leaves
// the process. It answers NEW_PASSWORD_REQUIRED with the
// NewPasswordHandler. Errors of the user pool are the aws-sdk-go-v2 types
// (e.g. *types.NotAuthorizedException for a wrong password), wrapped.
func (c *Client) Login(ctx context.Context, username, password string) (*Tokens, error) {
	session, err := srp.NewClientSession(c.rand)
	if err != nil {
		return nil, fmt.Errorf("client: login: %w", err)
	}
	params := map[string]string{"USERNAME": username, "SRP_A": session.A()}
	c.addSecretHash(params, username)
	out, err := c.idp.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String(c.cfg.ClientID),
		AuthParameters: params,
	})
	if err != nil {
		return nil, fmt.Errorf("client: login: %w", err)
	}
	name, challenge, sess, result := out.ChallengeName, out.ChallengeParameters, out.Session, out.AuthenticationResult
	userID := username
	for result == nil {
		var responses map[string]string
		switch name {
		case types.ChallengeNameTypePasswordVerifier:
			userID = challenge["USER_ID_FOR_SRP"]
			responses, err = c.passwordVerifier(session, userID, password, challenge)
		case types.ChallengeNameTypeNewPasswordRequired:
			responses, err = c.newPasswordResponses(ctx, userID, challenge)
		default:
			err = fmt.Errorf("%w: %s", ErrUnsupportedChallenge, name)
		}
		if err != nil {
			return nil, fmt.Errorf("client: login: %w", err)
		}
		res, err := c.idp.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ChallengeName:      name,
			ClientId:           aws.String(c.cfg.ClientID),
			ChallengeResponses: responses,
			Session:            sess,
		})
		if err != nil {
			return nil, fmt.Errorf("client: login: %w", err)
		}
		name, challenge, sess, result = res.ChallengeName, res.ChallengeParameters, res.Session, res.AuthenticationResult
	}
	return c.tokens(result, "", userID), nil
}

// passwordVerifier answers PASSWORD_VERIFIER: the claim signature over
// the challenge's SECRET_BLOCK, keyed by the SRP password key. The user is
// named by USER_ID_FOR_SRP from here on, as Cognito expects.
func (c *Client) passwordVerifier(session *srp.ClientSession, userID, password string, challenge map[string]string) (map[string]string, error) {
	pool := srp.PoolName(c.cfg.UserPoolID)
	key, err := session.PasswordKey(pool, userID, password, challenge["SALT"], challenge["SRP_B"])
	if err != nil {
		return nil, err
	}
	block, err := base64.StdEncoding.DecodeString(challenge["SECRET_BLOCK"])
	if err != nil {
		return nil, fmt.Errorf("SECRET_BLOCK: %w", err)
	}
	ts := srp.FormatTimestamp(c.now())
	responses := map[string]string{
		"USERNAME":                    userID,
		"PASSWORD_CLAIM_SECRET_BLOCK": challenge["SECRET_BLOCK"],
		"PASSWORD_CLAIM_SIGNATURE":    srp.ClaimSignature(key, pool, userID, block, ts),
		"TIMESTAMP":                   ts,
	}
	c.addSecretHash(responses, userID)
	return responses, nil
}

// newPasswordResponses answers NEW_PASSWORD_REQUIRED through the handler.
func (c *Client) newPasswordResponses(ctx context.Context, userID string, challenge map[string]string) (map[string]string, error) {
	if c.newPassword == nil {
		return nil, ErrNewPasswordRequired
	}
	var required []string
	if s := challenge["requiredAttributes"]; s != "" {
		if err := json.Unmarshal([]byte(s), &required); err != nil {
			return nil, fmt.Errorf("requiredAttributes: %w", err)
		}
	}
	for i, a := range required {
		required[i] = strings.TrimPrefix(a, "userAttributes.")
	}
	pw, attrs, err := c.newPassword(ctx, required)
	if err != nil {
		return nil, err
	}
	responses := map[string]string{"USERNAME": userID, "NEW_PASSWORD": pw}
	for k, v := range attrs {
		responses["userAttributes."+k] = v
	}
	c.addSecretHash(responses, userID)
	return responses, nil
}

// Refresh returns new ID and access tokens for refreshToken
// (REFRESH_TOKEN_AUTH); the refresh token is kept. With a client secret
// use RefreshUser.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (*Tokens, error) {
	return c.RefreshUser(ctx, "", refreshToken)
}

// RefreshUser is Refresh for an app client with a secret: SECRET_HASH is
// computed with username, the Username of the Tokens.
func (c *Client) RefreshUser(ctx context.Context, username, refreshToken string) (*Tokens, error) {
	params := map[string]string{"REFRESH_TOKEN": refreshToken}
	if username != "" {
		params["USERNAME"] = username
		c.addSecretHash(params, username)
	}
	out, err := c.idp.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeRefreshTokenAuth,
		ClientId:       aws.String(c.cfg.ClientID),
		AuthParameters: params,
	})
	if err != nil {
		return nil, fmt.Errorf("client: refresh: %w", err)
	}
	if out.AuthenticationResult == nil {
		return nil, fmt.Errorf("%w on refresh: %s", ErrUnsupportedChallenge, out.ChallengeName)
	}
	return c.tokens(out.AuthenticationResult, refreshToken, username), nil
}

func (c *Client) tokens(r *types.AuthenticationResultType, refreshToken, username string) *Tokens {
	t := &Tokens{
		IDToken:      aws.ToString(r.IdToken),
		AccessToken:  aws.ToString(r.AccessToken),
		RefreshToken: aws.ToString(r.RefreshToken),
		ExpiresAt:    c.now().Add(time.Duration(r.ExpiresIn) * time.Second),
		Username:     username,
	}
	if t.RefreshToken == "" {
		t.RefreshToken = refreshToken
	}
	return t
}

// addSecretHash sets SECRET_HASH for username when the app client has a
// secret.
func (c *Client) addSecretHash(params map[string]string, username string) {
	if c.cfg.ClientSecret != "" {
		params["SECRET_HASH"] = SecretHash(c.cfg.ClientSecret, username, c.cfg.ClientID)
	}
}

// SecretHash returns base64(HMAC-SHA256(clientSecret, username ‖ clientID)),
// the SECRET_HASH of an app client with a secret.
func SecretHash(clientSecret, username, clientID string) string {
	m := hmac.New(sha256.New, []byte(clientSecret))
	m.Write([]byte(username))
	m.Write([]byte(clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

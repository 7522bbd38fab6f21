package client

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// RevokeToken revokes refreshToken and the ID and access tokens issued
// with it (RevokeToken, as amazon-cognito-identity-js's and Amplify's
// signOut do): the session of this sign-in ends, the user's others do
// not. The app client's secret is sent when it has one.
func (c *Client) RevokeToken(ctx context.Context, refreshToken string) error {
	in := &cip.RevokeTokenInput{ClientId: aws.String(c.cfg.ClientID), Token: aws.String(refreshToken)}
	if c.cfg.ClientSecret != "" {
		in.ClientSecret = aws.String(c.cfg.ClientSecret)
	}
	if _, err := c.idp.RevokeToken(ctx, in); err != nil {
		return fmt.Errorf("client: revoke token: %w", err)
	}
	return nil
}

// GlobalSignOut signs the user of accessToken out of every session
// (GlobalSignOut): all of the user's refresh tokens stop working.
func (c *Client) GlobalSignOut(ctx context.Context, accessToken string) error {
	if _, err := c.idp.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String(accessToken)}); err != nil {
		return fmt.Errorf("client: global sign-out: %w", err)
	}
	return nil
}

package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
)

// IDTokenFunc returns a valid user-pool ID token, refreshing it when
// needed.
type IDTokenFunc func(ctx context.Context) (idToken string, err error)

// CredentialsProvider is an aws.CredentialsProvider of identity-pool
// credentials: it trades the user's ID token for temporary credentials
// with GetId and GetCredentialsForIdentity. It calls the identity pool on
// every Retrieve, so wrap it in a cache that renews them a minute before
// they expire:
//
//	creds := aws.NewCredentialsCache(c.CredentialsProvider(idToken),
//		func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = 60 * time.Second })
//
// The cache is usable as the Credentials of any aws-sdk-go-v2 client and of
// SigningTransport. It is safe for concurrent use.
type CredentialsProvider struct {
	c       *Client
	idToken IDTokenFunc

	mu         sync.Mutex
	identityID string // from the first GetId
}

// CredentialsProvider returns the identity-pool credentials provider of
// the user whose ID tokens idToken returns.
func (c *Client) CredentialsProvider(idToken IDTokenFunc) *CredentialsProvider {
	return &CredentialsProvider{c: c, idToken: idToken}
}

// LoginsKey is the key of the user pool's ID token in Logins:
// "cognito-idp.{region}.amazonaws.com/{userPoolId}", the region being the
// pool's (the prefix of its id).
func (c *Client) LoginsKey() string {
	region := c.cfg.Region
	if r, _, ok := strings.Cut(c.cfg.UserPoolID, "_"); ok && r != "" {
		region = r
	}
	return "cognito-idp." + region + ".amazonaws.com/" + c.cfg.UserPoolID
}

// IdentityID returns the identity id that GetId gave, empty before the
// first Retrieve.
func (p *CredentialsProvider) IdentityID() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.identityID
}

// Retrieve implements aws.CredentialsProvider.
func (p *CredentialsProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	if p.c.cfg.IdentityPoolID == "" {
		return aws.Credentials{}, errors.New("client: Config.IdentityPoolID is required for credentials")
	}
	token, err := p.idToken(ctx)
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("client: ID token: %w", err)
	}
	logins := map[string]string{p.c.LoginsKey(): token}
	id := p.IdentityID()
	if id == "" {
		out, err := p.c.ci.GetId(ctx, &cognitoidentity.GetIdInput{
			IdentityPoolId: aws.String(p.c.cfg.IdentityPoolID),
			Logins:         logins,
		})
		if err != nil {
			return aws.Credentials{}, fmt.Errorf("client: GetId: %w", err)
		}
		id = aws.ToString(out.IdentityId)
		p.mu.Lock()
		p.identityID = id
		p.mu.Unlock()
	}
	out, err := p.c.ci.GetCredentialsForIdentity(ctx, &cognitoidentity.GetCredentialsForIdentityInput{
		IdentityId: aws.String(id),
		Logins:     logins,
	})
	if err != nil {
		return aws.Credentials{}, fmt.Errorf("client: GetCredentialsForIdentity: %w", err)
	}
	if out.Credentials == nil {
		return aws.Credentials{}, errors.New("client: GetCredentialsForIdentity returned no credentials")
	}
	cr := aws.Credentials{
		AccessKeyID:     aws.ToString(out.Credentials.AccessKeyId),
		SecretAccessKey: aws.ToString(out.Credentials.SecretKey),
		SessionToken:    aws.ToString(out.Credentials.SessionToken),
		Source:          "GatehouseCognitoIdentity",
	}
	if out.Credentials.Expiration != nil {
		cr.CanExpire = true
		cr.Expires = *out.Credentials.Expiration
	}
	return cr, nil
}

var _ aws.CredentialsProvider = (*CredentialsProvider)(nil)

package client

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// Config names the user pool, app client, identity pool and API a Client
// talks to.
type Config struct {
	// Region is the region of the services, e.g. "us-east-1".
	Region string
	// UserPoolID is the user pool, e.g. "us-east-1_NotesDemo".
	UserPoolID string
	// ClientID is the user pool's app client.
	ClientID string
	// ClientSecret is the app client's secret, when it has one; SECRET_HASH
	// is then sent with every sign-in call.
	ClientSecret string
	// IdentityPoolID is the identity pool that CredentialsProvider gets
	// credentials from.
	IdentityPoolID string
	// Endpoint is the one base URL of every service (Gatehouse's URL, e.g.
	// "http://localhost:8080"); empty means AWS's regional endpoints.
	Endpoint string
	// InvokeURL is the base URL of the API that Invoke calls, the stage
	// included: "https://{apiId}.execute-api.{region}.amazonaws.com/prod"
	// on AWS, "{Endpoint}/restapis/{apiId}/{stage}/_user_request_" on
	// Gatehouse.
	InvokeURL string
}

// Client signs in and calls APIs for one Config. It is safe for concurrent
// use.
type Client struct {
	cfg         Config
	httpClient  *http.Client
	now         func() time.Time
	rand        io.Reader
	newPassword NewPasswordHandler
	credentials aws.CredentialsProvider

	idp *cip.Client
	ci  *cognitoidentity.Client
}

// Option changes a Client made by New.
type Option func(*Client)

// WithHTTPClient makes the Client send every request through h; the
// default is http.DefaultClient.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.httpClient = h } }

// WithClock sets the clock used for SRP timestamps, token expiry and
// signatures; the default is time.Now.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithRand sets the source of the SRP secret; the default is crypto/rand.
func WithRand(r io.Reader) Option { return func(c *Client) { c.rand = r } }

// NewPasswordHandler answers the NEW_PASSWORD_REQUIRED challenge of a user
// who must change a temporary password: it returns the new password and
// values for the required attributes, named without the "userAttributes."
// prefix (e.g. "name").
type NewPasswordHandler func(ctx context.Context, requiredAttributes []string) (newPassword string, attributes map[string]string, err error)

// WithNewPasswordHandler makes Login answer NEW_PASSWORD_REQUIRED with h;
// without it Login fails with ErrNewPasswordRequired.
func WithNewPasswordHandler(h NewPasswordHandler) Option {
	return func(c *Client) { c.newPassword = h }
}

// New returns a Client for cfg.
func New(cfg Config, opts ...Option) (*Client, error) {
	if cfg.Region == "" {
		return nil, errors.New("client: Config.Region is required")
	}
	c := &Client{cfg: cfg, httpClient: http.DefaultClient, now: time.Now, rand: rand.Reader}
	for _, o := range opts {
		o(c)
	}
	awsCfg := aws.Config{
		Region:      cfg.Region,
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  c.httpClient,
	}
	if cfg.Endpoint != "" {
		awsCfg.BaseEndpoint = aws.String(strings.TrimRight(cfg.Endpoint, "/"))
	}
	c.idp = cip.NewFromConfig(awsCfg)
	c.ci = cognitoidentity.NewFromConfig(awsCfg)
	return c, nil
}

// WithCredentials returns a copy of c that signs Invoke requests with p,
// typically aws.NewCredentialsCache(c.CredentialsProvider(...)).
func (c *Client) WithCredentials(p aws.CredentialsProvider) *Client {
	cp := *c
	cp.credentials = p
	return &cp
}

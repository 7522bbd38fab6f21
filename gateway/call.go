package gateway

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
)

// MaxPayload is API Gateway's bound on a request payload: 10 MB.
const MaxPayload = 10 << 20

// Call is one authorized request on its way to an integration: where it
// was routed, who made it, and what API Gateway knows about it.
type Call struct {
	// API is the API's configuration; APIID and Stage are those of the URL.
	API       *config.API
	APIID     string
	Stage     string
	AccountID string
	Region    string
	// Route is the matched route: Route.Resource is the resource path
	// template, Route.Config.Integration the integration's configuration.
	Route *Route
	// Method is the request's HTTP method (a route of method ANY serves
	// several); Path is the path within the stage, like "/notes/1".
	Method string
	Path   string
	// PathParameters are the values of the route's {param} and {proxy+}
	// segments by name, or nil.
	PathParameters map[string]string
	// Principal is the signer of an AWS_IAM request, else nil.
	Principal *creds.Principal
	// Claims are the token's claims on a COGNITO_USER_POOLS route, every
	// value a string as API Gateway passes them, else nil.
	Claims map[string]string
	// APIKeyID is the id of the request's API key, when the route requires one.
	APIKeyID string
	APIKey   string
	// RequestID is the request's x-amzn-RequestId, GatewayID its
	// x-amz-apigw-id (requestContext.extendedRequestId).
	RequestID string
	GatewayID string
	// SourceIP is the caller's address, without port.
	SourceIP string
	// Time is when the gateway received the request.
	Time time.Time
	// Timeout is the integration's timeout (29 s by default).
	Timeout time.Duration

	secure bool
}

// MethodARN is the ARN the request invokes:
// arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}.
func (c *Call) MethodARN() string {
	return methodARN(c.Region, c.AccountID, c.APIID, c.Stage, c.Method, c.Path)
}

func methodARN(region, account, apiID, stage, method, path string) string {
	return "arn:aws:execute-api:" + region + ":" + account + ":" + apiID + "/" + stage + "/" + method + "/" + strings.TrimPrefix(path, "/")
}

// ReadBody reads the request body, at most MaxPayload bytes; a larger one
// gives ErrRequestTooLarge.
func (c *Call) ReadBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxPayload+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, ErrRequestTooLarge
		}
		return nil, err
	}
	if len(body) > MaxPayload {
		return nil, ErrRequestTooLarge
	}
	return body, nil
}

// ProxyRequest is the Lambda proxy integration's event (REST API, payload
// format 1.0) for r with the given body: headers and query parameters in
// their single- and multi-value forms, path parameters, and the request
// context with the caller's identity and the authorizer's claims. A body
// that is not valid UTF-8 is sent base64-encoded. The caller's
// Authorization and X-Amz-* headers were removed before the integration.
func (c *Call) ProxyRequest(r *http.Request, body []byte) *events.APIGatewayProxyRequest {
	ev := &events.APIGatewayProxyRequest{
		Resource:       c.Route.Resource,
		Path:           c.Path,
		HTTPMethod:     c.Method,
		PathParameters: c.PathParameters,
	}
	if len(r.Header) > 0 || r.Host != "" {
		ev.Headers = make(map[string]string, len(r.Header)+1)
		ev.MultiValueHeaders = make(map[string][]string, len(r.Header)+1)
		if r.Host != "" {
			ev.Headers["Host"] = r.Host
			ev.MultiValueHeaders["Host"] = []string{r.Host}
		}
		for name, values := range r.Header {
			if len(values) == 0 {
				continue
			}
			ev.Headers[name] = values[len(values)-1]
			ev.MultiValueHeaders[name] = values
		}
	}
	if q := r.URL.Query(); len(q) > 0 {
		ev.QueryStringParameters = make(map[string]string, len(q))
		ev.MultiValueQueryStringParameters = q
		for name, values := range q {
			ev.QueryStringParameters[name] = values[len(values)-1]
		}
	}
	if len(body) > 0 {
		if utf8.Valid(body) {
			ev.Body = string(body)
		} else {
			ev.Body = base64.StdEncoding.EncodeToString(body)
			ev.IsBase64Encoded = true
		}
	}
	ev.RequestContext = events.APIGatewayProxyRequestContext{
		AccountID:         c.AccountID,
		ResourceID:        resourceID(c.Route.Resource),
		Stage:             c.Stage,
		DomainName:        r.Host,
		DomainPrefix:      c.APIID,
		RequestID:         c.RequestID,
		ExtendedRequestID: c.GatewayID,
		Protocol:          r.Proto,
		ResourcePath:      c.Route.Resource,
		Path:              "/" + c.Stage + c.Path,
		HTTPMethod:        c.Method,
		RequestTime:       c.Time.UTC().Format("02/Jan/2006:15:04:05 -0700"),
		RequestTimeEpoch:  c.Time.UnixMilli(),
		APIID:             c.APIID,
		Identity:          c.identity(r),
	}
	if c.Claims != nil {
		claims := make(map[string]any, len(c.Claims))
		for k, v := range c.Claims {
			claims[k] = v
		}
		ev.RequestContext.Authorizer = map[string]any{"claims": claims}
	}
	return ev
}

// identity is requestContext.identity: the caller's address and user
// agent, and for AWS_IAM the signer and its Cognito identity.
func (c *Call) identity(r *http.Request) events.APIGatewayRequestIdentity {
	id := events.APIGatewayRequestIdentity{
		SourceIP:  c.SourceIP,
		UserAgent: r.UserAgent(),
		APIKey:    c.APIKey,
		APIKeyID:  c.APIKeyID,
	}
	if p := c.Principal; p != nil {
		id.CognitoIdentityPoolID = p.IdentityPoolID
		id.CognitoIdentityID = p.IdentityID
		id.AccountID = p.AccountID
		id.Caller = p.UserID()
		id.AccessKey = p.AccessKeyID
		id.UserArn = p.ARN
		id.User = p.UserID()
		id.CognitoAuthenticationType = p.AuthType
		id.CognitoAuthenticationProvider = p.CognitoAuthenticationProvider()
	}
	return id
}

// resourceID is a stable 6-character id for a resource path, in the form
// of API Gateway's resource ids.
func resourceID(path string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var h uint32 = 2166136261
	for i := 0; i < len(path); i++ {
		h = (h ^ uint32(path[i])) * 16777619
	}
	var b [6]byte
	for i := range b {
		b[i] = alphabet[h%36]
		h /= 36
	}
	return string(b[:])
}

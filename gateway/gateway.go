package gateway

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/internal/clientip"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/internal/tokencache"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Options are the dependencies of a Gateway, built by the server.
type Options struct {
	Config *config.Config
	// Ring verifies the user pools' tokens (COGNITO_USER_POOLS).
	Ring *keys.Ring
	// Minter opens the session tokens of temporary credentials (AWS_IAM);
	// without it only the IAM users' long-term keys are accepted.
	Minter *creds.Minter
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// Integrations builds integrations by type, beside (or instead of) the
	// built-in mock, mock_echo, lambda and http_proxy.
	Integrations map[string]IntegrationBuilder
	// Functions are the in-process Lambda functions of lambda integrations
	// with function:; a route naming one missing here fails New.
	Functions Functions
	// Transport carries the requests of lambda (uri:) and http_proxy
	// integrations; one NewTransport when nil.
	Transport http.RoundTripper
	// Store keeps the usage plans' quota counts, shared by the nodes; each
	// node counts alone when nil.
	Store store.Store
}

// Gateway serves the configuration's REST APIs. It is built once at start
// and safe for concurrent use.
type Gateway struct {
	cfg  *config.Config
	now  func() time.Time
	log  *slog.Logger
	apis map[string]*api
	iam  *iamAuthorizer
	ring *keys.Ring
	// store keeps the usage plans' quota counts, or is nil.
	store store.Store
	// tokens caches the claims of verified user pool tokens.
	tokens *tokencache.Cache[*verifiedToken]
}

// verifiedTokenCacheSize bounds the cache of verified Cognito tokens.
const verifiedTokenCacheSize = 4096

// api is one configured API, compiled.
type api struct {
	cfg    *config.API
	root   *resource
	stages map[string]*stage
	cors   *corsPolicy
	keys   *apiKeys
}

// New compiles the APIs of opts.Config: resource trees, authorizers,
// integrations, the IAM policies of users and roles, limits.
func New(opts Options) (*Gateway, error) {
	if opts.Config == nil {
		return nil, errors.New("gateway: Config is required")
	}
	g := &Gateway{cfg: opts.Config, now: opts.Now, log: opts.Logger, ring: opts.Ring, store: opts.Store,
		apis:   make(map[string]*api, len(opts.Config.APIs)),
		tokens: tokencache.New[*verifiedToken](verifiedTokenCacheSize)}
	if g.now == nil {
		g.now = time.Now
	}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if g.iam, err = newIAMAuthorizer(opts.Config, opts.Minter); err != nil {
		return nil, err
	}
	builders := builtinIntegrations()
	addBackendIntegrations(builders, opts.Functions, opts.Transport, g.log)
	for name, b := range opts.Integrations {
		builders[name] = b
	}
	for i := range opts.Config.APIs {
		a, err := g.compileAPI(&opts.Config.APIs[i], builders)
		if err != nil {
			return nil, err
		}
		g.apis[a.cfg.ID] = a
	}
	return g, nil
}

func (g *Gateway) compileAPI(cfg *config.API, builders map[string]IntegrationBuilder) (*api, error) {
	a := &api{cfg: cfg, root: newResource("/"), stages: map[string]*stage{},
		cors: newCORSPolicy(cfg.CORS), keys: newAPIKeys(cfg, g.store, g.log)}
	for _, name := range cfg.Stages {
		a.stages[name] = newStage(name, cfg.Throttle)
	}
	authorizers := map[string]*cognitoAuthorizer{}
	for i := range cfg.Authorizers {
		au := &cfg.Authorizers[i]
		authorizers[au.Name] = newCognitoAuthorizer(g.cfg, au)
	}
	for i := range cfg.Routes {
		rc := &cfg.Routes[i]
		in, err := buildIntegration(builders, cfg, rc)
		if err != nil {
			return nil, err
		}
		route := &Route{Method: rc.Method, Resource: rc.Path, Config: rc, integration: in,
			scopes: rc.AuthorizationScopes}
		if rc.Auth == config.AuthCognitoUserPools {
			route.authorizer = authorizers[rc.Authorizer]
			if route.authorizer == nil {
				return nil, errors.New("gateway: api " + cfg.ID + " route " + rc.Method + " " + rc.Path + ": unknown authorizer " + rc.Authorizer)
			}
		}
		a.root.add(route)
	}
	return a, nil
}

// ServeAPI serves a request for API apiID at stage, path being the path
// within the stage ("/notes/1"). An unknown API, stage or route answers
// 403 Missing Authentication Token, as API Gateway does.
func (g *Gateway) ServeAPI(w http.ResponseWriter, r *http.Request, apiID, stageName, path string) {
	a := g.apis[apiID]
	if a == nil {
		WriteError(w, errMissingAuthToken)
		return
	}
	st := a.stages[stageName]
	if st == nil {
		WriteError(w, errMissingAuthToken)
		return
	}
	requestID := awsproto.RequestID(r.Context())
	gatewayID := apigwID(requestID)
	h := w.Header()
	h["X-Amz-Apigw-Id"] = []string{gatewayID}
	if a.cors != nil {
		if a.cors.apply(w, r, a.root, path) {
			return
		}
	}
	if r.ContentLength > MaxPayload {
		WriteError(w, ErrRequestTooLarge)
		return
	}
	var m match
	if !a.root.lookup(r.Method, path, &m) {
		WriteError(w, errMissingAuthToken)
		return
	}
	if st.limiter != nil && !st.limiter.Allow() {
		WriteError(w, errThrottled)
		return
	}
	route := m.route
	now := g.now()
	call := &Call{API: a.cfg, APIID: apiID, Stage: stageName, AccountID: g.cfg.AccountID, Region: g.cfg.Region,
		Route: route, Method: r.Method, Path: path, RequestID: requestID, GatewayID: gatewayID,
		SourceIP: clientip.FromRequest(r), Time: now, Timeout: time.Duration(route.Config.Integration.Timeout), secure: r.TLS != nil}
	switch route.Config.Auth {
	case config.AuthAWSIAM:
		p, e := g.iam.authorize(r, call, now)
		if e != nil {
			WriteError(w, e)
			return
		}
		call.Principal = p
	case config.AuthCognitoUserPools:
		claims, e := g.authorizeCognito(r, route, now)
		if e != nil {
			WriteError(w, e)
			return
		}
		call.Claims = claims
	}
	if route.Config.APIKeyRequired {
		if e := a.keys.check(r, call, now); e != nil {
			WriteError(w, e)
			return
		}
	}
	call.PathParameters = m.pathParameters()
	stripCallerAuth(r.Header)
	route.integration.Serve(w, r, call)
}

// stripCallerAuth removes the caller's Authorization and X-Amz-* headers,
// which integrations never see.
func stripCallerAuth(h http.Header) {
	delete(h, "Authorization")
	for name := range h {
		if len(name) > 6 && strings.EqualFold(name[:6], "X-Amz-") {
			delete(h, name)
		}
	}
}

// apigwID derives the x-amz-apigw-id of a request from its request id: 16
// characters of base64, the form API Gateway's ids have.
func apigwID(requestID string) string {
	sum := sha256.Sum256([]byte(requestID))
	return base64.StdEncoding.EncodeToString(sum[:11])
}

// stage is a deployed stage of an API: its name and throttle.
type stage struct {
	name    string
	limiter limiter
}

func newStage(name string, t *config.Throttle) *stage {
	return &stage{name: name, limiter: newLimiter(t)}
}

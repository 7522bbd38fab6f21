package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/gateway"
	"github.com/gatehouse-dev/gatehouse/identitypool"
	"github.com/gatehouse-dev/gatehouse/internal/clientip"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

// Options are the dependencies of a Server, built by the caller.
type Options struct {
	Config *config.Config
	Store  store.Store
	Ring   *keys.Ring
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Rand is the random source of the services; crypto/rand when nil.
	Rand io.Reader
	// Sink delivers the user pools' messages (codes); a log of them when
	// nil.
	Sink messaging.Sink
	// Outbox, when not nil, serves GET /_gatehouse/outbox (the messages
	// kept for local development); without it that path is not found.
	Outbox http.Handler
	// Minter mints and opens temporary credentials (STS, identity pools);
	// when nil, one is made from Config, Ring, Rand and Now.
	Minter *creds.Minter
	// Integrations adds gateway integration types (lambda, http_proxy)
	// to the built-in mock and mock_echo.
	Integrations map[string]gateway.IntegrationBuilder
	// Functions are the in-process Lambda functions of the gateway's lambda
	// integrations (function:), like the demo's notes.
	Functions gateway.Functions
}

// startTimeout bounds the work New does in the store (seeding users).
const startTimeout = time.Minute

// Server is Gatehouse's http.Handler.
type Server struct {
	cfg     *config.Config
	store   store.Store
	ring    *keys.Ring
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
	// userPools serves the Cognito user-pool API and documents.
	userPools *userpool.Service
	// identityPools serves the Cognito Identity API and the JWKS of its
	// OpenID tokens.
	identityPools *identitypool.Service
	// outbox serves /_gatehouse/outbox, or is nil.
	outbox http.Handler
	// sts serves the STS query protocol.
	sts *creds.STS
	// gateway serves the configured REST APIs.
	gateway *gateway.Gateway
	// targets maps an X-Amz-Target service prefix to its operations.
	targets map[string]operations
	handler http.Handler
}

// operations maps a JSON 1.1 operation name to its handler.
type operations map[string]awsproto.Operation

// Target prefixes of the JSON 1.1 services on POST /.
const (
	targetUserPools     = "AWSCognitoIdentityProviderService"
	targetIdentityPools = "AWSCognitoIdentityService"
)

// New builds a Server and starts its services (the user pools create
// their seed users in the store).
func New(opts Options) (*Server, error) {
	if opts.Config == nil || opts.Store == nil || opts.Ring == nil {
		return nil, errors.New("server: Config, Store and Ring are required")
	}
	s := &Server{
		cfg:   opts.Config,
		store: opts.Store,
		ring:  opts.Ring,
		log:   opts.Logger,
		now:   opts.Now,
	}
	s.outbox = opts.Outbox
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	random := opts.Rand
	if random == nil {
		random = rand.Reader
	}
	s.metrics = newMetrics(prometheus.NewRegistry())
	up, err := userpool.New(userpool.Options{Config: s.cfg, Store: s.store, Ring: s.ring,
		Now: s.now, Rand: random, Logger: s.log, Sink: opts.Sink})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := up.Start(ctx); err != nil {
		return nil, fmt.Errorf("server: start user pools: %w", err)
	}
	s.userPools = up
	minter := opts.Minter
	if minter == nil {
		minter = creds.NewMinter(s.cfg, s.ring, s.now)
	}
	s.identityPools, err = identitypool.New(identitypool.Options{Config: s.cfg, Store: s.store, Ring: s.ring,
		Minter: minter, Now: s.now, Rand: random, Logger: s.log, TokenChecker: up})
	if err != nil {
		return nil, err
	}
	s.sts, err = creds.NewSTS(creds.STSOptions{Config: s.cfg, Ring: s.ring, Minter: minter, Now: s.now, Logger: s.log,
		IdentityPools: s.identityPools})
	if err != nil {
		return nil, err
	}
	s.gateway, err = gateway.New(gateway.Options{Config: s.cfg, Ring: s.ring, Minter: minter, Now: s.now,
		Logger: s.log, Integrations: opts.Integrations, Functions: opts.Functions, Store: s.store})
	if err != nil {
		return nil, err
	}
	s.targets = map[string]operations{
		targetUserPools:     up.Operations(),
		targetIdentityPools: s.identityPools.Operations(),
	}
	trusted, _, ok := clientip.New(s.cfg.TrustedProxies)
	if !ok {
		return nil, errors.New("server: trusted_proxies: must be IP addresses or CIDRs")
	}
	s.handler = trusted.Middleware(s.middleware(http.HandlerFunc(s.route)))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

package server

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Options are the dependencies of a Server, built by the caller.
type Options struct {
	Config *config.Config
	Store  store.Store
	Ring   *keys.Ring
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Server is Gatehouse's http.Handler.
type Server struct {
	cfg     *config.Config
	store   store.Store
	ring    *keys.Ring
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
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

// New builds a Server.
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
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.metrics = newMetrics(prometheus.NewRegistry())
	s.targets = map[string]operations{
		targetUserPools:     {},
		targetIdentityPools: {},
	}
	s.handler = s.middleware(http.HandlerFunc(s.route))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

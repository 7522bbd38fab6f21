package identitypool

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/internal/tokencache"
	"github.com/gatehouse-dev/gatehouse/sigv4"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Options are the dependencies of a Service.
type Options struct {
	Config *config.Config
	Store  store.Store
	Ring   *keys.Ring
	// Minter mints the credentials of GetCredentialsForIdentity; one of
	// Config, Ring, Rand and Now when nil.
	Minter *creds.Minter
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Rand is the random source (identity and pool ids); crypto/rand when
	// nil. It must be safe for concurrent use.
	Rand   io.Reader
	Logger *slog.Logger
	// TokenChecker is the server-side token check of the providers with
	// ServerSideTokenCheck (the user pools' service); without it, their
	// logins are refused.
	TokenChecker TokenChecker
}

// Service serves the identity pools of one configuration and those created
// through the API.
type Service struct {
	cfg    *config.Config
	store  store.Store
	ring   *keys.Ring
	minter *creds.Minter
	now    func() time.Time
	rand   io.Reader
	log    *slog.Logger
	// tokenChecker is Options.TokenChecker (tokencheck.go).
	tokenChecker TokenChecker

	identities store.Collection[identityRecord]
	logins     store.Collection[loginRecord]
	members    store.Collection[memberRecord]
	pools      store.Collection[poolRecord]

	// configPools are the pools of the configuration, by id, in the shape
	// of the API; catalog caches those read from the store.
	configPools map[string]*pool
	catalog     catalog
	// issuers maps a provider name to the "iss" its tokens carry when the
	// user pool of the configuration overrides it; keyAliases maps such an
	// issuer without its scheme (a Logins key clients derive from "iss")
	// to the provider name.
	issuers    map[string]string
	keyAliases map[string]string

	verified *tokencache.Cache[*loginClaims]
	signer   *jws.Signer
	// adminVerifier checks the SigV4 signatures of the operations that
	// manage pools and identities (adminauth.go).
	adminVerifier *sigv4.Verifier
}

// New returns a Service. It does no I/O.
func New(opts Options) (*Service, error) {
	if opts.Config == nil || opts.Store == nil || opts.Ring == nil {
		return nil, errors.New("identitypool: Config, Store and Ring are required")
	}
	s := &Service{
		cfg:    opts.Config,
		store:  opts.Store,
		ring:   opts.Ring,
		minter: opts.Minter,
		now:    opts.Now,
		rand:   opts.Rand,
		log:    opts.Logger,

		tokenChecker: opts.TokenChecker,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.minter == nil {
		s.minter = creds.NewMinter(s.cfg, s.ring, s.now)
	}
	s.identities = store.Collection[identityRecord]{Store: s.store, Kind: kindIdentity}
	s.logins = store.Collection[loginRecord]{Store: s.store, Kind: kindLogin}
	s.members = store.Collection[memberRecord]{Store: s.store, Kind: kindMember}
	s.pools = store.Collection[poolRecord]{Store: s.store, Kind: kindPool}
	s.configPools = configPools(s.cfg)
	s.issuers, s.keyAliases = providerIssuers(s.cfg)
	s.verified = tokencache.New[*loginClaims](verifiedCacheSize)
	s.signer = jws.NewSigner(s.ring)
	s.adminVerifier = awsproto.NewSigV4Verifier(creds.NewLookup(s.cfg), signingService, s.cfg.Region)
	return s, nil
}

// Operations returns the JSON 1.1 operations of the service, by name.
func (s *Service) Operations() map[string]awsproto.Operation {
	return map[string]awsproto.Operation{
		// Public: no credentials, as on AWS.
		"GetId":                     public(s.getID),
		"GetCredentialsForIdentity": public(s.getCredentialsForIdentity),
		"GetOpenIdToken":            public(s.getOpenIDToken),

		// SigV4-signed with an IAM user's keys: AWS requires developer
		// credentials for these, which read and delete other users' identities.
		"DescribeIdentity":     s.signed("DescribeIdentity", s.describeIdentity),
		"ListIdentities":       s.signed("ListIdentities", s.listIdentities),
		"DeleteIdentities":     s.signed("DeleteIdentities", s.deleteIdentities),
		"DescribeIdentityPool": s.signed("DescribeIdentityPool", s.describeIdentityPool),
		"ListIdentityPools":    s.signed("ListIdentityPools", s.listIdentityPools),
		"GetIdentityPoolRoles": s.signed("GetIdentityPoolRoles", s.getIdentityPoolRoles),

		"CreateIdentityPool":   s.signed("CreateIdentityPool", s.createIdentityPool),
		"UpdateIdentityPool":   s.signed("UpdateIdentityPool", s.updateIdentityPool),
		"DeleteIdentityPool":   s.signed("DeleteIdentityPool", s.deleteIdentityPool),
		"SetIdentityPoolRoles": s.signed("SetIdentityPoolRoles", s.setIdentityPoolRoles),
	}
}

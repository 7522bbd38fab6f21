package userpool

import (
	"context"
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
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/sigv4"
	"github.com/gatehouse-dev/gatehouse/store"
)

// Options are the dependencies of a Service.
type Options struct {
	Config *config.Config
	Store  store.Store
	Ring   *keys.Ring
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Rand is the random source (salts, SRP secrets, token ids, refresh
	// tokens); crypto/rand when nil. It must be safe for concurrent use.
	Rand   io.Reader
	Logger *slog.Logger
	// Sink delivers the messages of the pools (codes, temporary
	// passwords); messaging.Log on Logger when nil.
	Sink messaging.Sink
}

// Service serves the user pools of one configuration.
type Service struct {
	cfg   *config.Config
	store store.Store
	ring  *keys.Ring
	now   func() time.Time
	rand  io.Reader
	log   *slog.Logger
	sink  messaging.Sink

	users    store.Collection[userRecord]
	aliases  store.Collection[aliasRecord]
	refresh  store.Collection[refreshRecord]
	secrets  store.Collection[secretRecord]
	signer   *jws.Signer
	verified *tokencache.Cache[verifiedToken]
	fakeUser fakeUsers

	// Pools, clients and groups created through the API; catalog caches
	// the pools and clients (see userPool, appClient).
	storedPools   store.Collection[poolRecord]
	storedClients store.Collection[clientRecord]
	storedGroups  store.Collection[groupRecord]
	catalog       catalog

	// adminVerifier checks the SigV4 signatures of the administrative
	// operations (adminauth.go).
	adminVerifier *sigv4.Verifier
}

// New returns a Service. It does no I/O; call Start before serving.
func New(opts Options) (*Service, error) {
	if opts.Config == nil || opts.Store == nil || opts.Ring == nil {
		return nil, errors.New("userpool: Config, Store and Ring are required")
	}
	s := &Service{
		cfg:   opts.Config,
		store: opts.Store,
		ring:  opts.Ring,
		now:   opts.Now,
		rand:  opts.Rand,
		log:   opts.Logger,
		sink:  opts.Sink,
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
	if s.sink == nil {
		s.sink = messaging.Log{Logger: s.log}
	}
	s.users = store.Collection[userRecord]{Store: s.store, Kind: kindUser}
	s.aliases = store.Collection[aliasRecord]{Store: s.store, Kind: kindAlias}
	s.refresh = store.Collection[refreshRecord]{Store: s.store, Kind: kindRefreshToken}
	s.secrets = store.Collection[secretRecord]{Store: s.store, Kind: kindSecret}
	s.storedPools = store.Collection[poolRecord]{Store: s.store, Kind: kindPool}
	s.storedClients = store.Collection[clientRecord]{Store: s.store, Kind: kindClient}
	s.storedGroups = store.Collection[groupRecord]{Store: s.store, Kind: kindGroup}
	s.adminVerifier = newAdminVerifier(creds.NewLookup(s.cfg), s.cfg.Region)
	s.signer = jws.NewSigner(s.ring)
	s.verified = tokencache.New[verifiedToken](verifiedCacheSize)
	return s, nil
}

// Start prepares the service: it loads (or creates, once for all nodes) the
// secret behind the answers for unknown users, and creates the seed users
// of the configuration that do not exist yet. It is safe to call from
// several processes sharing one store at once.
func (s *Service) Start(ctx context.Context) error {
	secret, err := s.loadSecret(ctx, secretFakeUsers)
	if err != nil {
		return err
	}
	s.fakeUser = fakeUsers{key: secret}
	return s.seedUsers(ctx)
}

// Operations returns the JSON 1.1 operations of the service, by name.
func (s *Service) Operations() map[string]awsproto.Operation {
	return map[string]awsproto.Operation{
		"InitiateAuth":           s.initiateAuth,
		"RespondToAuthChallenge": s.respondToAuthChallenge,
		"GetUser":                s.getUser,
		"GlobalSignOut":          s.globalSignOut,
		"RevokeToken":            s.revokeToken,

		"GetTokensFromRefreshToken": s.getTokensFromRefreshToken,

		// Self-service: sign-up, codes, passwords, attributes.
		"SignUp":                           s.signUp,
		"ConfirmSignUp":                    s.confirmSignUp,
		"ResendConfirmationCode":           s.resendConfirmationCode,
		"ForgotPassword":                   s.forgotPassword,
		"ConfirmForgotPassword":            s.confirmForgotPassword,
		"ChangePassword":                   s.changePassword,
		"UpdateUserAttributes":             s.updateUserAttributes,
		"GetUserAttributeVerificationCode": s.getUserAttributeVerificationCode,
		"VerifyUserAttribute":              s.verifyUserAttribute,
		"DeleteUser":                       s.deleteUser,

		// Administration: SigV4-signed with an IAM user's keys (adminauth.go).
		"AdminCreateUser":             s.admin("AdminCreateUser", s.adminCreateUser),
		"AdminGetUser":                s.admin("AdminGetUser", s.adminGetUser),
		"AdminDeleteUser":             s.admin("AdminDeleteUser", s.adminDeleteUser),
		"AdminSetUserPassword":        s.admin("AdminSetUserPassword", s.adminSetUserPassword),
		"AdminConfirmSignUp":          s.admin("AdminConfirmSignUp", s.adminConfirmSignUp),
		"AdminDisableUser":            s.admin("AdminDisableUser", s.adminDisableUser),
		"AdminEnableUser":             s.admin("AdminEnableUser", s.adminEnableUser),
		"AdminUpdateUserAttributes":   s.admin("AdminUpdateUserAttributes", s.adminUpdateUserAttributes),
		"AdminUserGlobalSignOut":      s.admin("AdminUserGlobalSignOut", s.adminUserGlobalSignOut),
		"AdminResetUserPassword":      s.admin("AdminResetUserPassword", s.adminResetUserPassword),
		"AdminInitiateAuth":           s.admin("AdminInitiateAuth", s.adminInitiateAuth),
		"AdminRespondToAuthChallenge": s.admin("AdminRespondToAuthChallenge", s.adminRespondToAuthChallenge),
		"ListUsers":                   s.admin("ListUsers", s.listUsers),
		"CreateGroup":                 s.admin("CreateGroup", s.createGroup),
		"GetGroup":                    s.admin("GetGroup", s.getGroup),
		"DeleteGroup":                 s.admin("DeleteGroup", s.deleteGroup),
		"ListGroups":                  s.admin("ListGroups", s.listGroups),
		"AdminAddUserToGroup":         s.admin("AdminAddUserToGroup", s.adminAddUserToGroup),
		"AdminRemoveUserFromGroup":    s.admin("AdminRemoveUserFromGroup", s.adminRemoveUserFromGroup),
		"AdminListGroupsForUser":      s.admin("AdminListGroupsForUser", s.adminListGroupsForUser),
		"ListUsersInGroup":            s.admin("ListUsersInGroup", s.listUsersInGroup),
		"CreateUserPool":              s.admin("CreateUserPool", s.createUserPool),
		"DescribeUserPool":            s.admin("DescribeUserPool", s.describeUserPool),
		"ListUserPools":               s.admin("ListUserPools", s.listUserPools),
		"DeleteUserPool":              s.admin("DeleteUserPool", s.deleteUserPool),
		"CreateUserPoolClient":        s.admin("CreateUserPoolClient", s.createUserPoolClient),
		"DescribeUserPoolClient":      s.admin("DescribeUserPoolClient", s.describeUserPoolClient),
		"ListUserPoolClients":         s.admin("ListUserPoolClients", s.listUserPoolClients),
		"DeleteUserPoolClient":        s.admin("DeleteUserPoolClient", s.deleteUserPoolClient),
	}
}

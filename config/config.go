package config

import "github.com/gatehouse-dev/gatehouse/policy"

// Config is a whole Gatehouse deployment: the AWS account it pretends to be
// and the user pools, identity pools, roles and APIs it serves. YAML keys are
// snake_case; policy documents keep AWS's own capitalised keys.
type Config struct {
	// Region is the AWS region served, like "us-east-1". Required.
	Region string `json:"region"`
	// AccountID is the 12-digit AWS account id used in ARNs. Required.
	AccountID string `json:"account_id"`
	// Store is an optional storage DSN (extension): "sqlite:<path>", like
	// "sqlite:./gatehouse-data/gatehouse.db", or a "postgres://" or
	// "postgresql://" URL. Empty means the server's default.
	Store string `json:"store,omitempty"`
	// TrustedProxies are the IP addresses or CIDRs of load balancers
	// (extension): from a peer in them the caller's IP is the right-most
	// X-Forwarded-For address that is not itself trusted. Empty means the
	// peer's address, X-Forwarded-For ignored.
	TrustedProxies []string `json:"trusted_proxies,omitempty"`
	// Messaging configures how verification codes and invitations are sent
	// (extension). Without it they are only logged.
	Messaging *Messaging `json:"messaging,omitempty"`

	IAMUsers      []IAMUser      `json:"iam_users,omitempty"`
	UserPools     []UserPool     `json:"user_pools,omitempty"`
	IdentityPools []IdentityPool `json:"identity_pools,omitempty"`
	Roles         []Role         `json:"roles,omitempty"`
	APIs          []API          `json:"apis,omitempty"`
}

// Messaging is the messaging: section (extension).
type Messaging struct {
	SMTP *SMTP `json:"smtp,omitempty"`
	// Outbox keeps every message (with its code) in the store and lists it
	// at GET /_gatehouse/outbox, for local development and tests. Anyone who
	// can reach the server can read it, so it defaults to on only when no
	// SMTP relay is configured; see OutboxEnabled.
	Outbox *bool `json:"outbox,omitempty"`
}

// SMTP is an SMTP relay for email messages (extension): host required, port
// 1..65535 (default 587), from an address like "Notes <no-reply@example.com>",
// username and password optional (a password needs a username).
type SMTP struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	From     string `json:"from"`
}

// IAMUser is an IAM user with a long-term access key, for administration
// calls and for signing requests as that user.
type IAMUser struct {
	Name            string            `json:"name"`
	AccessKeyID     string            `json:"access_key_id"`
	SecretAccessKey string            `json:"secret_access_key"`
	Policies        []policy.Document `json:"policies,omitempty"`
}

// UserPool is a Cognito user pool.
type UserPool struct {
	// ID is "<region>_<9 letters or digits>", in the configured region.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Issuer overrides the "iss" of the pool's tokens (extension); empty
	// means AWS's https://cognito-idp.<region>.amazonaws.com/<id>, which
	// clients use to derive the identity-pool Logins key. See IssuerURL.
	Issuer string `json:"issuer,omitempty"`
	// UsernameAttributes are the attributes users sign in with instead of a
	// username: "email", "phone_number".
	UsernameAttributes     []string         `json:"username_attributes,omitempty"`
	AutoVerifiedAttributes []string         `json:"auto_verified_attributes,omitempty"`
	MFA                    string           `json:"mfa"`
	PasswordPolicy         PasswordPolicy   `json:"password_policy"`
	Clients                []UserPoolClient `json:"clients,omitempty"`
	// Users are seeded at start: confirmed, with a permanent password.
	Users []SeedUser `json:"users,omitempty"`
	// Groups are the pool's groups (extension).
	Groups []Group `json:"groups,omitempty"`
}

// PasswordPolicy is a pool's password policy. Omitted fields take Cognito's
// defaults: minimum length 8 and every requirement on.
type PasswordPolicy struct {
	MinimumLength    int  `json:"minimum_length"`
	RequireLowercase bool `json:"require_lowercase"`
	RequireUppercase bool `json:"require_uppercase"`
	RequireNumbers   bool `json:"require_numbers"`
	RequireSymbols   bool `json:"require_symbols"`
}

// UserPoolClient is an app client of a user pool.
type UserPoolClient struct {
	// ID is 26 lowercase letters or digits, unique across pools.
	ID   string `json:"id"`
	Name string `json:"name"`
	// Secret, when set, makes SECRET_HASH required on the client's calls.
	Secret string `json:"secret,omitempty"`
	// ExplicitAuthFlows defaults to Cognito's ALLOW_REFRESH_TOKEN_AUTH,
	// ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH.
	ExplicitAuthFlows    []string `json:"explicit_auth_flows"`
	AccessTokenValidity  Duration `json:"access_token_validity"`
	IDTokenValidity      Duration `json:"id_token_validity"`
	RefreshTokenValidity Duration `json:"refresh_token_validity"`
}

// SeedUser is a user created at start, confirmed, with a permanent password.
type SeedUser struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// Attributes are standard attributes (email, email_verified, name ...)
	// and custom:<name> ones; values are strings, as in Cognito.
	Attributes map[string]string `json:"attributes,omitempty"`
	// Groups names groups of the pool the user belongs to (extension).
	Groups []string `json:"groups,omitempty"`
}

// Group is a user pool group (extension). Its members get "cognito:groups"
// in their tokens and, when RoleARN is set, "cognito:roles" and
// "cognito:preferred_role" (the role of the group with the lowest
// precedence).
type Group struct {
	Name        string `json:"name"`
	RoleARN     string `json:"role_arn,omitempty"`
	Precedence  *int   `json:"precedence,omitempty"`
	Description string `json:"description,omitempty"`
}

// IdentityPool is a Cognito identity pool.
type IdentityPool struct {
	// ID is "<region>:<uuid>", in the configured region.
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	AllowUnauthenticated bool               `json:"allow_unauthenticated"`
	Providers            []IdentityProvider `json:"providers,omitempty"`
	Roles                IdentityPoolRoles  `json:"roles"`
}

// IdentityProvider is a user pool client whose ID tokens an identity pool
// accepts.
type IdentityProvider struct {
	UserPool string `json:"user_pool"`
	ClientID string `json:"client_id"`
	// ServerSideTokenCheck makes the identity pool ask the user pool, on
	// every GetId, GetCredentialsForIdentity and GetOpenIdToken, whether the
	// token's user has been signed out, deleted or disabled (Cognito's
	// ServerSideTokenCheck; false by default, as in its API).
	ServerSideTokenCheck bool `json:"server_side_token_check,omitempty"`
	// RoleMapping chooses the role from the token instead of the pool's
	// authenticated role (extension).
	RoleMapping *RoleMapping `json:"role_mapping,omitempty"`
}

// RoleMapping is an identity pool's role mapping for one provider
// (extension). Type "Token" uses the token's cognito:preferred_role and
// cognito:roles claims; "Rules" uses the first matching rule.
// AmbiguousRoleResolution ("AuthenticatedRole" or "Deny") says what happens
// when neither gives a role.
type RoleMapping struct {
	Type                    string        `json:"type"`
	AmbiguousRoleResolution string        `json:"ambiguous_role_resolution"`
	Rules                   []MappingRule `json:"rules,omitempty"`
}

// MappingRule maps a claim of the ID token to a role (extension). MatchType
// is Equals, Contains, StartsWith or NotEqual.
type MappingRule struct {
	Claim     string `json:"claim"`
	MatchType string `json:"match_type"`
	Value     string `json:"value"`
	RoleARN   string `json:"role_arn"`
}

// IdentityPoolRoles are the ARNs of an identity pool's default roles.
type IdentityPoolRoles struct {
	Authenticated   string `json:"authenticated,omitempty"`
	Unauthenticated string `json:"unauthenticated,omitempty"`
}

// Role is an IAM role that identity pools hand out credentials for.
type Role struct {
	// ARN is "arn:aws:iam::<account_id>:role/<name>" (a path before the
	// name is allowed).
	ARN string `json:"arn"`
	// MaxSession bounds the lifetime of the role's credentials: 15m..12h,
	// default 1h. (IAM's own minimum for a role's maximum session is 1h;
	// allowing 15m lets tests see credentials expire.)
	MaxSession Duration          `json:"max_session"`
	Policies   []policy.Document `json:"policies,omitempty"`
}

// API is a REST API of the gateway.
type API struct {
	// ID is 10 lowercase letters or digits.
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Stages      []string     `json:"stages"`
	CORS        *CORS        `json:"cors,omitempty"`
	Authorizers []Authorizer `json:"authorizers,omitempty"`
	Routes      []Route      `json:"routes,omitempty"`
	// Throttle limits the requests to each stage of the API (extension).
	Throttle *Throttle `json:"throttle,omitempty"`
	// APIKeys are the keys accepted in X-Api-Key (extension).
	APIKeys []APIKey `json:"api_keys,omitempty"`
	// UsagePlans throttle and count the requests of their keys (extension).
	UsagePlans []UsagePlan `json:"usage_plans,omitempty"`
}

// CORS is an API's CORS configuration. AllowMethods, ExposeHeaders, MaxAge
// and AllowCredentials are extensions, after API Gateway's own CORS
// settings; MaxAge is 0..24h.
type CORS struct {
	AllowOrigins     []string `json:"allow_origins,omitempty"`
	AllowHeaders     []string `json:"allow_headers,omitempty"`
	AllowMethods     []string `json:"allow_methods,omitempty"`
	ExposeHeaders    []string `json:"expose_headers,omitempty"`
	MaxAge           Duration `json:"max_age,omitempty"`
	AllowCredentials bool     `json:"allow_credentials,omitempty"`
}

// Authorizer is an API authorizer. Only COGNITO_USER_POOLS is supported.
type Authorizer struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	UserPools []string `json:"user_pools"`
	// IdentitySource is "method.request.header.<Name>", default
	// method.request.header.Authorization.
	IdentitySource string `json:"identity_source"`
}

// Route is a method of an API resource.
type Route struct {
	// Method is GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.
	Method string `json:"method"`
	// Path starts with "/"; its segments are literal, "{name}", or a final
	// greedy "{name+}".
	Path string `json:"path"`
	// Auth is AWS_IAM, COGNITO_USER_POOLS or NONE.
	Auth string `json:"auth"`
	// Authorizer names the API's authorizer for COGNITO_USER_POOLS.
	Authorizer string `json:"authorizer,omitempty"`
	// AuthorizationScopes, when set, are the OAuth scopes of which the
	// access token must carry one; an ID token is then refused, as in API
	// Gateway (extension; COGNITO_USER_POOLS only).
	AuthorizationScopes []string `json:"authorization_scopes,omitempty"`
	// APIKeyRequired requires an enabled key of the API in X-Api-Key
	// (extension).
	APIKeyRequired bool        `json:"api_key_required,omitempty"`
	Integration    Integration `json:"integration"`
}

// Integration is what a route forwards to.
//
//	lambda:     exactly one of Function (registered in-process) and URI
//	            (invoked like the Lambda Runtime Interface Emulator)
//	http_proxy: URI, an absolute http(s) URL; "{name}" in it is replaced by
//	            the route's path parameter (a greedy "{proxy+}" is "{proxy}")
//	mock:       Status 100..599, Body, Headers
//	mock_echo:  echoes the request back; Headers
type Integration struct {
	Type     string `json:"type"`
	Function string `json:"function,omitempty"`
	URI      string `json:"uri,omitempty"`
	Status   int    `json:"status,omitempty"`
	Body     string `json:"body,omitempty"`
	// Headers are added to mock and mock_echo responses (extension).
	Headers map[string]string `json:"headers,omitempty"`
	// Timeout is 50ms..29s, default 29s as in API Gateway (extension).
	Timeout Duration `json:"timeout"`
	// RequestParameters map http_proxy request parameters as API Gateway
	// does (extension): keys "integration.request.{header|querystring|path}.<name>",
	// values "method.request.{header|querystring|path}.<name>",
	// "context.<name>", "stageVariables.<name>" or a 'static' value.
	RequestParameters map[string]string `json:"request_parameters,omitempty"`
}

// Throttle is a token bucket (extension): RateLimit requests per second
// (> 0) with bursts of BurstLimit (>= 1).
type Throttle struct {
	RateLimit  float64 `json:"rate_limit"`
	BurstLimit int     `json:"burst_limit"`
}

// APIKey is an API key (extension). ID is 10 lowercase letters or digits,
// Value 20..128 characters (it may be given as ${ENV}); Enabled defaults to
// true.
type APIKey struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	Enabled bool   `json:"enabled"`
}

// UsagePlan applies a throttle and a quota to API keys, named by id
// (extension). A key belongs to at most one plan of an API.
type UsagePlan struct {
	Name     string    `json:"name"`
	APIKeys  []string  `json:"api_keys,omitempty"`
	Throttle *Throttle `json:"throttle,omitempty"`
	Quota    *Quota    `json:"quota,omitempty"`
}

// Quota is a usage plan's request quota (extension): Limit (>= 1) requests
// per Period, DAY, WEEK or MONTH.
type Quota struct {
	Limit  int    `json:"limit"`
	Period string `json:"period"`
}

// OutboxEnabled reports whether messages are kept in the outbox: as set by
// messaging.outbox, else true exactly when no SMTP relay is configured.
func (c *Config) OutboxEnabled() bool {
	if c.Messaging != nil && c.Messaging.Outbox != nil {
		return *c.Messaging.Outbox
	}
	return c.Messaging == nil || c.Messaging.SMTP == nil
}

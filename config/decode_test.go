package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestUnknownFields(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"top level", "region: us-east-1", "regoin: us-east-1\nregion: us-east-1", "regoin: unknown field"},
		{"in a list element", "  - name: admin", "  - name: admin\n    role: x", "iam_users[0].role: unknown field"},
		{"in a nested struct", "      require_symbols: false", "      require_symbols: false\n      require_emoji: true", "user_pools[0].password_policy.require_emoji: unknown field"},
		{"in a nested list", "        name: notes-web", "        name: notes-web\n        colour: blue", "user_pools[0].clients[0].colour: unknown field"},
		{"in a flow mapping", "{method: DELETE,", "{colour: red, method: DELETE,", "apis[0].routes[4].colour: unknown field"},
		{"in an integration", "integration: {type: mock_echo}", "integration: {type: mock_echo, echo: true}", "apis[0].routes[6].integration.echo: unknown field"},
		{"in identity pool roles", "      authenticated: arn", "      admin: x\n      authenticated: arn", "identity_pools[0].roles.admin: unknown field"},
		{"in a policy statement", "            Action: execute-api:Invoke", "            Actions: execute-api:Invoke\n            Action: execute-api:Invoke", "roles[0].policies[0].Statement[0].Actions: unknown field"},
		{"a key that needs quoting", "region: us-east-1", "\"my key\": 1\nregion: us-east-1", `["my key"]: unknown field`},
		{"case matters", "region: us-east-1", "Region: us-east-1\nregion: us-east-1", "Region: unknown field"},
		{"several, sorted", "  - name: admin", "  - name: admin\n    zeta: 1\n    alpha: 2", "iam_users[0].alpha: unknown field\niam_users[0].zeta: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseError(t, mutate(t, tt.old, tt.new), nil); got != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestWrongTypes(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"number for a string", `account_id: "123456789012"`, "account_id: 123456789012", "account_id: must be a string, not a number (quote the value)"},
		{"string for a list", "stages: [prod]", "stages: prod", "apis[0].stages: must be a list, not a string"},
		{"list for a mapping", "    password_policy:\n", "    password_policy: []\n    password_policy_was:\n", "user_pools[0].password_policy: must be a mapping, not a list\nuser_pools[0].password_policy_was: unknown field"},
		{"string for an integer", "minimum_length: 8", `minimum_length: "8"`, "user_pools[0].password_policy.minimum_length: must be an integer, not a string"},
		{"fraction for an integer", "minimum_length: 8", "minimum_length: 8.5", "user_pools[0].password_policy.minimum_length: must be an integer"},
		{"string for a boolean", "allow_unauthenticated: false", `allow_unauthenticated: "false"`, "identity_pools[0].allow_unauthenticated: must be true or false, not a string"},
		{"number for a duration", "max_session: 1h", "max_session: 3600", `roles[0].max_session: must be a duration like "1h" or "90s", not a number`},
		{"mapping for a string in a map", "name: Demo User", "name: {first: Demo}", "user_pools[0].users[0].attributes.name: must be a string, not a mapping"},
		{"boolean attribute", `email_verified: "true"`, "email_verified: true", "user_pools[0].users[0].attributes.email_verified: must be a string, not a boolean (quote the value)"},
		{"policy not a mapping", "    policies:\n      - Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: \"*\"", "    policies:\n      - just text\n      - Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: \"*\"",
			"iam_users[0].policies[0]: policy document must be a JSON object, not a string"},
		{"policy element type", `            Action: execute-api:Invoke`, "            Action: [execute-api:Invoke, 7]", "roles[0].policies[0].Statement[0].Action[1]: must be a string, not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseError(t, mutate(t, tt.old, tt.new), nil); got != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestDocumentErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"duplicate key", "region: us-east-1\naccount_id: \"123456789012\"\nregion: us-west-2\n", `line 3: duplicate key "region"`},
		{"nested duplicate keys", string(mutate(t, "        name: notes-web", "        name: notes-web\n        name: notes-app")), `line 34: duplicate key "name"`},
		{"syntax", "region: [us-east-1\n", "line 1: did not find expected ',' or ']'"},
		{"not a mapping", "- region\n", "the configuration must be a YAML mapping, not a list"},
		{"scalar", "us-east-1\n", "the configuration must be a YAML mapping, not a string"},
		{"empty", "", "region: is required\naccount_id: is required"},
		{"second document", "region: us-east-1\n---\nregion: us-west-2\n", "line 2: only one YAML document is allowed"},
		{"nan", "region: us-east-1\naccount_id: .nan\n", "unsupported value NaN (.nan and .inf are not allowed)"},
		{"deep", "region: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n", "the configuration nests deeper than 64 levels"},
		{"too large", "region: us-east-1\n" + strings.Repeat("#", MaxSize), fmt.Sprintf("the configuration is larger than %d bytes", MaxSize)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseError(t, []byte(tt.yaml), nil); got != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestDocumentMarkers: a leading "---" and a trailing empty document are
// fine.
func TestDocumentMarkers(t *testing.T) {
	for _, y := range []string{"---\n" + string(DemoYAML()), string(DemoYAML()) + "---\n", "# c\n%YAML 1.1\n---\n" + string(DemoYAML()) + "...\n"} {
		if _, err := Parse([]byte(y), nil); err != nil {
			t.Errorf("Parse: %v\n%.80s", err, y)
		}
	}
}

const minimal = `
region: eu-west-1
account_id: "111122223333"
user_pools:
  - id: eu-west-1_abcdefghi
    name: p
    clients:
      - {id: abcdefghijklmnopqrstuvwxyz, name: c}
roles:
  - arn: arn:aws:iam::111122223333:role/r
apis:
  - id: abcdefghij
    name: a
    stages: [dev]
    authorizers: [{name: au, type: COGNITO_USER_POOLS, user_pools: [eu-west-1_abcdefghi]}]
    routes:
      - {method: GET, path: /, auth: NONE, integration: {type: mock, status: 204}}
    api_keys: [{id: key0000001, name: k, value: abcdefghijklmnopqrst}]
`

func TestDefaults(t *testing.T) {
	cfg, err := Parse([]byte(minimal), nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	pool := cfg.UserPools[0]
	if pool.MFA != MFAOff || pool.PasswordPolicy != DefaultPasswordPolicy() {
		t.Errorf("pool defaults: mfa %q, policy %+v", pool.MFA, pool.PasswordPolicy)
	}
	client := pool.Clients[0]
	if !reflect.DeepEqual(client.ExplicitAuthFlows, []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"}) {
		t.Errorf("flows = %v", client.ExplicitAuthFlows)
	}
	if client.AccessTokenValidity.Std() != time.Hour || client.IDTokenValidity.Std() != time.Hour || client.RefreshTokenValidity.Std() != 30*24*time.Hour {
		t.Errorf("validities = %v %v %v", client.AccessTokenValidity, client.IDTokenValidity, client.RefreshTokenValidity)
	}
	if cfg.Roles[0].MaxSession.Std() != time.Hour {
		t.Errorf("max session = %v", cfg.Roles[0].MaxSession)
	}
	api := cfg.APIs[0]
	if api.Authorizers[0].IdentitySource != "method.request.header.Authorization" {
		t.Errorf("identity source = %q", api.Authorizers[0].IdentitySource)
	}
	if api.Routes[0].Integration.Timeout.Std() != 29*time.Second {
		t.Errorf("timeout = %v", api.Routes[0].Integration.Timeout)
	}
	if !api.APIKeys[0].Enabled {
		t.Error("API key not enabled by default")
	}
	if api.APIKeyByValue("abcdefghijklmnopqrst") != &api.APIKeys[0] || api.APIKeyByValue("abcdefghijklmnopqrsu") != nil {
		t.Error("APIKeyByValue")
	}
}

// TestPartialDefaults: a password policy that sets some fields keeps
// Cognito's defaults for the others, and an explicit null is an omission.
func TestPartialDefaults(t *testing.T) {
	y := replaceOnce(t, minimal, "    name: p\n", "    name: p\n    mfa:\n    password_policy: {minimum_length: 12, require_symbols: false}\n")
	y = replaceOnce(t, y, "{id: abcdefghijklmnopqrstuvwxyz, name: c}", "{id: abcdefghijklmnopqrstuvwxyz, name: c, explicit_auth_flows: ~, access_token_validity: 5m}")
	cfg, err := Parse([]byte(y), nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	pool := cfg.UserPools[0]
	if want := (PasswordPolicy{MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true}); pool.PasswordPolicy != want {
		t.Errorf("policy = %+v", pool.PasswordPolicy)
	}
	if pool.MFA != MFAOff {
		t.Errorf("mfa = %q", pool.MFA)
	}
	c := pool.Clients[0]
	if !reflect.DeepEqual(c.ExplicitAuthFlows, DefaultExplicitAuthFlows()) || c.AccessTokenValidity.Std() != 5*time.Minute || c.IDTokenValidity != DefaultTokenValidity {
		t.Errorf("client = %+v", c)
	}
}

const extensions = `
region: us-east-1
account_id: "123456789012"
store: "sqlite:./gatehouse-data/gatehouse.db"
messaging:
  smtp: {host: smtp.example.com, username: u, password: "${SMTP_PASSWORD}", from: "Notes <no-reply@example.com>"}
user_pools:
  - id: us-east-1_abcdefghi
    name: p
    issuer: http://localhost:4566/us-east-1_abcdefghi
    username_attributes: [email, phone_number]
    clients:
      - {id: abcdefghijklmnopqrstuvwxyz, name: c, secret: s3cr3t}
    groups:
      - {name: admins, role_arn: "arn:aws:iam::123456789012:role/admin", precedence: 0, description: Admins}
      - {name: readers}
    users:
      - username: "+15555550100"
        password: Passw0rd!
        attributes: {phone_number: "+15555550100", "custom:team": blue}
        groups: [admins, readers]
identity_pools:
  - id: us-east-1:00000000-0000-4000-8000-000000000000
    name: ids
    providers:
      - user_pool: us-east-1_abcdefghi
        client_id: abcdefghijklmnopqrstuvwxyz
        role_mapping:
          type: Rules
          ambiguous_role_resolution: Deny
          rules:
            - {claim: "cognito:groups", match_type: Contains, value: admins, role_arn: "arn:aws:iam::123456789012:role/admin"}
    roles: {authenticated: "arn:aws:iam::123456789012:role/admin"}
roles:
  - arn: arn:aws:iam::123456789012:role/admin
    max_session: 15m
apis:
  - id: abcdefghij
    name: a
    stages: [prod, dev]
    cors: {allow_origins: ["https://app.example.com"], allow_methods: [GET, POST], expose_headers: [X-Request-Id], max_age: 10m, allow_credentials: true}
    authorizers: [{name: au, type: COGNITO_USER_POOLS, user_pools: [us-east-1_abcdefghi]}]
    throttle: {rate_limit: 10.5, burst_limit: 20}
    api_keys:
      - {id: key0000001, name: partner, value: "${PARTNER_KEY}"}
      - {id: key0000002, name: old, value: abcdefghijklmnopqrstuvwxyz0123, enabled: false}
    usage_plans:
      - {name: basic, api_keys: [key0000001], throttle: {rate_limit: 1, burst_limit: 2}, quota: {limit: 1000, period: DAY}}
    routes:
      - method: GET
        path: /me
        auth: COGNITO_USER_POOLS
        authorizer: au
        authorization_scopes: [aws.cognito.signin.user.admin]
        api_key_required: true
        integration:
          type: http_proxy
          uri: "http://127.0.0.1:3000/users/{id}"
          timeout: 500ms
          request_parameters:
            integration.request.header.X-User: "method.request.header.X-User"
            integration.request.path.id: "context.authorizer.claims.sub"
      - method: ANY
        path: "/files/{proxy+}"
        auth: AWS_IAM
        integration: {type: http_proxy, uri: "https://files.example.com/{proxy}"}
      - method: POST
        path: /hook
        auth: NONE
        integration: {type: lambda, uri: "http://127.0.0.1:9000/2015-03-31/functions/function/invocations"}
      - method: GET
        path: /teapot
        auth: NONE
        integration: {type: mock, status: 418, body: "short and stout", headers: {Content-Type: text/plain}}
`

func TestExtensions(t *testing.T) {
	cfg, err := Parse([]byte(extensions), env(map[string]string{"SMTP_PASSWORD": "pw", "PARTNER_KEY": "partner-key-0123456789"}))
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	if cfg.Store != "sqlite:./gatehouse-data/gatehouse.db" {
		t.Errorf("store = %q", cfg.Store)
	}
	if s := cfg.Messaging.SMTP; s.Password != "pw" || s.Port != DefaultSMTPPort {
		t.Errorf("smtp = %+v", s)
	}
	pool := cfg.UserPool("us-east-1_abcdefghi")
	if pool.IssuerURL() != "http://localhost:4566/us-east-1_abcdefghi" || cfg.UserPoolByIssuer("http://localhost:4566/us-east-1_abcdefghi") != pool {
		t.Errorf("issuer = %q", pool.IssuerURL())
	}
	if g := pool.Group("admins"); g == nil || g.Precedence == nil || *g.Precedence != 0 || g.RoleARN != "arn:aws:iam::123456789012:role/admin" {
		t.Errorf("group = %+v", g)
	}
	if pool.Group("readers").Precedence != nil {
		t.Error("readers has a precedence")
	}
	rm := cfg.IdentityPools[0].Providers[0].RoleMapping
	if rm == nil || rm.Type != RoleMappingRules || rm.Rules[0].MatchType != MatchContains {
		t.Errorf("role mapping = %+v", rm)
	}
	api := cfg.APIs[0]
	if api.Throttle.RateLimit != 10.5 || api.Throttle.BurstLimit != 20 {
		t.Errorf("throttle = %+v", api.Throttle)
	}
	if k := api.APIKey("key0000001"); k.Value != "partner-key-0123456789" || !k.Enabled || api.APIKey("key0000002").Enabled {
		t.Errorf("api keys = %+v", api.APIKeys)
	}
	if q := api.UsagePlans[0].Quota; q.Limit != 1000 || q.Period != PeriodDay {
		t.Errorf("quota = %+v", q)
	}
	if c := api.CORS; c.MaxAge.Std() != 10*time.Minute || !c.AllowCredentials {
		t.Errorf("cors = %+v", c)
	}
	r := api.Routes[0]
	if !r.APIKeyRequired || r.AuthorizationScopes[0] != "aws.cognito.signin.user.admin" || r.Integration.Timeout.Std() != 500*time.Millisecond ||
		r.Integration.RequestParameters["integration.request.path.id"] != "context.authorizer.claims.sub" {
		t.Errorf("route = %+v", r)
	}
	if h := api.Routes[3].Integration.Headers; h["Content-Type"] != "text/plain" {
		t.Errorf("headers = %v", h)
	}
}

// TestExtensionsInvalid checks the validation of the extensions.
func TestExtensionsInvalid(t *testing.T) {
	getenv := env(map[string]string{"SMTP_PASSWORD": "pw", "PARTNER_KEY": "partner-key-0123456789"})
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"issuer with trailing slash", "issuer: http://localhost:4566/us-east-1_abcdefghi", "issuer: http://localhost:4566/",
			`user_pools[0].issuer: must be an absolute http(s) URL without query, fragment or trailing "/"`},
		{"unknown group of a user", "groups: [admins, readers]", "groups: [admins, writers]",
			`user_pools[0].users[0].groups[1]: unknown group "writers" (not in the pool's groups)`},
		{"duplicate group", "{name: readers}", "{name: admins}",
			`user_pools[0].groups[1].name: "admins" is already used by user_pools[0].groups[0]` + "\n" +
				`user_pools[0].users[0].groups[1]: unknown group "readers" (not in the pool's groups)`},
		{"phone username", `username: "+15555550100"`, `username: "5555550100"`,
			"user_pools[0].users[0].username: must be an email address or a phone number like +15555550100 (username_attributes)"},
		{"rules for a Token mapping", "type: Rules", "type: Token", "identity_pools[0].providers[0].role_mapping.rules: only allowed when type is Rules"},
		{"credentials with any origin", `allow_origins: ["https://app.example.com"]`, `allow_origins: ["*"]`,
			`apis[0].cors.allow_credentials: cannot be true unless allow_origins lists the allowed origins (not "*")`},
		{"credentials without origins", `allow_origins: ["https://app.example.com"], `, ``,
			`apis[0].cors.allow_credentials: cannot be true unless allow_origins lists the allowed origins (not "*")`},
		{"origin with a path", `allow_origins: ["https://app.example.com"]`, `allow_origins: ["https://app.example.com/"]`,
			`apis[0].cors.allow_origins[0]: must be "*" or an origin like https://example.com`},
		{"scopes on an IAM route", "auth: AWS_IAM\n", "auth: AWS_IAM\n        authorization_scopes: [openid]\n",
			"apis[0].routes[1].authorization_scopes: only allowed when auth is COGNITO_USER_POOLS"},
		{"request parameter from an unknown path parameter", `"method.request.header.X-User"`, `"method.request.path.user"`,
			`apis[0].routes[0].integration.request_parameters["integration.request.header.X-User"]: {user} is not a parameter of the route's path`},
		{"request parameter key", "integration.request.header.X-User:", "request.header.X-User:",
			`apis[0].routes[0].integration.request_parameters["request.header.X-User"]: key must be integration.request.{header|querystring|path}.<name>`},
		{"status on http_proxy", "timeout: 500ms", "timeout: 500ms\n          status: 200",
			"apis[0].routes[0].integration.status: not allowed for type http_proxy"},
		{"body on lambda", `functions/function/invocations"}`, `functions/function/invocations", body: x}`,
			"apis[0].routes[2].integration.body: not allowed for type lambda"},
		{"header name", "headers: {Content-Type: text/plain}", `headers: {"Content Type": text/plain}`,
			`apis[0].routes[3].integration.headers["Content Type"]: is not a valid header name`},
		{"short API key", "value: abcdefghijklmnopqrstuvwxyz0123", "value: abc",
			"apis[0].api_keys[1].value: must be 20 to 128 printable ASCII characters"},
		{"API key value reused", "value: abcdefghijklmnopqrstuvwxyz0123", `value: "${PARTNER_KEY}"`,
			"apis[0].api_keys[1].value: is already used by apis[0].api_keys[0]"},
		{"key in two plans", "quota: {limit: 1000, period: DAY}}", "quota: {limit: 1000, period: DAY}}\n      - {name: gold, api_keys: [key0000001]}",
			`apis[0].usage_plans[1].api_keys[0]: API key "key0000001" is already used by apis[0].usage_plans[0]`},
		{"timeout not whole milliseconds", "timeout: 500ms", "timeout: 500.5ms",
			"apis[0].routes[0].integration.timeout: must be a whole number of milliseconds"},
		{"postgres store", `store: "sqlite:./gatehouse-data/gatehouse.db"`, `store: "postgres://"`,
			`store: must be "sqlite:<path>" or a "postgres://" URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := replaceOnce(t, extensions, tt.old, tt.new)
			if got := parseError(t, []byte(y), getenv); got != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

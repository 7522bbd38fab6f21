package config

import (
	"strings"
	"testing"
)

// TestInvalid derives invalid configurations from the demo, each by one
// mutation, and checks the whole error.
func TestInvalid(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{
			name: "region missing",
			old:  "region: us-east-1\n", new: "",
			want: "region: is required",
		},
		{
			name: "region of the user pool",
			old:  "region: us-east-1", new: "region: us-west-2",
			want: `user_pools[0].id: must be in region "us-west-2" (region), not "us-east-1"` + "\n" +
				`identity_pools[0].id: must be in region "us-west-2" (region), not "us-east-1"`,
		},
		{
			name: "region malformed",
			old:  "region: us-east-1", new: "region: US-East",
			want: "region: must be an AWS region like us-east-1",
		},
		{
			name: "account id not 12 digits",
			old:  `account_id: "123456789012"`, new: `account_id: "12345"`,
			want: "account_id: must be 12 digits",
		},
		{
			name: "access key id",
			old:  "access_key_id: AKIAIOSFODNN7EXAMPLE", new: "access_key_id: ASIAIOSFODNN7EXAMPLE",
			want: `iam_users[0].access_key_id: must be "AKIA" followed by 16 uppercase letters or digits`,
		},
		{
			name: "secret access key length",
			old:  "secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", new: "secret_access_key: short",
			want: `iam_users[0].secret_access_key: must be 40 characters: letters, digits, "/" and "+"`,
		},
		{
			name: "duplicate IAM user",
			old:  "iam_users:\n", new: "iam_users:\n  - {name: admin, access_key_id: AKIAIOSFODNN7EXAMPLE, secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}\n",
			want: `iam_users[1].name: "admin" is already used by iam_users[0]` + "\n" +
				`iam_users[1].access_key_id: "AKIAIOSFODNN7EXAMPLE" is already used by iam_users[0]`,
		},
		{
			name: "IAM user policy effect",
			old:  "          - Effect: Allow\n            Action: \"*\"", new: "          - Effect: Permit\n            Action: \"*\"",
			want: "iam_users[0].policies[0].Statement[0].Effect: must be Allow or Deny",
		},
		{
			name: "user pool id malformed",
			old:  "  - id: us-east-1_NotesDemo", new: "  - id: us-east-1_Notes",
			want: "user_pools[0].id: must be <region>_<9 letters or digits>, like us-east-1_NotesDemo\n" +
				`identity_pools[0].providers[0].user_pool: unknown user pool "us-east-1_NotesDemo" (not declared in user_pools)` + "\n" +
				`apis[0].authorizers[0].user_pools[0]: unknown user pool "us-east-1_NotesDemo" (not declared in user_pools)`,
		},
		{
			name: "user pool id in another region",
			old:  "  - id: us-east-1_NotesDemo", new: "  - id: eu-west-1_NotesDemo",
			want: `user_pools[0].id: must be in region "us-east-1" (region), not "eu-west-1"` + "\n" +
				`identity_pools[0].providers[0].user_pool: unknown user pool "us-east-1_NotesDemo" (not declared in user_pools)` + "\n" +
				`apis[0].authorizers[0].user_pools[0]: unknown user pool "us-east-1_NotesDemo" (not declared in user_pools)`,
		},
		{
			name: "username attribute",
			old:  "username_attributes: [email]", new: "username_attributes: [email, preferred_username]",
			want: "user_pools[0].username_attributes[1]: must be email or phone_number",
		},
		{
			name: "mfa",
			old:  `mfa: "OFF"`, new: "mfa: SOMETIMES",
			want: "user_pools[0].mfa: must be one of OFF, ON, OPTIONAL",
		},
		{
			name: "unquoted OFF is a boolean",
			old:  `mfa: "OFF"`, new: "mfa: OFF",
			want: "user_pools[0].mfa: must be a string, not a boolean (quote the value)",
		},
		{
			name: "password minimum length",
			old:  "minimum_length: 8", new: "minimum_length: 5",
			want: "user_pools[0].password_policy.minimum_length: must be between 6 and 99",
		},
		{
			name: "client id",
			old:  "      - id: gatehousenotesdemoclient01", new: "      - id: Gatehouse-Client",
			want: "user_pools[0].clients[0].id: must be 26 lowercase letters or digits\n" +
				`identity_pools[0].providers[0].client_id: "gatehousenotesdemoclient01" is not a client of user pool "us-east-1_NotesDemo"`,
		},
		{
			name: "explicit auth flow",
			old:  "explicit_auth_flows: [ALLOW_USER_SRP_AUTH,", new: "explicit_auth_flows: [ALLOW_SRP_AUTH,",
			want: "user_pools[0].clients[0].explicit_auth_flows[0]: must be one of ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH",
		},
		{
			name: "legacy and current flows mixed",
			old:  "explicit_auth_flows: [ALLOW_USER_SRP_AUTH,", new: "explicit_auth_flows: [USER_PASSWORD_AUTH,",
			want: "user_pools[0].clients[0].explicit_auth_flows: cannot mix the legacy ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH with ALLOW_ flows",
		},
		{
			name: "access token validity too long",
			old:  "access_token_validity: 1h", new: "access_token_validity: 25h",
			want: "user_pools[0].clients[0].access_token_validity: must be between 5m and 24h",
		},
		{
			name: "refresh token validity too short",
			old:  "refresh_token_validity: 720h", new: "refresh_token_validity: 30m",
			want: "user_pools[0].clients[0].refresh_token_validity: must be between 1h and 87600h (3650 days)",
		},
		{
			name: "id token outlives refresh token",
			old:  "id_token_validity: 1h\n        refresh_token_validity: 720h", new: "id_token_validity: 2h\n        refresh_token_validity: 1h",
			want: "user_pools[0].clients[0].id_token_validity: must not exceed refresh_token_validity",
		},
		{
			name: "duration not a duration",
			old:  "id_token_validity: 1h", new: "id_token_validity: one hour",
			want: `user_pools[0].clients[0].id_token_validity: must be a duration like "1h" or "90s"`,
		},
		{
			name: "seed password against the policy",
			old:  "password: Passw0rd!", new: "password: password",
			want: "user_pools[0].users[0].password: does not satisfy the pool's password policy: needs an uppercase letter, a number",
		},
		{
			name: "seed username not an email",
			old:  "      - username: demo@example.com", new: "      - username: demo",
			want: "user_pools[0].users[0].username: must be an email address (username_attributes contains email)",
		},
		{
			name: "seed email differs from username",
			old:  "          email: demo@example.com", new: "          email: other@example.com",
			want: "user_pools[0].users[0].attributes.email: must equal the username",
		},
		{
			name: "seed attribute unknown",
			old:  "          name: Demo User", new: "          nam: Demo User",
			want: "user_pools[0].users[0].attributes.nam: unknown attribute (custom attributes are named custom:<name>)",
		},
		{
			name: "group role not declared",
			old:  "    users:  ", new: "    groups:\n      - {name: admins, role_arn: \"arn:aws:iam::123456789012:role/admins\", precedence: -1}\n    users:  ",
			want: `user_pools[0].groups[0].role_arn: unknown role "arn:aws:iam::123456789012:role/admins" (not declared in roles)` + "\n" +
				"user_pools[0].groups[0].precedence: must not be negative",
		},
		{
			name: "identity pool id",
			old:  "  - id: us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b", new: "  - id: us-east-1:0F2A4C6E",
			want: "identity_pools[0].id: must be <region>:<lowercase uuid>, like us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b",
		},
		{
			name: "identity pool name",
			old:  "name: notes_identity", new: "name: notes-identity",
			want: "identity_pools[0].name: must be 1 to 128 letters, digits, underscores or spaces",
		},
		{
			name: "identity provider client of another pool",
			old:  "        client_id: gatehousenotesdemoclient01", new: "        client_id: gatehousenotesdemoclient02",
			want: `identity_pools[0].providers[0].client_id: "gatehousenotesdemoclient02" is not a client of user pool "us-east-1_NotesDemo"`,
		},
		{
			name: "role mapping",
			old:  "        client_id: gatehousenotesdemoclient01\n", new: "        client_id: gatehousenotesdemoclient01\n        role_mapping:\n          type: Rules\n          ambiguous_role_resolution: Allow\n          rules:\n            - {claim: cognito:groups, match_type: Like, value: admins, role_arn: arn:aws:iam::123456789012:role/admins}\n",
			want: "identity_pools[0].providers[0].role_mapping.ambiguous_role_resolution: must be AuthenticatedRole or Deny\n" +
				"identity_pools[0].providers[0].role_mapping.rules[0].match_type: must be one of Equals, Contains, StartsWith, NotEqual\n" +
				`identity_pools[0].providers[0].role_mapping.rules[0].role_arn: unknown role "arn:aws:iam::123456789012:role/admins" (not declared in roles)`,
		},
		{
			name: "role in another account",
			old:  "  - arn: arn:aws:iam::123456789012:role/notes-authenticated", new: "  - arn: arn:aws:iam::210987654321:role/notes-authenticated",
			want: `identity_pools[0].roles.authenticated: unknown role "arn:aws:iam::123456789012:role/notes-authenticated" (not declared in roles)` + "\n" +
				"roles[0].arn: must be in account 123456789012 (account_id), not 210987654321",
		},
		{
			name: "role max session",
			old:  "max_session: 1h", new: "max_session: 13h",
			want: "roles[0].max_session: must be between 15m and 12h",
		},
		{
			name: "role policy version and resource",
			old:  "            Resource: arn:aws:execute-api:us-east-1:*:notesapi01/*", new: "            Resource: notesapi01/*",
			want: `roles[0].policies[0].Statement[0].Resource: must be "*" or an ARN`,
		},
		{
			name: "role policy statement list",
			old:  "          - Effect: Deny\n            Action: \"*\"\n            Resource: \"*\"\n", new: "          - Effect: Deny\n            Action: \"*\"\n            Resource: \"*\"\n          - Effect: Maybe\n",
			want: "roles[1].policies[0].Statement[1].Effect: must be Allow or Deny\n" +
				"roles[1].policies[0].Statement[1]: must have Action or NotAction\n" +
				"roles[1].policies[0].Statement[1]: must have Resource or NotResource",
		},
		{
			name: "api id",
			old:  "  - id: notesapi01 ", new: "  - id: NotesAPI ",
			want: "apis[0].id: must be 10 lowercase letters or digits",
		},
		{
			name: "stage name",
			old:  "stages: [prod]", new: "stages: [prod, v-2, v.2]",
			want: "apis[0].stages[2]: must be 1 to 128 letters, digits, hyphens or underscores",
		},
		{
			name: "no stages",
			old:  "stages: [prod]", new: "stages: []",
			want: "apis[0].stages: must list at least one stage",
		},
		{
			name: "authorizer type",
			old:  "type: COGNITO_USER_POOLS", new: "type: TOKEN",
			want: "apis[0].authorizers[0].type: must be COGNITO_USER_POOLS (the only authorizer type supported)",
		},
		{
			name: "identity source",
			old:  "identity_source: method.request.header.Authorization", new: "identity_source: Authorization",
			want: "apis[0].authorizers[0].identity_source: must be method.request.header.<Name>",
		},
		{
			name: "route method",
			old:  "{method: POST,", new: "{method: FETCH,",
			want: "apis[0].routes[0].method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY",
		},
		{
			name: "route auth",
			old:  "{method: PUT,    path: \"/notes/{id}\", auth: AWS_IAM", new: "{method: PUT,    path: \"/notes/{id}\", auth: IAM",
			want: "apis[0].routes[3].auth: must be one of AWS_IAM, COGNITO_USER_POOLS, NONE",
		},
		{
			name: "unknown authorizer",
			old:  "authorizer: notes-users", new: "authorizer: x",
			want: `apis[0].routes[5].authorizer: unknown authorizer "x"`,
		},
		{
			name: "authorizer on an IAM route",
			old:  "{method: POST,   path: /notes,      auth: AWS_IAM,", new: "{method: POST,   path: /notes,      auth: AWS_IAM, authorizer: notes-users,",
			want: "apis[0].routes[0].authorizer: only allowed when auth is COGNITO_USER_POOLS",
		},
		{
			name: "duplicate route",
			old:  "{method: GET,    path: /notes,", new: "{method: POST,   path: /notes,",
			want: "apis[0].routes[1]: route POST /notes is already declared by apis[0].routes[0]",
		},
		{
			name: "path without slash",
			old:  "path: /public", new: "path: public",
			want: `apis[0].routes[7].path: must start with "/"`,
		},
		{
			name: "greedy segment not last",
			old:  `path: "/echo/{proxy+}"`, new: `path: "/echo/{proxy+}/x"`,
			want: "apis[0].routes[6].path: greedy segment {proxy+} must be the last",
		},
		{
			name: "sibling variables",
			old:  `{method: PUT,    path: "/notes/{id}"`, new: `{method: PUT,    path: "/notes/{noteId}"`,
			want: "apis[0].routes[3].path: {noteId} conflicts with {id} of apis[0].routes[2]: a path level has at most one variable",
		},
		{
			name: "integration type",
			old:  "integration: {type: mock_echo}", new: "integration: {type: echo}",
			want: "apis[0].routes[6].integration.type: must be one of lambda, http_proxy, mock, mock_echo",
		},
		{
			name: "lambda with function and uri",
			old:  "integration: {type: lambda, function: notes}", new: "integration: {type: lambda, function: notes, uri: \"http://127.0.0.1:9000/\"}",
			want: "apis[0].routes[0].integration: must set exactly one of function and uri for type lambda",
		},
		{
			name: "http proxy placeholder",
			old:  "integration: {type: mock_echo}", new: "integration: {type: http_proxy, uri: \"http://127.0.0.1:3000/{path}\"}",
			want: "apis[0].routes[6].integration.uri: {path} is neither a parameter of the route's path nor mapped by request_parameters",
		},
		{
			name: "mock status",
			old:  "status: 200", new: "status: 42",
			want: "apis[0].routes[7].integration.status: must be an HTTP status between 100 and 599",
		},
		{
			name: "integration timeout",
			old:  "integration: {type: lambda, function: notes}", new: "integration: {type: lambda, function: notes, timeout: 30s}",
			want: "apis[0].routes[0].integration.timeout: must be between 50ms and 29s",
		},
		{
			name: "api key required without keys",
			old:  "auth: NONE,", new: "auth: NONE, api_key_required: true,",
			want: "apis[0].routes[7].api_key_required: requires at least one key in api_keys",
		},
		{
			name: "usage plan with an unknown key",
			old:  "    routes:\n", new: "    api_keys: [{id: key0000001, name: k1, value: abcdefghijklmnopqrstuvwxyz}]\n    usage_plans: [{name: basic, api_keys: [key0000002], quota: {limit: 0, period: YEAR}}]\n    routes:\n",
			want: `apis[0].usage_plans[0].api_keys[0]: unknown API key "key0000002" (not an id in api_keys)` + "\n" +
				"apis[0].usage_plans[0].quota.limit: must be at least 1\n" +
				"apis[0].usage_plans[0].quota.period: must be one of DAY, WEEK, MONTH",
		},
		{
			name: "throttle",
			old:  "    routes:\n", new: "    throttle: {rate_limit: 0, burst_limit: 0}\n    routes:\n",
			want: "apis[0].throttle.rate_limit: must be greater than 0\napis[0].throttle.burst_limit: must be at least 1",
		},
		{
			name: "store",
			old:  "region: us-east-1\n", new: "region: us-east-1\nstore: mysql://localhost/gatehouse\n",
			want: `store: must be "sqlite:<path>" or a "postgres://" URL`,
		},
		{
			name: "smtp",
			old:  "region: us-east-1\n", new: "region: us-east-1\nmessaging:\n  smtp: {port: 70000, password: secret, from: nobody}\n",
			want: "messaging.smtp.host: is required\n" +
				"messaging.smtp.port: must be between 1 and 65535\n" +
				"messaging.smtp.password: requires username\n" +
				`messaging.smtp.from: must be an email address like "Name <name@example.com>"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := mutate(t, tt.old, tt.new)
			if got := parseError(t, data, nil); got != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestInvalidSeveral checks that every problem is reported, in document
// order, not just the first.
func TestInvalidSeveral(t *testing.T) {
	data := mutate(t, `mfa: "OFF"`, `mfa: "MAYBE"`)
	data = []byte(strings.Replace(string(data), "max_session: 1h", "max_session: 1m", 1))
	data = []byte(strings.Replace(string(data), "auth: NONE", "auth: OPEN", 1))
	want := "user_pools[0].mfa: must be one of OFF, ON, OPTIONAL\n" +
		"roles[0].max_session: must be between 15m and 12h\n" +
		"apis[0].routes[7].auth: must be one of AWS_IAM, COGNITO_USER_POOLS, NONE"
	if got := parseError(t, data, nil); got != want {
		t.Fatalf("error:\n%s\nwant:\n%s", got, want)
	}
}

// TestRoleRequirements covers the identity pool role rules that the demo
// satisfies by declaring both roles.
func TestRoleRequirements(t *testing.T) {
	data := mutate(t, "    allow_unauthenticated: false", "    allow_unauthenticated: true")
	data = []byte(strings.Replace(string(data), "      unauthenticated: arn:aws:iam::123456789012:role/notes-unauthenticated\n", "", 1))
	data = []byte(strings.Replace(string(data), "      authenticated: arn:aws:iam::123456789012:role/notes-authenticated\n", "", 1))
	want := "identity_pools[0].roles.authenticated: is required when providers are configured\n" +
		"identity_pools[0].roles.unauthenticated: is required when allow_unauthenticated is true"
	if got := parseError(t, data, nil); got != want {
		t.Fatalf("error:\n%s\nwant:\n%s", got, want)
	}
}

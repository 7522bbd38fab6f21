package config

import (
	"reflect"
	"testing"
)

const adminSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

func TestEnvExpansion(t *testing.T) {
	data := mutate(t, "secret_access_key: "+adminSecret, "secret_access_key: ${ADMIN_SECRET}")
	cfg, err := Parse(data, env(map[string]string{"ADMIN_SECRET": adminSecret}))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := cfg.IAMUsers[0].SecretAccessKey; got != adminSecret {
		t.Fatalf("secret = %q", got)
	}
}

func TestEnvUnset(t *testing.T) {
	data := mutate(t, "secret_access_key: "+adminSecret, "secret_access_key: ${ADMIN_SECRET}")
	want := "iam_users[0].secret_access_key: environment variable ADMIN_SECRET is not set"
	if got := parseError(t, data, env(nil)); got != want {
		t.Fatalf("error:\n%s\nwant:\n%s", got, want)
	}
	// A nil getenv means that no variable is set.
	if got := parseError(t, data, nil); got != want {
		t.Fatalf("error with nil getenv:\n%s\nwant:\n%s", got, want)
	}
}

func TestEnvInNestedValues(t *testing.T) {
	data := mutate(t, "password: Passw0rd!", "password: ${DEMO_PASSWORD}")
	data = []byte(replaceOnce(t, string(data), "name: Demo User", "name: ${DEMO_NAME}"))
	data = []byte(replaceOnce(t, string(data), "refresh_token_validity: 720h", "refresh_token_validity: ${REFRESH}"))
	cfg, err := Parse(data, env(map[string]string{"DEMO_PASSWORD": "S3cret!pass", "DEMO_NAME": "Ann", "REFRESH": "24h"}))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	u := cfg.UserPools[0].Users[0]
	if u.Password != "S3cret!pass" || u.Attributes["name"] != "Ann" {
		t.Fatalf("user = %+v", u)
	}
	if got := cfg.UserPools[0].Clients[0].RefreshTokenValidity.String(); got != "24h" {
		t.Fatalf("refresh validity = %s", got)
	}
}

func TestExpandEnv(t *testing.T) {
	getenv := env(map[string]string{"A": "x", "B_2": "y", "EMPTY": "", "DOLLAR": "${A}"})
	tests := []struct {
		in       string
		want     string
		problems []string
	}{
		{"plain", "plain", nil},
		{"${A}", "x", nil},
		{"pre-${A}-${B_2}-post", "pre-x-y-post", nil},
		{"${EMPTY}", "", nil},
		{"$$", "$", nil},
		{"$${A}", "${A}", nil},
		{"$$$${A}", "$${A}", nil},
		{"cost: $5", "cost: $5", nil},
		{"Pa$sword$", "Pa$sword$", nil},
		// A value is not expanded again.
		{"${DOLLAR}", "${A}", nil},
		{"${MISSING}", "", []string{"environment variable MISSING is not set"}},
		{"${MISSING}${OTHER}", "", []string{"environment variable MISSING is not set", "environment variable OTHER is not set"}},
		{"${1A}", "", []string{`invalid environment variable name "1A" (names match [A-Za-z_][A-Za-z0-9_]*; write $$ for a literal $)`}},
		{"${aws:username}", "", []string{`invalid environment variable name "aws:username" (names match [A-Za-z_][A-Za-z0-9_]*; write $$ for a literal $)`}},
		{"${}", "", []string{`invalid environment variable name "" (names match [A-Za-z_][A-Za-z0-9_]*; write $$ for a literal $)`}},
		{"x${A", "x", []string{`unterminated "${" (write $$ for a literal $)`}},
	}
	for _, tt := range tests {
		got, problems := expandEnv(tt.in, getenv)
		if got != tt.want || !reflect.DeepEqual(problems, tt.problems) {
			t.Errorf("expandEnv(%q) = %q, %q; want %q, %q", tt.in, got, problems, tt.want, tt.problems)
		}
	}
}

// TestEnvNotInKeys: keys are never expanded, so a reference in a key is an
// unknown field.
func TestEnvNotInKeys(t *testing.T) {
	data := mutate(t, "region: us-east-1", "${KEY}: us-east-1\nregion: us-east-1")
	want := `["${KEY}"]: unknown field`
	if got := parseError(t, data, env(map[string]string{"KEY": "region"})); got != want {
		t.Fatalf("error:\n%s\nwant:\n%s", got, want)
	}
}

// TestEnvNoInjection: a variable's value is a string, however YAML-like.
func TestEnvNoInjection(t *testing.T) {
	data := mutate(t, "name: Demo User", "name: ${NAME}")
	injected := "x\n  email_verified: \"false\"\nregion: eu-west-1\n{[&*"
	cfg, err := Parse(data, env(map[string]string{"NAME": injected}))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cfg.Region != "us-east-1" || cfg.UserPools[0].Users[0].Attributes["email_verified"] != "true" {
		t.Fatal("the variable's value changed the document")
	}
	if got := cfg.UserPools[0].Users[0].Attributes["name"]; got != injected {
		t.Fatalf("name = %q", got)
	}
}

// TestEnvNotInPolicies: ${...} in a policy is IAM's policy variable syntax.
func TestEnvNotInPolicies(t *testing.T) {
	data := mutate(t, "Resource: arn:aws:execute-api:us-east-1:*:notesapi01/*",
		`Resource: "arn:aws:execute-api:us-east-1:*:notesapi01/*/${aws:username}"`)
	cfg, err := Parse(data, nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := cfg.Roles[0].Policies[0].Statements[0].Resource[0]; got != "arn:aws:execute-api:us-east-1:*:notesapi01/*/${aws:username}" {
		t.Fatalf("resource = %q", got)
	}
}

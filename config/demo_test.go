package config

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

func TestDemo(t *testing.T) {
	if !bytes.Equal(DemoYAML(), demoYAML) {
		t.Fatal("DemoYAML differs from the embedded file")
	}
	cfg, err := Parse(DemoYAML(), nil)
	if err != nil {
		t.Fatalf("the demo does not parse:\n%v", err)
	}
	if !reflect.DeepEqual(cfg, Demo()) {
		t.Fatal("Demo differs from Parse(DemoYAML())")
	}
	if Demo() == Demo() {
		t.Fatal("Demo returns a shared Config")
	}
	if cfg.Region != "us-east-1" || cfg.AccountID != "123456789012" {
		t.Errorf("region, account = %q, %q", cfg.Region, cfg.AccountID)
	}

	pool := cfg.UserPool("us-east-1_NotesDemo")
	if pool == nil {
		t.Fatal("user pool us-east-1_NotesDemo not found")
	}
	if got := pool.IssuerURL(); got != "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo" {
		t.Errorf("IssuerURL = %q", got)
	}
	if cfg.UserPoolByIssuer(pool.IssuerURL()) != pool {
		t.Error("UserPoolByIssuer does not find the pool")
	}
	if want := (PasswordPolicy{MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true}); pool.PasswordPolicy != want {
		t.Errorf("password policy = %+v", pool.PasswordPolicy)
	}
	p, client := cfg.UserPoolClient("gatehousenotesdemoclient01")
	if p != pool || client == nil {
		t.Fatal("client gatehousenotesdemoclient01 not found in the pool")
	}
	if client.AccessTokenValidity.Std() != time.Hour || client.IDTokenValidity.Std() != time.Hour ||
		client.RefreshTokenValidity.Std() != 720*time.Hour {
		t.Errorf("validities = %v, %v, %v", client.AccessTokenValidity, client.IDTokenValidity, client.RefreshTokenValidity)
	}
	if want := []string{FlowUserSRPAuth, FlowUserPasswordAuth, FlowRefreshTokenAuth}; !reflect.DeepEqual(client.ExplicitAuthFlows, want) {
		t.Errorf("flows = %v", client.ExplicitAuthFlows)
	}
	if u := pool.Users[0]; u.Username != "demo@example.com" || u.Password != "Passw0rd!" || u.Attributes["email_verified"] != "true" {
		t.Errorf("seed user = %+v", u)
	}

	if ip := cfg.IdentityPool("us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"); ip == nil || ip.Providers[0].ClientID != client.ID || ip.AllowUnauthenticated {
		t.Errorf("identity pool = %+v", ip)
	}
	auth := cfg.Role("arn:aws:iam::123456789012:role/notes-authenticated")
	if auth == nil || auth.Name() != "notes-authenticated" || auth.MaxSession.Std() != time.Hour {
		t.Fatalf("authenticated role = %+v", auth)
	}
	if got := auth.Policies[0].Statements[0].Resource; !reflect.DeepEqual(got, []string{"arn:aws:execute-api:us-east-1:*:notesapi01/*"}) {
		t.Errorf("role policy resource = %v", got)
	}
	// max_session is omitted for the unauthenticated role: IAM's default.
	if unauth := cfg.Role("arn:aws:iam::123456789012:role/notes-unauthenticated"); unauth == nil || unauth.MaxSession != DefaultMaxSession {
		t.Errorf("unauthenticated role = %+v", unauth)
	}
	if u := cfg.IAMUserByAccessKey("AKIAIOSFODNN7EXAMPLE"); u == nil || u.Name != "admin" || cfg.IAMUser("admin") != u {
		t.Errorf("IAM user = %+v", u)
	}

	api := cfg.API("notesapi01")
	if api == nil {
		t.Fatal("API notesapi01 not found")
	}
	if len(api.Routes) != 8 {
		t.Fatalf("%d routes, want 8", len(api.Routes))
	}
	if !api.HasStage("prod") || api.HasStage("dev") {
		t.Errorf("stages = %v", api.Stages)
	}
	if a := api.Authorizer("notes-users"); a == nil || a.IdentitySource != DefaultIdentitySource {
		t.Errorf("authorizer = %+v", a)
	}
	wantRoutes := []Route{
		{Method: "POST", Path: "/notes", Auth: AuthAWSIAM, Integration: Integration{Type: IntegrationLambda, Function: "notes", Timeout: DefaultIntegrationTimeout}},
		{Method: "GET", Path: "/items", Auth: AuthCognitoUserPools, Authorizer: "notes-users", Integration: Integration{Type: IntegrationLambda, Function: "notes", Timeout: DefaultIntegrationTimeout}},
		{Method: "ANY", Path: "/echo/{proxy+}", Auth: AuthAWSIAM, Integration: Integration{Type: IntegrationMockEcho, Timeout: DefaultIntegrationTimeout}},
		{Method: "GET", Path: "/public", Auth: AuthNone, Integration: Integration{Type: IntegrationMock, Status: 200, Body: `{"ok":true}`, Timeout: DefaultIntegrationTimeout}},
	}
	for i, j := range []int{0, 5, 6, 7} {
		if !reflect.DeepEqual(api.Routes[j], wantRoutes[i]) {
			t.Errorf("route %d = %+v, want %+v", j, api.Routes[j], wantRoutes[i])
		}
	}
}

// TestDemoRoundTrip renders the demo back to YAML and JSON and reads it
// again: the durations and policies marshal to what they were read from.
func TestDemoRoundTrip(t *testing.T) {
	demo := Demo()
	y, err := yaml.Marshal(demo)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(y, nil)
	if err != nil {
		t.Fatalf("Parse(Marshal(Demo())):\n%v\n%s", err, y)
	}
	if !reflect.DeepEqual(again, demo) {
		t.Fatalf("YAML round trip changed the demo:\n%s", y)
	}
	j, err := json.Marshal(demo)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON Config
	if err := json.Unmarshal(j, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&fromJSON, demo) {
		t.Fatalf("JSON round trip changed the demo:\n%s", j)
	}
	if err := fromJSON.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"1h", time.Hour, "1h"},
		{"720h", 720 * time.Hour, "720h"},
		{"90s", 90 * time.Second, "1m30s"},
		{"1h30m", 90 * time.Minute, "1h30m"},
		{"1h0m5s", time.Hour + 5*time.Second, "1h5s"},
		{"50ms", 50 * time.Millisecond, "50ms"},
		{"0s", 0, "0s"},
	}
	for _, tt := range tests {
		var d Duration
		if err := json.Unmarshal([]byte(`"`+tt.in+`"`), &d); err != nil {
			t.Fatalf("Unmarshal %q: %v", tt.in, err)
		}
		if d.Std() != tt.want {
			t.Errorf("%q = %v, want %v", tt.in, d.Std(), tt.want)
		}
		out, err := json.Marshal(d)
		if err != nil || string(out) != `"`+tt.out+`"` {
			t.Errorf("Marshal(%q) = %s, %v; want %q", tt.in, out, err, tt.out)
		}
	}
	var d Duration
	if err := json.Unmarshal([]byte(`3600`), &d); err == nil {
		t.Error("a number was accepted as a duration")
	}
	if err := json.Unmarshal([]byte(`"an hour"`), &d); err == nil {
		t.Error(`"an hour" was accepted as a duration`)
	}
}

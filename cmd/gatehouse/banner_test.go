package main

import (
	"net"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/config"
)

func TestBannerDemo(t *testing.T) {
	var out strings.Builder
	writeBanner(&out, bannerInfo{cfg: config.Demo(), base: "http://127.0.0.1:8080", demo: true, self: "gatehouse"})
	got := out.String()
	for _, want := range []string{
		"Gatehouse is ready at http://127.0.0.1:8080\n",
		"  Browser app      http://127.0.0.1:8080/_gatehouse/\n",
		"  User pool        us-east-1_NotesDemo (clients: gatehousenotesdemoclient01)\n",
		"  Identity pool    us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b\n",
		"  API notesapi01   http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_\n",
		"  Demo user        demo@example.com / Passw0rd!\n",
		"  curl -i http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_/notes\n",
		"  gatehouse invoke --endpoint http://127.0.0.1:8080 --username demo@example.com --password 'Passw0rd!' " +
			"--user-pool-id us-east-1_NotesDemo --app-client-id gatehousenotesdemoclient01 " +
			"--identity-pool-id us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b --cognito-region us-east-1 " +
			"--invoke-url http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_ --api-gateway-region us-east-1 " +
			"--path-template /notes --method GET\n",
		"  aws --endpoint-url http://127.0.0.1:8080 --region us-east-1 --no-sign-request cognito-idp initiate-auth " +
			"--client-id gatehousenotesdemoclient01 --auth-flow USER_PASSWORD_AUTH " +
			"--auth-parameters 'USERNAME=demo@example.com,PASSWORD=Passw0rd!'\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("banner lacks %q:\n%s", want, got)
		}
	}
}

// TestBannerConfigFile shows that a configuration file's seeded passwords
// are never printed.
func TestBannerConfigFile(t *testing.T) {
	cfg := config.Demo()
	cfg.UserPools[0].Users[0].Password = "S3cret-from-file"
	var out strings.Builder
	writeBanner(&out, bannerInfo{cfg: cfg, base: "http://127.0.0.1:9000", self: "go run ./cmd/gatehouse"})
	got := out.String()
	if strings.Contains(got, "S3cret-from-file") || strings.Contains(got, "Demo user") {
		t.Errorf("banner shows a configured password:\n%s", got)
	}
	if !strings.Contains(got, "  go run ./cmd/gatehouse invoke --endpoint http://127.0.0.1:9000 --username demo@example.com --password PASSWORD ") {
		t.Errorf("banner invoke line:\n%s", got)
	}
}

func TestBannerWithoutAPIs(t *testing.T) {
	cfg := config.Demo()
	cfg.APIs, cfg.IdentityPools = nil, nil
	var out strings.Builder
	writeBanner(&out, bannerInfo{cfg: cfg, base: "http://127.0.0.1:9000", demo: true, self: "gatehouse"})
	if got := out.String(); strings.Contains(got, "curl") || strings.Contains(got, "invoke") || !strings.Contains(got, "initiate-auth") {
		t.Errorf("banner without APIs:\n%s", got)
	}
}

func TestBannerBase(t *testing.T) {
	for addr, want := range map[string]string{
		"0.0.0.0:8080":   "http://127.0.0.1:8080",
		"[::]:8080":      "http://127.0.0.1:8080",
		"127.0.0.1:80":   "http://127.0.0.1:80",
		"[::1]:8080":     "http://[::1]:8080",
		"10.1.2.3:18080": "http://10.1.2.3:18080",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := bannerBase(a); got != want {
			t.Errorf("bannerBase(%s) = %s, want %s", addr, got, want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain/path-1.2": "plain/path-1.2",
		"Passw0rd!":      "'Passw0rd!'",
		"it's":           `'it'\''s'`,
		"":               "''",
		"a b":            "'a b'",
		"$(rm -rf /)":    "'$(rm -rf /)'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

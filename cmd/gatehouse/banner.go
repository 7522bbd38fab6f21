package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
)

// bannerInfo is what the start-up banner describes.
type bannerInfo struct {
	cfg *config.Config
	// base is the server's URL, e.g. http://127.0.0.1:8080.
	base string
	// demo says the built-in demo runs: its seeded user's password is
	// public (it is in the documentation) and is printed; a configuration
	// file's passwords never are.
	demo bool
	// self is how the user runs this program: "gatehouse", or
	// "go run ./cmd/gatehouse" for a binary built by go run.
	self string
}

// writeBanner prints, after start-up, the URLs of what runs and commands
// that can be pasted into a shell to try it: an unauthenticated curl of an
// AWS_IAM route (403), a signed call with `gatehouse invoke`, and an AWS CLI
// sign-in.
func writeBanner(w io.Writer, b bannerInfo) {
	cfg := b.cfg
	var s strings.Builder
	fmt.Fprintf(&s, "\nGatehouse is ready at %s\n", b.base)
	fmt.Fprintf(&s, "  Browser app      %s/_gatehouse/\n", b.base)
	for _, up := range cfg.UserPools {
		clients := make([]string, 0, len(up.Clients))
		for _, c := range up.Clients {
			clients = append(clients, c.ID)
		}
		fmt.Fprintf(&s, "  User pool        %s (clients: %s)\n", up.ID, strings.Join(clients, ", "))
	}
	for _, ip := range cfg.IdentityPools {
		fmt.Fprintf(&s, "  Identity pool    %s\n", ip.ID)
	}
	for _, api := range cfg.APIs {
		for _, stage := range api.Stages {
			fmt.Fprintf(&s, "  API %-12s %s\n", api.ID, invokeURL(b.base, api.ID, stage))
		}
	}
	user, password := bannerUser(cfg, b.demo)
	if user != "" && b.demo {
		fmt.Fprintf(&s, "  Demo user        %s / %s\n", user, password)
	}

	api, stage, path := bannerRoute(cfg, "AWS_IAM")
	if api != "" {
		s.WriteString("\nTry it:\n")
		base := invokeURL(b.base, api, stage)
		fmt.Fprintf(&s, "  # no credentials: API Gateway's 403\n  curl -i %s%s\n", base, path)
		if args, ok := invokeArgs(cfg, user, password, b.base, base, path); ok {
			fmt.Fprintf(&s, "  # sign in (SRP), get identity-pool credentials, call the route signed with SigV4\n  %s invoke %s\n", b.self, args)
		}
	}
	if client, ok := bannerClient(cfg); ok && user != "" {
		fmt.Fprintf(&s, "  # the AWS CLI, pointed at Gatehouse\n  aws --endpoint-url %s --region %s --no-sign-request cognito-idp initiate-auth --client-id %s --auth-flow USER_PASSWORD_AUTH --auth-parameters %s\n",
			b.base, cfg.Region, client, shellQuote("USERNAME="+user+",PASSWORD="+password))
	}
	s.WriteString("\n")
	io.WriteString(w, s.String())
}

// invokeURL is the path-style invoke URL of an API stage.
func invokeURL(base, apiID, stage string) string {
	return base + "/restapis/" + apiID + "/" + stage + "/_user_request_"
}

// bannerUser is the first seeded user of the first pool, with its password
// for the demo and a placeholder otherwise.
func bannerUser(cfg *config.Config, demo bool) (user, password string) {
	for _, up := range cfg.UserPools {
		for _, u := range up.Users {
			if demo {
				return u.Username, u.Password
			}
			return u.Username, "PASSWORD"
		}
	}
	return "", ""
}

// bannerClient is the first user pool client without a secret that allows
// USER_PASSWORD_AUTH.
func bannerClient(cfg *config.Config) (client string, ok bool) {
	for _, up := range cfg.UserPools {
		for _, c := range up.Clients {
			if c.Secret != "" {
				continue
			}
			for _, f := range c.ExplicitAuthFlows {
				if f == "ALLOW_USER_PASSWORD_AUTH" {
					return c.ID, true
				}
			}
		}
	}
	return "", false
}

// bannerRoute is the first GET (else any) route with the given auth whose
// path has no parameter, as a path that can be called as is.
func bannerRoute(cfg *config.Config, auth string) (api, stage, path string) {
	for _, pass := range []bool{true, false} {
		for _, a := range cfg.APIs {
			if len(a.Stages) == 0 {
				continue
			}
			for _, r := range a.Routes {
				if r.Auth != auth || strings.Contains(r.Path, "{") {
					continue
				}
				if pass && r.Method != "GET" && r.Method != "ANY" {
					continue
				}
				return a.ID, a.Stages[0], r.Path
			}
		}
	}
	return "", "", ""
}

// invokeArgs are the `gatehouse invoke` flags (those of apig-test) for a
// signed GET of path with the first identity pool's first provider.
func invokeArgs(cfg *config.Config, user, password, endpoint, base, path string) (string, bool) {
	if user == "" {
		return "", false
	}
	for _, ip := range cfg.IdentityPools {
		for _, p := range ip.Providers {
			args := []string{
				"--endpoint", endpoint,
				"--username", user,
				"--password", password,
				"--user-pool-id", p.UserPool,
				"--app-client-id", p.ClientID,
				"--identity-pool-id", ip.ID,
				"--cognito-region", cfg.Region,
				"--invoke-url", base,
				"--api-gateway-region", cfg.Region,
				"--path-template", path,
				"--method", "GET",
			}
			for i := range args {
				args[i] = shellQuote(args[i])
			}
			return strings.Join(args, " "), true
		}
	}
	return "", false
}

// shellQuote quotes s for a POSIX shell when it has characters the shell
// would interpret.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// bannerBase is the URL to print for a listener: an unspecified address
// (0.0.0.0, ::) becomes 127.0.0.1, which a local client can reach.
func bannerBase(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// selfCommand is how to run this program again: "go run ./cmd/gatehouse"
// when it was built by go run (into a go-build temporary directory).
func selfCommand() string {
	exe, err := os.Executable()
	if err == nil && strings.Contains(filepath.ToSlash(exe), "/go-build") {
		return "go run ./cmd/gatehouse"
	}
	return "gatehouse"
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awscredentials "github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-dev/gatehouse/client"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// The client commands run as child processes (the test binary acting as
// gatehouse, see TestMain) against a Gatehouse started in the test, with
// HOME in a temporary directory: the user's real configuration directory
// is never touched.

const (
	cliPool         = "us-east-1_NotesDemo"
	cliClientID     = "gatehousenotesdemoclient01"
	cliIdentityPool = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	cliUser         = "demo@example.com"
	cliPassword     = "Passw0rd!"
	// cliDeadEndpoint refuses connections.
	cliDeadEndpoint = "http://127.0.0.1:1"
)

// cliHarness is a Gatehouse and a HOME for the client commands.
type cliHarness struct {
	t    *testing.T
	url  string
	home string
	// env is added to every command's environment.
	env map[string]string
	// secrets are strings that must never appear on stderr.
	secrets []string
}

func newCLIHarness(t *testing.T) *cliHarness {
	t.Helper()
	s := gatehousetest.Start(t, gatehousetest.Options{Config: config.Demo(),
		Logger: slog.New(slog.DiscardHandler), Functions: gatehousetest.NotesFunctions(t)})
	return &cliHarness{t: t, url: s.URL, home: t.TempDir(), env: map[string]string{}}
}

func (h *cliHarness) invokeURL() string { return h.url + "/restapis/notesapi01/prod/_user_request_" }

// configDir is the gatehouse directory under the harness's HOME.
func (h *cliHarness) configDir() string { return filepath.Join(h.home, ".config", "gatehouse") }

type cliResult struct {
	stdout, stderr string
	code           int
}

// run runs gatehouse args with stdin and the environment env (over h.env),
// and checks that stderr shows none of the known secrets.
func (h *cliHarness) run(stdin string, env map[string]string, args ...string) cliResult {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	vars := map[string]string{"GATEHOUSE_TEST_RUN_MAIN": "1", "HOME": h.home, "PATH": "/usr/bin:/bin"}
	for k, v := range h.env {
		vars[k] = v
	}
	for k, v := range env {
		vars[k] = v
	}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := cliResult{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		h.t.Fatalf("gatehouse %s: %v", strings.Join(args, " "), err)
	}
	for _, s := range h.secrets {
		if s != "" && strings.Contains(res.stderr, s) {
			h.t.Errorf("gatehouse %s printed a secret on stderr:\n%s", strings.Join(args, " "), res.stderr)
		}
	}
	return res
}

// ok runs the command and fails the test unless it exits 0.
func (h *cliHarness) ok(stdin string, env map[string]string, args ...string) cliResult {
	h.t.Helper()
	res := h.run(stdin, env, args...)
	if res.code != 0 {
		h.t.Fatalf("gatehouse %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), res.code, res.stdout, res.stderr)
	}
	return res
}

// login signs the demo user in to profile with every setting as a flag.
func (h *cliHarness) login(profile string) {
	h.t.Helper()
	res := h.ok(cliPassword+"\n", nil, "login", "--profile", profile, "--endpoint", h.url,
		"--user-pool-id", cliPool, "--client-id", cliClientID, "--identity-pool-id", cliIdentityPool,
		"--username", cliUser, "--password-stdin")
	if !strings.Contains(res.stderr, "Logged in as "+cliUser) {
		h.t.Errorf("login stderr: %q", res.stderr)
	}
	t := h.tokens(profile)
	h.secrets = append(h.secrets, t.IDToken, t.AccessToken, t.RefreshToken, cliPassword)
}

// tokens reads the profile's tokens file.
func (h *cliHarness) tokens(profile string) storedTokens {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.configDir(), "tokens", profile+".json"))
	if err != nil {
		h.t.Fatal(err)
	}
	var t storedTokens
	if err := json.Unmarshal(b, &t); err != nil {
		h.t.Fatal(err)
	}
	return t
}

// expireTokens marks the profile's tokens as expired, so that the next
// command must refresh them.
func (h *cliHarness) expireTokens(profile string) storedTokens {
	h.t.Helper()
	t := h.tokens(profile)
	t.ExpiresAt = time.Now().Add(-time.Minute).UTC()
	b, _ := json.Marshal(t)
	if err := os.WriteFile(filepath.Join(h.configDir(), "tokens", profile+".json"), b, 0o600); err != nil {
		h.t.Fatal(err)
	}
	return t
}

func cliWantMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Errorf("%s: mode %v, want %v", path, fi.Mode().Perm(), want)
	}
}

func TestCLILoginWritesProfileAndTokensPrivately(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	h.login("default")

	cliWantMode(t, h.configDir(), 0o700)
	cliWantMode(t, filepath.Join(h.configDir(), "tokens"), 0o700)
	cliWantMode(t, filepath.Join(h.configDir(), "config.yaml"), 0o600)
	cliWantMode(t, filepath.Join(h.configDir(), "tokens", "default.json"), 0o600)

	st := &cliStore{dir: h.configDir()}
	p, err := st.profile("default")
	if err != nil {
		t.Fatal(err)
	}
	want := profile{Endpoint: h.url, Region: "us-east-1", UserPoolID: cliPool, ClientID: cliClientID,
		IdentityPoolID: cliIdentityPool, Username: cliUser}
	if *p != want {
		t.Errorf("profile = %+v, want %+v", *p, want)
	}
	tok := h.tokens("default")
	if tok.RefreshToken == "" || tok.Username == "" || time.Until(tok.ExpiresAt) < 55*time.Minute {
		t.Errorf("tokens file: refresh token %t, username %q, expires %v", tok.RefreshToken != "", tok.Username, tok.ExpiresAt)
	}
	// The directory left looser by someone else is made private again.
	if err := os.Chmod(h.configDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	h.login("second")
	cliWantMode(t, h.configDir(), 0o700)
	if p, _ := st.profile("default"); p.UserPoolID != cliPool {
		t.Errorf("a second profile lost the first: %+v", p)
	}
}

func TestCLITokenCredsInvoke(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	h.login("default")
	stored := h.tokens("default")

	// token: the stored ID token (still valid), or the access token.
	id := h.ok("", nil, "token").stdout
	if strings.TrimSpace(id) != stored.IDToken || gatehousetest.JWTClaims(t, id)["token_use"] != "id" || gatehousetest.JWTClaims(t, id)["aud"] != cliClientID {
		t.Errorf("token printed %q", id)
	}
	access := h.ok("", nil, "token", "--access").stdout
	if strings.TrimSpace(access) != stored.AccessToken || gatehousetest.JWTClaims(t, access)["token_use"] != "access" {
		t.Errorf("token --access printed %q", access)
	}
	if res := h.run("", nil, "token", "--id", "--access"); res.code != 1 {
		t.Errorf("token --id --access: exit %d", res.code)
	}

	// creds --format credential_process: AWS's exact shape.
	out := h.ok("", nil, "creds", "--format", "credential_process").stdout
	if !regexp.MustCompile(`^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[^"]{40}","SessionToken":"[^"]+","Expiration":"[0-9T:-]+Z"\}\n$`).MatchString(out) {
		t.Errorf("credential_process output: %s", out)
	}
	var pc processCredentials
	if err := json.Unmarshal([]byte(out), &pc); err != nil {
		t.Fatal(err)
	}
	exp, err := time.Parse(time.RFC3339, pc.Expiration)
	if err != nil || time.Until(exp) < 55*time.Minute || time.Until(exp) > 61*time.Minute {
		t.Errorf("Expiration %q: %v", pc.Expiration, err)
	}
	h.secrets = append(h.secrets, pc.SecretAccessKey, pc.SessionToken)

	// creds --format json and env.
	var jc jsonCredentials
	if err := json.Unmarshal([]byte(h.ok("", nil, "creds", "--format", "json").stdout), &jc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(jc.AccessKeyID, "ASIA") || jc.SecretAccessKey == "" || jc.SessionToken == "" ||
		!regexp.MustCompile(`^us-east-1:[0-9a-f-]{36}$`).MatchString(jc.IdentityID) {
		t.Errorf("creds --format json = %+v", jc)
	}
	env := h.ok("", nil, "creds").stdout
	for _, name := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"} {
		if !regexp.MustCompile(`(?m)^export ` + name + `=\S+$`).MatchString(env) {
			t.Errorf("creds (env) lacks %s:\n%s", name, env)
		}
	}
	// The shell reads them back.
	sh := exec.Command("/bin/sh", "-c", env+`printf '%s' "$AWS_SECRET_ACCESS_KEY"`)
	if got, err := sh.Output(); err != nil || !strings.Contains(env, "AWS_SECRET_ACCESS_KEY="+string(got)) {
		t.Errorf("sh read AWS_SECRET_ACCESS_KEY %q: %v", got, err)
	}

	// invoke, AWS_IAM: create a note, read it back by its id.
	var created struct {
		Status int `json:"status"`
		Data   struct {
			NoteID  string `json:"noteId"`
			Content string `json:"content"`
		} `json:"data"`
	}
	res := h.ok("", nil, "invoke", "--invoke-url", h.invokeURL(), "--path-template", "/notes", "--method", "post",
		"--body", `{"content":"from the CLI"}`)
	if err := json.Unmarshal([]byte(res.stdout), &created); err != nil || created.Status != 201 || created.Data.Content != "from the CLI" {
		t.Fatalf("invoke POST /notes: %v\n%s", err, res.stdout)
	}
	res = h.ok("", nil, "invoke", "--invoke-url", h.invokeURL(), "--path-template", "/notes/{id}",
		"--params", `{"id":"`+created.Data.NoteID+`"}`, "--raw")
	var note struct{ NoteID, Content string }
	if err := json.Unmarshal([]byte(res.stdout), &note); err != nil || note.NoteID != created.Data.NoteID {
		t.Errorf("invoke GET /notes/{id} --raw: %v\n%s", err, res.stdout)
	}

	// COGNITO_USER_POOLS with the ID token; unsigned to AWS_IAM is refused.
	res = h.ok("", nil, "invoke", "--invoke-url", h.invokeURL(), "--path-template", "/items", "--auth", "cognito")
	if !strings.Contains(res.stdout, `"status": 200`) {
		t.Errorf("invoke --auth cognito /items:\n%s", res.stdout)
	}
	res = h.run("", nil, "invoke", "--invoke-url", h.invokeURL(), "--path-template", "/notes", "--auth", "none")
	if res.code != 1 || !strings.Contains(res.stderr, "Missing Authentication Token") || !strings.Contains(res.stdout, `"status": 403`) {
		t.Errorf("invoke --auth none /notes: exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	// A Cognito route with SigV4 only: no Authorization token.
	res = h.run("", nil, "invoke", "--invoke-url", h.invokeURL(), "--path-template", "/items", "--auth", "iam")
	if res.code != 1 || !strings.Contains(res.stderr, "401") {
		t.Errorf("invoke --auth iam /items: exit %d\nstderr:\n%s", res.code, res.stderr)
	}
}

// invoke sends --params, --additional-params, --api-key and --body as
// apig-test does; the echo route answers the request it received.
func TestCLIInvokeApigTestFlags(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	h.secrets = append(h.secrets, cliPassword)
	// apig-test's flags alone: no profile, nothing written.
	res := h.ok("", nil, "invoke", "--endpoint", h.url, "--username", cliUser, "--password", cliPassword,
		"--user-pool-id", cliPool, "--app-client-id", cliClientID, "--cognito-region", "us-east-1",
		"--identity-pool-id", cliIdentityPool, "--invoke-url", h.invokeURL(), "--api-gateway-region", "us-east-1",
		"--path-template", "/echo/{kind}/{name}", "--method", "PUT",
		"--params", `{"kind":"a b","name":"x/y"}`,
		"--additional-params", `{"headers":{"X-Trace":"t1"},"queryParams":{"q":"a b","n":3}}`,
		"--body", `{"z": 1, "a": [true]}`, "--raw")
	var ev struct {
		Path                  string            `json:"path"`
		HTTPMethod            string            `json:"httpMethod"`
		Headers               map[string]string `json:"headers"`
		QueryStringParameters map[string]string `json:"queryStringParameters"`
		Body                  string            `json:"body"`
		RequestContext        struct {
			Identity struct {
				CognitoIdentityID string `json:"cognitoIdentityId"`
			} `json:"identity"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &ev); err != nil {
		t.Fatalf("echo: %v\n%s", err, res.stdout)
	}
	header := func(name string) string {
		for k, v := range ev.Headers {
			if strings.EqualFold(k, name) {
				return v
			}
		}
		return ""
	}
	if ev.HTTPMethod != "PUT" || ev.Path != "/echo/a b/x/y" {
		t.Errorf("method %q path %q", ev.HTTPMethod, ev.Path)
	}
	if header("X-Trace") != "t1" || header("Content-Type") != "application/json" || header("X-Api-Key") != "" {
		t.Errorf("headers %v", ev.Headers)
	}
	if !strings.HasPrefix(ev.RequestContext.Identity.CognitoIdentityID, "us-east-1:") {
		t.Errorf("the call was not signed with the identity's credentials: %s", res.stdout)
	}
	if ev.QueryStringParameters["q"] != "a b" || ev.QueryStringParameters["n"] != "3" {
		t.Errorf("query %v", ev.QueryStringParameters)
	}
	if ev.Body != `{"z":1,"a":[true]}` {
		t.Errorf("body %q", ev.Body)
	}
	if _, err := os.Stat(h.configDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("invoke with --username wrote %s (stat: %v)", h.configDir(), err)
	}

	// The default body {} sends none; GATEHOUSE_* variables stand for the
	// flags, GATEHOUSE_CLIENT_ID for --app-client-id.
	env := map[string]string{"GATEHOUSE_ENDPOINT": h.url, "GATEHOUSE_USERNAME": cliUser, "GATEHOUSE_PASSWORD": cliPassword,
		"GATEHOUSE_USER_POOL_ID": cliPool, "GATEHOUSE_CLIENT_ID": cliClientID,
		"GATEHOUSE_IDENTITY_POOL_ID": cliIdentityPool, "GATEHOUSE_INVOKE_URL": h.invokeURL()}
	res = h.ok("", env, "invoke", "--path-template", "/echo/x", "--method", "POST", "--raw")
	ev.Body = "unset"
	if err := json.Unmarshal([]byte(res.stdout), &ev); err != nil || ev.Body != "" || ev.HTTPMethod != "POST" {
		t.Errorf("invoke with the default body: %v, body %q\n%s", err, ev.Body, res.stdout)
	}

	// Bad JSON is refused before anything is sent.
	for _, args := range [][]string{
		{"--params", "[1]"}, {"--additional-params", "{"}, {"--body", "{"}, {"--path-template", "/a/{b"},
	} {
		res := h.run("", env, append([]string{"invoke"}, args...)...)
		if res.code != 1 || !strings.Contains(res.stderr, args[0]) {
			t.Errorf("invoke %v: exit %d, stderr %q", args, res.code, res.stderr)
		}
	}
}

// Settings: a flag wins over its GATEHOUSE_* variable, which wins over the
// profile.
func TestCLIPrecedence(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	h.login("p1")
	good := map[string]string{"GATEHOUSE_ENDPOINT": h.url}
	dead := map[string]string{"GATEHOUSE_ENDPOINT": cliDeadEndpoint}

	// Expired tokens make token call the user pool, at the endpoint chosen.
	h.expireTokens("p1")
	if res := h.run("", nil, "token", "--profile", "p1", "--endpoint", cliDeadEndpoint); res.code != 1 || !strings.Contains(res.stderr, "127.0.0.1:1") {
		t.Errorf("flag over profile: exit %d, stderr %q", res.code, res.stderr)
	}
	if res := h.run("", dead, "token", "--profile", "p1"); res.code != 1 || !strings.Contains(res.stderr, "127.0.0.1:1") {
		t.Errorf("env over profile: exit %d, stderr %q", res.code, res.stderr)
	}
	h.ok("", dead, "token", "--profile", "p1", "--endpoint", h.url) // flag over env
	h.expireTokens("p1")
	h.ok("", nil, "token", "--profile", "p1") // the profile's endpoint

	// The profile: --profile over GATEHOUSE_PROFILE over "default".
	if res := h.run("", map[string]string{"GATEHOUSE_PROFILE": "p1"}, "token", "--profile", "nobody"); res.code != 1 ||
		!strings.Contains(res.stderr, `profile "nobody" is not logged in`) {
		t.Errorf("--profile over GATEHOUSE_PROFILE: exit %d, stderr %q", res.code, res.stderr)
	}
	h.ok("", map[string]string{"GATEHOUSE_PROFILE": "p1"}, "token")
	if res := h.run("", nil, "token"); res.code != 1 || !strings.Contains(res.stderr, `profile "default" is not logged in`) {
		t.Errorf("default profile: exit %d, stderr %q", res.code, res.stderr)
	}
	for _, bad := range []string{"../p1", "a/b", ".hidden", ""} {
		if res := h.run("", nil, "token", "--profile", bad); res.code != 1 || !strings.Contains(res.stderr, "profile") {
			t.Errorf("--profile %q: exit %d, stderr %q", bad, res.code, res.stderr)
		}
	}

	// login takes its settings from the environment, and a later login
	// from the profile, with flags over both.
	env := map[string]string{"GATEHOUSE_ENDPOINT": h.url, "GATEHOUSE_USER_POOL_ID": cliPool,
		"GATEHOUSE_CLIENT_ID": cliClientID, "GATEHOUSE_USERNAME": cliUser, "GATEHOUSE_PASSWORD_STDIN": "true"}
	h.ok(cliPassword, env, "login", "--profile", "p2", "--identity-pool-id", cliIdentityPool)
	st := &cliStore{dir: h.configDir()}
	p2, err := st.profile("p2")
	if err != nil {
		t.Fatal(err)
	}
	if p2.Endpoint != h.url || p2.UserPoolID != cliPool || p2.ClientID != cliClientID || p2.IdentityPoolID != cliIdentityPool || p2.Username != cliUser {
		t.Errorf("profile p2 from the environment = %+v", p2)
	}
	h.ok(cliPassword, good, "login", "--profile", "p2", "--password-stdin")
	if res := h.run(cliPassword, nil, "login", "--profile", "p2", "--password-stdin", "--username", "other@example.com"); res.code != 1 {
		t.Errorf("login as another user: exit %d", res.code)
	}
	if res := h.run("", map[string]string{"GATEHOUSE_PASSWORD_STDIN": "maybe"}, "login", "--profile", "p2"); res.code != 1 ||
		!strings.Contains(res.stderr, "GATEHOUSE_PASSWORD_STDIN") {
		t.Errorf("a bad boolean in the environment: exit %d, stderr %q", res.code, res.stderr)
	}
}

func TestCLIWrongPassword(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	h.secrets = append(h.secrets, "Wr0ngPassw0rd")
	res := h.run("Wr0ngPassw0rd\n", nil, "login", "--endpoint", h.url, "--user-pool-id", cliPool,
		"--client-id", cliClientID, "--username", cliUser, "--password-stdin")
	if res.code != 1 || !strings.Contains(res.stderr, "Incorrect username or password.") {
		t.Fatalf("wrong password: exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.configDir(), "tokens", "default.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed login wrote tokens (stat: %v)", err)
	}
	// Without a terminal and without --password-stdin nothing is asked.
	res = h.run("", nil, "login", "--endpoint", h.url, "--user-pool-id", cliPool, "--client-id", cliClientID, "--username", cliUser)
	if res.code != 1 || !strings.Contains(res.stderr, "--password-stdin") {
		t.Errorf("login without a terminal: exit %d, stderr %q", res.code, res.stderr)
	}
	res = h.run("", nil, "login", "--endpoint", h.url, "--username", cliUser, "--password-stdin")
	if res.code != 1 || !strings.Contains(res.stderr, "--user-pool-id") || !strings.Contains(res.stderr, "--client-id") {
		t.Errorf("login without a pool: exit %d, stderr %q", res.code, res.stderr)
	}
}

// token refreshes expired tokens and keeps the new ones.
func TestCLITokenRefresh(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	h.login("default")
	old := h.expireTokens("default")
	out := strings.TrimSpace(h.ok("", nil, "token").stdout)
	now := h.tokens("default")
	if out == old.IDToken || out != now.IDToken || gatehousetest.JWTClaims(t, out)["token_use"] != "id" {
		t.Errorf("token did not print a refreshed ID token")
	}
	if now.RefreshToken != old.RefreshToken || time.Until(now.ExpiresAt) < 55*time.Minute {
		t.Errorf("after the refresh: same refresh token %t, expires %v", now.RefreshToken == old.RefreshToken, now.ExpiresAt)
	}
	// A tokens file others can read is refused.
	if err := os.Chmod(filepath.Join(h.configDir(), "tokens", "default.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := h.run("", nil, "token"); res.code != 1 || !strings.Contains(res.stderr, "chmod 600") {
		t.Errorf("token with a readable tokens file: exit %d, stderr %q", res.code, res.stderr)
	}
}

func cliSDKClient(t *testing.T, h *cliHarness, secret, clientID string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Region: "us-east-1", UserPoolID: cliPool, ClientID: clientID,
		ClientSecret: secret, IdentityPoolID: cliIdentityPool, Endpoint: h.url})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cliWantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// logout revokes the refresh token (RevokeToken) and removes the tokens;
// --global ends every session (GlobalSignOut).
func TestCLILogout(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	c := cliSDKClient(t, h, "", cliClientID)

	h.login("a")
	h.login("b")
	a, b := h.tokens("a"), h.tokens("b")
	res := h.ok("", nil, "logout", "--profile", "a")
	if !strings.Contains(res.stderr, "Logged out of profile a") {
		t.Errorf("logout stderr %q", res.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.configDir(), "tokens", "a.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("logout left the tokens (stat: %v)", err)
	}
	_, err := c.Refresh(t.Context(), a.RefreshToken)
	cliWantCode(t, "refresh after logout", err, "NotAuthorizedException")
	if _, err := c.Refresh(t.Context(), b.RefreshToken); err != nil {
		t.Errorf("logout of profile a ended profile b's session: %v", err)
	}
	// The profile stays; logging out again is not an error.
	if res := h.ok("", nil, "logout", "--profile", "a"); !strings.Contains(res.stderr, "not logged in") {
		t.Errorf("second logout stderr %q", res.stderr)
	}
	if p, _ := (&cliStore{dir: h.configDir()}).profile("a"); p.UserPoolID != cliPool {
		t.Errorf("logout removed the profile: %+v", p)
	}

	h.login("c")
	cTok := h.tokens("c")
	h.ok("", nil, "logout", "--profile", "c", "--global")
	for name, tok := range map[string]string{"b": b.RefreshToken, "c": cTok.RefreshToken} {
		_, err := c.Refresh(t.Context(), tok)
		cliWantCode(t, "refresh of profile "+name+" after logout --global", err, "NotAuthorizedException")
	}
	// A command of an ended session says so.
	h.expireTokens("b")
	if res := h.run("", nil, "token", "--profile", "b"); res.code != 1 || !strings.Contains(res.stderr, "gatehouse login --profile b") {
		t.Errorf("token of an ended session: exit %d, stderr %q", res.code, res.stderr)
	}

	// The server unreachable: the tokens go, and the command says the
	// session was not ended.
	h.login("d")
	res = h.run("", nil, "logout", "--profile", "d", "--endpoint", cliDeadEndpoint)
	if res.code != 1 || !strings.Contains(res.stderr, "were removed, but the session was not ended") {
		t.Errorf("logout with the server down: exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.configDir(), "tokens", "d.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("logout with the server down left the tokens (stat: %v)", err)
	}
}

// An app client with a generated secret: login, refresh and logout send
// SECRET_HASH and the secret, which is kept in the profile (mode 0600).
func TestCLIClientSecret(t *testing.T) {
	t.Parallel()
	h := newCLIHarness(t)
	admin := cip.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(h.url), RetryMaxAttempts: 1,
		Credentials: awscredentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")})
	out, err := admin.CreateUserPoolClient(t.Context(), &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(cliPool), ClientName: aws.String("cli"), GenerateSecret: true,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserSrpAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	})
	if err != nil {
		t.Fatal(err)
	}
	clientID, secret := aws.ToString(out.UserPoolClient.ClientId), aws.ToString(out.UserPoolClient.ClientSecret)
	if secret == "" {
		t.Fatal("no generated secret")
	}
	h.secrets = append(h.secrets, secret, cliPassword)

	args := []string{"login", "--endpoint", h.url, "--user-pool-id", cliPool, "--client-id", clientID, "--username", cliUser, "--password-stdin"}
	if res := h.run(cliPassword, nil, args...); res.code != 1 || !strings.Contains(res.stderr, "NotAuthorizedException") {
		t.Errorf("login without the secret: exit %d, stderr %q", res.code, res.stderr)
	}
	h.ok(cliPassword, map[string]string{"GATEHOUSE_CLIENT_SECRET": secret}, args...)
	cliWantMode(t, filepath.Join(h.configDir(), "config.yaml"), 0o600)
	p, err := (&cliStore{dir: h.configDir()}).profile("default")
	if err != nil || p.ClientSecret != secret {
		t.Fatalf("the profile does not keep the secret: %v", err)
	}
	tok := h.tokens("default")
	h.secrets = append(h.secrets, tok.IDToken, tok.RefreshToken, tok.AccessToken)

	h.expireTokens("default")
	if out := strings.TrimSpace(h.ok("", nil, "token").stdout); gatehousetest.JWTClaims(t, out)["aud"] != clientID {
		t.Errorf("refreshed token's aud = %v", gatehousetest.JWTClaims(t, out)["aud"])
	}
	h.ok("", nil, "logout")
	_, err = cliSDKClient(t, h, secret, clientID).RefreshUser(t.Context(), tok.Username, tok.RefreshToken)
	cliWantCode(t, "refresh after logout", err, "NotAuthorizedException")
}

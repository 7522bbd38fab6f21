package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// The gatehouse client commands (login, token, invoke, creds), run as the
// built binary against a started `gatehouse serve` of the demo, with a HOME
// of the test's own so that the user's configuration is never touched.

const cliTimeout = time.Minute

// cliUser is a HOME for the client commands and the server they talk to.
type cliUser struct {
	t    *testing.T
	g    *gatehouse
	home string
}

func newCLIUser(t *testing.T, g *gatehouse) *cliUser {
	return &cliUser{t: t, g: g, home: t.TempDir()}
}

func (u *cliUser) env() []string {
	return []string{"PATH=/usr/bin:/bin", "HOME=" + u.home, "LANG=C.UTF-8"}
}

func (u *cliUser) invokeURL() string { return u.g.URL + "/restapis/notesapi01/prod/_user_request_" }

// run runs the gatehouse binary with args and stdin.
func (u *cliUser) run(stdin string, args ...string) result {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = u.env()
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{Stdout: stdout.String(), Stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		u.t.Fatalf("gatehouse %s: no answer within %s", strings.Join(args, " "), cliTimeout)
	case errors.As(err, &ee):
		res.ExitCode = ee.ExitCode()
	case err != nil:
		u.t.Fatalf("gatehouse %s: %v", strings.Join(args, " "), err)
	}
	return res
}

func (u *cliUser) ok(stdin string, args ...string) result {
	u.t.Helper()
	res := u.run(stdin, args...)
	if res.ExitCode != 0 {
		u.t.Fatalf("gatehouse %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), res.ExitCode, res.Stdout, res.Stderr)
	}
	return res
}

// loginArgs are the flags of a login to the demo, the password aside.
func (u *cliUser) loginArgs() []string {
	return []string{"login", "--endpoint", u.g.URL, "--user-pool-id", demoPoolID, "--client-id", demoClientID,
		"--identity-pool-id", demoIdentityPoolID, "--username", demoUser}
}

// invokeResult is invoke's output.
type invokeResult struct {
	Status int             `json:"status"`
	Data   json.RawMessage `json:"data"`
}

func (u *cliUser) invoke(args ...string) invokeResult {
	u.t.Helper()
	res := u.ok("", append([]string{"invoke", "--invoke-url", u.invokeURL()}, args...)...)
	var out invokeResult
	if err := json.Unmarshal([]byte(res.Stdout), &out); err != nil {
		u.t.Fatalf("invoke %v printed no JSON: %v\n%s", args, err, res.Stdout)
	}
	return out
}

func TestCLILoginTokenInvokeCreds(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	u := newCLIUser(t, g)

	res := u.ok(demoPassword+"\n", append(u.loginArgs(), "--password-stdin")...)
	if strings.Contains(res.Stdout+res.Stderr, demoPassword) {
		t.Errorf("login printed the password:\n%s%s", res.Stdout, res.Stderr)
	}

	// token: the demo user's ID token, for curl and friends.
	tok := strings.TrimSpace(u.ok("", "token").Stdout)
	wantClaims(t, "ID", gatehousetest.JWTClaims(t, tok), map[string]any{"token_use": "id", "aud": demoClientID, "iss": demoIssuer, "email": demoUser})
	if res := u.ok("", "token"); strings.Contains(res.Stderr, tok) {
		t.Errorf("token printed the token on stderr")
	}

	// invoke: the AWS_IAM routes, signed with the identity's credentials.
	created := u.invoke("--path-template", "/notes", "--method", "POST", "--body", `{"content":"from gatehouse invoke"}`)
	var note struct{ NoteID, Content string }
	if err := json.Unmarshal(created.Data, &note); err != nil || created.Status != 201 || note.NoteID == "" || note.Content != "from gatehouse invoke" {
		t.Fatalf("invoke POST /notes: %d %s (%v)", created.Status, created.Data, err)
	}
	got := u.invoke("--path-template", "/notes/{id}", "--params", `{"id":"`+note.NoteID+`"}`)
	if got.Status != 200 || !strings.Contains(string(got.Data), note.NoteID) {
		t.Errorf("invoke GET /notes/{id}: %d %s", got.Status, got.Data)
	}
	// ...and the COGNITO_USER_POOLS route with the ID token.
	if items := u.invoke("--path-template", "/items", "--auth", "cognito"); items.Status != 200 {
		t.Errorf("invoke --auth cognito /items: %d %s", items.Status, items.Data)
	}

	// creds for the AWS CLI: credential_process in its config file.
	out := u.ok("", "creds", "--format", "credential_process").Stdout
	if !regexp.MustCompile(`^\{"Version":1,"AccessKeyId":"ASIA[A-Z0-9]{16}","SecretAccessKey":"[^"]+","SessionToken":"[^"]+","Expiration":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}\n$`).MatchString(out) {
		t.Errorf("creds --format credential_process printed %s", out)
	}
	awsConfig := filepath.Join(t.TempDir(), "aws-config")
	profile := "[profile gatehouse]\ncredential_process = " + binary + " creds --format credential_process --profile default\nregion = us-east-1\n"
	if err := os.WriteFile(awsConfig, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	var who callerIdentity
	awsJSON(t, g, map[string]string{"AWS_CONFIG_FILE": awsConfig, "HOME": u.home,
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
		&who, "sts", "get-caller-identity", "--profile", "gatehouse")
	if who.Arn != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" || who.Account != "123456789012" {
		t.Errorf("aws sts get-caller-identity with credential_process = %+v", who)
	}
}

// terminal is a command running on a pseudo-terminal, and what it has
// shown.
type terminal struct {
	t      *testing.T
	cmd    *exec.Cmd
	tty    *os.File
	mu     sync.Mutex
	screen bytes.Buffer
	read   chan struct{} // closed when the terminal is closed
	seen   int           // how much of screen expect has consumed
}

func startTerminal(t *testing.T, env []string, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(env, "TERM=dumb")
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, cmd: cmd, tty: tty, read: make(chan struct{})}
	t.Cleanup(func() { _ = cmd.Process.Kill(); tty.Close() })
	go func() {
		defer close(term.read)
		buf := make([]byte, 1024)
		for {
			n, err := tty.Read(buf)
			term.mu.Lock()
			term.screen.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return term
}

// shown is all the terminal has shown.
func (term *terminal) shown() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.screen.String()
}

// expect waits until the terminal shows s after what earlier calls saw,
// then types answer and a return at once.
func (term *terminal) expect(s, answer string) {
	term.t.Helper()
	deadline := time.Now().Add(cliTimeout)
	for {
		if i := strings.Index(term.shown()[term.seen:], s); i >= 0 {
			term.seen += i + len(s)
			break
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the terminal did not show %q; it shows %q", s, term.shown())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := io.WriteString(term.tty, answer+"\r"); err != nil {
		term.t.Fatal(err)
	}
}

// wait waits for the command to exit and returns its error.
func (term *terminal) wait() error {
	term.t.Helper()
	done := make(chan error, 1)
	go func() { done <- term.cmd.Wait() }()
	select {
	case err := <-done:
		<-term.read
		return err
	case <-time.After(cliTimeout):
		term.t.Fatalf("%s did not exit; the terminal shows %q", strings.Join(term.cmd.Args, " "), term.shown())
	}
	return nil
}

// The password prompt on a terminal: no echo (the password is typed as
// soon as the prompt shows), and the login succeeds.
func TestCLIPasswordPromptOnTerminal(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	u := newCLIUser(t, g)
	term := startTerminal(t, u.env(), u.loginArgs()...)
	term.expect("Password for "+demoUser+": ", demoPassword)
	if err := term.wait(); err != nil {
		t.Fatalf("login on a terminal: %v; the terminal shows %q", err, term.shown())
	}
	if strings.Contains(term.shown(), "Passw0rd") {
		t.Errorf("the password was echoed: %q", term.shown())
	}
	if !strings.Contains(term.shown(), "Logged in as "+demoUser) {
		t.Errorf("the terminal shows %q", term.shown())
	}
	if tok := strings.TrimSpace(u.ok("", "token").Stdout); gatehousetest.JWTClaims(t, tok)["token_use"] != "id" {
		t.Errorf("token after the terminal login: %q", tok)
	}
}

// A user created by an administrator logs in with the temporary password
// and chooses a new one at the prompts (NEW_PASSWORD_REQUIRED); without a
// terminal, login says a terminal is needed.
func TestCLINewPasswordOnTerminal(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	u := newCLIUser(t, g)
	const user, temporary, chosen = "new.cli@example.com", "Temp0rary!", "Ch0senPassword"
	awsJSON(t, g, adminEnv, nil, "cognito-idp", "admin-create-user", "--user-pool-id", demoPoolID,
		"--username", user, "--temporary-password", temporary, "--message-action", "SUPPRESS",
		"--user-attributes", "Name=email,Value="+user)
	args := []string{"login", "--endpoint", g.URL, "--user-pool-id", demoPoolID, "--client-id", demoClientID, "--username", user}

	res := u.run(temporary, append(args, "--password-stdin")...)
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "new password") {
		t.Errorf("NEW_PASSWORD_REQUIRED without a terminal: exit %d\nstderr:\n%s", res.ExitCode, res.Stderr)
	}

	term := startTerminal(t, u.env(), args...)
	term.expect("Password for "+user+": ", temporary)
	term.expect("New password: ", chosen)
	term.expect("New password again: ", chosen)
	if err := term.wait(); err != nil {
		t.Fatalf("login with a new password: %v; the terminal shows %q", err, term.shown())
	}
	if strings.Contains(term.shown(), temporary) || strings.Contains(term.shown(), chosen) {
		t.Errorf("a password was echoed: %q", term.shown())
	}
	// The new password is the user's now.
	u.ok(chosen, append(args, "--password-stdin")...)
}

func TestCLIErrors(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	u := newCLIUser(t, g)

	// A wrong password: AWS's message, exit 1, no session kept.
	res := u.run("Wr0ngPassword\n", append(u.loginArgs(), "--password-stdin")...)
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "Incorrect username or password.") {
		t.Errorf("login with a wrong password: exit %d\nstderr:\n%s", res.ExitCode, res.Stderr)
	}
	if res := u.run("", "token"); res.ExitCode != 1 || !strings.Contains(res.Stderr, "not logged in") {
		t.Errorf("token after a failed login: exit %d\nstderr:\n%s", res.ExitCode, res.Stderr)
	}

	// An AWS_IAM route without authentication: API Gateway's 403.
	res = u.run("", "invoke", "--auth", "none", "--invoke-url", u.invokeURL(), "--path-template", "/notes")
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "Missing Authentication Token") {
		t.Errorf("invoke --auth none of an AWS_IAM route: exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	// A NONE route needs no user at all.
	var out invokeResult
	res = u.ok("", "invoke", "--auth", "none", "--invoke-url", u.invokeURL(), "--path-template", "/public")
	var data bytes.Buffer
	if err := json.Unmarshal([]byte(res.Stdout), &out); err != nil || out.Status != 200 || json.Compact(&data, out.Data) != nil || data.String() != `{"ok":true}` {
		t.Errorf("invoke --auth none /public: %v\n%s", err, res.Stdout)
	}
}

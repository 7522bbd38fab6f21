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
	wantClaims(t, "ID", jwtClaims(t, tok), map[string]any{"token_use": "id", "aud": demoClientID, "iss": demoIssuer, "email": demoUser})
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

// The password prompt on a terminal: no echo, and the login succeeds.
func TestCLIPasswordPromptOnTerminal(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	u := newCLIUser(t, g)
	cmd := exec.Command(binary, u.loginArgs()...)
	cmd.Env = append(u.env(), "TERM=dumb")
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var (
		mu     sync.Mutex
		screen bytes.Buffer
	)
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 1024)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	shown := func() string { mu.Lock(); defer mu.Unlock(); return screen.String() }
	deadline := time.Now().Add(cliTimeout)
	for !strings.Contains(shown(), "Password for "+demoUser+": ") {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("no password prompt; the terminal shows %q", shown())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := io.WriteString(tty, demoPassword+"\r"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(cliTimeout):
		_ = cmd.Process.Kill()
		t.Fatalf("login did not exit; the terminal shows %q", shown())
	}
	<-read
	if err != nil {
		t.Fatalf("login on a terminal: %v; the terminal shows %q", err, shown())
	}
	if strings.Contains(shown(), demoPassword) || strings.Contains(shown(), "Passw0rd") {
		t.Errorf("the password was echoed: %q", shown())
	}
	if !strings.Contains(shown(), "Logged in as "+demoUser) {
		t.Errorf("the terminal shows %q", shown())
	}
	if tok := strings.TrimSpace(u.ok("", "token").Stdout); jwtClaims(t, tok)["token_use"] != "id" {
		t.Errorf("token after the terminal login: %q", tok)
	}
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

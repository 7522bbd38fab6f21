package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/chromedp/chromedp"

	"github.com/gatehouse-dev/gatehouse/client"
)

// chromiumPath is Debian's Chromium, which ./scripts/test installs.
const chromiumPath = "/usr/bin/chromium"

// Bounds of the browser's start and of each step of a test.
const (
	browserStartTimeout = 60 * time.Second
	browserStepTimeout  = 30 * time.Second
)

// browser is a headless Chromium driven through chromedp, with what it
// printed and what its page logged to the console.
type browser struct {
	ctx     context.Context
	console *lockedBuffer
	output  *lockedBuffer
}

// startBrowser starts Debian's Chromium, headless, with a fresh profile in
// a temporary directory. It is stopped when the test ends; if the test
// failed, the page's console, its HTML and a screenshot are logged first.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	requireE2E(t)
	requireTool(t, chromiumPath)
	b := &browser{console: &lockedBuffer{}, output: &lockedBuffer{}}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(b.output),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	b.ctx = ctx

	// The first run starts the browser and binds it to ctx, so it cannot
	// have a timeout of its own: a timer cancels it instead.
	timer := time.AfterFunc(browserStartTimeout, cancel)
	err := chromedp.Do(ctx)
	if !timer.Stop() {
		err = fmt.Errorf("not started within %s: %w", browserStartTimeout, err)
	}
	if err != nil {
		t.Fatalf("start %s: %v\n%s", chromiumPath, err, b.output)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			fmt.Fprintf(b.console, "%s %s:%d %s\n", m.Type, m.URL, m.Line+1, m.Text)
		}
	}()
	t.Cleanup(func() {
		if t.Failed() {
			b.logState(t)
		}
	})
	return b
}

// logState logs the page's console, its HTML and Chromium's output, and
// keeps a screenshot of the page.
func (b *browser) logState(t *testing.T) {
	t.Logf("browser console:\n%s", b.console)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); err != nil {
		t.Logf("page HTML: %v", err)
	} else {
		t.Logf("page HTML:\n%s", html)
	}
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		b.keepScreenshot(t, "failure.png", png)
	}
	// Chromium complains at length of the D-Bus that containers lack.
	var out []string
	for _, line := range strings.Split(b.output.String(), "\n") {
		if line != "" && !strings.Contains(line, "dbus/") {
			out = append(out, line)
		}
	}
	if len(out) > 0 {
		t.Logf("chromium output (D-Bus errors left out):\n%s", strings.Join(out, "\n"))
	}
}

// keepScreenshot writes png to the test's artifact directory and logs
// where.
func (b *browser) keepScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	path := filepath.Join(t.ArtifactDir(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Errorf("write screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// do runs steps within browserStepTimeout; what names them in a failure.
func (b *browser) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// browserRun runs one action within browserStepTimeout and returns its value.
func browserRun[T any](t *testing.T, b *browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// text returns the text content of the element with the id.
func (b *browser) text(t *testing.T, id string) string {
	t.Helper()
	return browserRun(t, b, "read #"+id, chromedp.TextContent(chromedp.ID(id)))
}

// typeInto types text into the empty input with the id.
func (b *browser) typeInto(t *testing.T, id, text string) {
	t.Helper()
	b.do(t, "type into #"+id, chromedp.SendKeys(chromedp.ID(id), text))
	if v := browserRun(t, b, "read #"+id, chromedp.Value(chromedp.ID(id))); v != text {
		t.Fatalf("#%s = %q after typing %q", id, v, text)
	}
}

// waitStatus waits until the status element with the id shows an error
// or a text containing want, and fails on an error.
func (b *browser) waitStatus(t *testing.T, id, want string) string {
	t.Helper()
	idJS, _ := jsString(id)
	wantJS, _ := jsString(want)
	got := browserRun(t, b, fmt.Sprintf("wait for #%s to show %q", id, want), chromedp.Poll[string](
		fmt.Sprintf(`(() => { const el = document.getElementById(%s);
			if (!el) { return ''; }
			if (el.classList.contains('error')) { return 'error: ' + el.textContent; }
			return el.textContent.includes(%s) ? 'ok: ' + el.textContent : ''; })()`, idJS, wantJS),
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserStepTimeout)))
	text, ok := strings.CutPrefix(got, "ok: ")
	if !ok {
		t.Fatalf("#%s shows %q, want %q", id, got, want)
	}
	return text
}

// jsString returns s as a JavaScript string literal.
func jsString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// listedNote is a note as the page lists it.
type listedNote struct {
	ID      string `json:"id"`
	Content string `json:"content"`
}

func (b *browser) listedNotes(t *testing.T) []listedNote {
	t.Helper()
	return browserRun(t, b, "read #notes-list", chromedp.Evaluate[[]listedNote](
		`[...document.querySelectorAll('#notes-list li')].map((li) => ({id: li.dataset.noteId, content: li.querySelector('.note-content').textContent}))`))
}

// The notes demo in the browser app at /_gatehouse/, driven in Debian's
// Chromium: sign up, confirm with the code from the outbox, sign in with
// SRP (amazon-cognito-identity-js), get identity pool credentials, create,
// list and delete a note with SigV4-signed calls (aws4fetch), and see the
// unsigned call refused. The Go client checks the notes on the server side,
// as the same user.
func TestBrowserNotesDemo(t *testing.T) {
	g := startGatehouse(t, "")
	b := startBrowser(t)
	email := fmt.Sprintf("browser.%d@example.com", time.Now().UnixNano())
	const password = "Br0wser-Passw0rd"

	// GET / sends the browser to the app, which loads its configuration.
	b.do(t, "open the server's root", chromedp.Navigate(g.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#app[data-state="ready"]`)))
	if loc := browserRun(t, b, "read the location", chromedp.Location()); loc != g.URL+"/_gatehouse/" {
		t.Fatalf("location = %s, want %s/_gatehouse/", loc, g.URL)
	}
	if summary := b.text(t, "config-summary"); !strings.Contains(summary, "us-east-1_NotesDemo") ||
		!strings.Contains(summary, g.URL+"/restapis/notesapi01/prod/_user_request_") {
		t.Fatalf("configuration summary = %q", summary)
	}

	// Sign up, and confirm with the code the page reads from the outbox.
	b.typeInto(t, "signup-email", email)
	b.typeInto(t, "signup-password", password)
	b.do(t, "sign up", chromedp.Click(chromedp.ID("signup-submit")))
	b.waitStatus(t, "signup-status", "Signed up "+email)
	b.do(t, "show the code", chromedp.WaitVisible(chromedp.ID("confirm-form")), chromedp.Click(chromedp.ID("outbox-show")))
	code := browserRun(t, b, "wait for the code", chromedp.Poll[string](`document.getElementById('outbox-code').textContent`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserStepTimeout)))
	if want := outboxSignUpCode(t, g, email); code != want {
		t.Fatalf("the page shows the code %q, the outbox has %q", code, want)
	}
	if v := browserRun(t, b, "read #confirm-code", chromedp.Value(chromedp.ID("confirm-code"))); v != code {
		t.Fatalf("#confirm-code = %q, want the code %q", v, code)
	}
	b.do(t, "confirm", chromedp.Click(chromedp.ID("confirm-submit")))
	b.waitStatus(t, "confirm-status", "Confirmed "+email)

	// Sign in with SRP: the ID token's claims are shown.
	if v := browserRun(t, b, "read #signin-email", chromedp.Value(chromedp.ID("signin-email"))); v != email {
		t.Fatalf("#signin-email = %q, want the new user's %q", v, email)
	}
	b.typeInto(t, "signin-password", password)
	b.do(t, "sign in", chromedp.Click(chromedp.ID("signin-submit")))
	b.waitStatus(t, "signin-status", "Signed in with SRP as "+email)
	var claims map[string]any
	if err := json.Unmarshal([]byte(b.text(t, "id-token-claims")), &claims); err != nil {
		t.Fatalf("#id-token-claims: %v", err)
	}
	if claims["email"] != email || claims["token_use"] != "id" || claims["aud"] != "gatehousenotesdemoclient01" ||
		claims["iss"] != "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo" {
		t.Fatalf("ID token claims = %v", claims)
	}
	if who := b.text(t, "whoami-user"); !strings.Contains(who, email) || !strings.Contains(who, claims["sub"].(string)) {
		t.Fatalf("#whoami-user = %q", who)
	}

	// Identity pool credentials; the (empty) list of notes is fetched.
	b.do(t, "get credentials", chromedp.Click(chromedp.ID("credentials-get")))
	b.waitStatus(t, "credentials-status", "Credentials of identity")
	identityID := b.text(t, "identity-id")
	if !regexp.MustCompile(`^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(identityID) {
		t.Fatalf("#identity-id = %q", identityID)
	}
	if key := b.text(t, "access-key-id"); !strings.HasPrefix(key, "ASIA") {
		t.Fatalf("#access-key-id = %q, want temporary credentials (ASIA...)", key)
	}
	expiry := b.text(t, "credentials-expiry")
	exp, err := time.Parse(time.RFC3339, strings.Fields(expiry)[0])
	if err != nil || time.Until(exp) < 50*time.Minute || time.Until(exp) > 61*time.Minute {
		t.Fatalf("#credentials-expiry = %q, want about an hour from now (the role's max_session)", expiry)
	}
	b.do(t, "wait for the empty list", chromedp.WaitVisible(chromedp.ID("notes-empty")))

	// Create a note: the page lists it, and so does the server, for the
	// same user and identity.
	content := "a note from Chromium " + email
	b.typeInto(t, "note-content", content)
	b.do(t, "add the note", chromedp.Click(chromedp.ID("note-submit")))
	status := b.waitStatus(t, "notes-status", "Created note ")
	noteID := strings.TrimSuffix(strings.TrimPrefix(status, "Created note "), ".")
	if notes := b.listedNotes(t); len(notes) != 1 || notes[0].ID != noteID || notes[0].Content != content {
		t.Fatalf("the page lists %+v, want the note %s %q", notes, noteID, content)
	}
	server := notesClient(t, g, email, password)
	if got := server.list(t); len(got) != 1 || got[0].NoteID != noteID || got[0].Content != content {
		t.Fatalf("the server lists %+v, want the note %s", got, noteID)
	}
	if server.identityID() != identityID {
		t.Fatalf("the Go client's identity %s, the page's %s", server.identityID(), identityID)
	}

	// Delete it: gone from the page and from the server.
	b.do(t, "delete the note", chromedp.Click(chromedp.ID("note-delete-"+noteID)))
	b.waitStatus(t, "notes-status", "Deleted note "+noteID)
	b.do(t, "wait for the empty list", chromedp.WaitVisible(chromedp.ID("notes-empty")))
	if notes := b.listedNotes(t); len(notes) != 0 {
		t.Fatalf("the page still lists %+v", notes)
	}
	if got := server.list(t); len(got) != 0 {
		t.Fatalf("the server still lists %+v", got)
	}

	// Unsigned, the same call is refused by the gateway.
	b.do(t, "call without auth", chromedp.Click(chromedp.ID("noauth-call")))
	noAuth := browserRun(t, b, "wait for the unsigned call", chromedp.Poll[string](`document.getElementById('noauth-result').textContent`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(browserStepTimeout)))
	if !strings.HasPrefix(noAuth, "403 ") || !strings.Contains(noAuth, `{"message":"Missing Authentication Token"}`) ||
		!strings.Contains(noAuth, "x-amzn-ErrorType: MissingAuthenticationTokenException") {
		t.Fatalf("#noauth-result = %q, want 403 Missing Authentication Token", noAuth)
	}

	png := browserRun(t, b, "screenshot", chromedp.FullScreenshot(100))
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the screenshot is not a PNG (%d bytes)", len(png))
	}
	b.keepScreenshot(t, "notes-demo.png", png)

	// The page ran without a Content-Security-Policy violation or an
	// uncaught exception.
	console := b.console.String()
	t.Logf("browser console:\n%s", console)
	for _, bad := range []string{"Content Security Policy", "Content-Security-Policy", "exception "} {
		if strings.Contains(console, bad) {
			t.Fatalf("the console has %q:\n%s", bad, console)
		}
	}
	// And the browser enforces that policy: an inline script does not run.
	if got := browserRun(t, b, "add an inline script", chromedp.Evaluate[string](`(() => {
		const s = document.createElement('script');
		s.textContent = 'window.inlineScriptRan = true;';
		document.head.append(s);
		return window.inlineScriptRan ? 'ran' : 'blocked';
	})()`)); got != "blocked" {
		t.Fatalf("an inline script %s, want it blocked by the Content-Security-Policy", got)
	}
}

// outboxSignUpCode reads the newest sign-up code for email from the
// server's outbox.
func outboxSignUpCode(t *testing.T, g *gatehouse, email string) string {
	t.Helper()
	res, err := http.Get(g.URL + "/_gatehouse/outbox?destination=" + url.QueryEscape(email))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Messages []struct{ Purpose, Code string }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("outbox: %v", err)
	}
	code := ""
	for _, m := range out.Messages {
		if m.Purpose == "SignUp" {
			code = m.Code
		}
	}
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) {
		t.Fatalf("the outbox has no six-digit sign-up code for %s: %+v", email, out.Messages)
	}
	return code
}

// goNotes is the Go client signed in as a user, with its identity pool
// credentials.
type goNotes struct {
	c     *client.Client
	creds *client.CredentialsProvider
}

type serverNote struct {
	NoteID  string `json:"noteId"`
	Content string `json:"content"`
}

func notesClient(t *testing.T, g *gatehouse, username, password string) *goNotes {
	t.Helper()
	c, err := client.New(client.Config{Region: "us-east-1", UserPoolID: "us-east-1_NotesDemo",
		ClientID: "gatehousenotesdemoclient01", IdentityPoolID: "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b",
		Endpoint: g.URL, InvokeURL: g.URL + "/restapis/notesapi01/prod/_user_request_"},
		client.WithHTTPClient(&http.Client{Timeout: browserStepTimeout}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserStepTimeout)
	defer cancel()
	tok, err := c.Login(ctx, username, password)
	if err != nil {
		t.Fatalf("Go client Login: %v", err)
	}
	creds := c.CredentialsProvider(func(context.Context) (string, error) { return tok.IDToken, nil })
	return &goNotes{c: c.WithCredentials(aws.NewCredentialsCache(creds)), creds: creds}
}

func (n *goNotes) list(t *testing.T) []serverNote {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), browserStepTimeout)
	defer cancel()
	res, err := n.c.Invoke(ctx, client.Request{Method: "GET", Path: "/notes"})
	if err != nil {
		t.Fatalf("Go client GET /notes: %v", err)
	}
	var notes []serverNote
	if err := res.Decode(&notes); err != nil {
		t.Fatalf("GET /notes: %v: %s", err, res.Body)
	}
	return notes
}

func (n *goNotes) identityID() string { return n.creds.IdentityID() }

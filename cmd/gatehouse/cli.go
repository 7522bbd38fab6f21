package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/gatehouse-dev/gatehouse/client"
)

// The client commands: login, logout, token, creds, invoke. Each flag may
// also be given in the environment as GATEHOUSE_{FLAG_NAME} (upper snake
// case); a flag on the command line wins over the environment, which wins
// over the profile written by login.

const (
	// envPrefix prefixes the environment variable of every flag.
	envPrefix = "GATEHOUSE_"
	// refreshWindow: a token that expires sooner than this is refreshed
	// before it is used or printed.
	refreshWindow = 5 * time.Minute
	// httpTimeout bounds every HTTP exchange of the client commands.
	httpTimeout = 60 * time.Second
	// maxStdin bounds what --password-stdin reads.
	maxStdin = 64 << 10
)

// newClientCommands returns the client commands for the root command.
func newClientCommands(getenv func(string) (string, bool)) []*cobra.Command {
	cmds := []*cobra.Command{
		newLoginCommand(getenv),
		newLogoutCommand(getenv),
		newTokenCommand(getenv),
		newCredsCommand(getenv),
		newInvokeCommand(getenv),
	}
	for _, c := range cmds {
		c.Long += settingsHelp
	}
	return cmds
}

const settingsHelp = `

Every flag may also be given in the environment as GATEHOUSE_{FLAG_NAME}
(--user-pool-id as GATEHOUSE_USER_POOL_ID). A setting comes from the flag, else
its variable, else the profile (--profile, GATEHOUSE_PROFILE, else "default")
that gatehouse login wrote to config.yaml in the gatehouse directory of the
user's configuration directory.`

// envName is the environment variable of a flag: GATEHOUSE_USER_POOL_ID
// for --user-pool-id.
func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// applyEnv sets every flag not given on the command line from its
// environment variable (or, failing that, from the variables of aliases,
// keyed by flag name), so that from then on Changed means "given by flag
// or environment".
func applyEnv(cmd *cobra.Command, getenv func(string) (string, bool), aliases map[string][]string) error {
	var errs []error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" {
			return
		}
		for _, name := range append([]string{envName(f.Name)}, aliases[f.Name]...) {
			v, ok := getenv(name)
			if !ok || v == "" {
				continue
			}
			if err := cmd.Flags().Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
			return
		}
	})
	return errors.Join(errs...)
}

// connFlags are the flags naming the user pool, app client and identity
// pool, shared by login, logout, token and creds.
type connFlags struct {
	profile        string
	endpoint       string
	region         string
	userPoolID     string
	clientID       string
	clientSecret   string
	identityPoolID string
}

func addProfileFlag(fl *pflag.FlagSet, p *string) {
	fl.StringVar(p, "profile", defaultProfile, "profile in the configuration file (env GATEHOUSE_PROFILE)")
}

func (c *connFlags) add(fl *pflag.FlagSet) {
	addProfileFlag(fl, &c.profile)
	fl.StringVar(&c.endpoint, "endpoint", "", "base URL of the Cognito services, e.g. http://127.0.0.1:8080 (empty: AWS)")
	fl.StringVar(&c.region, "region", "", "region of the user pool (default: the prefix of the user pool id)")
	fl.StringVar(&c.userPoolID, "user-pool-id", "", "user pool id, e.g. us-east-1_NotesDemo")
	fl.StringVar(&c.clientID, "client-id", "", "app client id of the user pool")
	fl.StringVar(&c.clientSecret, "client-secret", "", "app client secret, when the client has one (prefer GATEHOUSE_CLIENT_SECRET)")
	fl.StringVar(&c.identityPoolID, "identity-pool-id", "", "identity pool id, for creds and invoke --auth iam")
}

// resolve merges the flags given (on the command line or in the
// environment) over the profile.
func (c *connFlags) resolve(cmd *cobra.Command, p profile) profile {
	set := func(flag string, dst *string, v string) { setIfGiven(cmd, flag, dst, v) }
	set("endpoint", &p.Endpoint, c.endpoint)
	set("region", &p.Region, c.region)
	set("user-pool-id", &p.UserPoolID, c.userPoolID)
	set("client-id", &p.ClientID, c.clientID)
	set("client-secret", &p.ClientSecret, c.clientSecret)
	set("identity-pool-id", &p.IdentityPoolID, c.identityPoolID)
	p.Region = regionOf(p.Region, p.UserPoolID)
	return p
}

// setIfGiven sets *dst to v when flag was given, on the command line or in
// the environment.
func setIfGiven(cmd *cobra.Command, flag string, dst *string, v string) {
	if cmd.Flags().Changed(flag) {
		*dst = v
	}
}

// regionOf is region, or else the region prefix of a user pool id.
func regionOf(region, userPoolID string) string {
	if region != "" {
		return region
	}
	if r, _, ok := strings.Cut(userPoolID, "_"); ok {
		return r
	}
	return ""
}

// loadProfile applies the environment, checks the profile name and reads
// the named profile merged with the flags.
func (c *connFlags) loadProfile(cmd *cobra.Command, getenv func(string) (string, bool)) (*cliStore, profile, error) {
	if err := applyEnv(cmd, getenv, nil); err != nil {
		return nil, profile{}, err
	}
	if err := checkProfileName(c.profile); err != nil {
		return nil, profile{}, err
	}
	st, err := openCLIStore(getenv)
	if err != nil {
		return nil, profile{}, err
	}
	p, err := st.profile(c.profile)
	if err != nil {
		return nil, profile{}, err
	}
	return st, c.resolve(cmd, *p), nil
}

// requireFields fails with the flags that a profile lacks.
func requireFields(p profile, identityPool bool) error {
	var missing []string
	if p.UserPoolID == "" {
		missing = append(missing, "--user-pool-id")
	}
	if p.ClientID == "" {
		missing = append(missing, "--client-id")
	}
	if p.Region == "" {
		missing = append(missing, "--region")
	}
	if identityPool && p.IdentityPoolID == "" {
		missing = append(missing, "--identity-pool-id")
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s (flags, GATEHOUSE_* variables, or a profile written by gatehouse login)", strings.Join(missing, ", "))
	}
	return nil
}

// newSDKClient returns a client of the profile's services.
func newSDKClient(p profile, invokeURL string, opts ...client.Option) (*client.Client, error) {
	opts = append([]client.Option{client.WithHTTPClient(&http.Client{Timeout: httpTimeout})}, opts...)
	return client.New(client.Config{
		Region:         p.Region,
		UserPoolID:     p.UserPoolID,
		ClientID:       p.ClientID,
		ClientSecret:   p.ClientSecret,
		IdentityPoolID: p.IdentityPoolID,
		Endpoint:       p.Endpoint,
		InvokeURL:      invokeURL,
	}, opts...)
}

// awsError renders an error of an AWS service as "Code: message", AWS's
// own words, without the SDK's request details; other errors as they are.
func awsError(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}

// opError is an error of an operation of a client command.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + awsError(e.err) }
func (e *opError) Unwrap() error { return e.err }

// isCode reports whether err is the AWS error code.
func isCode(err error, code string) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == code
}

// sessionTokens is the client of profile p and the valid tokens of its
// logged-in session, refreshed when needed; identity says the identity
// pool is needed too.
func sessionTokens(ctx context.Context, st *cliStore, name string, p profile, identity bool) (*client.Client, *storedTokens, error) {
	if _, err := st.readTokens(name); err != nil {
		return nil, nil, err // not logged in says more than the settings missing
	}
	if err := requireFields(p, identity); err != nil {
		return nil, nil, err
	}
	c, err := newSDKClient(p, "")
	if err != nil {
		return nil, nil, err
	}
	t, err := validTokens(ctx, st, name, c, p, time.Now())
	if err != nil {
		return nil, nil, err
	}
	return c, t, nil
}

// validTokens returns the profile's tokens, refreshed (and saved) first
// when they expire within refreshWindow.
func validTokens(ctx context.Context, st *cliStore, name string, c *client.Client, p profile, now time.Time) (*storedTokens, error) {
	t, err := st.readTokens(name)
	if err != nil {
		return nil, err
	}
	if t.IDToken != "" && now.Add(refreshWindow).Before(t.ExpiresAt) {
		return t, nil
	}
	if t.RefreshToken == "" {
		return nil, fmt.Errorf("profile %q: the tokens have expired and there is no refresh token: run gatehouse login --profile %s", name, name)
	}
	user := ""
	if p.ClientSecret != "" {
		user = t.Username
	}
	fresh, err := c.RefreshUser(ctx, user, t.RefreshToken)
	if err != nil {
		if isCode(err, "NotAuthorizedException") {
			return nil, fmt.Errorf("profile %q: the session has ended (%s): run gatehouse login --profile %s", name, awsError(err), name)
		}
		return nil, &opError{"refreshing the tokens", err}
	}
	t.IDToken, t.AccessToken, t.ExpiresAt = fresh.IDToken, fresh.AccessToken, fresh.ExpiresAt
	if fresh.RefreshToken != "" {
		t.RefreshToken = fresh.RefreshToken
	}
	if err := st.saveTokens(name, t); err != nil {
		return nil, err
	}
	return t, nil
}

// terminal returns the file of r when it is a terminal.
func terminal(r io.Reader) (*os.File, bool) {
	f, ok := r.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, false
	}
	return f, true
}

// readSecretLine reads a password: all of stdin but one trailing newline
// when fromStdin, else from the terminal without echo, prompting on
// prompts.
func readSecretLine(stdin io.Reader, prompts io.Writer, fromStdin bool, prompt string) (string, error) {
	if fromStdin {
		b, err := io.ReadAll(io.LimitReader(stdin, maxStdin+1))
		if err != nil {
			return "", fmt.Errorf("reading the password from stdin: %w", err)
		}
		if len(b) > maxStdin {
			return "", fmt.Errorf("the password on stdin is longer than %d bytes", maxStdin)
		}
		s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if s == "" {
			return "", errors.New("no password on stdin")
		}
		return s, nil
	}
	f, ok := terminal(stdin)
	if !ok {
		return "", errors.New("stdin is not a terminal to ask the password on: give it with --password-stdin")
	}
	b, err := readPassword(f, prompts, prompt)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if len(b) == 0 {
		return "", errors.New("no password given")
	}
	return string(b), nil
}

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatehouse-dev/gatehouse/client"
)

type loginFlags struct {
	connFlags
	username      string
	passwordStdin bool
}

func newLoginCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f loginFlags
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to a user pool and keep the tokens in a profile",
		Long: `Sign in to a Cognito user pool with SRP (USER_SRP_AUTH: the password never
leaves this process) and keep the tokens of the session in the profile, with the
settings given, so that token, creds, invoke and logout need no flags.

The password is asked on the terminal without echo, or read from stdin with
--password-stdin. A user who must change a temporary password
(NEW_PASSWORD_REQUIRED) is asked for a new one on the terminal.

The profile goes to config.yaml and the tokens to tokens/{profile}.json in the
gatehouse directory of the user's configuration directory (~/.config/gatehouse
on Linux), both with mode 0600.`,
		Example: `  # the built-in demo of gatehouse serve
  gatehouse login --endpoint http://127.0.0.1:8080 --user-pool-id us-east-1_NotesDemo \
      --client-id gatehousenotesdemoclient01 \
      --identity-pool-id us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b --username demo@example.com

  # in a script: the password on stdin, the settings in the environment
  export GATEHOUSE_ENDPOINT=http://127.0.0.1:8080 GATEHOUSE_USER_POOL_ID=us-east-1_NotesDemo
  printf '%s' "$PASSWORD" | gatehouse login --profile ci --client-id gatehousenotesdemoclient01 \
      --username demo@example.com --password-stdin

  # sign in again with the settings of the profile
  gatehouse login --profile ci --password-stdin < password.txt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return login(cmd, &f, getenv)
		},
	}
	f.connFlags.add(cmd.Flags())
	cmd.Flags().StringVar(&f.username, "username", "", "user name (or email, phone number, as the pool signs users in)")
	cmd.Flags().BoolVar(&f.passwordStdin, "password-stdin", false, "read the password from stdin (one trailing newline is dropped)")
	return cmd
}

func login(cmd *cobra.Command, f *loginFlags, getenv func(string) (string, bool)) error {
	st, p, err := f.loadProfile(cmd, getenv)
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("username") {
		p.Username = f.username
	}
	if err := requireFields(p, false); err != nil {
		return err
	}
	if p.Username == "" {
		return errors.New("missing --username")
	}
	stdin, stderr := cmd.InOrStdin(), cmd.ErrOrStderr()
	password, err := readSecretLine(stdin, stderr, f.passwordStdin, "Password for "+p.Username+": ")
	if err != nil {
		return err
	}
	c, err := newSDKClient(p, "", client.WithNewPasswordHandler(newPasswordPrompt(stdin, stderr)))
	if err != nil {
		return err
	}
	tok, err := c.Login(cmd.Context(), p.Username, password)
	if err != nil {
		return &opError{"login", err}
	}
	if err := st.saveProfile(f.profile, &p); err != nil {
		return fmt.Errorf("saving the profile: %w", err)
	}
	if err := st.saveTokens(f.profile, &storedTokens{
		IDToken: tok.IDToken, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: tok.ExpiresAt.UTC(), Username: tok.Username,
	}); err != nil {
		return fmt.Errorf("saving the tokens: %w", err)
	}
	fmt.Fprintf(stderr, "Logged in as %s (profile %s).\n", p.Username, f.profile)
	return nil
}

// newPasswordPrompt answers NEW_PASSWORD_REQUIRED on the terminal: a new
// password (asked twice, without echo) and the required attributes.
func newPasswordPrompt(stdin io.Reader, prompts io.Writer) client.NewPasswordHandler {
	return func(_ context.Context, required []string) (string, map[string]string, error) {
		tty, ok := terminal(stdin)
		if !ok {
			return "", nil, errors.New("the user must set a new password: log in on a terminal to choose it")
		}
		fmt.Fprintln(prompts, "A new password is required.")
		pw, err := readSecretLine(tty, prompts, false, "New password: ")
		if err != nil {
			return "", nil, err
		}
		again, err := readSecretLine(tty, prompts, false, "New password again: ")
		if err != nil {
			return "", nil, err
		}
		if pw != again {
			return "", nil, errors.New("the new passwords differ")
		}
		attrs := map[string]string{}
		lines := bufio.NewReader(tty)
		for _, a := range required {
			fmt.Fprintf(prompts, "%s: ", a)
			v, err := lines.ReadString('\n')
			if err != nil && v == "" {
				return "", nil, fmt.Errorf("reading %s: %w", a, err)
			}
			attrs[a] = strings.TrimRight(v, "\r\n")
		}
		return pw, attrs, nil
	}
}

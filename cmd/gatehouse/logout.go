package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

type logoutFlags struct {
	connFlags
	global bool
}

func newLogoutCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f logoutFlags
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "End the profile's session and remove its tokens",
		Long: `End the session of the profile's last login and remove its tokens file.

The refresh token is revoked with RevokeToken, as amazon-cognito-identity-js and
Amplify do on sign-out: it and the ID and access tokens issued with it stop
working, the user's other sessions go on. With --global, GlobalSignOut ends
every session of the user, on every device.

The tokens file is removed even when the user pool cannot be reached; the
command then exits 1, since the refresh token stays valid until it expires.
The profile's settings stay in config.yaml.`,
		Example: `  gatehouse logout
  gatehouse logout --profile ci --global`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return logout(cmd, &f, getenv)
		},
	}
	f.connFlags.add(cmd.Flags())
	cmd.Flags().BoolVar(&f.global, "global", false, "sign the user out of every session (GlobalSignOut)")
	return cmd
}

func logout(cmd *cobra.Command, f *logoutFlags, getenv func(string) (string, bool)) error {
	st, p, err := f.loadProfile(cmd, getenv)
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	t, err := st.readTokens(f.profile)
	if err != nil {
		if removed, rerr := st.removeTokens(f.profile); rerr != nil || !removed {
			fmt.Fprintf(stderr, "Profile %s is not logged in.\n", f.profile)
			return rerr
		}
		return fmt.Errorf("%w; the tokens file was removed without revoking its refresh token", err)
	}
	var endErr error
	if err := requireFields(p, false); err != nil {
		endErr = err
	} else if c, err := newSDKClient(p, ""); err != nil {
		endErr = err
	} else if f.global {
		var fresh *storedTokens
		if fresh, endErr = validTokens(cmd.Context(), st, f.profile, c, p, time.Now()); endErr == nil {
			if err := c.GlobalSignOut(cmd.Context(), fresh.AccessToken); err != nil {
				endErr = &opError{"global sign-out", err}
			}
		}
	} else if err := c.RevokeToken(cmd.Context(), t.RefreshToken); err != nil {
		endErr = &opError{"revoking the refresh token", err}
	}
	if _, err := st.removeTokens(f.profile); err != nil {
		return errors.Join(endErr, err)
	}
	if endErr != nil {
		return fmt.Errorf("the tokens of profile %s were removed, but the session was not ended: %w", f.profile, endErr)
	}
	fmt.Fprintf(stderr, "Logged out of profile %s.\n", f.profile)
	return nil
}

package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

type tokenFlags struct {
	connFlags
	id, access bool
}

func newTokenCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f tokenFlags
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Print a valid ID token (or access token) of the profile's session",
		Long: `Print the ID token of the profile's session on stdout, or its access token with
--access. A token that expires within 5 minutes is first refreshed with the
refresh token (REFRESH_TOKEN_AUTH), and the new tokens are kept.

An API Gateway Cognito authorizer takes the ID token as it is in the
Authorization header (no "Bearer " prefix); with authorization scopes it takes
the access token.`,
		Example: `  curl -H "Authorization: $(gatehouse token)" \
      http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_/items
  gatehouse token --access --profile ci`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return printToken(cmd, &f, getenv)
		},
	}
	f.connFlags.add(cmd.Flags())
	cmd.Flags().BoolVar(&f.id, "id", false, "print the ID token (the default)")
	cmd.Flags().BoolVar(&f.access, "access", false, "print the access token")
	cmd.MarkFlagsMutuallyExclusive("id", "access")
	return cmd
}

func printToken(cmd *cobra.Command, f *tokenFlags, getenv func(string) (string, bool)) error {
	st, p, err := f.loadProfile(cmd, getenv)
	if err != nil {
		return err
	}
	if f.id && f.access {
		return fmt.Errorf("--id and --access exclude each other")
	}
	_, t, err := sessionTokens(cmd.Context(), st, f.profile, p, false)
	if err != nil {
		return err
	}
	tok := t.IDToken
	if f.access {
		tok = t.AccessToken
	}
	_, err = fmt.Fprintln(cmd.OutOrStdout(), tok)
	return err
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"
)

type credsFlags struct {
	connFlags
	format string
}

func newCredsCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f credsFlags
	cmd := &cobra.Command{
		Use:   "creds",
		Short: "Print temporary AWS credentials of the identity pool for the logged-in user",
		Long: `Trade the profile's ID token (refreshed when needed) for temporary credentials of
the identity pool (GetId, GetCredentialsForIdentity) and print them on stdout:

  env                 export AWS_ACCESS_KEY_ID=... lines for the shell, with
                      AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
                      AWS_CREDENTIAL_EXPIRATION
  json                {"AccessKeyId", "SecretAccessKey", "SessionToken",
                      "Expiration", "IdentityId"}
  credential_process  the output the AWS CLI and SDKs read from a
                      credential_process: {"Version":1, "AccessKeyId",
                      "SecretAccessKey", "SessionToken", "Expiration"}

In ~/.aws/config:

  [profile gatehouse]
  credential_process = gatehouse creds --format credential_process --profile default
  region = us-east-1`,
		Example: `  eval "$(gatehouse creds)"
  gatehouse creds --format json | jq -r .IdentityId
  aws --profile gatehouse --endpoint-url http://127.0.0.1:8080 sts get-caller-identity`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return printCreds(cmd, &f, getenv)
		},
	}
	f.connFlags.add(cmd.Flags())
	cmd.Flags().StringVar(&f.format, "format", "env", "output format: env, json or credential_process")
	return cmd
}

func printCreds(cmd *cobra.Command, f *credsFlags, getenv func(string) (string, bool)) error {
	st, p, err := f.loadProfile(cmd, getenv)
	if err != nil {
		return err
	}
	switch f.format {
	case "env", "json", "credential_process":
	default:
		return fmt.Errorf("--format %q: must be env, json or credential_process", f.format)
	}
	c, t, err := sessionTokens(cmd.Context(), st, f.profile, p, true)
	if err != nil {
		return err
	}
	prov := c.CredentialsProvider(func(context.Context) (string, error) { return t.IDToken, nil })
	cr, err := prov.Retrieve(cmd.Context())
	if err != nil {
		return &opError{"credentials", err}
	}
	return writeCreds(cmd.OutOrStdout(), f.format, cr, prov.IdentityID())
}

// processCredentials is the output of a credential_process, in the order
// of AWS's documentation.
type processCredentials struct {
	Version         int
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string `json:",omitempty"`
}

type jsonCredentials struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string `json:",omitempty"`
	IdentityID      string `json:"IdentityId,omitempty"`
}

func writeCreds(w io.Writer, format string, cr aws.Credentials, identityID string) error {
	exp := ""
	if cr.CanExpire {
		exp = cr.Expires.UTC().Format(time.RFC3339)
	}
	var b []byte
	var err error
	switch format {
	case "credential_process":
		b, err = json.Marshal(processCredentials{1, cr.AccessKeyID, cr.SecretAccessKey, cr.SessionToken, exp})
	case "json":
		b, err = json.MarshalIndent(jsonCredentials{cr.AccessKeyID, cr.SecretAccessKey, cr.SessionToken, exp, identityID}, "", "  ")
	default:
		var sb strings.Builder
		for _, kv := range [][2]string{
			{"AWS_ACCESS_KEY_ID", cr.AccessKeyID},
			{"AWS_SECRET_ACCESS_KEY", cr.SecretAccessKey},
			{"AWS_SESSION_TOKEN", cr.SessionToken},
			{"AWS_CREDENTIAL_EXPIRATION", exp},
		} {
			if kv[1] != "" {
				fmt.Fprintf(&sb, "export %s=%s\n", kv[0], shellQuote(kv[1]))
			}
		}
		_, err = io.WriteString(w, sb.String())
		return err
	}
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

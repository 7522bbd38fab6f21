// Command gatehouse runs the Gatehouse server (serve) and, in later
// versions, the client commands of the sign-in flow.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// exitError carries a process exit status out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv))
}

// run executes the CLI and returns the process exit status.
func run(args []string, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	root := newRootCommand(getenv)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "gatehouse:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func newRootCommand(getenv func(string) (string, bool)) *cobra.Command {
	root := &cobra.Command{
		Use:           "gatehouse",
		Short:         "Cognito user pools, identity pools and API Gateway authorizers, run locally",
		SilenceUsage:  true,
		SilenceErrors: true,
		Long: `Gatehouse runs the AWS pattern "Cognito user pool -> Cognito identity pool ->
SigV4-signed call to API Gateway" in one binary, wire-compatible with AWS, so
the AWS SDKs, Amplify, the AWS CLI and boto3 work against it unchanged.`,
	}
	root.AddCommand(newServeCommand(getenv), newVersionCommand(), newKeysCommand(getenv))
	root.AddCommand(newClientCommands(getenv)...)
	return root
}

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The real clients, run as child processes with a small environment of
// their own, so that nothing of the machine's AWS or Node.js setup leaks
// in. Debian's aws and python3 are used by absolute path: another aws or
// python3 on PATH is not the one ./scripts/test installs.
const (
	awsCLI  = "/usr/bin/aws"
	python3 = "/usr/bin/python3"

	nodeTimeout   = 2 * time.Minute
	awsTimeout    = time.Minute
	pythonTimeout = 2 * time.Minute
)

// Credentials the AWS clients find in their environment. They are not the
// credentials of any IAM user of the test configurations: operations that
// must be signed pass their own (runAWS's and runPython's env).
const (
	fakeAccessKeyID     = "AKIAE2EFAKEKEY000000"
	fakeSecretAccessKey = "e2e/fake/secret/access/key/not/used/000"
)

// clientEnv is the environment of every client: PATH, a HOME of the test's
// own, empty AWS config and credentials files, fake credentials, the
// region, and extra (which overrides).
func clientEnv(t *testing.T, extra map[string]string) []string {
	t.Helper()
	home := t.TempDir()
	config := filepath.Join(home, "aws-config")
	credentials := filepath.Join(home, "aws-credentials")
	for _, f := range []string{config, credentials} {
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{
		"PATH":                        "/usr/local/bin:/usr/bin:/bin",
		"HOME":                        home,
		"LANG":                        "C.UTF-8",
		"AWS_CONFIG_FILE":             config,
		"AWS_SHARED_CREDENTIALS_FILE": credentials,
		"AWS_ACCESS_KEY_ID":           fakeAccessKeyID,
		"AWS_SECRET_ACCESS_KEY":       fakeSecretAccessKey,
		"AWS_DEFAULT_REGION":          "us-east-1",
		"AWS_REGION":                  "us-east-1",
		"AWS_PAGER":                   "",
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CLI_AUTO_PROMPT":         "off",
		"PYTHONDONTWRITEBYTECODE":     "1",
		"NO_COLOR":                    "1",
	}
	for k, v := range extra {
		env[k] = v
	}
	list := make([]string, 0, len(env))
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	sort.Strings(list)
	return list
}

// requireTool fails the test when an end-to-end client is not installed.
func requireTool(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath(path); err != nil {
		t.Fatalf("%s is needed by the end-to-end tests (see ./scripts/test): %v", path, err)
	}
}

// result is what a client process did.
type result struct {
	Stdout, Stderr string
	ExitCode       int
}

// runClient runs name with args in dir, with env, for at most timeout. It
// fails the test only if the process cannot run or times out; the exit
// code is the caller's to judge.
func runClient(t *testing.T, timeout time.Duration, dir string, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{Stdout: stdout.String(), Stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s %s: no answer within %s\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), timeout, res.Stdout, res.Stderr)
	case errors.As(err, &exit):
		res.ExitCode = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return res
}

// endpointEnv is the environment every Node and Python test file reads:
// GATEHOUSE_ENDPOINT, the server's base URL, and vars.
func endpointEnv(g *gatehouse, vars map[string]string) map[string]string {
	env := map[string]string{"GATEHOUSE_ENDPOINT": g.URL}
	for k, v := range vars {
		env[k] = v
	}
	return env
}

// runNode runs the Node.js test file node/<file> with Node's test runner
// against g, with vars in its environment (see demoVars), and fails the
// test with Node's output unless every test of the file ran and passed.
func runNode(t *testing.T, g *gatehouse, file string, vars map[string]string) {
	t.Helper()
	requireTool(t, "node")
	dir, err := filepath.Abs("node")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "amazon-cognito-identity-js")); err != nil {
		t.Fatalf("e2e/node/node_modules lacks amazon-cognito-identity-js: run ./scripts/test (it runs npm ci): %v", err)
	}
	res := runClient(t, nodeTimeout, dir, clientEnv(t, endpointEnv(g, vars)),
		"node", "--test", "--test-reporter=tap", file)
	out := res.Stdout + res.Stderr
	pass, fail := tapCount(out, "pass"), tapCount(out, "fail")
	if res.ExitCode != 0 || fail != 0 || pass < 1 {
		t.Fatalf("node --test %s: exit %d, %d passed, %d failed:\n%s", file, res.ExitCode, pass, fail, out)
	}
	t.Logf("node --test %s: %d passed", file, pass)
}

// tapCount reads the "# pass N" or "# fail N" summary line of TAP output,
// or returns -1 if there is none.
func tapCount(out, name string) int {
	m := regexp.MustCompile(`(?m)^# ` + name + ` (\d+)$`).FindStringSubmatch(out)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// runPython runs the unittest module python/<module>.py with Debian's
// python3 (and so Debian's boto3) against g, with vars in its environment,
// and fails the test with the output unless every test ran and passed.
func runPython(t *testing.T, g *gatehouse, module string, vars map[string]string) {
	t.Helper()
	requireTool(t, python3)
	dir, err := filepath.Abs("python")
	if err != nil {
		t.Fatal(err)
	}
	res := runClient(t, pythonTimeout, dir, clientEnv(t, endpointEnv(g, vars)),
		python3, "-m", "unittest", "-v", module)
	out := res.Stdout + res.Stderr
	ran := regexp.MustCompile(`(?m)^Ran (\d+) tests? in `).FindStringSubmatch(out)
	if res.ExitCode != 0 || ran == nil || ran[1] == "0" || !regexp.MustCompile(`(?m)^OK$`).MatchString(out) {
		t.Fatalf("python3 -m unittest %s: exit %d:\n%s", module, res.ExitCode, out)
	}
	t.Logf("python3 -m unittest %s: %s tests passed", module, ran[1])
}

// runAWS runs Debian's AWS CLI against g: `aws <args> --endpoint-url
// g.URL --region us-east-1 --output json`, with extra in the environment
// (for instance the keys of an IAM user to sign with). Callers add
// --no-sign-request for Cognito's public operations.
func runAWS(t *testing.T, g *gatehouse, extra map[string]string, args ...string) result {
	t.Helper()
	requireTool(t, awsCLI)
	args = append(args, "--endpoint-url", g.URL, "--region", "us-east-1", "--output", "json")
	return runClient(t, awsTimeout, t.TempDir(), clientEnv(t, extra), awsCLI, args...)
}

// awsJSON runs the AWS CLI like runAWS, fails the test unless it exits 0,
// and decodes its JSON output into out.
func awsJSON(t *testing.T, g *gatehouse, extra map[string]string, out any, args ...string) {
	t.Helper()
	res := runAWS(t, g, extra, args...)
	if res.ExitCode != 0 {
		t.Fatalf("aws %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), res.ExitCode, res.Stdout, res.Stderr)
	}
	if out == nil {
		return
	}
	if err := json.Unmarshal([]byte(res.Stdout), out); err != nil {
		t.Fatalf("aws %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, res.Stdout)
	}
}

// awsServiceErrorExit is the AWS CLI's exit status for an error the
// service answered: 254 in version 2, 255 in version 1.
func awsServiceErrorExit(t *testing.T) int {
	t.Helper()
	code, err := awsCLIErrorExit()
	if err != nil {
		t.Fatal(err)
	}
	return code
}

var awsCLIErrorExit = sync.OnceValues(func() (int, error) {
	cmd := exec.Command(awsCLI, "--version")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
	out, err := cmd.CombinedOutput()
	version := strings.TrimSpace(string(out))
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s --version: %v: %s", awsCLI, err, version)
	case strings.HasPrefix(version, "aws-cli/2."):
		return 254, nil
	case strings.HasPrefix(version, "aws-cli/1."):
		return 255, nil
	}
	return 0, fmt.Errorf("%s --version printed %q", awsCLI, version)
})

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the gatehouse binary, so the tests
// below run the real command in a child process.
func TestMain(m *testing.M) {
	if os.Getenv("GATEHOUSE_TEST_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv))
	}
	os.Exit(m.Run())
}

// gatehouse returns a command running the gatehouse CLI with args.
func gatehouse(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "GATEHOUSE_TEST_RUN_MAIN=1")
	return cmd
}

func TestVersion(t *testing.T) {
	out, err := gatehouse(t, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("version: %v: %s", err, out)
	}
	if !strings.HasPrefix(string(out), "gatehouse ") || !strings.Contains(string(out), "go1.") {
		t.Fatalf("version printed %q", out)
	}
}

// startServe starts `gatehouse serve` on a free port and returns the base URL
// read from its start-up log line.
func startServe(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	cmd, rec, _ := startListening(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json"}, args...)...)
	return cmd, rec["url"].(string)
}

// startListening starts the gatehouse command with args (a serve command)
// and extra environment, waits for its "gatehouse listening" log record,
// and returns the process, that record and the log up to it. The process
// is killed when the test ends.
func startListening(t *testing.T, env []string, args ...string) (*exec.Cmd, map[string]any, string) {
	t.Helper()
	cmd := gatehouse(t, args...)
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	type result struct {
		rec map[string]any
		log string
	}
	done := make(chan result, 1)
	go func() {
		var log strings.Builder
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			var rec map[string]any
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec["msg"] == "gatehouse listening" {
				done <- result{rec, log.String()}
				io.Copy(io.Discard, stderr)
				return
			}
		}
		done <- result{nil, log.String()}
	}()
	select {
	case r := <-done:
		if r.rec == nil {
			t.Fatalf("serve exited before listening:\n%s", r.log)
		}
		return cmd, r.rec, r.log
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start in 60 s")
	}
	return nil, nil, ""
}

func TestServeDemoAnswersHealthAndStopsOnSIGTERM(t *testing.T) {
	cmd, base := startServe(t)
	res, err := http.Get(base + "/_gatehouse/health")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body) != `{"status":"ok"}` {
		t.Fatalf("health = %d %s", res.StatusCode, body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(cmd, 15*time.Second); err != nil {
		t.Fatalf("after SIGTERM: %v", err)
	}
}

// An in-flight request finishes after SIGINT: the server drains before exiting.
func TestServeDrainsInFlightRequests(t *testing.T) {
	cmd, base := startServe(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	// Send the headers and half the body: the handler is now reading it.
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no response: %v", err)
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 403 || !strings.Contains(string(b), "<Code>MissingAuthenticationToken</Code>") {
		t.Fatalf("in-flight response = %d %s", res.StatusCode, b)
	}
	if err := waitExit(cmd, 15*time.Second); err != nil {
		t.Fatalf("after SIGINT: %v", err)
	}
}

func TestServeBadConfigExits2(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	cfg := "region: us-east-1\naccount_id: \"123\"\ncolour: blue\n"
	if err := os.WriteFile(bad, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := gatehouse(t, "serve", "--config", bad, "--data", filepath.Join(dir, "data"), "--addr", "127.0.0.1:0")
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 {
		t.Fatalf("exit = %v, want status 2; output:\n%s", err, out)
	}
	for _, want := range []string{"account_id: ", "colour: unknown field"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("a bad config created the data directory (stat: %v)", err)
	}
}

func TestServeBadFlags(t *testing.T) {
	out, err := gatehouse(t, "serve", "--log-format", "xml").CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "--log-format") {
		t.Fatalf("exit = %v; output:\n%s", err, out)
	}
}

func waitExit(cmd *exec.Cmd, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return fmt.Errorf("did not exit within %s", d)
	}
}

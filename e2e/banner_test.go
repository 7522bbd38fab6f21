package e2e

import (
	"bufio"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBannerCommands starts `gatehouse serve` as a new user does (the demo,
// text logs), reads the commands of its start-up banner, and runs each in
// bash as a user pasting it would: the curl gets the gateway's 403, the
// AWS CLI signs in, and `gatehouse invoke` calls the AWS_IAM route signed.
func TestBannerCommands(t *testing.T) {
	requireE2E(t)
	requireTool(t, "/usr/bin/aws")
	requireTool(t, "/usr/bin/curl")
	cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data"))
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("gatehouse exited with %v after SIGTERM", err)
			}
		case <-time.After(stopTimeout):
			_ = cmd.Process.Kill()
			t.Errorf("gatehouse did not exit within %s of SIGTERM", stopTimeout)
		}
	})

	// The banner ends with an empty line after the "Try it:" commands.
	lines := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		var banner []string
		inTry := false
		for sc.Scan() {
			line := sc.Text()
			if line == "Try it:" {
				inTry = true
				continue
			}
			if inTry && line == "" {
				lines <- banner
				for sc.Scan() {
				}
				return
			}
			if inTry {
				banner = append(banner, line)
			}
		}
		close(lines)
	}()
	var try []string
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatal("gatehouse exited before printing its banner")
		}
		try = l
	case <-time.After(startTimeout):
		t.Fatal("no banner within the start timeout")
	}

	commands := map[string]string{}
	for _, line := range try {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, " ")
		if name == "gatehouse" || name == "go" {
			name = "gatehouse"
		}
		commands[name] = line
	}
	for _, name := range []string{"curl", "gatehouse", "aws"} {
		if commands[name] == "" {
			t.Fatalf("the banner has no %s command:\n%s", name, strings.Join(try, "\n"))
		}
	}
	env := clientEnv(t, map[string]string{"PATH": filepath.Dir(binary) + ":/usr/bin:/bin"})
	// Without credentials, as a new user has none.
	var noKeys []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AWS_ACCESS_KEY_ID=") && !strings.HasPrefix(kv, "AWS_SECRET_ACCESS_KEY=") {
			noKeys = append(noKeys, kv)
		}
	}
	run := func(line string) result {
		return runClient(t, 60*time.Second, t.TempDir(), noKeys, "/bin/bash", "-c", line)
	}

	res := run(commands["curl"])
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "HTTP/1.1 403 Forbidden") ||
		!strings.Contains(res.Stdout, `{"message":"Missing Authentication Token"}`) {
		t.Errorf("%s\nexit %d\n%s%s", commands["curl"], res.ExitCode, res.Stdout, res.Stderr)
	}
	res = run(commands["aws"])
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, `"IdToken"`) {
		t.Errorf("%s\nexit %d\n%s%s", commands["aws"], res.ExitCode, res.Stdout, res.Stderr)
	}
	// The banner names the binary "gatehouse" (it is not a go run build).
	res = run(commands["gatehouse"])
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, `"status": 200`) {
		t.Errorf("%s\nexit %d\n%s%s", commands["gatehouse"], res.ExitCode, res.Stdout, res.Stderr)
	}
}

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 15 * time.Second
)

// gatehouse is a started `gatehouse serve` process.
type gatehouse struct {
	// URL is the base URL every client takes as its endpoint, such as
	// http://127.0.0.1:41234.
	URL string

	cmd      *exec.Cmd
	logs     *lockedBuffer
	exit     chan error // receives the process's exit once
	stopOnce sync.Once
}

// startGatehouse starts the binary built by TestMain with a fresh data
// directory, on a free loopback port, and waits until it is healthy. config
// is a file in testdata/, or "" for the built-in demo. The server is stopped
// with SIGTERM when the test ends (or by Stop), and must then exit 0; its
// log is printed if the test failed.
func startGatehouse(t *testing.T, config string) *gatehouse {
	t.Helper()
	requireE2E(t)
	return startGatehouseWithData(t, config, filepath.Join(t.TempDir(), "data"))
}

// startGatehouseWithData is startGatehouse with the data directory given,
// so that a test can restart a server on the same data.
func startGatehouseWithData(t *testing.T, config, data string) *gatehouse {
	t.Helper()
	requireE2E(t)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json"}
	if config != "" {
		path, err := filepath.Abs(filepath.Join("testdata", config))
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, "--config", path)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start gatehouse: %v", err)
	}
	g := &gatehouse{cmd: cmd, logs: &lockedBuffer{}, exit: make(chan error, 1)}
	urlc := make(chan string, 1)
	go g.readLog(stderr, urlc)
	t.Cleanup(func() {
		g.Stop(t)
		if t.Failed() {
			t.Logf("log of gatehouse %s:\n%s", strings.Join(args, " "), g.logs)
		}
	})

	select {
	case u, ok := <-urlc:
		if !ok {
			t.Fatalf("gatehouse serve exited before listening:\n%s", g.logs)
		}
		g.URL = u
	case <-time.After(startTimeout):
		t.Fatalf("gatehouse serve did not log %q within %s:\n%s", "gatehouse listening", startTimeout, g.logs)
	}
	g.waitHealthy(t)
	return g
}

// readLog copies the server's log into g.logs and sends the URL of the
// "gatehouse listening" line to urlc, which it closes at end of file; then
// it waits for the process.
func (g *gatehouse) readLog(r io.Reader, urlc chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	sent := false
	for sc.Scan() {
		line := sc.Bytes()
		g.logs.Write(append(line, '\n'))
		var rec struct {
			Msg string `json:"msg"`
			URL string `json:"url"`
		}
		if !sent && json.Unmarshal(line, &rec) == nil && rec.Msg == "gatehouse listening" && rec.URL != "" {
			urlc <- rec.URL
			sent = true
		}
	}
	_, _ = io.Copy(g.logs, r)
	if !sent {
		close(urlc)
	}
	g.exit <- g.cmd.Wait()
}

func (g *gatehouse) waitHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for {
		res, err := http.Get(g.URL + "/_gatehouse/health")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && string(body) == `{"status":"ok"}` {
				return
			}
			err = errors.New(res.Status + " " + string(body))
		}
		if time.Now().After(deadline) {
			t.Fatalf("gatehouse at %s not healthy within %s: %v\n%s", g.URL, startTimeout, err, g.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop sends SIGTERM and expects a clean exit; only the first call does.
func (g *gatehouse) Stop(t *testing.T) {
	g.stopOnce.Do(func() { g.stop(t) })
}

func (g *gatehouse) stop(t *testing.T) {
	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		t.Errorf("SIGTERM gatehouse: %v", err)
	}
	select {
	case err := <-g.exit:
		if err != nil {
			t.Errorf("gatehouse exited with %v after SIGTERM", err)
		}
	case <-time.After(stopTimeout):
		_ = g.cmd.Process.Kill()
		t.Errorf("gatehouse did not exit within %s of SIGTERM", stopTimeout)
		<-g.exit
	}
}

// lockedBuffer is a bytes.Buffer safe for one writer and concurrent
// readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimRight(b.buf.String(), "\n")
}

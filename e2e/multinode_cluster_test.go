package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/gatehouse-dev/gatehouse/examples/notes"
)

// postgresVar names a PostgreSQL DSN (scripts/test starts a throwaway
// server and sets it) of a database where the tests may CREATE DATABASE.
const postgresVar = "GATEHOUSE_TEST_POSTGRES"

// The demo's identity pool and notes API (config/demo.yaml, and
// testdata/multinode.yaml).
const (
	demoRegion   = "us-east-1"
	demoProvider = "cognito-idp.us-east-1.amazonaws.com/" + demoPoolID
	notesPath    = "/restapis/notesapi01/prod/_user_request_/notes"
)

// keyReloadInterval is how often the nodes of the tests poll the store for
// a key ring rotated elsewhere (GATEHOUSE_KEY_RELOAD_INTERVAL); the product
// promises 30 s with its default.
const keyReloadInterval = "1s"

// node is one `gatehouse serve` process of a cluster.
type node struct {
	*gatehouse
	Name string
	Data string

	mu     sync.Mutex
	killed bool
}

// Kill ends the node with SIGKILL: no drain, no clean close of the store.
func (n *node) Kill(t *testing.T) {
	t.Helper()
	n.mu.Lock()
	n.killed = true
	n.mu.Unlock()
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL node %s: %v", n.Name, err)
	}
	select {
	case <-n.exit:
	case <-time.After(stopTimeout):
		t.Fatalf("node %s still running %s after SIGKILL", n.Name, stopTimeout)
	}
}

// cluster is several nodes on one store, one master key and one
// configuration, as behind a load balancer.
type cluster struct {
	Nodes     []*node
	Store     string // the --store DSN
	Config    string // absolute path of the configuration
	MasterKey string // GATEHOUSE_MASTER_KEY
	// Function is the notes function's Lambda invoke server.
	Function *httptest.Server
}

// startCluster starts n nodes named A, B, C, ... on a fresh PostgreSQL
// database, with the configuration testdata/multinode.yaml whose notes
// function runs once, in the test, for all of them.
func startCluster(t *testing.T, n int) *cluster {
	t.Helper()
	requireE2E(t)
	c := &cluster{Store: freshPostgresDatabase(t), MasterKey: newMasterKey(t)}
	c.Function = startNotesFunction(t)
	cfg, err := filepath.Abs(filepath.Join("testdata", "multinode.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c.Config = cfg
	// The first node migrates the fresh database alone; the others start
	// together on the migrated schema.
	first := c.startNode(t, "A")
	if first == nil {
		t.FailNow() // startNode reported why
	}
	c.Nodes = append(c.Nodes, first)
	var wg sync.WaitGroup
	others := make([]*node, n-1)
	for i := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			others[i] = c.startNode(t, string(rune('B'+i)))
		}()
	}
	wg.Wait()
	for _, o := range others {
		if o == nil {
			t.FailNow() // startNode reported why
		}
		c.Nodes = append(c.Nodes, o)
	}
	return c
}

// env is the environment of the cluster's processes.
func (c *cluster) env(t *testing.T) []string {
	return []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(),
		"GATEHOUSE_MASTER_KEY=" + c.MasterKey,
		"GATEHOUSE_KEY_RELOAD_INTERVAL=" + keyReloadInterval,
		"NOTES_FUNCTION_URL=" + c.Function.URL + rieInvocationsPath}
}

// startNode starts one more node with its own data directory. It may run
// on another goroutine than the test's: it reports failures with Errorf
// and returns nil.
func (c *cluster) startNode(t *testing.T, name string) *node {
	data := filepath.Join(t.TempDir(), "data-"+name)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json",
		"--config", c.Config, "--store", c.Store}
	cmd := exec.Command(binary, args...)
	cmd.Env = c.env(t)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Error(err)
		return nil
	}
	if err := cmd.Start(); err != nil {
		t.Errorf("start node %s: %v", name, err)
		return nil
	}
	n := &node{gatehouse: &gatehouse{cmd: cmd, logs: &lockedBuffer{}, exit: make(chan error, 1)}, Name: name, Data: data}
	urlc := make(chan string, 1)
	go n.readLog(stderr, urlc)
	t.Cleanup(func() {
		n.mu.Lock()
		killed := n.killed
		n.mu.Unlock()
		if !killed {
			n.Stop(t)
		}
		if t.Failed() {
			t.Logf("log of node %s (gatehouse %s):\n%s", name, c.redact(strings.Join(args, " ")), n.logs)
		}
	})
	select {
	case u, ok := <-urlc:
		if !ok {
			t.Errorf("node %s exited before listening:\n%s", name, n.logs)
			return nil
		}
		n.URL = u
	case <-time.After(startTimeout):
		t.Errorf("node %s did not log %q within %s:\n%s", name, "gatehouse listening", startTimeout, n.logs)
		return nil
	}
	if err := nodeHealthy(n.URL); err != nil {
		t.Errorf("node %s: %v\n%s", name, err, n.logs)
		return nil
	}
	return n
}

// nodeHealthy waits until base's health check answers ok.
func nodeHealthy(base string) error {
	deadline := time.Now().Add(startTimeout)
	for {
		res, err := http.Get(base + "/_gatehouse/health")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && string(body) == `{"status":"ok"}` {
				return nil
			}
			err = errors.New(res.Status + " " + string(body))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not healthy within %s: %v", startTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// gatehouseCommand runs another gatehouse command (such as `keys rotate`)
// with the cluster's environment, and returns its stdout.
func (c *cluster) gatehouseCommand(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = c.env(t)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("gatehouse %s: %v\nstdout:\n%s\nstderr:\n%s", c.redact(strings.Join(args, " ")), err, &stdout, &stderr)
	}
	return stdout.String()
}

// redact hides the password of the store's DSN in s, for the test log.
func (c *cluster) redact(s string) string {
	u, err := url.Parse(c.Store)
	if err != nil {
		return strings.ReplaceAll(s, c.Store, "(the store)")
	}
	return strings.ReplaceAll(s, c.Store, u.Redacted())
}

// newMasterKey returns 32 random bytes in standard base64, as
// `head -c32 /dev/urandom | base64` makes GATEHOUSE_MASTER_KEY.
func newMasterKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// freshPostgresDatabase creates a database of its own for the test on the
// server of GATEHOUSE_TEST_POSTGRES, drops it when the test ends (after its
// nodes have stopped), and returns its DSN. Without the variable the test
// is skipped.
func freshPostgresDatabase(t *testing.T) string {
	t.Helper()
	admin := os.Getenv(postgresVar)
	if admin == "" {
		t.Skipf("several-node test: needs PostgreSQL; set %s to the DSN of a database where it may CREATE DATABASE (./scripts/test starts one)", postgresVar)
	}
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s is not a postgres:// URL", postgresVar)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "gatehouse_multinode_" + hex.EncodeToString(b[:])
	psql(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { psql(t, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u.Path = "/" + name
	return u.String()
}

// psql runs one SQL statement with psql against dsn.
func psql(t *testing.T, dsn, statement string) {
	t.Helper()
	path, err := exec.LookPath("psql")
	if err != nil {
		t.Fatalf("psql (PostgreSQL's client) not found: %v", err)
	}
	out, err := exec.Command(path, "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-q", "-d", dsn, "-c", statement).CombinedOutput()
	if err != nil {
		t.Fatalf("psql -c %q: %v\n%s", statement, err, out)
	}
}

// rieInvocationsPath is the invoke path of the Lambda Runtime Interface
// Emulator, which the gateway's lambda integration posts events to.
const rieInvocationsPath = "/2015-03-31/functions/function/invocations"

// startNotesFunction serves the demo's notes function (examples/notes, one
// SQLite file) over the Lambda invoke protocol, for every node to call.
func startNotesFunction(t *testing.T) *httptest.Server {
	t.Helper()
	fn, err := notes.Open(notes.Options{Path: filepath.Join(t.TempDir(), "notes.db")})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != rieInvocationsPath {
			http.NotFound(w, r)
			return
		}
		var ev events.APIGatewayProxyRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, 10<<20)).Decode(&ev); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		res, err := fn.Handler(r.Context(), ev)
		if err != nil {
			// The emulator's answer to a function error.
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			_ = json.NewEncoder(w).Encode(map[string]string{"errorMessage": err.Error(), "errorType": "error"})
			return
		}
		_ = json.NewEncoder(w).Encode(res)
	}))
	t.Cleanup(func() {
		srv.Close()
		fn.Close()
	})
	return srv
}

// nodeClients are the AWS service clients of one node: each request goes
// to that node only, and is tried once (no retries to hide a failure).
type nodeClients struct {
	IDP      *cip.Client
	Identity *cognitoidentity.Client
	HTTP     *http.Client
	URL      string
}

func newNodeClients(base string) *nodeClients {
	hc := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
	}}
	cfg := aws.Config{Region: demoRegion, Credentials: aws.AnonymousCredentials{}, HTTPClient: hc,
		RetryMaxAttempts: 1}
	return &nodeClients{
		IDP: cip.NewFromConfig(cfg, func(o *cip.Options) { o.BaseEndpoint = aws.String(base) }),
		Identity: cognitoidentity.NewFromConfig(cfg, func(o *cognitoidentity.Options) {
			o.BaseEndpoint = aws.String(base)
		}),
		HTTP: hc,
		URL:  base,
	}
}

// signedRequest sends a request to the node's gateway signed with SigV4
// for execute-api with creds, and returns the status and body.
func (nc *nodeClients) signedRequest(ctx context.Context, creds aws.Credentials, method, path string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, nc.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "execute-api", demoRegion, time.Now()); err != nil {
		return 0, nil, err
	}
	res, err := nc.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return res.StatusCode, b, err
}

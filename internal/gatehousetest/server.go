package gatehousetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/examples/notes"
	"github.com/gatehouse-dev/gatehouse/gateway"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/server"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// Region is the region of the servers' SDK clients.
const Region = "us-east-1"

// Options configure a test server.
type Options struct {
	// Config is the server's configuration (required).
	Config *config.Config
	// Now is the clock of the key ring and the server; time.Now for the
	// ring and the server's default when nil.
	Now func() time.Time
	// Random is the random source of the key ring; crypto/rand when nil.
	Random io.Reader
	// MasterKey is the master key's bytes; when nil, a master key is
	// generated in the server's temporary data directory.
	MasterKey []byte
	// Logger is the server's logger; the server's default when nil.
	Logger *slog.Logger
	// Outbox sends messages to the log (Logger) and to an outbox served at
	// /_gatehouse/outbox, then to ExtraSink when not nil; without it the
	// server's default sink has them.
	Outbox    bool
	ExtraSink messaging.Sink
	// Functions are the gateway's in-process Lambda functions.
	Functions gateway.Functions
	// DataDir holds the store and, without MasterKey, the master key;
	// t.TempDir() when empty. Servers started on one DataDir share the
	// store and the key ring, as nodes of one deployment do.
	DataDir string
}

// Server is a running test server: the httptest server with its store,
// key ring and configuration.
type Server struct {
	*httptest.Server
	Store  *sqlite.Store
	Ring   *keys.Ring
	Config *config.Config
}

// Start starts a Gatehouse server with a SQLite store in t.TempDir(), closed
// with the test.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	dir := o.DataDir
	if dir == "" {
		dir = t.TempDir()
	}
	st, err := sqlite.Open(filepath.Join(dir, "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var mk keys.MasterKey
	if o.MasterKey != nil {
		mk, err = keys.NewMasterKey(o.MasterKey)
	} else {
		mk, err = keys.LoadMasterKey(dir, func(string) (string, bool) { return "", false })
	}
	if err != nil {
		t.Fatal(err)
	}
	ringNow, random := o.Now, o.Random
	if ringNow == nil {
		ringNow = time.Now
	}
	if random == nil {
		random = rand.Reader
	}
	ring, err := keys.Open(context.Background(), st, mk, ringNow, random)
	if err != nil {
		t.Fatal(err)
	}
	opts := server.Options{Config: o.Config, Store: st, Ring: ring, Now: o.Now, Logger: o.Logger, Functions: o.Functions}
	if o.Outbox {
		outbox := messaging.Outbox{Store: st, Now: o.Now}
		sink := messaging.Multi{messaging.Log{Logger: o.Logger}, outbox}
		if o.ExtraSink != nil {
			sink = append(sink, o.ExtraSink)
		}
		opts.Sink, opts.Outbox = sink, outbox
	}
	srv, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Server{Server: ts, Store: st, Ring: ring, Config: o.Config}
}

// NotesFunctions opens the demo's notes function on a database in
// t.TempDir(), closed with the test, as the function "notes".
func NotesFunctions(t testing.TB) gateway.Functions {
	t.Helper()
	fn, err := notes.Open(notes.Options{Path: filepath.Join(t.TempDir(), "notes.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fn.Close() })
	return gateway.Functions{"notes": fn.Handler}
}

// HTTPClient is a client of the server whose transport keeps up to
// maxIdlePerHost idle connections, for parallel clients.
func (s *Server) HTTPClient(maxIdlePerHost int) *http.Client {
	tr := s.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = maxIdlePerHost
	return &http.Client{Transport: tr}
}

// UserPoolClient is an unsigned SDK client of the server's user pools,
// without retries.
func (s *Server) UserPoolClient(hc *http.Client) *cip.Client {
	return cip.New(cip.Options{Region: Region, BaseEndpoint: aws.String(s.URL),
		Credentials: aws.AnonymousCredentials{}, HTTPClient: hc, RetryMaxAttempts: 1})
}

// IdentityClient is an SDK client of the server's identity pools with
// credentials (unsigned when nil), without retries.
func (s *Server) IdentityClient(hc *http.Client, c aws.CredentialsProvider) *ci.Client {
	if c == nil {
		c = aws.AnonymousCredentials{}
	}
	return ci.New(ci.Options{Region: Region, BaseEndpoint: aws.String(s.URL),
		Credentials: c, HTTPClient: hc, RetryMaxAttempts: 1})
}

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock at the real time truncated to the second, so
// that independent verifiers' default checks agree.
func NewClock() *Clock { return &Clock{now: time.Now().Truncate(time.Second)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// SyncBuffer is a log sink safe for the concurrent writes of a server.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ParseConfig parses a test configuration, failing the test on error.
func ParseConfig(t testing.TB, yaml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(yaml), nil)
	if err != nil {
		t.Fatalf("test config: %v", err)
	}
	return cfg
}

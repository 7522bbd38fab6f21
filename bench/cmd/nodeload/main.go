// Command nodeload loads one or several Gatehouse nodes running the
// built-in demo configuration, spreading the requests over them round
// robin as a load balancer without sticky sessions would, and prints the
// rate of each case:
//
//	srp       sign-ins/s with USER_SRP_AUTH: InitiateAuth on one node,
//	          RespondToAuthChallenge on the next, the client's SRP math
//	          (internal/srp) in between;
//	password  sign-ins/s with USER_PASSWORD_AUTH;
//	gateway   req/s of GET /echo/bench of the notes API, an AWS_IAM route
//	          (mock_echo), each request signed anew with SigV4 with identity
//	          pool credentials fetched over HTTP before the load.
//
// Only complete successes count. With -counts the same cases run with the
// load on the first one, two, ... of the nodes (the others idle), the
// numbers of nodes alternating round by round. bench/nodes runs it against
// three nodes on one PostgreSQL; see bench/README.md.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/srp"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// The built-in demo (config/demo.yaml).
const (
	region         = "us-east-1"
	userPoolID     = "us-east-1_NotesDemo"
	clientID       = "gatehousenotesdemoclient01"
	identityPoolID = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	provider       = "cognito-idp.us-east-1.amazonaws.com/" + userPoolID
	username       = "demo@example.com"
	password       = "Passw0rd!"
	gatewayPath    = "/restapis/notesapi01/prod/_user_request_/echo/bench"
)

func main() {
	var (
		nodes    = flag.String("nodes", "http://127.0.0.1:18190", "comma-separated base URLs of the nodes")
		counts   = flag.String("counts", "", "comma-separated numbers of nodes to spread the load over, the first of -nodes (default: all of them)")
		conns    = flag.Int("c", 16, "concurrent clients, spread over the nodes")
		duration = flag.Duration("d", 8*time.Second, "measured time per case and number of nodes, split over the rounds")
		rounds   = flag.Int("rounds", 4, "alternations of the numbers of nodes within each case, so that drift of a shared machine affects them alike")
		warmup   = flag.Duration("warmup", time.Second, "unmeasured load before each case's first measurement with each number of nodes")
		cases    = flag.String("cases", "srp,password,gateway", "cases to run, comma-separated: srp, password, gateway")
		tsv      = flag.Bool("tsv", false, "print case, number of nodes, rate, successes and failures separated by tabs, one a line")
	)
	flag.Parse()
	urls := strings.Split(*nodes, ",")
	ks, err := parseCounts(*counts, len(urls))
	if err != nil || *rounds < 1 || *conns < 1 {
		fmt.Fprintln(os.Stderr, "nodeload: -counts, -rounds or -c:", err)
		os.Exit(2)
	}
	lg := newLoad(urls, *conns)
	if !*tsv {
		fmt.Printf("nodeload: %d clients, %v per case and number of nodes in %d rounds, %d CPUs shared by the load generator, the nodes and the database\n",
			*conns, *duration, *rounds, runtime.NumCPU())
	}
	ctx := context.Background()
	for _, c := range strings.Split(*cases, ",") {
		op, err := lg.operation(ctx, c)
		if err != nil {
			fmt.Fprintln(os.Stderr, "nodeload:", err)
			os.Exit(1)
		}
		type total struct {
			ok, failed int64
			elapsed    time.Duration
			firstErr   error
		}
		totals := make([]total, len(ks))
		for r := range *rounds {
			for i, k := range ks {
				lg.active.Store(int64(k))
				if r == 0 {
					lg.run(ctx, op, *warmup)
				}
				ok, failed, elapsed, firstErr := lg.run(ctx, op, *duration/time.Duration(*rounds))
				t := &totals[i]
				t.ok, t.failed, t.elapsed = t.ok+ok, t.failed+failed, t.elapsed+elapsed
				if t.firstErr == nil {
					t.firstErr = firstErr
				}
			}
		}
		for i, k := range ks {
			t := totals[i]
			rate := float64(t.ok) / t.elapsed.Seconds()
			if *tsv {
				fmt.Printf("%s\t%d\t%.0f\t%d\t%d\n", c, k, rate, t.ok, t.failed)
			} else {
				fmt.Printf("%-10s %d node(s) %10.0f /s %8d ok %6d failed\n", c, k, rate, t.ok, t.failed)
			}
			if t.firstErr != nil {
				fmt.Fprintf(os.Stderr, "nodeload: %s on %d node(s): %d failed, the first: %v\n", c, k, t.failed, t.firstErr)
			}
		}
	}
}

// parseCounts reads -counts: numbers of nodes from 1 to n.
func parseCounts(s string, n int) ([]int, error) {
	if s == "" {
		return []int{n}, nil
	}
	var ks []int
	for _, f := range strings.Split(s, ",") {
		k, err := strconv.Atoi(f)
		if err != nil || k < 1 || k > n {
			return nil, fmt.Errorf("%q is not a number of nodes from 1 to %d", f, n)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// load spreads requests over the nodes round robin.
type load struct {
	nodes  []string
	conns  int
	client *http.Client
	next   atomic.Uint64
	// active is how many of nodes, the first, take the load.
	active atomic.Int64
}

func newLoad(nodes []string, conns int) *load {
	tr := &http.Transport{
		MaxIdleConns:        conns * len(nodes),
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
	}
	l := &load{nodes: nodes, conns: conns, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
	l.active.Store(int64(len(nodes)))
	return l
}

// node returns the base URL of the next active node.
func (l *load) node() string {
	return l.nodes[l.next.Add(1)%uint64(l.active.Load())]
}

// run runs op on every client for d and counts the successes.
func (l *load) run(ctx context.Context, op func(context.Context) error, d time.Duration) (ok, failed int64, elapsed time.Duration, firstErr error) {
	var (
		wg       sync.WaitGroup
		okN, bad atomic.Int64
		once     sync.Once
	)
	start := time.Now()
	deadline := start.Add(d)
	for range l.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if err := op(ctx); err != nil {
					bad.Add(1)
					once.Do(func() { firstErr = err })
					continue
				}
				okN.Add(1)
			}
		}()
	}
	wg.Wait()
	return okN.Load(), bad.Load(), time.Since(start), firstErr
}

// operation returns the operation of a case.
func (l *load) operation(ctx context.Context, name string) (func(context.Context) error, error) {
	switch name {
	case "srp":
		return l.srpSignIn, nil
	case "password":
		return func(ctx context.Context) error {
			_, err := l.passwordSignIn(ctx, l.node())
			return err
		}, nil
	case "gateway":
		creds, err := l.credentials(ctx)
		if err != nil {
			return nil, fmt.Errorf("credentials from the identity pool: %w", err)
		}
		keys := sigv4.NewKeyCache(16)
		return func(ctx context.Context) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.node()+gatewayPath, nil)
			if err != nil {
				return err
			}
			if err := sigv4.Sign(req, creds, emptySHA256, "execute-api", region, time.Now(),
				sigv4.WithSigningKeyCache(keys)); err != nil {
				return err
			}
			_, err = l.do(req)
			return err
		}, nil
	}
	return nil, fmt.Errorf("-cases: %q is not one of srp, password, gateway", name)
}

// cognito posts one request of the Cognito JSON protocol to base and
// decodes the answer into out.
func (l *load) cognito(ctx context.Context, base, target string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", target)
	b, err := l.do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	return json.Unmarshal(b, out)
}

// do sends req and returns the body of a 2xx answer.
func (l *load) do(req *http.Request) ([]byte, error) {
	res, err := l.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s: %s", res.Status, bytes.TrimSpace(b))
	}
	return b, nil
}

type authResult struct {
	ChallengeName        string
	ChallengeParameters  map[string]string
	Session              string
	AuthenticationResult *struct {
		IdToken string
	}
}

const idp = "AWSCognitoIdentityProviderService."

// emptySHA256 is the hex SHA-256 of an empty body.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func (l *load) passwordSignIn(ctx context.Context, base string) (string, error) {
	var out authResult
	err := l.cognito(ctx, base, idp+"InitiateAuth", map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": clientID,
		"AuthParameters": map[string]string{"USERNAME": username, "PASSWORD": password}}, &out)
	if err != nil {
		return "", err
	}
	if out.AuthenticationResult == nil || out.AuthenticationResult.IdToken == "" {
		return "", errors.New("USER_PASSWORD_AUTH: no tokens")
	}
	return out.AuthenticationResult.IdToken, nil
}

// srpSignIn is one USER_SRP_AUTH sign-in, its two requests on two nodes.
func (l *load) srpSignIn(ctx context.Context) error {
	session, err := srp.NewClientSession(rand.Reader)
	if err != nil {
		return err
	}
	var ch authResult
	if err := l.cognito(ctx, l.node(), idp+"InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": clientID,
		"AuthParameters": map[string]string{"USERNAME": username, "SRP_A": session.A()}}, &ch); err != nil {
		return err
	}
	p := ch.ChallengeParameters
	if ch.ChallengeName != "PASSWORD_VERIFIER" {
		return fmt.Errorf("InitiateAuth: challenge %q", ch.ChallengeName)
	}
	pool := srp.PoolName(userPoolID)
	userID := p["USER_ID_FOR_SRP"]
	key, err := session.PasswordKey(pool, userID, password, p["SALT"], p["SRP_B"])
	if err != nil {
		return err
	}
	block, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"])
	if err != nil {
		return err
	}
	ts := srp.FormatTimestamp(time.Now())
	var out authResult
	if err := l.cognito(ctx, l.node(), idp+"RespondToAuthChallenge", map[string]any{"ChallengeName": "PASSWORD_VERIFIER",
		"ClientId": clientID, "Session": ch.Session, "ChallengeResponses": map[string]string{"USERNAME": userID,
			"PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"], "TIMESTAMP": ts,
			"PASSWORD_CLAIM_SIGNATURE": srp.ClaimSignature(key, pool, userID, block, ts)}}, &out); err != nil {
		return err
	}
	if out.AuthenticationResult == nil || out.AuthenticationResult.IdToken == "" {
		return errors.New("RespondToAuthChallenge: no tokens")
	}
	return nil
}

// credentials signs in and trades the ID token for the identity pool's
// credentials, each request on the next node.
func (l *load) credentials(ctx context.Context) (sigv4.Credentials, error) {
	idToken, err := l.passwordSignIn(ctx, l.node())
	if err != nil {
		return sigv4.Credentials{}, err
	}
	logins := map[string]string{provider: idToken}
	var id struct{ IdentityId string }
	if err := l.cognito(ctx, l.node(), "AWSCognitoIdentityService.GetId",
		map[string]any{"IdentityPoolId": identityPoolID, "Logins": logins}, &id); err != nil {
		return sigv4.Credentials{}, err
	}
	var out struct {
		Credentials struct{ AccessKeyId, SecretKey, SessionToken string }
	}
	if err := l.cognito(ctx, l.node(), "AWSCognitoIdentityService.GetCredentialsForIdentity",
		map[string]any{"IdentityId": id.IdentityId, "Logins": logins}, &out); err != nil {
		return sigv4.Credentials{}, err
	}
	c := out.Credentials
	if c.AccessKeyId == "" || c.SessionToken == "" {
		return sigv4.Credentials{}, errors.New("GetCredentialsForIdentity: no credentials")
	}
	return sigv4.Credentials{AccessKeyID: c.AccessKeyId, SecretAccessKey: c.SecretKey, SessionToken: c.SessionToken}, nil
}

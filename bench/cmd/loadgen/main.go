// Command loadgen measures the throughput of Gatehouse's gateway routes
// and of the reference servers beside them, over N keep-alive connections
// each, and prints req/s and the ratios the gateway's targets are held to.
//
// Requests to the AWS_IAM route are signed with SigV4 with temporary
// credentials obtained over HTTP from the bench configuration's identity
// pool (InitiateAuth USER_PASSWORD_AUTH, GetId, GetCredentialsForIdentity).
// By default each connection signs its request once and sends the same
// signed headers again until they are resignAfter old, as a replaying
// client may within SigV4's 5-minute window: the server verifies every
// request in full all the same, and the load generator's CPU, which the
// server under test shares, is not spent signing. -sign-each signs every
// request anew instead.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// The bench configuration (bench/gatehouse.yaml).
const (
	region         = "us-east-1"
	clientID       = "gatehousebenchclient000001"
	userPoolID     = "us-east-1_BenchPool"
	identityPoolID = "us-east-1:5e2c0b1a-7d3f-4c8e-9a6b-1f2e3d4c5b6a"
	username       = "bench@example.com"
	password       = "Passw0rd!"
	apiBase        = "/restapis/benchapi01/prod/_user_request_"
)

// Thresholds of the acceptance criteria.
const (
	minIAMRatio   = 0.85
	minProxyRatio = 0.90
)

type options struct {
	gatehouse   string
	backend     string
	bareProxy   string
	nginx       string
	conns       int
	duration    time.Duration
	warmup      time.Duration
	rounds      int
	nginxStatus string
	only        string
	cpuprofile  string
	signEach    bool
	serverPID   int
	signedNone  bool
}

func main() {
	var o options
	flag.StringVar(&o.gatehouse, "gatehouse", "http://127.0.0.1:18080", "Gatehouse base URL")
	flag.StringVar(&o.backend, "backend", "http://127.0.0.1:18081", "backend base URL")
	flag.StringVar(&o.bareProxy, "bare-proxy", "http://127.0.0.1:18082", "bare httputil.ReverseProxy base URL")
	flag.StringVar(&o.nginx, "nginx", "", "nginx base URL (empty: not measured)")
	flag.StringVar(&o.nginxStatus, "nginx-note", "nginx not installed: skipped", "what to print when -nginx is empty")
	flag.IntVar(&o.conns, "c", 64, "keep-alive connections per target")
	flag.DurationVar(&o.duration, "d", 6*time.Second, "measured time per target")
	flag.DurationVar(&o.warmup, "warmup", 500*time.Millisecond, "unmeasured time before a target's first measurement")
	flag.IntVar(&o.rounds, "rounds", 8, "alternations of the two targets of a ratio, the measured time split among them")
	flag.StringVar(&o.only, "only", "", "measure only this target (backend, bare, nginx, proxy, none or iam), e.g. while profiling a server")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write the load generator's CPU profile to this file")
	flag.IntVar(&o.serverPID, "gatehouse-pid", 0, "process id of the Gatehouse under test, to report its CPU time per request (Linux /proc)")
	flag.BoolVar(&o.signedNone, "signed-none", false, "also measure the NONE route sent the AWS_IAM route's signed headers (ignored there), for reference")
	flag.BoolVar(&o.signEach, "sign-each", false, "sign every AWS_IAM request anew instead of once per connection and minute")
	flag.Parse()
	if o.cpuprofile != "" {
		f, err := os.Create(o.cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(context.Background(), &o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// target is one URL under load.
type target struct {
	name string
	url  string
	// signer signs each request; nil for unsigned targets. signURL is the
	// URL it signs when not url.
	signer  *signer
	signURL string
	// result accumulates over the target's measurements.
	requests int64
	errors   int64
	elapsed  time.Duration
	warm     bool
	// rounds are the rates of its measurements one by one.
	rounds []float64
	// serverCPU and clientCPU are the CPU time the Gatehouse under test
	// and the load generator used during its measurements.
	serverCPU, clientCPU time.Duration
}

func (t *target) rate() float64 {
	if t.elapsed <= 0 {
		return 0
	}
	return float64(t.requests) / t.elapsed.Seconds()
}

func run(ctx context.Context, o *options, out io.Writer) error {
	creds, err := fetchCredentials(ctx, o.gatehouse)
	if err != nil {
		return fmt.Errorf("credentials from the identity pool: %w", err)
	}
	s := &signer{creds: creds, keys: sigv4.NewKeyCache(16), now: time.Now, each: o.signEach}
	var (
		backend = &target{name: "backend alone", url: o.backend + "/bench"}
		bare    = &target{name: "bare httputil.ReverseProxy", url: o.bareProxy + "/bench"}
		proxy   = &target{name: "gatehouse http_proxy NONE", url: o.gatehouse + apiBase + "/proxy/bench"}
		none    = &target{name: "gatehouse mock NONE", url: o.gatehouse + apiBase + "/none"}
		iam     = &target{name: "gatehouse mock AWS_IAM", url: o.gatehouse + apiBase + "/iam", signer: s}
		// signedNone carries the headers of iam to the NONE route: what
		// the bytes cost without the verification.
		signedNone = &target{name: "gatehouse mock NONE, signed", url: o.gatehouse + apiBase + "/none", signer: s, signURL: iam.url}
		ngx        *target
	)
	if o.nginx != "" {
		ngx = &target{name: "nginx proxy_pass", url: o.nginx + "/bench"}
	}
	fmt.Fprintf(out, "loadgen: %d keep-alive connections per target, %v per target; %d CPUs shared by the load generator and the servers\n",
		o.conns, o.duration, runtime.NumCPU())
	how := fmt.Sprintf("signed once per connection, re-signed every %v", resignAfter)
	if o.signEach {
		how = "each signed anew"
	}
	fmt.Fprintf(out, "AWS_IAM requests: %s with SigV4 (sigv4.Sign, signing key cached) with identity pool credentials %s... fetched over HTTP\n\n",
		how, creds.AccessKeyID[:8])

	lg := newLoadGen(o.conns)
	lg.serverPID = o.serverPID
	if o.only != "" {
		t := map[string]*target{"backend": backend, "bare": bare, "nginx": ngx, "proxy": proxy, "none": none, "iam": iam, "none-signed": signedNone}[o.only]
		if t == nil {
			return fmt.Errorf("-only %q: no such target", o.only)
		}
		n, e, d, err := lg.load(ctx, t, o.duration)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%-30s %12.0f req/s %8d errors\n", t.name, float64(n)/d.Seconds(), e)
		return nil
	}
	// measure loads the targets of a ratio in turn, round after round, the
	// order swapped every other round (A B, B A, A B ...) so that neither
	// always follows the other.
	measure := func(ts ...*target) error {
		for r := 0; r < o.rounds; r++ {
			order := slices.Clone(ts)
			if r%2 == 1 {
				slices.Reverse(order)
			}
			for _, t := range order {
				if !t.warm {
					if _, _, _, err := lg.load(ctx, t, o.warmup); err != nil {
						return err
					}
					t.warm = true
				}
				n, e, d, err := lg.load(ctx, t, o.duration/time.Duration(o.rounds))
				if err != nil {
					return err
				}
				t.requests += n
				t.errors += e
				t.elapsed += d
				t.rounds = append(t.rounds, float64(n)/d.Seconds())
				t.serverCPU += lg.serverCPU
				t.clientCPU += lg.clientCPU
			}
		}
		return nil
	}
	if err := measure(backend); err != nil {
		return err
	}
	pair := []*target{none, iam}
	if o.signedNone {
		pair = append(pair, signedNone)
	}
	if err := measure(pair...); err != nil {
		return err
	}
	if err := measure(bare, proxy); err != nil {
		return err
	}
	if ngx != nil {
		if err := measure(ngx); err != nil {
			return err
		}
	}

	all := []*target{backend, bare, ngx, proxy, none, iam}
	if o.signedNone {
		all = append(all, signedNone)
	}
	fmt.Fprintf(out, "%-30s %12s %8s\n", "target", "req/s", "errors")
	for _, t := range all {
		if t == nil {
			fmt.Fprintf(out, "%-30s %12s %8s  (%s)\n", "nginx proxy_pass", "-", "-", o.nginxStatus)
			continue
		}
		fmt.Fprintf(out, "%-30s %12.0f %8d\n", t.name, t.rate(), t.errors)
	}
	fmt.Fprintln(out)
	ok := true
	for _, c := range []struct {
		name     string
		num, den *target
		min      float64
	}{
		{"AWS_IAM / NONE (mock)", iam, none, minIAMRatio},
		{"http_proxy / bare ReverseProxy", proxy, bare, minProxyRatio},
	} {
		ratio, lo, hi := pairedRatio(c.num.rounds, c.den.rounds)
		verdict := "PASS"
		if ratio < c.min || c.num.errors > 0 || c.den.errors > 0 {
			verdict, ok = "FAIL", false
		}
		fmt.Fprintf(out, "%-32s %6.1f %%  (>= %.0f %%)  %s   rounds %.1f–%.1f %%, whole runs %.1f %%\n",
			c.name, 100*ratio, 100*c.min, verdict, 100*lo, 100*hi, 100*c.num.rate()/c.den.rate())
	}
	fmt.Fprintf(out, "(a ratio is the median of the ratios of its %d rounds, each of the two targets measured in turn)\n", o.rounds)
	if o.signedNone {
		r, lo, hi := pairedRatio(signedNone.rounds, none.rounds)
		fmt.Fprintf(out, "%-32s %6.1f %%  (for reference)   rounds %.1f–%.1f %%\n", "NONE with signed headers / NONE", 100*r, 100*lo, 100*hi)
	}
	perReq := func(d time.Duration, t *target) float64 {
		return float64(d.Microseconds()) / float64(max(t.requests, 1))
	}
	if o.serverPID > 0 && none.serverCPU > 0 && iam.serverCPU > 0 {
		fmt.Fprintf(out, "CPU per request, Gatehouse: NONE %.1f µs, AWS_IAM %.1f µs (%.1f %%); load generator: NONE %.1f µs, AWS_IAM %.1f µs\n",
			perReq(none.serverCPU, none), perReq(iam.serverCPU, iam),
			100*perReq(none.serverCPU, none)/perReq(iam.serverCPU, iam),
			perReq(none.clientCPU, none), perReq(iam.clientCPU, iam))
		if o.signedNone && signedNone.serverCPU > 0 {
			fmt.Fprintf(out, "CPU per request, NONE with signed headers: Gatehouse %.1f µs, load generator %.1f µs\n",
				perReq(signedNone.serverCPU, signedNone), perReq(signedNone.clientCPU, signedNone))
		}
	}
	if ngx != nil {
		fmt.Fprintf(out, "%-32s %6.1f %%  (for reference)\n", "http_proxy / nginx", 100*proxy.rate()/ngx.rate())
	}
	fmt.Fprintf(out, "\nNote: %d CPUs; the load generator competes with the server under test for them, so absolute figures are\n"+
		"lower than on a dedicated client, and the ratios are those of two servers measured alike.\n", runtime.NumCPU())
	if !ok {
		return errors.New("a ratio is below its target")
	}
	return nil
}

// pairedRatio returns the median, lowest and highest of num[i]/den[i]: the
// ratios of rounds measured one after the other, under the same load of
// the machine. The median ignores the rounds that a burst of other work
// slowed down on one side only, which the ratio of the totals does not.
func pairedRatio(num, den []float64) (median, lo, hi float64) {
	n := min(len(num), len(den))
	if n == 0 {
		return 0, 0, 0
	}
	r := make([]float64, n)
	for i := range n {
		if den[i] > 0 {
			r[i] = num[i] / den[i]
		}
	}
	slices.Sort(r)
	median = r[n/2]
	if n%2 == 0 {
		median = (r[n/2-1] + r[n/2]) / 2
	}
	return median, r[0], r[n-1]
}

// loadGen drives targets from conns goroutines, each with its own keep-alive
// connection.
type loadGen struct {
	conns int
	// rt sends the requests. It is the Transport itself rather than an
	// http.Client: the load generator follows no redirects, and
	// http.Client copies every request's headers in case it has to.
	rt http.RoundTripper
	// serverPID is the Gatehouse whose CPU time load measures (0: none).
	serverPID int
	// serverCPU and clientCPU are the CPU time the server and the load
	// generator used during the last load.
	serverCPU, clientCPU time.Duration
}

func newLoadGen(conns int) *loadGen {
	tr := &http.Transport{
		MaxIdleConns:        conns * 4,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	return &loadGen{conns: conns, rt: tr}
}

// load sends requests to t for d and returns how many succeeded (status
// 200), how many failed, and the time they took.
func (lg *loadGen) load(ctx context.Context, t *target, d time.Duration) (ok, failed int64, elapsed time.Duration, err error) {
	var (
		stop     atomic.Bool
		okN, bad atomic.Int64
		wg       sync.WaitGroup
		firstErr atomic.Value
	)
	server0, client0 := processCPU(lg.serverPID), selfCPU()
	start := time.Now()
	for range lg.conns {
		wg.Go(func() {
			var sig signed
			for !stop.Load() {
				if e := lg.one(ctx, t, &sig); e != nil {
					bad.Add(1)
					firstErr.CompareAndSwap(nil, e)
					continue
				}
				okN.Add(1)
			}
		})
	}
	time.Sleep(d)
	stop.Store(true)
	elapsed = time.Since(start)
	wg.Wait()
	lg.serverCPU, lg.clientCPU = processCPU(lg.serverPID)-server0, selfCPU()-client0
	if bad.Load() > 0 && okN.Load() == 0 {
		return 0, 0, 0, fmt.Errorf("%s: %v", t.name, firstErr.Load())
	}
	if bad.Load() > 0 {
		fmt.Fprintf(os.Stderr, "loadgen: %s: %d errors, first: %v\n", t.name, bad.Load(), firstErr.Load())
	}
	return okN.Load(), bad.Load(), elapsed, nil
}

// selfCPU is the CPU time the load generator has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// processCPU is the CPU time process pid has used, from /proc/{pid}/stat
// (in clock ticks of 10 ms); 0 when pid is 0 or unreadable.
func processCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	return parseStatCPU(string(b))
}

// parseStatCPU reads utime and stime, the 14th and 15th fields of a
// /proc/{pid}/stat line, counting from the pid; the second field, the
// command in parentheses, may hold spaces.
func parseStatCPU(stat string) time.Duration {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(stat[i+1:]) // from the 3rd field on
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	const tick = 10 * time.Millisecond // USER_HZ, 100 on Linux
	return time.Duration(utime+stime) * tick
}

// one sends one request to t; sig holds the connection's signed headers.
func (lg *loadGen) one(ctx context.Context, t *target, sig *signed) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.url, nil)
	if err != nil {
		return err
	}
	if t.signer != nil {
		if err := t.signer.sign(req, cmp.Or(t.signURL, t.url), sig); err != nil {
			return err
		}
	}
	res, err := lg.rt.RoundTrip(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}

// signer signs requests for execute-api with temporary credentials.
type signer struct {
	creds sigv4.Credentials
	keys  *sigv4.KeyCache
	now   func() time.Time
	// each signs every request anew.
	each bool
}

// resignAfter is how long a connection sends the same signed headers: well
// within the ±5 minutes (sigv4.ClockSkew) a signature is accepted for.
const resignAfter = time.Minute

// signed is what a connection signed last: the headers sigv4.Sign set on
// its request to url, and when.
type signed struct {
	url    string
	at     time.Time
	header http.Header
}

// emptySHA256 is the hex SHA-256 of an empty body.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// sign signs req, a GET of url without a body, or gives it the headers
// last signed in sig for the same URL while they are younger than
// resignAfter. (For -signed-none, req goes elsewhere than url: it gets
// the headers signed for url.) The request sent is then exactly the one signed: same
// method, URL, host and headers, X-Amz-Date and Authorization included.
func (s *signer) sign(req *http.Request, url string, sig *signed) error {
	now := s.now()
	if !s.each && sig.header != nil && sig.url == url && now.Sub(sig.at) < resignAfter && !now.Before(sig.at) {
		req.Header = sig.header
		return nil
	}
	signReq := req
	if req.URL.String() != url { // another route's signature (-signed-none)
		var err error
		if signReq, err = http.NewRequest(http.MethodGet, url, nil); err != nil {
			return err
		}
	}
	if err := sigv4.Sign(signReq, s.creds, emptySHA256, "execute-api", region, now, sigv4.WithSigningKeyCache(s.keys)); err != nil {
		return err
	}
	// The transport only reads a request's headers: the connection's
	// later requests share the map.
	req.Header = signReq.Header
	*sig = signed{url: url, at: now, header: req.Header}
	return nil
}

// fetchCredentials signs the bench user in and exchanges the ID token for
// the identity pool's temporary credentials, as the notes demo's client
// does.
func fetchCredentials(ctx context.Context, base string) (sigv4.Credentials, error) {
	anon := aws.Config{Region: region, Credentials: aws.AnonymousCredentials{}, BaseEndpoint: aws.String(base), RetryMaxAttempts: 1}
	auth, err := cip.NewFromConfig(anon).InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       "USER_PASSWORD_AUTH",
		ClientId:       aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		return sigv4.Credentials{}, err
	}
	logins := map[string]string{"cognito-idp." + region + ".amazonaws.com/" + userPoolID: aws.ToString(auth.AuthenticationResult.IdToken)}
	ci := cognitoidentity.NewFromConfig(anon)
	id, err := ci.GetId(ctx, &cognitoidentity.GetIdInput{IdentityPoolId: aws.String(identityPoolID), Logins: logins})
	if err != nil {
		return sigv4.Credentials{}, err
	}
	out, err := ci.GetCredentialsForIdentity(ctx, &cognitoidentity.GetCredentialsForIdentityInput{IdentityId: id.IdentityId, Logins: logins})
	if err != nil {
		return sigv4.Credentials{}, err
	}
	return sigv4.Credentials{
		AccessKeyID:     aws.ToString(out.Credentials.AccessKeyId),
		SecretAccessKey: aws.ToString(out.Credentials.SecretKey),
		SessionToken:    aws.ToString(out.Credentials.SessionToken),
	}, nil
}

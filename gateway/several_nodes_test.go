package gateway_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// newNodes starts n servers on one data directory (one store, one key
// ring) with one clock: the nodes of a deployment.
func newNodes(t *testing.T, cfg *config.Config, n int) []*env {
	t.Helper()
	c, dir := gatehousetest.NewClock(), t.TempDir()
	var nodes []*env
	for range n {
		s := gatehousetest.Start(t, gatehousetest.Options{Config: cfg, Now: c.Now,
			MasterKey: bytes.Repeat([]byte{9}, 32), DataDir: dir})
		hc := s.HTTPClient(64)
		nodes = append(nodes, &env{t: t, clock: c, ts: s.Server, hc: hc,
			idp: s.UserPoolClient(hc), ident: s.IdentityClient(hc, nil)})
	}
	return nodes
}

func (e *env) getKeyed(key string) response {
	req := e.request("GET", e.pathURL("testapi001", "/keyed"), "")
	req.Header.Set("x-api-key", key)
	return e.do(req)
}

// A usage plan's quota is one count for the deployment, kept in the store:
// requests spread over the nodes spend it together.
func TestQuotaSharedAcrossNodes(t *testing.T) {
	nodes := newNodes(t, testConfig(t), 2)
	a, b := nodes[0], nodes[1]
	const limitExceeded = `{"message":"Limit Exceeded"}`
	decodeEvent(t, a.getKeyed(quotaKey))
	decodeEvent(t, b.getKeyed(quotaKey))
	expectError(t, a.getKeyed(quotaKey), 429, "LimitExceededException", limitExceeded)
	expectError(t, b.getKeyed(quotaKey), 429, "LimitExceededException", limitExceeded)
	// The next day both nodes count afresh, in the same count.
	a.clock.Advance(24 * time.Hour)
	decodeEvent(t, b.getKeyed(quotaKey))
	decodeEvent(t, a.getKeyed(quotaKey))
	expectError(t, b.getKeyed(quotaKey), 429, "LimitExceededException", limitExceeded)
	// Keys without a quota are not counted.
	for range 3 {
		decodeEvent(t, a.getKeyed(keyValue))
	}
}

// Concurrent requests on several nodes never pass a quota together: the
// store's Update serializes the count.
func TestQuotaSharedAcrossNodesConcurrent(t *testing.T) {
	cfg := testConfig(t)
	cfg.APIs[0].UsagePlans[0].Quota.Limit = 10
	nodes := newNodes(t, cfg, 3)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			res := nodes[i%len(nodes)].getKeyed(quotaKey)
			mu.Lock()
			statuses[res.status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if statuses[200] != 10 || statuses[429] != 20 {
		t.Fatalf("30 requests over 3 nodes against a quota of 10: %v", statuses)
	}
}

// Rate and burst throttling is counted per node, as documented: a client
// spread over n nodes gets n bursts.
func TestThrottlePerNode(t *testing.T) {
	nodes := newNodes(t, testConfig(t), 2)
	a, b := nodes[0], nodes[1]
	const tooMany = `{"message":"Too Many Requests"}`
	decodeEvent(t, a.getKeyed(burstKey))
	expectError(t, a.getKeyed(burstKey), 429, "TooManyRequestsException", tooMany)
	decodeEvent(t, b.getKeyed(burstKey))
	expectError(t, b.getKeyed(burstKey), 429, "TooManyRequestsException", tooMany)
}

// What one node issues, another accepts: ID tokens on the Cognito
// authorizer, temporary credentials on AWS_IAM routes.
func TestNodesAcceptEachOthersTokensAndCredentials(t *testing.T) {
	nodes := newNodes(t, testConfig(t), 2)
	a, b := nodes[0], nodes[1]
	tokens := a.signIn()
	req := b.request("GET", b.pathURL("testapi001", "/items"), "")
	req.Header.Set("Authorization", *tokens.IdToken)
	decodeEvent(t, b.do(req))

	ic := b.credentials()
	req = a.request("GET", a.pathURL("testapi001", "/echo/x"), "")
	sign(t, req, ic.creds, region, a.clock.Now())
	decodeEvent(t, a.do(req))
}

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// The load of TestKillNodeUnderLoad.
const (
	killLoadDuration = 20 * time.Second
	killAfter        = 8 * time.Second
	killWorkers      = 6
)

// loadRecord counts one node's requests of the load, before and after the
// kill.
type loadRecord struct {
	okBefore, failedBefore atomic.Int64
	okAfter, failedAfter   atomic.Int64
}

// killLoad is the state of the load shared by its workers.
type killLoad struct {
	t        *testing.T
	clients  []*nodeClients
	records  []loadRecord
	killedAt atomic.Int64 // UnixNano of the SIGKILL; 0 before
	killed   int          // the index of the killed node
	next     atomic.Uint64

	mu sync.Mutex
	// notes acknowledged with 201, by id: their content.
	notes map[string]string
	// signedUp are the users whose SignUp was acknowledged; confirmed, those
	// whose ConfirmSignUp was too.
	signedUp, confirmed []string
	// failures on nodes that were not killed.
	failures []string
}

// pick returns the next node, round robin over all of them, the killed
// one included: a load balancer that has not yet noticed.
func (l *killLoad) pick() int { return int(l.next.Add(1) % uint64(len(l.clients))) }

// record counts one request to node i ending now with err, and keeps the
// error when it is not explained by the kill.
func (l *killLoad) record(i int, what string, err error) bool {
	after := l.killedAt.Load() != 0
	r := &l.records[i]
	switch {
	case err == nil && after:
		r.okAfter.Add(1)
	case err == nil:
		r.okBefore.Add(1)
	case after:
		r.failedAfter.Add(1)
	default:
		r.failedBefore.Add(1)
	}
	if err != nil && !(after && i == l.killed) {
		l.mu.Lock()
		l.failures = append(l.failures, fmt.Sprintf("%s on node %c: %v", what, 'A'+i, err))
		l.mu.Unlock()
	}
	return err == nil
}

// TestKillNodeUnderLoad loads three nodes round robin with sign-ins,
// sign-ups confirmed on another node and notes written and read through
// the gateway, kills one node with SIGKILL in the middle, and checks that
// every write acknowledged with a 2xx is there afterwards, read through
// the surviving nodes, and that only requests to the killed node failed.
func TestKillNodeUnderLoad(t *testing.T) {
	c := startCluster(t, 3)
	l := &killLoad{t: t, notes: map[string]string{}, killed: 2, records: make([]loadRecord, len(c.Nodes))}
	for _, n := range c.Nodes {
		l.clients = append(l.clients, newNodeClients(n.URL))
	}
	ctx := context.Background()
	// The workers' identity-pool credentials, fetched before the load.
	creds, err := demoCredentials(ctx, l.clients[0], l.clients[1])
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	deadline := start.Add(killLoadDuration)
	var wg sync.WaitGroup
	for w := range killWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				l.step(ctx, w, i, creds)
			}
		}()
	}
	time.Sleep(killAfter)
	// Marked first: a request failing as the node dies counts as after.
	l.killedAt.Store(time.Now().UnixNano())
	c.Nodes[l.killed].Kill(t)
	t.Logf("node %s killed with SIGKILL %s into the load", c.Nodes[l.killed].Name, time.Since(start).Round(time.Millisecond))
	wg.Wait()

	for i := range l.records {
		r := &l.records[i]
		t.Logf("node %c: before the kill %d ok, %d failed; after %d ok, %d failed", 'A'+i,
			r.okBefore.Load(), r.failedBefore.Load(), r.okAfter.Load(), r.failedAfter.Load())
	}
	t.Logf("acknowledged: %d notes, %d sign-ups, %d confirmations", len(l.notes), len(l.signedUp), len(l.confirmed))
	for _, f := range l.failures {
		t.Errorf("request to a node that was not killed failed: %s", f)
	}
	for i := range l.records {
		if r := &l.records[i]; i != l.killed && r.okAfter.Load() == 0 {
			t.Errorf("node %c served no request after the kill", 'A'+i)
		}
	}
	if r := &l.records[l.killed]; r.okBefore.Load() == 0 || r.failedAfter.Load() == 0 {
		t.Errorf("killed node: %d ok before the kill, %d failed after; the load missed it", r.okBefore.Load(), r.failedAfter.Load())
	}
	if len(l.notes) == 0 || len(l.confirmed) == 0 {
		t.Fatalf("the load acknowledged %d notes and %d confirmed sign-ups; too few to check", len(l.notes), len(l.confirmed))
	}

	// Every acknowledged write, read through the surviving nodes in turn.
	var survivors []*nodeClients
	for i, n := range l.clients {
		if i != l.killed {
			survivors = append(survivors, n)
		}
	}
	k := 0
	for id, content := range l.notes {
		n := survivors[k%len(survivors)]
		k++
		status, body, err := n.signedRequest(ctx, creds, http.MethodGet, notesPath+"/"+id, nil)
		var note struct{ Content string }
		if err != nil || status != http.StatusOK || json.Unmarshal(body, &note) != nil || note.Content != content {
			t.Errorf("acknowledged note %s read on %s: %d %s %v", id, n.URL, status, body, err)
		}
	}
	confirmed := map[string]bool{}
	for _, u := range l.confirmed {
		confirmed[u] = true
		n := survivors[k%len(survivors)]
		k++
		if _, err := passwordSignIn(ctx, n, u, killLoadPassword); err != nil {
			t.Errorf("sign-in of %s, confirmed with a 200, on %s: %v", u, n.URL, err)
		}
	}
	for _, u := range l.signedUp {
		n := survivors[k%len(survivors)]
		k++
		out, err := adminClient(n).AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(demoPoolID), Username: aws.String(u)})
		if err != nil {
			t.Errorf("AdminGetUser of %s, signed up with a 200, on %s: %v", u, n.URL, err)
			continue
		}
		// A confirmation cut by the kill may or may not have committed.
		if confirmed[u] && out.UserStatus != types.UserStatusTypeConfirmed {
			t.Errorf("%s: status %s after a confirmation answered 200", u, out.UserStatus)
		}
	}
	for _, n := range survivors {
		if err := nodeHealthy(n.URL); err != nil {
			t.Errorf("surviving node %s: %v", n.URL, err)
		}
	}
}

// killLoadPassword is the password of the users the load signs up.
const killLoadPassword = "Kill-N1ne-pass"

// step is one operation of a worker, on nodes chosen round robin.
func (l *killLoad) step(ctx context.Context, worker, i int, creds aws.Credentials) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	switch i % 4 {
	case 0: // USER_SRP_AUTH, its two requests on two nodes
		n1 := l.pick()
		session, initiated, err := srpInitiate(ctx, l.clients[n1], demoUser)
		if !l.record(n1, "InitiateAuth USER_SRP_AUTH", err) {
			return
		}
		n2 := l.pick()
		_, err = srpRespond(ctx, l.clients[n2], session, initiated, demoPassword)
		l.record(n2, "RespondToAuthChallenge", err)
	case 1: // USER_PASSWORD_AUTH
		n := l.pick()
		_, err := passwordSignIn(ctx, l.clients[n], demoUser, demoPassword)
		l.record(n, "InitiateAuth USER_PASSWORD_AUTH", err)
	case 2: // a note written through one node's gateway, read on the next
		n1 := l.pick()
		content := fmt.Sprintf("worker %d step %d at %s", worker, i, time.Now().Format(time.RFC3339Nano))
		status, body, err := l.clients[n1].signedRequest(ctx, creds, http.MethodPost, notesPath, []byte(`{"content":"`+content+`"}`))
		var note struct{ NoteID string }
		if err == nil && (status != http.StatusCreated || json.Unmarshal(body, &note) != nil || note.NoteID == "") {
			err = fmt.Errorf("%d %s", status, body)
		}
		if !l.record(n1, "POST /notes", err) {
			return
		}
		l.mu.Lock()
		l.notes[note.NoteID] = content
		l.mu.Unlock()
		n2 := l.pick()
		status, body, err = l.clients[n2].signedRequest(ctx, creds, http.MethodGet, notesPath+"/"+note.NoteID, nil)
		if err == nil && (status != http.StatusOK || !strings.Contains(string(body), note.NoteID)) {
			err = fmt.Errorf("%d %s", status, body)
		}
		l.record(n2, "GET /notes/{id}", err)
	case 3: // SignUp, the code from an outbox, ConfirmSignUp: three nodes
		user := fmt.Sprintf("kill.%d.%d.%d@example.com", worker, i, time.Now().UnixNano())
		n1 := l.pick()
		if !l.record(n1, "SignUp", signUp(ctx, l.clients[n1], user, killLoadPassword)) {
			return
		}
		l.mu.Lock()
		l.signedUp = append(l.signedUp, user)
		l.mu.Unlock()
		n2 := l.pick()
		code, err := outboxCode(ctx, l.clients[n2], user)
		if !l.record(n2, "GET /_gatehouse/outbox", err) {
			return
		}
		n3 := l.pick()
		_, err = l.clients[n3].IDP.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(demoClientID),
			Username: aws.String(user), ConfirmationCode: aws.String(code)})
		if l.record(n3, "ConfirmSignUp", err) {
			l.mu.Lock()
			l.confirmed = append(l.confirmed, user)
			l.mu.Unlock()
		}
	}
}

// demoCredentials signs the demo user in on one node and returns the
// identity pool's credentials obtained on another.
func demoCredentials(ctx context.Context, signIn, identity *nodeClients) (aws.Credentials, error) {
	tokens, err := passwordSignIn(ctx, signIn, demoUser, demoPassword)
	if err != nil {
		return aws.Credentials{}, err
	}
	logins := map[string]string{demoProvider: aws.ToString(tokens.IdToken)}
	id, err := identity.Identity.GetId(ctx, &cognitoidentity.GetIdInput{IdentityPoolId: aws.String(demoIdentityPoolID), Logins: logins})
	if err != nil {
		return aws.Credentials{}, err
	}
	out, err := identity.Identity.GetCredentialsForIdentity(ctx, &cognitoidentity.GetCredentialsForIdentityInput{
		IdentityId: id.IdentityId, Logins: logins})
	if err != nil {
		return aws.Credentials{}, err
	}
	return aws.Credentials{AccessKeyID: aws.ToString(out.Credentials.AccessKeyId),
		SecretAccessKey: aws.ToString(out.Credentials.SecretKey), SessionToken: aws.ToString(out.Credentials.SessionToken)}, nil
}

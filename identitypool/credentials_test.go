package identitypool_test

import (
	"context"
	"encoding/json"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"

	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

var (
	accessKeyPattern = regexp.MustCompile(`^ASIA[A-Z0-9]{16}$`)
	// expirationNumber is Expiration as a JSON number of epoch seconds.
	expirationNumber = regexp.MustCompile(`"Expiration":([0-9]+)[,}]`)
)

// The enhanced flow: GetId with the user's ID token, then
// GetCredentialsForIdentity, gives credentials of the authenticated role
// for the user's one identity.
func TestEnhancedFlow(t *testing.T) {
	e := newEnv(t)
	logins := e.logins(demoUser)
	id := e.mustGetID(demoPool, logins)
	if !identityIDPattern.MatchString(id) {
		t.Fatalf("IdentityId = %q, want {region}:{uuid}", id)
	}
	if again := e.mustGetID(demoPool, logins); again != id {
		t.Fatalf("GetId again = %q, want the same %q", again, id)
	}
	// A new ID token of the same user (another sign-in) finds the same identity.
	e.mu.Lock()
	delete(e.tokens, demoUser+" "+client)
	e.mu.Unlock()
	if again := e.mustGetID(demoPool, e.logins(demoUser)); again != id {
		t.Fatalf("GetId with a new ID token = %q, want %q", again, id)
	}
	// Another user gets another identity; the same user in another pool too.
	if other := e.mustGetID(demoPool, e.logins(editorUser)); other == id {
		t.Fatal("two users share an identity")
	}
	if other := e.mustGetID(guestPool, logins); other == id {
		t.Fatal("two identity pools share an identity")
	}

	out, err := e.credentialsFor(id, logins, "")
	if err != nil {
		t.Fatalf("GetCredentialsForIdentity: %v", err)
	}
	c := out.Credentials
	if aws.ToString(out.IdentityId) != id || !accessKeyPattern.MatchString(aws.ToString(c.AccessKeyId)) ||
		len(aws.ToString(c.SecretKey)) != 40 || aws.ToString(c.SessionToken) == "" {
		t.Fatalf("credentials = %+v for %v", c, out.IdentityId)
	}
	if want := e.clock.Now().Add(time.Hour); !c.Expiration.Equal(want) {
		t.Errorf("Expiration = %v, want %v (the role's max_session)", c.Expiration, want)
	}
	s := e.session(out)
	sub := gatehousetest.JWTClaims(t, logins[provider])["sub"]
	want := creds.Session{RoleARN: roleAuth, SessionName: "CognitoIdentityCredentials", IdentityID: id,
		IdentityPoolID: demoPool, AuthType: "authenticated", Provider: provider, Sub: sub.(string)}
	if s.RoleARN != want.RoleARN || s.SessionName != want.SessionName || s.IdentityID != want.IdentityID ||
		s.IdentityPoolID != want.IdentityPoolID || s.AuthType != want.AuthType || s.Provider != want.Provider ||
		s.Sub != want.Sub || s.AccessKeyID != aws.ToString(c.AccessKeyId) {
		t.Fatalf("session = %+v, want %+v", s, want)
	}
	if s.ARN != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" {
		t.Errorf("session ARN = %q", s.ARN)
	}
}

// The wire form of GetCredentialsForIdentity: SecretKey (not
// SecretAccessKey), and Expiration a JSON number of epoch seconds.
func TestCredentialsWireForm(t *testing.T) {
	e := newEnv(t)
	logins := e.logins(demoUser)
	id := e.mustGetID(demoPool, logins)
	body, _ := json.Marshal(map[string]any{"IdentityId": id, "Logins": logins})
	status, h, res := e.post("GetCredentialsForIdentity", string(body))
	if status != 200 || h.Get("Content-Type") != "application/x-amz-json-1.1" || h.Get("x-amzn-RequestId") == "" {
		t.Fatalf("status %d, headers %v: %s", status, h, res)
	}
	m := expirationNumber.FindStringSubmatch(res)
	if m == nil {
		t.Fatalf("Expiration is not a JSON number of seconds: %s", res)
	}
	if want := e.clock.Now().Add(time.Hour).Unix(); m[1] != jsonInt(want) {
		t.Errorf("Expiration = %s, want %d", m[1], want)
	}
	var out struct {
		Credentials map[string]any
		IdentityId  string
	}
	if err := json.Unmarshal([]byte(res), &out); err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for k := range out.Credentials {
		keys = append(keys, k)
	}
	if len(keys) != 4 || out.Credentials["SecretKey"] == nil || out.Credentials["AccessKeyId"] == nil ||
		out.Credentials["SessionToken"] == nil || out.IdentityId != id {
		t.Fatalf("Credentials members = %v, IdentityId %q", keys, out.IdentityId)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// Eight clients calling GetId at once for a user without an identity get
// one identity id, and the pool lists one identity.
func TestGetIdConcurrent(t *testing.T) {
	e := newEnv(t)
	logins := e.logins(demoUser)
	const n = 8
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			ids[i], errs[i] = e.getID(demoPool, logins)
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("GetId %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("GetId answered %q and %q", ids[0], ids[i])
		}
	}
	out, err := e.admin.ListIdentities(context.Background(), &ci.ListIdentitiesInput{
		IdentityPoolId: aws.String(demoPool), MaxResults: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Identities) != 1 || aws.ToString(out.Identities[0].IdentityId) != ids[0] {
		t.Fatalf("ListIdentities = %+v, want the one identity %s", out.Identities, ids[0])
	}
}

// An unauthenticated identity gets the unauthenticated role while it has no
// login, keeps its id when a login is linked to it, and is then the user's:
// GetId with the user's login finds it, and it needs the login.
func TestUnauthenticatedIdentityUpgrade(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	guest := e.mustGetID(guestPool, nil)
	if !identityIDPattern.MatchString(guest) {
		t.Fatalf("IdentityId = %q", guest)
	}
	if other := e.mustGetID(guestPool, nil); other == guest {
		t.Fatal("GetId without logins answered an existing identity")
	}

	out, err := e.credentialsFor(guest, nil, "")
	if err != nil {
		t.Fatalf("unauthenticated GetCredentialsForIdentity: %v", err)
	}
	s := e.session(out)
	if s.RoleARN != roleUnauth || s.AuthType != "unauthenticated" || s.IdentityID != guest || s.Provider != "" || s.Sub != "" {
		t.Fatalf("unauthenticated session = %+v", s)
	}
	if want := e.clock.Now().Add(15 * time.Minute); !out.Credentials.Expiration.Equal(want) {
		t.Errorf("Expiration = %v, want %v (the unauthenticated role's max_session)", out.Credentials.Expiration, want)
	}
	// It is reused: calling again with its id keeps it.
	if out, err := e.credentialsFor(guest, nil, ""); err != nil || aws.ToString(out.IdentityId) != guest {
		t.Fatalf("again: %v, %v", out, err)
	}
	desc, err := e.admin.DescribeIdentity(ctx, &ci.DescribeIdentityInput{IdentityId: aws.String(guest)})
	if err != nil || len(desc.Logins) != 0 {
		t.Fatalf("DescribeIdentity before the login: %+v, %v", desc, err)
	}

	logins := e.logins(demoUser)
	out, err = e.credentialsFor(guest, logins, "")
	if err != nil {
		t.Fatalf("GetCredentialsForIdentity with a login: %v", err)
	}
	if s := e.session(out); aws.ToString(out.IdentityId) != guest || s.RoleARN != roleAuth || s.AuthType != "authenticated" || s.Provider != provider {
		t.Fatalf("after the login: IdentityId %v, session %+v", out.IdentityId, s)
	}
	desc, err = e.admin.DescribeIdentity(ctx, &ci.DescribeIdentityInput{IdentityId: aws.String(guest)})
	if err != nil || len(desc.Logins) != 1 || desc.Logins[0] != provider || !desc.LastModifiedDate.After(desc.CreationDate.Add(-time.Second)) {
		t.Fatalf("DescribeIdentity after the login: %+v, %v", desc, err)
	}
	if id := e.mustGetID(guestPool, logins); id != guest {
		t.Fatalf("GetId with the user's login = %q, want the upgraded identity %q", id, guest)
	}
	_, err = e.credentialsFor(guest, nil, "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Access to Identity '"+guest+"' is forbidden.")

	// Another unauthenticated identity signing in as the same user gets the
	// user's identity.
	second := e.mustGetID(guestPool, nil)
	out, err = e.credentialsFor(second, logins, "")
	if err != nil || aws.ToString(out.IdentityId) != guest {
		t.Fatalf("second unauthenticated identity with the user's login: %v, %v", out, err)
	}
	// And another user's login does not match the user's identity.
	_, err = e.credentialsFor(guest, e.logins(editorUser), "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException",
		"Logins don't match. Please include at least one valid login for this identity or identity pool.")
}

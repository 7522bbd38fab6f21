package creds

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/gatehouse-dev/gatehouse/internal/hotslots"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// signRequest signs a GET of the notes API with aws-sdk-go-v2's signer.
func signRequest(t testing.TB, c aws.Credentials, now time.Time) *http.Request {
	t.Helper()
	r := httptest.NewRequest("GET", "https://notesapi01.execute-api.localhost/prod/notes", nil)
	err := v4.NewSigner().SignHTTP(context.Background(), c, r,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "execute-api", "us-east-1", now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func awsCreds(c Credentials) aws.Credentials {
	return aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
}

// Temporary credentials signed by the AWS SDK verify through the Lookup to
// the assumed-role principal, with everything the gateway needs.
func TestLookupSession(t *testing.T) {
	e := newMinterEnv(t)
	l := NewLookup(e.cfg, WithSessions(e.m))
	c := mustMint(t, e.m, identitySpec())
	now := e.clock.Now()

	res, err := sigv4.Verify(signRequest(t, awsCreds(c), now), l, now)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	p, ok := res.Principal.(*Principal)
	if !ok {
		t.Fatalf("principal %T", res.Principal)
	}
	want := Principal{
		Type: AssumedRole, ARN: "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials",
		AccountID: "123456789012", Name: "notes-authenticated", UniqueID: RoleID(demoAuthRole), AccessKeyID: c.AccessKeyID,
		RoleARN: demoAuthRole, SessionName: SessionNameCognito, IdentityID: demoIdentity, IdentityPoolID: demoPool,
		AuthType: AuthTypeAuthenticated, Provider: demoProvider, Sub: demoSub, Expiration: c.Expiration,
	}
	want.precompute()
	got := *p
	got.Policies = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("principal =\n%+v\nwant\n%+v", got, want)
	}
	if len(p.Policies) != 1 || p.Policies[0].Statements[0].Effect != "Allow" {
		t.Errorf("policies = %+v, want the role's", p.Policies)
	}
	if got, want := p.UserID(), RoleID(demoAuthRole)+":CognitoIdentityCredentials"; got != want {
		t.Errorf("UserID = %q, want %q", got, want)
	}
	// The strings the Lookup computed once are those a Principal built
	// elsewhere computes on each call.
	fresh := *p
	fresh.userID, fresh.signIn = "", ""
	if fresh.UserID() != p.UserID() || fresh.CognitoSignIn() != p.CognitoSignIn() || p.CognitoSignIn() == "" ||
		fresh.CognitoAuthenticationProvider() != p.CognitoAuthenticationProvider() {
		t.Errorf("precomputed %q %q, computed %q %q", p.UserID(), p.CognitoSignIn(), fresh.UserID(), fresh.CognitoSignIn())
	}
	if got, want := p.CognitoAuthenticationProvider(),
		"cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo,cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo:CognitoSignIn:"+demoSub; got != want {
		t.Errorf("CognitoAuthenticationProvider = %q, want %q", got, want)
	}

	// The IAM user still verifies, with its unique id.
	admin := e.cfg.IAMUsers[0]
	res, err = sigv4.Verify(signRequest(t, aws.Credentials{AccessKeyID: admin.AccessKeyID, SecretAccessKey: admin.SecretAccessKey}, now), l, now)
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Principal.(*Principal); p.UserID() != UserID("arn:aws:iam::123456789012:user/admin") || p.CognitoAuthenticationProvider() != "" {
		t.Errorf("IAM user principal = %+v", p)
	}
}

func TestLookupSessionFailures(t *testing.T) {
	e := newMinterEnv(t)
	l := NewLookup(e.cfg, WithSessions(e.m))
	c := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "s", Duration: 15 * time.Minute})
	other := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "o"})
	foreign := mustMint(t, NewMinter(e.cfg, newRing(t, e.clock, 9), e.clock.Now), identitySpec())
	tampered := c.SessionToken[:40] + string('A'+(c.SessionToken[40]-'A'+1)%26) + c.SessionToken[41:]
	now := e.clock.Now()

	invalid := sigv4.UnrecognizedClient()
	tests := []struct {
		name   string
		lookup *Lookup
		creds  aws.Credentials
		at     time.Time
		want   *sigv4.Error
	}{
		{"tampered token", l, aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: tampered}, now, invalid},
		{"truncated token", l, aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken[:100]}, now, invalid},
		{"another credential's token", l, aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: other.SessionToken}, now, invalid},
		{"another credential's token, expired", l, aws.Credentials{AccessKeyID: other.AccessKeyID, SecretAccessKey: other.SecretAccessKey, SessionToken: c.SessionToken}, now.Add(time.Hour), invalid},
		{"foreign ring", l, awsCreds(foreign), now, invalid},
		{"temporary key without its token", l, aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}, now, invalid},
		{"lookup without sessions", NewLookup(e.cfg), awsCreds(c), now, invalid},
		{"long-term key with a session token", l, aws.Credentials{AccessKeyID: e.cfg.IAMUsers[0].AccessKeyID,
			SecretAccessKey: e.cfg.IAMUsers[0].SecretAccessKey, SessionToken: c.SessionToken}, now, invalid},
		{"expired", l, awsCreds(c), now.Add(15 * time.Minute), sigv4.ExpiredToken()},
		{"wrong secret", l, aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: other.SecretAccessKey, SessionToken: c.SessionToken}, now, sigv4.SignatureDoesNotMatch()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.clock.mu.Lock()
			e.clock.now = tt.at
			e.clock.mu.Unlock()
			_, err := sigv4.Verify(signRequest(t, tt.creds, tt.at), tt.lookup, tt.at)
			var se *sigv4.Error
			if !errors.As(err, &se) || se.Code != tt.want.Code || se.Message != tt.want.Message {
				t.Fatalf("Verify error = %v, want %s %q", err, tt.want.Code, tt.want.Message)
			}
		})
	}

	// A role dropped from the configuration no longer has credentials.
	cfg2 := *e.cfg
	cfg2.Roles = cfg2.Roles[1:]
	e.clock.mu.Lock()
	e.clock.now = now
	e.clock.mu.Unlock()
	l2 := NewLookup(&cfg2, WithSessions(NewMinter(&cfg2, e.ring, e.clock.Now)))
	if _, _, err := l2.LookupCredentials(t.Context(), c.AccessKeyID, c.SessionToken); !errors.Is(err, sigv4.UnrecognizedClient()) {
		t.Errorf("role gone: %v", err)
	}
	if strings.Contains(tampered, c.SessionToken) || tampered == c.SessionToken {
		t.Fatal("tampering did not change the token")
	}
}

// BenchmarkLookupSession resolves temporary credentials to their principal,
// as the gateway does on every request signed with them.
func BenchmarkLookupSession(b *testing.B) {
	e := newMinterEnv(b)
	l := NewLookup(e.cfg, WithSessions(e.m))
	c := mustMint(b, e.m, identitySpec())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := l.LookupCredentials(ctx, c.AccessKeyID, c.SessionToken); err != nil {
			b.Fatal(err)
		}
	}
}

// A session token looked up again answers from the Lookup's cache exactly
// as it did the first time, and as opening it again would: with another
// access key id it is unrecognized, and once expired it is ExpiredToken.
func TestLookupSessionCached(t *testing.T) {
	e := newMinterEnv(t)
	l := NewLookup(e.cfg, WithSessions(e.m))
	c := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "s", Duration: 15 * time.Minute})
	other := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "o"})
	ctx := t.Context()

	secret, p1, err := l.LookupCredentials(ctx, c.AccessKeyID, c.SessionToken)
	if err != nil || secret != c.SecretAccessKey {
		t.Fatalf("first lookup: %q, %v", secret, err)
	}
	secret, p2, err := l.LookupCredentials(ctx, c.AccessKeyID, c.SessionToken)
	if err != nil || secret != c.SecretAccessKey || p2 != p1 {
		t.Fatalf("second lookup: %q, %p (first %p), %v", secret, p2, p1, err)
	}
	if _, _, err := l.LookupCredentials(ctx, other.AccessKeyID, c.SessionToken); !errors.Is(err, sigv4.UnrecognizedClient()) {
		t.Errorf("cached token with another access key id: %v, want UnrecognizedClient", err)
	}
	e.clock.Advance(15 * time.Minute)
	if _, _, err := l.LookupCredentials(ctx, c.AccessKeyID, c.SessionToken); !errors.Is(err, sigv4.ExpiredToken()) {
		t.Errorf("cached token once expired: %v, want ExpiredToken", err)
	}
}

// With a cache smaller than the tokens in use, every token answers with its
// own credentials, whether it is found in a hot slot after the map evicted
// it, shares its slot with others, or is opened again; and once expired,
// each gives ExpiredToken however it is found.
func TestLookupSessionCacheEvicted(t *testing.T) {
	e := newMinterEnv(t)
	l := NewLookup(e.cfg, WithSessions(e.m))
	l.cache = newSessionCache(1)
	var cs []Credentials
	for i := range hotslots.Size + 8 {
		cs = append(cs, mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: fmt.Sprint("s", i), Duration: 15 * time.Minute}))
	}
	ctx := t.Context()
	for range 2 {
		for _, c := range cs {
			secret, p, err := l.LookupCredentials(ctx, c.AccessKeyID, c.SessionToken)
			if err != nil || secret != c.SecretAccessKey || p.(*Principal).AccessKeyID != c.AccessKeyID {
				t.Fatalf("lookup of %s: %q, %v", c.AccessKeyID, secret, err)
			}
		}
	}
	if n := len(l.cache.entries); n != 1 {
		t.Errorf("cache holds %d sessions, want 1", n)
	}
	e.clock.Advance(15 * time.Minute)
	for _, c := range cs {
		if _, _, err := l.LookupCredentials(ctx, c.AccessKeyID, c.SessionToken); !errors.Is(err, sigv4.ExpiredToken()) {
			t.Fatalf("expired %s: %v, want ExpiredToken", c.AccessKeyID, err)
		}
	}
}

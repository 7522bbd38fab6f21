package userpool_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/server"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

func TestSeedUsers(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	demo, err := e.admin.LookupUser(ctx, demoPool, demoUser)
	if err != nil {
		t.Fatal(err)
	}
	if demo.Username != demo.Sub || !uuidV4RE.MatchString(demo.Sub) || demo.Status != userpool.StatusConfirmed || !demo.Enabled {
		t.Errorf("demo user %+v: want a confirmed, enabled user named by its sub", demo)
	}
	if demo.Attributes["email_verified"] != "true" || demo.Attributes["name"] != "Demo User" {
		t.Errorf("demo attributes %v", demo.Attributes)
	}
	alice, err := e.admin.LookupUser(ctx, officePool, "ALICE")
	if err != nil {
		t.Fatal(err)
	}
	if alice.Username != officeUser || alice.Sub == alice.Username || !uuidV4RE.MatchString(alice.Sub) {
		t.Errorf("office user %+v", alice)
	}

	// A restart creates nothing and keeps the sub.
	if _, err := server.New(server.Options{Config: e.config, Store: e.store, Ring: e.ring, Now: e.clock.Now}); err != nil {
		t.Fatal(err)
	}
	again, err := e.admin.LookupUser(ctx, demoPool, demoUser)
	if err != nil || again.Sub != demo.Sub || !again.Modified.Equal(demo.Modified) {
		t.Errorf("after a restart: %+v, %v; want %+v", again, err, demo)
	}
	users, err := e.store.List(ctx, "userpool-user", store.ListOptions{})
	if err != nil || len(users) != 2 {
		t.Errorf("%d user records, %v; want 2", len(users), err)
	}
}

// Processes that start at once on one new database seed each user once.
func TestSeedUsersConcurrentStarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatehouse.db")
	mk, _ := keys.NewMasterKey(bytes.Repeat([]byte{3}, 32))
	cfg := testConfig(t)
	const n = 6
	stores := make([]*sqlite.Store, 2)
	for i := range stores {
		st, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores[i] = st
	}
	subs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			st := stores[i%2]
			ring, err := keys.Open(context.Background(), st, mk, gatehousetest.NewClock().Now, rand.Reader)
			if err != nil {
				t.Error(err)
				return
			}
			svc, err := userpool.New(userpool.Options{Config: cfg, Store: st, Ring: ring})
			if err != nil {
				t.Error(err)
				return
			}
			if err := svc.Start(context.Background()); err != nil {
				t.Error(err)
				return
			}
			u, err := svc.LookupUser(context.Background(), demoPool, demoUser)
			if err != nil {
				t.Error(err)
				return
			}
			subs[i] = u.Sub
		})
	}
	wg.Wait()
	for i := range subs {
		if subs[i] != subs[0] {
			t.Fatalf("processes see different demo users: %v", subs)
		}
	}
	users, err := stores[0].List(context.Background(), "userpool-user", store.ListOptions{})
	if err != nil || len(users) != 2 {
		t.Fatalf("%d user records, %v; want 2", len(users), err)
	}
}

// A creation interrupted between the alias and the user record is
// completed at the next start, under the alias's name.
func TestSeedCompletesInterruptedCreation(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	const sub = "0b7e4a55-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
	if err := st.Create(ctx, "userpool-alias", demoPool+"/email/demo@example.com", []byte(`{"username":"`+sub+`"}`)); err != nil {
		t.Fatal(err)
	}
	mk, _ := keys.NewMasterKey(bytes.Repeat([]byte{4}, 32))
	ring, err := keys.Open(ctx, st, mk, gatehousetest.NewClock().Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := userpool.New(userpool.Options{Config: testConfig(t), Store: st, Ring: ring})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	u, err := svc.LookupUser(ctx, demoPool, demoUser)
	if err != nil || u.Username != sub || u.Sub != sub {
		t.Fatalf("user %+v, %v; want the alias's %s", u, err, sub)
	}
}

// No password is stored, in any encoding, and no password, token or secret
// is logged.
func TestNoSecretsStoredOrLogged(t *testing.T) {
	e := newEnv(t)
	res := e.signInDemo(t)
	if _, err := e.srpSignIn(demoClient, demoPool, demoUser, demoPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := e.passwordAuth(officeClient, officeUser, officePassword,
		map[string]string{"SECRET_HASH": secretHash(officeUser, officeClient, officeSecret)}); err != nil {
		t.Fatal(err)
	}
	var dump bytes.Buffer
	for _, kind := range []string{"userpool-user", "userpool-alias", "userpool-refresh-token", "userpool-secret", "keyring"} {
		recs, err := e.store.List(context.Background(), kind, store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			dump.WriteString(r.ID)
			dump.Write(r.Value)
		}
	}
	for _, secret := range []string{demoPassword, officePassword} {
		for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), hex.EncodeToString([]byte(secret))} {
			if bytes.Contains(dump.Bytes(), []byte(form)) {
				t.Errorf("the store holds a password (%q)", form)
			}
		}
	}
	if bytes.Contains(dump.Bytes(), []byte(aws.ToString(res.RefreshToken))) {
		t.Error("the store holds a refresh token")
	}
	logs := e.logs.String()
	var signedIn bool
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, `"msg":"signed in"`) {
			signedIn = true
			if !strings.Contains(line, `"request_id":"`) || !strings.Contains(line, `"user_pool":"us-east-1_`) {
				t.Errorf("sign-in log line without request id or pool: %s", line)
			}
		}
	}
	if !signedIn {
		t.Fatalf("no sign-in log line in:\n%s", logs)
	}
	for _, s := range []string{demoPassword, officePassword, officeSecret, aws.ToString(res.RefreshToken),
		aws.ToString(res.AccessToken)[:40], aws.ToString(res.IdToken)[:40]} {
		if strings.Contains(logs, s) {
			t.Errorf("the logs contain a secret %q", s[:8])
		}
	}
}

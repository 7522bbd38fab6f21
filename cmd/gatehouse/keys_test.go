package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// noEnv is an empty environment.
func noEnv(string) (string, bool) { return "", false }

// runKeys runs the gatehouse CLI in-process and returns its exit status,
// stdout and stderr.
func runKeys(t *testing.T, getenv func(string) (string, bool), args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, getenv)
	return code, out.String(), errb.String()
}

// newDeployment creates what a first `gatehouse serve --data dir` leaves:
// the master key file and a store with a ring.
func newDeployment(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	mk, err := keys.LoadMasterKey(dir, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(filepath.Join(dir, "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := keys.Open(t.Context(), st, mk, time.Now, rand.Reader); err != nil {
		t.Fatal(err)
	}
	return dir
}

// keyRow is a row of `keys list`.
type keyRow struct{ kind, id, created, state, retires, activates string }

func parseKeyTable(t *testing.T, out string) []keyRow {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) == 0 || strings.Join(strings.Fields(lines[0]), " ") != "KIND ID CREATED STATE RETIRES ACTIVATES" {
		t.Fatalf("no key table header in:\n%s", out)
	}
	var rows []keyRow
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 6 {
			t.Fatalf("key table row %q has %d columns", l, len(f))
		}
		rows = append(rows, keyRow{f[0], f[1], f[2], f[3], f[4], f[5]})
	}
	return rows
}

// newKeyIDs reads the ids `keys rotate` printed, by kind.
func newKeyIDs(out string) map[string]string {
	ids := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^new (signing|sealing) key: (\S+)$`).FindAllStringSubmatch(out, -1) {
		ids[m[1]] = m[2]
	}
	return ids
}

func TestKeysListAndRotate(t *testing.T) {
	data := newDeployment(t)
	code, out, errs := runKeys(t, noEnv, "keys", "list", "--data", data)
	if code != 0 {
		t.Fatalf("keys list = %d: %s", code, errs)
	}
	before := parseKeyTable(t, out)
	if len(before) != 2 || before[0].kind != "signing" || before[1].kind != "sealing" ||
		before[0].state != "active" || before[1].state != "active" || before[0].retires != "-" {
		t.Fatalf("keys list of a new ring:\n%s", out)
	}
	if _, err := time.Parse(time.RFC3339, before[0].created); err != nil {
		t.Fatalf("created %q: %v", before[0].created, err)
	}

	start := time.Now().Truncate(time.Second)
	code, out, errs = runKeys(t, noEnv, "keys", "rotate", "--signing", "--retire-after", "2h", "--data", data)
	if code != 0 {
		t.Fatalf("keys rotate --signing = %d: %s", code, errs)
	}
	ids := newKeyIDs(out)
	if len(ids) != 1 || ids["signing"] == "" || ids["signing"] == before[0].id {
		t.Fatalf("keys rotate --signing printed:\n%s", out)
	}
	_, out, _ = runKeys(t, noEnv, "keys", "list", "--data", data)
	rows := parseKeyTable(t, out)
	if len(rows) != 3 {
		t.Fatalf("after rotating the signing key:\n%s", out)
	}
	byID := map[string]keyRow{}
	for _, r := range rows {
		byID[r.id] = r
	}
	if r := byID[ids["signing"]]; r.kind != "signing" || r.state != "active" || r.retires != "-" {
		t.Errorf("new signing key: %+v", r)
	}
	old := byID[before[0].id]
	retires, err := time.Parse(time.RFC3339, old.retires)
	if old.state != "verify-only" || err != nil || retires.Before(start.Add(2*time.Hour)) || retires.After(time.Now().Add(2*time.Hour)) {
		t.Errorf("replaced signing key: %+v, want verify-only retiring 2h after the rotation", old)
	}
	if r := byID[before[1].id]; r.state != "active" || r.retires != "-" {
		t.Errorf("the sealing key changed with --signing: %+v", r)
	}

	// Without --signing or --sealing both rotate; the retire time defaults
	// to DefaultRetireAfter.
	code, out, errs = runKeys(t, noEnv, "keys", "rotate", "--data", data)
	if code != 0 {
		t.Fatalf("keys rotate = %d: %s", code, errs)
	}
	ids = newKeyIDs(out)
	if len(ids) != 2 {
		t.Fatalf("keys rotate printed:\n%s", out)
	}
	for _, r := range parseKeyTable(t, out[strings.Index(out, "KIND"):]) {
		want := "verify-only"
		if r.id == ids[r.kind] {
			want = "active"
		}
		if r.state != want {
			t.Errorf("after rotating both: %+v, want %s", r, want)
		}
		if r.id == before[1].id {
			retires, err := time.Parse(time.RFC3339, r.retires)
			if err != nil || retires.Before(start.Add(keys.DefaultRetireAfter)) {
				t.Errorf("replaced sealing key retires %q, want after %v", r.retires, keys.DefaultRetireAfter)
			}
		}
	}

	// The master key in the environment is used like serve uses it.
	mkText, err := os.ReadFile(filepath.Join(data, keys.MasterKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	env := func(k string) (string, bool) {
		if k == keys.MasterKeyEnv {
			return string(mkText), true
		}
		return "", false
	}
	if code, _, errs := runKeys(t, env, "keys", "list", "--store", "sqlite:"+filepath.Join(data, "gatehouse.db")); code != 0 {
		t.Fatalf("keys list with the master key in %s and --store: %d %s", keys.MasterKeyEnv, code, errs)
	}
	// GATEHOUSE_STORE stands for --store, as with serve.
	envStore := func(k string) (string, bool) {
		if k == storeEnv {
			return "sqlite:" + filepath.Join(data, "gatehouse.db"), true
		}
		return env(k)
	}
	if code, out, errs := runKeys(t, envStore, "keys", "list", "--data", t.TempDir()); code != 0 || len(parseKeyTable(t, out)) != 5 {
		t.Fatalf("keys list with %s: %d %s %s", storeEnv, code, out, errs)
	}
}

func TestKeysNeverCreateAMasterKeyOrStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	for _, args := range [][]string{{"keys", "list"}, {"keys", "rotate"}} {
		code, out, errs := runKeys(t, noEnv, append(args, "--data", dir)...)
		if code != 1 || out != "" || !strings.Contains(errs, "no master key") {
			t.Fatalf("%v without a master key = %d, %q, %q", args, code, out, errs)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the keys commands created the data directory (stat: %v)", err)
	}

	// A master key but no database: no database is created either.
	mk := base64.StdEncoding.EncodeToString(make([]byte, 32))
	env := func(k string) (string, bool) {
		if k == keys.MasterKeyEnv {
			return mk, true
		}
		return "", false
	}
	code, _, errs := runKeys(t, env, "keys", "list", "--data", dir)
	if code != 1 || !strings.Contains(errs, "no database") {
		t.Fatalf("keys list without a database = %d, %q", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("keys list created the data directory (stat: %v)", err)
	}

	// Another master key than the ring's is refused, and nothing rotates.
	data := newDeployment(t)
	code, _, errs = runKeys(t, env, "keys", "rotate", "--data", data)
	if code != 1 || !strings.Contains(errs, "does not decrypt under this master key") {
		t.Fatalf("keys rotate with another master key = %d, %q", code, errs)
	}
	_, out, _ := runKeys(t, noEnv, "keys", "list", "--data", data)
	if rows := parseKeyTable(t, out); len(rows) != 2 {
		t.Fatalf("a refused rotation changed the ring:\n%s", out)
	}
}

func TestKeysBadFlags(t *testing.T) {
	data := newDeployment(t)
	for _, args := range [][]string{
		{"keys", "rotate", "--retire-after", "-1h", "--data", data},
		{"keys", "rotate", "--data", data, "--store", "mysql://u:secret@db/gatehouse"},
	} {
		code, _, errs := runKeys(t, noEnv, args...)
		if code != 2 || strings.Contains(errs, "secret") {
			t.Errorf("%v = %d, %q; want status 2", args, code, errs)
		}
	}
	code, out, errs := runKeys(t, noEnv, "keys", "rotate", "--sealing", "--retire-after", "0s", "--data", data)
	if code != 0 || !strings.Contains(errs, "warning") {
		t.Fatalf("keys rotate --retire-after 0s = %d, %q", code, errs)
	}
	for _, r := range parseKeyTable(t, out[strings.Index(out, "KIND"):]) {
		if r.kind == "sealing" && r.state == "verify-only" {
			t.Errorf("a key replaced with --retire-after 0s still opens: %+v", r)
		}
	}
}

func TestKeyReloadInterval(t *testing.T) {
	env := func(v string) func(string) (string, bool) {
		return func(k string) (string, bool) { return v, k == keyReloadEnv }
	}
	if d, err := keyReloadInterval(noEnv); err != nil || d != defaultKeyReloadInterval {
		t.Errorf("default = %v, %v", d, err)
	}
	if d, err := keyReloadInterval(env("250ms")); err != nil || d != 250*time.Millisecond {
		t.Errorf("250ms = %v, %v", d, err)
	}
	for _, bad := range []string{"soon", "0s", "-5s", "10"} {
		if _, err := keyReloadInterval(env(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// startNode starts `gatehouse serve` on data with env added to its
// environment and returns its base URL.
func startNode(t *testing.T, data string, env ...string) string {
	t.Helper()
	_, rec, _ := startListening(t, env, "serve", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json")
	return rec["url"].(string)
}

const (
	demoPool         = "us-east-1_NotesDemo"
	demoClient       = "gatehousenotesdemoclient01"
	demoIdentityPool = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
)

// signIn signs the demo user in on the node at base.
func signIn(t *testing.T, base string) *ciptypes.AuthenticationResultType {
	t.Helper()
	c := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(base), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	out, err := c.InitiateAuth(t.Context(), &cip.InitiateAuthInput{
		AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(demoClient),
		AuthParameters: map[string]string{"USERNAME": "demo@example.com", "PASSWORD": "Passw0rd!"},
	})
	if err != nil {
		t.Fatalf("InitiateAuth on %s: %v", base, err)
	}
	return out.AuthenticationResult
}

// getUser calls GetUser with an access token on the node at base.
func getUser(base, accessToken string) error {
	c := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(base), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	_, err := c.GetUser(context.Background(), &cip.GetUserInput{AccessToken: aws.String(accessToken)})
	return err
}

// credentials trades an ID token for the identity pool's credentials on
// the node at base.
func credentials(t *testing.T, base, idToken string) aws.Credentials {
	t.Helper()
	c := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(base), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	logins := map[string]string{"cognito-idp.us-east-1.amazonaws.com/" + demoPool: idToken}
	id, err := c.GetId(t.Context(), &ci.GetIdInput{IdentityPoolId: aws.String(demoIdentityPool), Logins: logins})
	if err != nil {
		t.Fatalf("GetId on %s: %v", base, err)
	}
	out, err := c.GetCredentialsForIdentity(t.Context(), &ci.GetCredentialsForIdentityInput{IdentityId: id.IdentityId, Logins: logins})
	if err != nil {
		t.Fatalf("GetCredentialsForIdentity on %s: %v", base, err)
	}
	return aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretKey,
		SessionToken: *out.Credentials.SessionToken}
}

// listNotes calls the demo's AWS_IAM route GET /notes on the node at base,
// signed with creds, and returns the status.
func listNotes(t *testing.T, base string, creds aws.Credentials) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/restapis/notesapi01/prod/_user_request_/notes", nil)
	if err != nil {
		t.Fatal(err)
	}
	empty := sha256.Sum256(nil)
	if err := v4.NewSigner().SignHTTP(t.Context(), creds, req, hex.EncodeToString(empty[:]), "execute-api", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// jwtKid returns the kid of a JWT's header.
func jwtKid(t *testing.T, token string) string {
	t.Helper()
	head, _, _ := strings.Cut(token, ".")
	b, err := base64.RawURLEncoding.DecodeString(head)
	var h struct{ Kid string }
	if err != nil || json.Unmarshal(b, &h) != nil {
		t.Fatalf("JWT header %q", head)
	}
	return h.Kid
}

// sealKeyOf returns the id of the sealing key of a session token.
func sealKeyOf(t *testing.T, sessionToken string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(sessionToken)
	if err != nil {
		t.Fatalf("session token: %v", err)
	}
	return keys.SealKeyID(b)
}

// jwksKids returns the kids of the pool's JWKS on the node at base.
func jwksKids(t *testing.T, base string) []string {
	t.Helper()
	res, err := http.Get(base + "/" + demoPool + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var set struct{ Keys []struct{ Kid string } }
	if err := json.NewDecoder(res.Body).Decode(&set); err != nil || res.StatusCode != 200 {
		t.Fatalf("JWKS: %d %v", res.StatusCode, err)
	}
	var kids []string
	for _, k := range set.Keys {
		kids = append(kids, k.Kid)
	}
	return kids
}

// TestKeysRotateReachesRunningNodes runs two `gatehouse serve` processes on
// one data directory (one SQLite store, one master key), rotates with
// `gatehouse keys rotate`, and checks that both nodes use the new keys
// within their reload interval while what the old keys signed and sealed
// keeps working on both.
func TestKeysRotateReachesRunningNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	data := filepath.Join(t.TempDir(), "data")
	const interval = 200 * time.Millisecond
	env := keyReloadEnv + "=" + interval.String()
	a := startNode(t, data, env)
	b := startNode(t, data, env)

	oldTokens := signIn(t, a)
	oldKid := jwtKid(t, *oldTokens.IdToken)
	oldCreds := credentials(t, a, *oldTokens.IdToken)
	oldSeal := sealKeyOf(t, oldCreds.SessionToken)
	if kids := jwksKids(t, b); len(kids) != 1 || kids[0] != oldKid {
		t.Fatalf("node b's JWKS %v, want node a's key %s", kids, oldKid)
	}

	code, out, errs := runKeys(t, noEnv, "keys", "rotate", "--data", data)
	if code != 0 {
		t.Fatalf("keys rotate = %d: %s", code, errs)
	}
	rotated := time.Now()
	ids := newKeyIDs(out)
	if ids["signing"] == "" || ids["signing"] == oldKid || ids["sealing"] == "" || ids["sealing"] == oldSeal {
		t.Fatalf("keys rotate printed:\n%s", out)
	}

	// Both nodes publish the new key beside the old one within the 10 s of
	// the default interval (so through the configured one): typically in
	// well under a second, with room for a machine loaded by other tests.
	for _, node := range []string{a, b} {
		for {
			kids := jwksKids(t, node)
			if len(kids) == 2 && kids[0] == ids["signing"] && kids[1] == oldKid {
				break
			}
			if time.Since(rotated) > 9*time.Second {
				t.Fatalf("%s's JWKS is %v 9 s after the rotation, want [%s %s]", node, kids, ids["signing"], oldKid)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Logf("both nodes published the new key %v after the rotation (reload interval %v)", time.Since(rotated).Round(time.Millisecond), interval)

	for _, node := range []string{a, b} {
		// New tokens are signed, new credentials sealed, with the new keys.
		newTokens := signIn(t, node)
		if kid := jwtKid(t, *newTokens.IdToken); kid != ids["signing"] {
			t.Errorf("%s signs with %s after the rotation, want %s", node, kid, ids["signing"])
		}
		if kid := jwtKid(t, *newTokens.AccessToken); kid != ids["signing"] {
			t.Errorf("%s signs access tokens with %s, want %s", node, kid, ids["signing"])
		}
		newCreds := credentials(t, node, *newTokens.IdToken)
		if k := sealKeyOf(t, newCreds.SessionToken); k != ids["sealing"] {
			t.Errorf("%s seals with %s after the rotation, want %s", node, k, ids["sealing"])
		}
		// Tokens and credentials of before the rotation still work,
		// as do the new ones.
		if err := getUser(node, *oldTokens.AccessToken); err != nil {
			t.Errorf("%s: GetUser with an access token of before the rotation: %v", node, err)
		}
		if err := getUser(node, *newTokens.AccessToken); err != nil {
			t.Errorf("%s: GetUser with a new access token: %v", node, err)
		}
		credentials(t, node, *oldTokens.IdToken)
		if st := listNotes(t, node, oldCreds); st != 200 {
			t.Errorf("%s: GET /notes with credentials of before the rotation = %d", node, st)
		}
		if st := listNotes(t, node, newCreds); st != 200 {
			t.Errorf("%s: GET /notes with new credentials = %d", node, st)
		}
	}
}

// A node that has not reloaded since a rotation accepts what another node
// signs and seals with the new keys: the unknown key ids make it reload.
// Each way in is checked after a rotation of its own, the node holding
// only the keys of before it.
func TestNodeNotReloadedAcceptsNewKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	data := filepath.Join(t.TempDir(), "data")
	a := startNode(t, data, keyReloadEnv+"=200ms")
	b := startNode(t, data, keyReloadEnv+"=1h")

	checks := []struct {
		name  string
		check func(tokens *ciptypes.AuthenticationResultType, creds aws.Credentials) error
	}{
		{"GetUser with the access token", func(tokens *ciptypes.AuthenticationResultType, _ aws.Credentials) error {
			return getUser(b, *tokens.AccessToken)
		}},
		{"GET /notes signed with the credentials", func(_ *ciptypes.AuthenticationResultType, creds aws.Credentials) error {
			if st := listNotes(t, b, creds); st != http.StatusOK {
				return fmt.Errorf("status %d", st)
			}
			return nil
		}},
		{"GET /items with the ID token (COGNITO_USER_POOLS)", func(tokens *ciptypes.AuthenticationResultType, _ aws.Credentials) error {
			req, err := http.NewRequest(http.MethodGet, b+"/restapis/notesapi01/prod/_user_request_/items", nil)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", *tokens.IdToken)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return err
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("status %d", res.StatusCode)
			}
			return nil
		}},
		{"GetId with the ID token", func(tokens *ciptypes.AuthenticationResultType, _ aws.Credentials) error {
			c := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(b), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
			_, err := c.GetId(t.Context(), &ci.GetIdInput{IdentityPoolId: aws.String(demoIdentityPool),
				Logins: map[string]string{"cognito-idp.us-east-1.amazonaws.com/" + demoPool: *tokens.IdToken}})
			return err
		}},
	}
	for _, c := range checks {
		before := jwksKids(t, b)
		code, out, errs := runKeys(t, noEnv, "keys", "rotate", "--data", data)
		if code != 0 {
			t.Fatalf("keys rotate = %d: %s", code, errs)
		}
		ids := newKeyIDs(out)
		for deadline := time.Now().Add(9 * time.Second); jwksKids(t, a)[0] != ids["signing"]; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("node a's JWKS is %v 9 s after the rotation", jwksKids(t, a))
			}
		}
		time.Sleep(1100 * time.Millisecond) // past b's last reload for an unknown key
		if kids := jwksKids(t, b); !slices.Equal(kids, before) {
			t.Fatalf("node b's JWKS is %v before any request with a new key, want %v (not reloaded)", kids, before)
		}
		tokens := signIn(t, a)
		creds := credentials(t, a, *tokens.IdToken)
		if kid, k := jwtKid(t, *tokens.AccessToken), sealKeyOf(t, creds.SessionToken); kid != ids["signing"] || k != ids["sealing"] {
			t.Fatalf("node a signs with %s and seals with %s, want the new keys %v", kid, k, ids)
		}
		if err := c.check(tokens, creds); err != nil {
			t.Errorf("node b, %s of node a's new keys: %v", c.name, err)
		}
		if kids := jwksKids(t, b); kids[0] != ids["signing"] {
			t.Errorf("node b's JWKS after %s: %v, want the new key first", c.name, kids)
		}
	}
}

// keys rotate --activate-after publishes the new keys at once (pending in
// keys list, the kid in a running node's JWKS) while the old ones keep
// signing and sealing.
func TestKeysRotateActivateAfter(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	node := startNode(t, data, keyReloadEnv+"=200ms")
	oldKids := jwksKids(t, node)

	start := time.Now().Truncate(time.Second)
	code, out, errs := runKeys(t, noEnv, "keys", "rotate", "--activate-after", "1h", "--retire-after", "2h", "--data", data)
	if code != 0 {
		t.Fatalf("keys rotate --activate-after 1h = %d: %s", code, errs)
	}
	ids := newKeyIDs(out)
	for _, r := range parseKeyTable(t, out[strings.Index(out, "KIND"):]) {
		activates, err1 := time.Parse(time.RFC3339, r.activates)
		if err1 != nil {
			t.Fatalf("activation time %q: %v", r.activates, err1)
		}
		if r.id == ids[r.kind] {
			if r.state != "pending" || r.retires != "-" || activates.Before(start.Add(time.Hour)) || activates.After(time.Now().Add(time.Hour)) {
				t.Errorf("new key %+v, want pending, activating 1h after the rotation", r)
			}
			continue
		}
		retires, err2 := time.Parse(time.RFC3339, r.retires)
		if r.state != "active" || err2 != nil || retires.Before(start.Add(3*time.Hour)) || retires.After(time.Now().Add(3*time.Hour)) {
			t.Errorf("replaced key %+v, want active, retiring 2h after the activation", r)
		}
	}

	want := append([]string{ids["signing"]}, oldKids...)
	for deadline := time.Now().Add(9 * time.Second); !slices.Equal(jwksKids(t, node), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the node's JWKS is %v 9 s after the rotation, want %v", jwksKids(t, node), want)
		}
	}
	tokens := signIn(t, node)
	if kid := jwtKid(t, *tokens.IdToken); kid != oldKids[0] {
		t.Errorf("the node signs with %s before the activation, want the old key %s", kid, oldKids[0])
	}
	if k := sealKeyOf(t, credentials(t, node, *tokens.IdToken).SessionToken); k == ids["sealing"] {
		t.Errorf("the node seals with the pending key %s", k)
	}

	if code, _, errs := runKeys(t, noEnv, "keys", "rotate", "--activate-after", "-1s", "--data", data); code != 2 ||
		!strings.Contains(errs, "--activate-after: -1s is negative") {
		t.Errorf("keys rotate --activate-after -1s = %d: %s", code, errs)
	}
}

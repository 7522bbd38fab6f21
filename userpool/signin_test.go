package userpool_test

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"
)

var (
	uuidRE   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	uuidV4RE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	hexRE    = regexp.MustCompile(`^[0-9a-f]+$`)
)

// wantClaims checks that claims has exactly the names in want, and the
// values given (nil means any value).
func wantClaims(t *testing.T, what string, claims jwt.MapClaims, want map[string]any) {
	t.Helper()
	for name := range claims {
		if _, ok := want[name]; !ok {
			t.Errorf("%s has unexpected claim %q = %v", what, name, claims[name])
		}
	}
	for name, value := range want {
		got, ok := claims[name]
		switch {
		case !ok:
			t.Errorf("%s lacks claim %q", what, name)
		case value != nil && !equalJSON(got, value):
			t.Errorf("%s claim %q = %#v, want %#v", what, name, got, value)
		}
	}
}

func equalJSON(a, b any) bool {
	as, aok := a.([]any)
	bs, bok := b.([]string)
	if aok && bok {
		if len(as) != len(bs) {
			return false
		}
		for i := range as {
			if as[i] != bs[i] {
				return false
			}
		}
		return true
	}
	return a == b
}

// numeric returns a numeric claim (JSON numbers decode as float64).
func numeric(t *testing.T, claims jwt.MapClaims, name string) int64 {
	t.Helper()
	f, ok := claims[name].(float64)
	if !ok {
		t.Fatalf("claim %q = %#v is not a number", name, claims[name])
	}
	return int64(f)
}

func str(t *testing.T, claims jwt.MapClaims, name string) string {
	t.Helper()
	s, ok := claims[name].(string)
	if !ok {
		t.Fatalf("claim %q = %#v is not a string", name, claims[name])
	}
	return s
}

// checkDemoTokens checks the tokens of the demo user signed in through
// clientID with the given validities (seconds).
func checkDemoTokens(t *testing.T, e *env, res *types.AuthenticationResultType, clientID string, accessValidity, idValidity int64) (sub string) {
	t.Helper()
	if res == nil {
		t.Fatal("no AuthenticationResult")
	}
	if aws.ToString(res.TokenType) != "Bearer" || res.ExpiresIn != int32(accessValidity) {
		t.Errorf("TokenType %q, ExpiresIn %d; want Bearer, %d", aws.ToString(res.TokenType), res.ExpiresIn, accessValidity)
	}
	kid, _ := e.ring.SigningKey()
	iss := "https://cognito-idp.us-east-1.amazonaws.com/" + demoPool

	idHeader, id := e.verifyJWT(demoPool, aws.ToString(res.IdToken), jwt.WithAudience(clientID))
	if idHeader["kid"] != kid || idHeader["alg"] != "RS256" {
		t.Errorf("ID token header %v, want kid %s and alg RS256", idHeader, kid)
	}
	sub = str(t, id, "sub")
	wantClaims(t, "ID token", id, map[string]any{
		"sub": nil, "email_verified": true, "iss": iss, "cognito:username": sub, "origin_jti": nil,
		"aud": clientID, "event_id": nil, "token_use": "id", "auth_time": nil, "name": "Demo User",
		"exp": nil, "iat": nil, "jti": nil, "email": demoUser,
	})
	if !uuidV4RE.MatchString(sub) {
		t.Errorf("sub %q is not a UUID", sub)
	}
	if got := numeric(t, id, "exp") - numeric(t, id, "iat"); got != idValidity {
		t.Errorf("ID token exp-iat = %d, want %d", got, idValidity)
	}
	if numeric(t, id, "iat") != e.clock.Now().Unix() || numeric(t, id, "auth_time") != numeric(t, id, "iat") {
		t.Errorf("ID token iat %v, auth_time %v; want now %d", id["iat"], id["auth_time"], e.clock.Now().Unix())
	}

	accessHeader, access := e.verifyJWT(demoPool, aws.ToString(res.AccessToken))
	if accessHeader["kid"] != kid {
		t.Errorf("access token header %v, want kid %s", accessHeader, kid)
	}
	wantClaims(t, "access token", access, map[string]any{
		"sub": sub, "iss": iss, "client_id": clientID, "origin_jti": id["origin_jti"], "event_id": id["event_id"],
		"token_use": "access", "scope": "aws.cognito.signin.user.admin", "auth_time": id["auth_time"],
		"exp": nil, "iat": id["iat"], "jti": nil, "username": sub,
	})
	if got := numeric(t, access, "exp") - numeric(t, access, "iat"); got != accessValidity {
		t.Errorf("access token exp-iat = %d, want %d", got, accessValidity)
	}
	for _, c := range []jwt.MapClaims{id, access} {
		for _, name := range []string{"jti", "event_id", "origin_jti"} {
			if !uuidRE.MatchString(str(t, c, name)) {
				t.Errorf("%s %q is not a UUID", name, c[name])
			}
		}
	}
	if id["jti"] == access["jti"] {
		t.Error("ID and access tokens share a jti")
	}
	return sub
}

func TestUserPasswordAuth(t *testing.T) {
	e := newEnv(t)
	out, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.ChallengeName != "" || out.Session != nil {
		t.Errorf("challenge %q, session %v; want none", out.ChallengeName, out.Session)
	}
	if aws.ToString(out.AuthenticationResult.RefreshToken) == "" {
		t.Error("no refresh token")
	}
	sub := checkDemoTokens(t, e, out.AuthenticationResult, demoClient, 3600, 3600)

	user, err := e.idp.GetUser(context.Background(), &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]string{}
	for _, a := range user.UserAttributes {
		attrs[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	want := map[string]string{"sub": sub, "email": demoUser, "email_verified": "true", "name": "Demo User"}
	if aws.ToString(user.Username) != sub || !mapsEqual(attrs, want) {
		t.Errorf("GetUser = %s %v, want %s %v", aws.ToString(user.Username), attrs, sub, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func TestSRPSignIn(t *testing.T) {
	e := newEnv(t)
	ch, err := e.startSRP(demoClient, demoPool, demoUser, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := ch.params
	// In a pool that signs users in by email, Cognito's USER_ID_FOR_SRP and
	// USERNAME are the internal username: the user's sub.
	if !uuidV4RE.MatchString(p["USER_ID_FOR_SRP"]) || p["USERNAME"] != p["USER_ID_FOR_SRP"] {
		t.Errorf("USER_ID_FOR_SRP %q, USERNAME %q: want the sub twice", p["USER_ID_FOR_SRP"], p["USERNAME"])
	}
	for _, name := range []string{"SALT", "SRP_B"} {
		if !hexRE.MatchString(p[name]) {
			t.Errorf("%s = %q, want lowercase hex", name, p[name])
		}
	}
	if len(p) != 5 || p["SECRET_BLOCK"] == "" {
		t.Errorf("challenge parameters %v: want SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME", keysOf(p))
	}
	out, err := ch.respond(ch.responses(demoPassword, e.clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	sub := checkDemoTokens(t, e, out.AuthenticationResult, demoClient, 3600, 3600)
	if sub != p["USER_ID_FOR_SRP"] {
		t.Errorf("sub %s, USER_ID_FOR_SRP %s", sub, p["USER_ID_FOR_SRP"])
	}

	// The alias is case-insensitive, and the sub signs in too.
	for _, name := range []string{"DEMO@Example.COM", sub} {
		if _, err := e.srpSignIn(demoClient, demoPool, name, demoPassword); err != nil {
			t.Errorf("SRP sign-in as %s: %v", name, err)
		}
		if _, err := e.passwordAuth(demoClient, name, demoPassword, nil); err != nil {
			t.Errorf("USER_PASSWORD_AUTH as %s: %v", name, err)
		}
	}
}

// The validities of the client set exp, and ExpiresIn is the access token's.
func TestTokenValidities(t *testing.T) {
	e := newEnv(t)
	out, err := e.srpSignIn(demoSRPOnly, demoPool, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	checkDemoTokens(t, e, out.AuthenticationResult, demoSRPOnly, 1800, 2700)
}

// A pool without username_attributes: the username is the user's (its case
// kept), sign-in is case-insensitive, the client has a secret, and the
// user's groups and their roles are in the tokens.
func TestSignInWithSecretAndGroups(t *testing.T) {
	e := newEnv(t)
	ch, err := e.startSRP(officeClient, officePool, "alice", map[string]string{"SECRET_HASH": secretHash("alice", officeClient, officeSecret)})
	if err != nil {
		t.Fatal(err)
	}
	if ch.params["USER_ID_FOR_SRP"] != officeUser || ch.params["USERNAME"] != officeUser {
		t.Errorf("USER_ID_FOR_SRP %q, USERNAME %q; want %q", ch.params["USER_ID_FOR_SRP"], ch.params["USERNAME"], officeUser)
	}
	resp := ch.responses(officePassword, e.clock.Now())
	resp["SECRET_HASH"] = secretHash(officeUser, officeClient, officeSecret)
	out, err := ch.respond(resp)
	if err != nil {
		t.Fatal(err)
	}
	iss := "https://cognito-idp.us-east-1.amazonaws.com/" + officePool
	_, id := e.verifyJWT(officePool, aws.ToString(out.AuthenticationResult.IdToken), jwt.WithAudience(officeClient))
	wantClaims(t, "ID token", id, map[string]any{
		"sub": nil, "iss": iss, "cognito:username": officeUser, "origin_jti": nil, "aud": officeClient,
		"event_id": nil, "token_use": "id", "auth_time": nil, "exp": nil, "iat": nil, "jti": nil,
		"email": "alice@example.com", "email_verified": false, "phone_number": "+15555550100",
		"phone_number_verified": true, "custom:team": "blue",
		"cognito:groups":         []string{"admins", "staff"},
		"cognito:roles":          []string{officeAdminRole},
		"cognito:preferred_role": officeAdminRole,
	})
	_, access := e.verifyJWT(officePool, aws.ToString(out.AuthenticationResult.AccessToken))
	if !equalJSON(access["cognito:groups"], []string{"admins", "staff"}) || access["username"] != officeUser {
		t.Errorf("access token groups %v, username %v", access["cognito:groups"], access["username"])
	}
	if _, ok := access["cognito:roles"]; ok {
		t.Error("the access token carries cognito:roles")
	}

	// USER_PASSWORD_AUTH with the hash of the name as typed.
	if _, err := e.passwordAuth(officeClient, "ALICE", officePassword,
		map[string]string{"SECRET_HASH": secretHash("ALICE", officeClient, officeSecret)}); err != nil {
		t.Fatal(err)
	}
}

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

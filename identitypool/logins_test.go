package identitypool_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/golang-jwt/jwt/v5"
)

// Every way a Logins entry fails answers AWS's exception and message, on
// GetId, GetCredentialsForIdentity and GetOpenIdToken alike.
func TestLoginsErrors(t *testing.T) {
	e := newEnv(t)
	demo := e.idToken(demoUser)
	parts := strings.Split(demo, ".")
	editorParts := strings.Split(e.idToken(editorUser), ".")
	now := e.clock.Now().Unix()
	signer := jws.NewSigner(e.ring)
	ringSigned := func(claims map[string]any) string {
		t.Helper()
		tok, err := signer.Sign(claims)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	base := func(extra map[string]any) map[string]any {
		c := map[string]any{"sub": "6f1c8f3e-0000-4000-8000-000000000001", "iss": "https://" + provider,
			"aud": client, "token_use": "id", "iat": now, "exp": now + 3600}
		for k, v := range extra {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
	foreignKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := e.ring.SigningKey()
	foreign := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(base(nil)))
	foreign.Header["kid"] = kid
	foreignToken, err := foreign.SignedString(foreignKey)
	if err != nil {
		t.Fatal(err)
	}

	const (
		notOIDC     = "Invalid login token. Not a valid OpenId Connect identity token."
		issuer      = "Invalid login token. Issuer doesn't match providerName"
		unsupported = "Token is not from a supported provider of this identity pool."
		signature   = "Invalid login token. Couldn't verify signed token."
	)
	tests := []struct {
		name    string
		logins  map[string]string
		message string
	}{
		{"not a JWT", map[string]string{provider: "not-a-token"}, notOIDC},
		{"payload not JSON", map[string]string{provider: parts[0] + ".bm90IGpzb24." + parts[2]}, notOIDC},
		{"key of another user pool", map[string]string{otherProvider: demo}, issuer},
		{"key of an unknown provider", map[string]string{"graph.facebook.com": demo}, issuer},
		{"provider the identity pool lacks", map[string]string{otherProvider: e.idToken(otherUser)}, unsupported},
		{"app client the identity pool lacks", map[string]string{provider: *e.signIn(demoUser, otherClient).IdToken}, unsupported},
		{"another token's signature", map[string]string{provider: parts[0] + "." + parts[1] + "." + editorParts[2]}, signature},
		{"a key outside the ring", map[string]string{provider: foreignToken}, signature},
		{"access token", map[string]string{provider: *e.signIn(demoUser, client).AccessToken}, "Invalid login token. Missing a required claim: aud"},
		{"token_use access", map[string]string{provider: ringSigned(base(map[string]any{"token_use": "access"}))}, notOIDC},
		{"no sub", map[string]string{provider: ringSigned(base(map[string]any{"sub": nil}))}, notOIDC},
		{"no exp", map[string]string{provider: ringSigned(base(map[string]any{"exp": nil}))}, notOIDC},
		{"expired", map[string]string{provider: ringSigned(base(map[string]any{"exp": now - 10}))},
			"Invalid login token. Token expired: " + strconv.FormatInt(now, 10) + " >= " + strconv.FormatInt(now-10, 10)},
		{"one bad login among good ones", map[string]string{provider: demo, otherProvider: "x.y.z"}, notOIDC},
	}
	identity := e.mustGetID(demoPool, map[string]string{provider: demo})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.getID(demoPool, tt.logins)
			gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", tt.message)
			_, err = e.credentialsFor(identity, tt.logins, "")
			gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", tt.message)
			_, err = e.ident.GetOpenIdToken(context.Background(), openIDInput(identity, tt.logins))
			gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", tt.message)
		})
	}

	// A token signed with the ring but for claims of no real user still
	// needs the pool's provider and client.
	_, err = e.getID(demoPool, map[string]string{provider: ringSigned(base(map[string]any{"aud": "nosuchclient"}))})
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", unsupported)
	_, err = e.getID(demoPool, map[string]string{provider: ringSigned(base(map[string]any{"aud": []string{"x", client}}))})
	if err != nil {
		t.Fatalf("an aud list with the client: %v", err)
	}
}

// A token the service verified before fails once it expires, and once its
// signing key retires.
func TestCachedLoginExpiresAndRetires(t *testing.T) {
	e := newEnv(t)
	logins := e.logins(demoUser)
	id := e.mustGetID(demoPool, logins)
	exp := int64(gatehousetest.JWTClaims(t, logins[provider])["exp"].(float64))

	if _, err := e.ring.Rotate(context.Background(), keys.Signing, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := e.credentialsFor(id, logins, ""); err != nil {
		t.Fatalf("before the old key retires: %v", err)
	}
	e.clock.Advance(2 * time.Minute)
	_, err := e.getID(demoPool, logins)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Invalid login token. Couldn't verify signed token.")

	fresh := newEnv(t)
	logins = fresh.logins(demoUser)
	exp = int64(gatehousetest.JWTClaims(t, logins[provider])["exp"].(float64))
	id = fresh.mustGetID(demoPool, logins)
	fresh.clock.Advance(time.Hour)
	_, err = fresh.credentialsFor(id, logins, "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Invalid login token. Token expired: "+
		strconv.FormatInt(fresh.clock.Now().Unix(), 10)+" >= "+strconv.FormatInt(exp, 10))
}

// A user pool of the configuration may override its issuer: its tokens are
// accepted under the provider name and under the issuer without scheme,
// the Logins key clients derive from "iss".
func TestIssuerOverride(t *testing.T) {
	cfg := testConfig(t)
	cfg.UserPools[0].Issuer = "http://127.0.0.1:9999/us-east-1_NotesDemo"
	e := newEnvWithConfig(t, cfg)
	token := e.idToken(demoUser)
	if iss := gatehousetest.JWTClaims(t, token)["iss"]; iss != cfg.UserPools[0].Issuer {
		t.Fatalf("iss = %v", iss)
	}
	id := e.mustGetID(demoPool, map[string]string{provider: token})
	if again := e.mustGetID(demoPool, map[string]string{"127.0.0.1:9999/us-east-1_NotesDemo": token}); again != id {
		t.Fatalf("GetId by the issuer's key = %q, want %q", again, id)
	}
	out, err := e.credentialsFor(id, map[string]string{"127.0.0.1:9999/us-east-1_NotesDemo": token}, "")
	if err != nil || e.session(out).Provider != provider {
		t.Fatalf("GetCredentialsForIdentity by the issuer's key: %v", err)
	}
}

// Unknown pools and identities, pools without unauthenticated access, and
// requests the API model refuses.
func TestIdentityErrors(t *testing.T) {
	e := newEnv(t)
	_, err := e.getID(unknownPool, e.logins(demoUser))
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "IdentityPool '"+unknownPool+"' not found.")
	_, err = e.getID(demoPool, nil)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
	missing := "us-east-1:00000000-0000-4000-8000-000000000000"
	_, err = e.credentialsFor(missing, nil, "")
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Identity '"+missing+"' not found.")
	_, err = e.credentialsFor(missing, e.logins(demoUser), "")
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Identity '"+missing+"' not found.")

	id := e.mustGetID(demoPool, e.logins(demoUser))
	_, err = e.credentialsFor(id, nil, "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Access to Identity '"+id+"' is forbidden.")
	_, err = e.credentialsFor(id, e.logins(editorUser), "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException",
		"Logins don't match. Please include at least one valid login for this identity or identity pool.")

	// The wire form of an error, and model validation.
	tests := []struct {
		name, operation, body string
		code, message         string
	}{
		{"no pool id", "GetId", `{}`, "ValidationException",
			"1 validation error detected: Value null at 'identityPoolId' failed to satisfy constraint: Member must not be null"},
		{"malformed pool id", "GetId", `{"IdentityPoolId":"not a pool"}`, "ValidationException",
			`1 validation error detected: Value 'not a pool' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+:[0-9a-f-]+`},
		{"two failures", "GetId", `{"IdentityPoolId":"` + strings.Repeat("a", 50) + `:` + strings.Repeat("0", 10) + `","AccountId":"x"}`, "ValidationException",
			"2 validation errors detected: Value 'x' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d+; " +
				"Value '" + strings.Repeat("a", 50) + ":" + strings.Repeat("0", 10) + "' at 'identityPoolId' failed to satisfy constraint: Member must have length less than or equal to 55"},
		{"too many logins", "GetId", `{"IdentityPoolId":"` + demoPool + `","Logins":{` + manyLogins(11) + `}}`, "ValidationException",
			"1 validation error detected: Value at 'logins' failed to satisfy constraint: Member must have length less than or equal to 10"},
		{"empty login token", "GetId", `{"IdentityPoolId":"` + demoPool + `","Logins":{"a":""}}`, "ValidationException",
			"1 validation error detected: Value at 'logins' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 50000, Member must have length greater than or equal to 1]"},
		{"no identity id", "GetCredentialsForIdentity", `{}`, "ValidationException",
			"1 validation error detected: Value null at 'identityId' failed to satisfy constraint: Member must not be null"},
		{"short CustomRoleArn", "GetCredentialsForIdentity", `{"IdentityId":"` + id + `","CustomRoleArn":"arn:x"}`, "ValidationException",
			"1 validation error detected: Value 'arn:x' at 'customRoleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
		{"not JSON", "GetId", `{"IdentityPoolId":`, "SerializationException", "The request body is not valid JSON."},
		{"Logins not a map", "GetId", `{"IdentityPoolId":"` + demoPool + `","Logins":["x"]}`, "SerializationException", "Unexpected value for field Logins."},
		{"unknown pool", "GetId", `{"IdentityPoolId":"` + unknownPool + `"}`, "ResourceNotFoundException", "IdentityPool '" + unknownPool + "' not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := e.post(tt.operation, tt.body)
			want := `{"__type":"` + tt.code + `","message":` + jsonString(tt.message) + `}`
			if status != 400 || h.Get("x-amzn-ErrorType") != tt.code || body != want {
				t.Fatalf("got %d %s %s\nwant 400 %s %s", status, h.Get("x-amzn-ErrorType"), body, tt.code, want)
			}
		})
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func manyLogins(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"p` + strconv.Itoa(i) + `":"t"`)
	}
	return b.String()
}

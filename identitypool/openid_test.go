package identitypool_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

func openIDInput(identityID string, logins map[string]string) *ci.GetOpenIdTokenInput {
	return &ci.GetOpenIdTokenInput{IdentityId: aws.String(identityID), Logins: logins}
}

// GetOpenIdToken's token verifies against /.well-known/jwks_uri, with
// AWS's issuer, the identity pool as audience, the identity as subject,
// the login in amr, and 10 minutes of validity.
func TestGetOpenIdToken(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	logins := e.logins(demoUser)
	id := e.mustGetID(demoPool, logins)
	out, err := e.ident.GetOpenIdToken(ctx, openIDInput(id, logins))
	if err != nil {
		t.Fatalf("GetOpenIdToken: %v", err)
	}
	if aws.ToString(out.IdentityId) != id {
		t.Fatalf("IdentityId = %v, want %s", out.IdentityId, id)
	}
	header, claims := e.verifyOpenIDToken(aws.ToString(out.Token), demoPool)
	kid, _ := e.ring.SigningKey()
	if header["kid"] != kid || header["alg"] != "RS256" {
		t.Errorf("header = %v, want kid %s", header, kid)
	}
	sub := gatehousetest.JWTClaims(t, logins[provider])["sub"].(string)
	amr, _ := json.Marshal(claims["amr"])
	wantAMR, _ := json.Marshal([]string{"authenticated", provider, provider + ":CognitoSignIn:" + sub})
	if claims["sub"] != id || string(amr) != string(wantAMR) {
		t.Errorf("sub %v, amr %s; want %s, %s", claims["sub"], amr, id, wantAMR)
	}
	iat, exp := claims["iat"].(float64), claims["exp"].(float64)
	if int64(iat) != e.clock.Now().Unix() || exp-iat != 600 {
		t.Errorf("iat %v exp %v, want now and 10 minutes later", iat, exp)
	}

	// An unauthenticated identity's token.
	guest := e.mustGetID(guestPool, nil)
	out, err = e.ident.GetOpenIdToken(ctx, openIDInput(guest, nil))
	if err != nil {
		t.Fatalf("GetOpenIdToken unauthenticated: %v", err)
	}
	_, claims = e.verifyOpenIDToken(aws.ToString(out.Token), guestPool)
	if amr, _ := json.Marshal(claims["amr"]); claims["sub"] != guest || string(amr) != `["unauthenticated"]` {
		t.Errorf("unauthenticated claims = %v", claims)
	}

	_, err = e.ident.GetOpenIdToken(ctx, openIDInput(id, nil))
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Access to Identity '"+id+"' is forbidden.")

	// The discovery document points at the JWKS of this server.
	res, err := e.ts.Client().Get(e.ts.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != 200 {
		t.Fatalf("discovery document: %d, %v", res.StatusCode, err)
	}
	if doc["issuer"] != "https://cognito-identity.amazonaws.com" || doc["jwks_uri"] != e.ts.URL+"/.well-known/jwks_uri" {
		t.Errorf("discovery document = %v", doc)
	}
}

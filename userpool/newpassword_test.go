package userpool_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

func (e *env) respondNewPassword(clientID string, session *string, responses map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	return e.idp.RespondToAuthChallenge(context.Background(), &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: aws.String(clientID),
		Session: session, ChallengeResponses: responses,
	})
}

func TestNewPasswordRequired(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.admin.CreateUser(ctx, officePool, userpool.NewUser{
		Username: "Bob", Password: "Temporary-Pass-1", Status: userpool.StatusForceChangePassword,
		Attributes: map[string]string{"email": "bob@example.com", "email_verified": "true"},
	}); err != nil {
		t.Fatal(err)
	}
	hash := map[string]string{"SECRET_HASH": secretHash("Bob", officeClient, officeSecret)}
	out, err := e.passwordAuth(officeClient, "Bob", "Temporary-Pass-1", hash)
	if err != nil {
		t.Fatal(err)
	}
	if out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired || aws.ToString(out.Session) == "" || out.AuthenticationResult != nil {
		t.Fatalf("got challenge %q, session %q, result %v; want NEW_PASSWORD_REQUIRED with a session",
			out.ChallengeName, aws.ToString(out.Session), out.AuthenticationResult)
	}
	p := out.ChallengeParameters
	var attrs map[string]string
	if err := json.Unmarshal([]byte(p["userAttributes"]), &attrs); err != nil {
		t.Fatalf("userAttributes %q: %v", p["userAttributes"], err)
	}
	if p["USER_ID_FOR_SRP"] != "Bob" || p["requiredAttributes"] != "[]" ||
		!mapsEqual(attrs, map[string]string{"email": "bob@example.com", "email_verified": "true"}) {
		t.Errorf("challenge parameters %v", p)
	}
	session := out.Session

	answer := func(password string, extra map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
		resp := map[string]string{"USERNAME": "Bob", "NEW_PASSWORD": password, "SECRET_HASH": hash["SECRET_HASH"]}
		for k, v := range extra {
			resp[k] = v
		}
		return e.respondNewPassword(officeClient, session, resp)
	}
	for _, tc := range []struct{ password, message string }{
		{"Sh0rt!", "Password did not conform with policy: Password not long enough"},
		{"ALLUPPERCASE-1", "Password did not conform with policy: Password must have lowercase characters"},
		{"alllowercase-1", "Password did not conform with policy: Password must have uppercase characters"},
		{"No-Numbers-Here", "Password did not conform with policy: Password must have numeric characters"},
		{"NoSymbols12345", "Password did not conform with policy: Password must have symbol characters"},
	} {
		_, err := answer(tc.password, nil)
		gatehousetest.RequireAPIError(t, err, "InvalidPasswordException", tc.message)
	}
	_, err = answer("", nil)
	gatehousetest.RequireAPIError(t, err, invalidParameter, "Missing required parameter NEW_PASSWORD")
	_, err = answer("Brand-New-Pass-2", map[string]string{"userAttributes.sub": "x"})
	gatehousetest.RequireAPIError(t, err, invalidParameter, "Invalid user attributes: sub: Attribute cannot be updated.")
	_, err = e.respondNewPassword(officeClient, aws.String("bm90IGEgc2Vzc2lvbg"),
		map[string]string{"USERNAME": "Bob", "NEW_PASSWORD": "Brand-New-Pass-2", "SECRET_HASH": hash["SECRET_HASH"]})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid session for the user.")
	_, err = answer("Brand-New-Pass-2", map[string]string{"SECRET_HASH": ""})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Client "+officeClient+" is configured with secret but SECRET_HASH was not received")

	res, err := answer("Brand-New-Pass-2", map[string]string{"userAttributes.name": "Bob Builder"})
	if err != nil {
		t.Fatal(err)
	}
	if res.AuthenticationResult == nil || res.AuthenticationResult.RefreshToken == nil {
		t.Fatalf("no tokens after the new password: %+v", res)
	}
	_, id := e.verifyJWT(officePool, aws.ToString(res.AuthenticationResult.IdToken), jwt.WithAudience(officeClient))
	if id["name"] != "Bob Builder" || id["cognito:username"] != "Bob" || id["email_verified"] != true {
		t.Errorf("ID token after NEW_PASSWORD_REQUIRED: %v", id)
	}
	u, err := e.admin.LookupUser(ctx, officePool, "bob")
	if err != nil || u.Status != userpool.StatusConfirmed {
		t.Fatalf("user after NEW_PASSWORD_REQUIRED: %+v, %v", u, err)
	}

	// The session is used up; the new password works and the old does not.
	_, err = answer("Another-Pass-3", nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid session for the user.")
	if _, err := e.passwordAuth(officeClient, "Bob", "Brand-New-Pass-2", hash); err != nil {
		t.Fatal(err)
	}
	_, err = e.passwordAuth(officeClient, "Bob", "Temporary-Pass-1", hash)
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
}

// With SRP, the temporary password is proven by PASSWORD_VERIFIER, then the
// NEW_PASSWORD_REQUIRED answer names the user by USER_ID_FOR_SRP, as
// amazon-cognito-identity-js does.
func TestNewPasswordRequiredAfterSRP(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.admin.CreateUser(ctx, demoPool, userpool.NewUser{
		Username: "new@example.com", Password: "Temporary1", Status: userpool.StatusForceChangePassword,
		Attributes: map[string]string{"email": "new@example.com"},
	}); err != nil {
		t.Fatal(err)
	}
	out, err := e.srpSignIn(demoClient, demoPool, "new@example.com", "Temporary1")
	if err != nil {
		t.Fatal(err)
	}
	if out.ChallengeName != types.ChallengeNameTypeNewPasswordRequired {
		t.Fatalf("challenge %q, want NEW_PASSWORD_REQUIRED", out.ChallengeName)
	}
	userID := out.ChallengeParameters["USER_ID_FOR_SRP"]
	if !uuidV4RE.MatchString(userID) {
		t.Errorf("USER_ID_FOR_SRP %q, want the sub", userID)
	}
	_, err = e.respondNewPassword(demoClient, out.Session, map[string]string{"USERNAME": userID, "NEW_PASSWORD": "lowercase1"})
	gatehousetest.RequireAPIError(t, err, "InvalidPasswordException", "Password did not conform with policy: Password must have uppercase characters")

	// The session expires like Cognito's, after three minutes.
	e.clock.Advance(3*time.Minute + time.Second)
	_, err = e.respondNewPassword(demoClient, out.Session, map[string]string{"USERNAME": userID, "NEW_PASSWORD": "Permanent1"})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid session for the user, session is expired.")

	out, err = e.srpSignIn(demoClient, demoPool, "new@example.com", "Temporary1")
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.respondNewPassword(demoClient, out.Session, map[string]string{"USERNAME": userID, "NEW_PASSWORD": "Permanent1"})
	if err != nil {
		t.Fatal(err)
	}
	if res.AuthenticationResult == nil {
		t.Fatal("no tokens")
	}
	if _, err := e.srpSignIn(demoClient, demoPool, "new@example.com", "Permanent1"); err != nil {
		t.Fatal(err)
	}
}

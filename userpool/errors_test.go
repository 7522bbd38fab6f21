package userpool_test

import (
	"context"
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/internal/srp"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

const (
	notAuthorized    = "NotAuthorizedException"
	invalidParameter = "InvalidParameterException"
	incorrect        = "Incorrect username or password."
)

// rfc3526N is the SRP group's prime, for SRP_A = N.
const rfc3526N = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

func twiceN() string {
	n, _ := new(big.Int).SetString(rfc3526N, 16)
	return n.Lsh(n, 1).Text(16)
}

func initiate(e *env, flow types.AuthFlowType, clientID string, params map[string]string) error {
	_, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: flow, ClientId: aws.String(clientID), AuthParameters: params,
	})
	return err
}

func TestInitiateAuthErrors(t *testing.T) {
	e := newEnv(t)
	missingHash := "Client " + officeClient + " is configured with secret but SECRET_HASH was not received"
	wrongHash := "Unable to verify secret hash for client " + officeClient
	tests := []struct {
		name    string
		flow    types.AuthFlowType
		client  string
		params  map[string]string
		code    string
		message string
	}{
		{"wrong password", types.AuthFlowTypeUserPasswordAuth, demoClient,
			map[string]string{"USERNAME": demoUser, "PASSWORD": "Wrong-passw0rd"}, notAuthorized, incorrect},
		{"unknown user", types.AuthFlowTypeUserPasswordAuth, demoClient,
			map[string]string{"USERNAME": "nobody@example.com", "PASSWORD": demoPassword}, notAuthorized, incorrect},
		{"unknown user without alias", types.AuthFlowTypeUserPasswordAuth, officeClient,
			map[string]string{"USERNAME": "nobody", "PASSWORD": "x", "SECRET_HASH": secretHash("nobody", officeClient, officeSecret)},
			notAuthorized, incorrect},
		{"unknown client", types.AuthFlowTypeUserPasswordAuth, "nosuchclient0000000000000x",
			map[string]string{"USERNAME": demoUser, "PASSWORD": demoPassword},
			"ResourceNotFoundException", "User pool client nosuchclient0000000000000x does not exist."},
		{"USER_PASSWORD_AUTH not enabled", types.AuthFlowTypeUserPasswordAuth, demoSRPOnly,
			map[string]string{"USERNAME": demoUser, "PASSWORD": demoPassword},
			invalidParameter, "USER_PASSWORD_AUTH flow not enabled for this client"},
		{"USER_SRP_AUTH not enabled", types.AuthFlowTypeUserSrpAuth, officeRefresh,
			map[string]string{"USERNAME": officeUser, "SRP_A": "02"},
			invalidParameter, "USER_SRP_AUTH is not enabled for the client."},
		{"admin flow", types.AuthFlowTypeAdminUserPasswordAuth, demoClient,
			map[string]string{"USERNAME": demoUser, "PASSWORD": demoPassword},
			invalidParameter, "Initiate Auth method not supported."},
		{"custom auth", types.AuthFlowTypeCustomAuth, demoSRPOnly,
			map[string]string{"USERNAME": demoUser},
			invalidParameter, "Custom auth lambda trigger is not configured for the user pool."},
		{"missing USERNAME", types.AuthFlowTypeUserPasswordAuth, demoClient,
			map[string]string{"PASSWORD": demoPassword}, invalidParameter, "Missing required parameter USERNAME"},
		{"missing PASSWORD", types.AuthFlowTypeUserPasswordAuth, demoClient,
			map[string]string{"USERNAME": demoUser}, invalidParameter, "Missing required parameter PASSWORD"},
		{"missing SRP_A", types.AuthFlowTypeUserSrpAuth, demoClient,
			map[string]string{"USERNAME": demoUser}, invalidParameter, "Missing required parameter SRP_A"},
		{"SRP_A = 0", types.AuthFlowTypeUserSrpAuth, demoClient,
			map[string]string{"USERNAME": demoUser, "SRP_A": "0"}, invalidParameter, "Invalid SRP_A"},
		{"SRP_A = N", types.AuthFlowTypeUserSrpAuth, demoClient,
			map[string]string{"USERNAME": demoUser, "SRP_A": rfc3526N}, invalidParameter, "Invalid SRP_A"},
		{"SRP_A = 2N of an unknown user", types.AuthFlowTypeUserSrpAuth, demoClient,
			map[string]string{"USERNAME": "nobody@example.com", "SRP_A": twiceN()},
			invalidParameter, "Invalid SRP_A"},
		{"SRP_A not hex", types.AuthFlowTypeUserSrpAuth, demoClient,
			map[string]string{"USERNAME": demoUser, "SRP_A": "0x1234"}, invalidParameter, "Invalid SRP_A"},
		{"missing REFRESH_TOKEN", types.AuthFlowTypeRefreshTokenAuth, demoClient,
			map[string]string{}, invalidParameter, "Missing required parameter REFRESH_TOKEN"},
		{"SECRET_HASH missing", types.AuthFlowTypeUserPasswordAuth, officeClient,
			map[string]string{"USERNAME": officeUser, "PASSWORD": officePassword}, notAuthorized, missingHash},
		{"SECRET_HASH wrong", types.AuthFlowTypeUserPasswordAuth, officeClient,
			map[string]string{"USERNAME": officeUser, "PASSWORD": officePassword, "SECRET_HASH": secretHash(officeUser, officeClient, "other")},
			notAuthorized, wrongHash},
		{"SECRET_HASH not base64", types.AuthFlowTypeUserPasswordAuth, officeClient,
			map[string]string{"USERNAME": officeUser, "PASSWORD": officePassword, "SECRET_HASH": "!!"}, notAuthorized, wrongHash},
		{"SECRET_HASH of another client", types.AuthFlowTypeUserPasswordAuth, officeClient,
			map[string]string{"USERNAME": officeUser, "PASSWORD": officePassword, "SECRET_HASH": secretHash(officeUser, demoClient, officeSecret)},
			notAuthorized, wrongHash},
		{"SECRET_HASH missing in SRP", types.AuthFlowTypeUserSrpAuth, officeClient,
			map[string]string{"USERNAME": officeUser, "SRP_A": "02"}, notAuthorized, missingHash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gatehousetest.RequireAPIError(t, initiate(e, tt.flow, tt.client, tt.params), tt.code, tt.message)
		})
	}
}

// An unknown user gets a normal-looking SRP challenge, the same salt each
// time, and the answer fails like a wrong password.
func TestSRPUnknownUser(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		client, pool, name string
		extra              func(name string) map[string]string
	}{
		{demoClient, demoPool, "nobody@example.com", func(string) map[string]string { return nil }},
		{officeClient, officePool, "nobody", func(name string) map[string]string {
			return map[string]string{"SECRET_HASH": secretHash(name, officeClient, officeSecret)}
		}},
	} {
		first, err := e.startSRP(tc.client, tc.pool, tc.name, tc.extra(tc.name))
		if err != nil {
			t.Fatal(err)
		}
		second, err := e.startSRP(tc.client, tc.pool, tc.name, tc.extra(tc.name))
		if err != nil {
			t.Fatal(err)
		}
		p1, p2 := first.params, second.params
		if p1["SALT"] != p2["SALT"] || p1["USER_ID_FOR_SRP"] != p2["USER_ID_FOR_SRP"] || p1["SRP_B"] == p2["SRP_B"] {
			t.Errorf("%s: two challenges %v / %v: want the same salt and user id, another B", tc.name, p1, p2)
		}
		if len(p1) != 5 || !hexRE.MatchString(p1["SALT"]) || !hexRE.MatchString(p1["SRP_B"]) {
			t.Errorf("%s: challenge parameters %v", tc.name, p1)
		}
		if tc.pool == demoPool && !uuidV4RE.MatchString(p1["USER_ID_FOR_SRP"]) {
			t.Errorf("USER_ID_FOR_SRP of an unknown email %q: want a UUID as for real users", p1["USER_ID_FOR_SRP"])
		}
		if tc.pool == officePool && p1["USER_ID_FOR_SRP"] != tc.name {
			t.Errorf("USER_ID_FOR_SRP %q, want %q", p1["USER_ID_FOR_SRP"], tc.name)
		}
		resp := first.responses("any password", e.clock.Now())
		for k, v := range tc.extra(resp["USERNAME"]) {
			resp[k] = v
		}
		_, err = first.respond(resp)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	}
	// A different unknown user gets a different salt.
	other, err := e.startSRP(demoClient, demoPool, "somebody@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := e.startSRP(demoClient, demoPool, "nobody@example.com", nil)
	if other.params["SALT"] == again.params["SALT"] {
		t.Error("two unknown users got the same salt")
	}
}

func TestPasswordVerifierErrors(t *testing.T) {
	e := newEnv(t)
	start := func() *srpChallenge {
		t.Helper()
		ch, err := e.startSRP(demoClient, demoPool, demoUser, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}

	t.Run("wrong password", func(t *testing.T) {
		ch := start()
		_, err := ch.respond(ch.responses("Wrong-passw0rd", e.clock.Now()))
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("tampered SECRET_BLOCK", func(t *testing.T) {
		ch := start()
		block, _ := base64.StdEncoding.DecodeString(ch.params["SECRET_BLOCK"])
		block[len(block)/2] ^= 1
		ch.params["SECRET_BLOCK"] = base64.StdEncoding.EncodeToString(block)
		_, err := ch.respond(ch.responses(demoPassword, e.clock.Now())) // signed over the tampered block
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("SECRET_BLOCK not base64", func(t *testing.T) {
		ch := start()
		resp := ch.responses(demoPassword, e.clock.Now())
		resp["PASSWORD_CLAIM_SECRET_BLOCK"] = "%%%"
		_, err := ch.respond(resp)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("SECRET_BLOCK of another client", func(t *testing.T) {
		ch := start()
		ch.clientID = demoSRPOnly
		_, err := ch.respond(ch.responses(demoPassword, e.clock.Now()))
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("expired SECRET_BLOCK", func(t *testing.T) {
		ch := start()
		e.clock.Advance(3*time.Minute + time.Second)
		_, err := ch.respond(ch.responses(demoPassword, e.clock.Now()))
		gatehousetest.RequireAPIError(t, err, notAuthorized, "Invalid session for the user, session is expired.")
	})
	t.Run("SECRET_BLOCK just in time", func(t *testing.T) {
		ch := start()
		e.clock.Advance(3 * time.Minute)
		if _, err := ch.respond(ch.responses(demoPassword, e.clock.Now())); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("zero-padded day in TIMESTAMP", func(t *testing.T) {
		ch := start()
		resp := ch.responses(demoPassword, e.clock.Now())
		at := e.clock.Now().UTC()
		padded := at.Format("Mon Jan 02 15:04:05 UTC 2006")
		if padded == srp.FormatTimestamp(at) {
			t.Skip("the day has two digits today")
		}
		block, _ := base64.StdEncoding.DecodeString(ch.params["SECRET_BLOCK"])
		key, _ := ch.session.PasswordKey(srp.PoolName(demoPool), resp["USERNAME"], demoPassword, ch.params["SALT"], ch.params["SRP_B"])
		resp["TIMESTAMP"] = padded
		resp["PASSWORD_CLAIM_SIGNATURE"] = srp.ClaimSignature(key, srp.PoolName(demoPool), resp["USERNAME"], block, padded)
		_, err := ch.respond(resp)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("TIMESTAMP far from now", func(t *testing.T) {
		ch := start()
		_, err := ch.respond(ch.responses(demoPassword, e.clock.Now().Add(-time.Hour)))
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("USERNAME of another user", func(t *testing.T) {
		ch := start()
		resp := ch.responses(demoPassword, e.clock.Now())
		resp["USERNAME"] = "nobody@example.com"
		_, err := ch.respond(resp)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	})
	t.Run("missing parameters", func(t *testing.T) {
		for _, p := range []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"} {
			ch := start()
			resp := ch.responses(demoPassword, e.clock.Now())
			delete(resp, p)
			_, err := ch.respond(resp)
			gatehousetest.RequireAPIError(t, err, invalidParameter, "Missing required parameter "+p)
		}
	})
	t.Run("SECRET_HASH", func(t *testing.T) {
		ch, err := e.startSRP(officeClient, officePool, officeUser,
			map[string]string{"SECRET_HASH": secretHash(officeUser, officeClient, officeSecret)})
		if err != nil {
			t.Fatal(err)
		}
		resp := ch.responses(officePassword, e.clock.Now())
		_, err = ch.respond(resp)
		gatehousetest.RequireAPIError(t, err, notAuthorized, "Client "+officeClient+" is configured with secret but SECRET_HASH was not received")
		resp["SECRET_HASH"] = secretHash("bob", officeClient, officeSecret)
		_, err = ch.respond(resp)
		gatehousetest.RequireAPIError(t, err, notAuthorized, "Unable to verify secret hash for client "+officeClient)
	})
}

// Users who may not sign in are told why, in both flows.
func TestUserStateErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.admin.CreateUser(ctx, demoPool, userpool.NewUser{
		Username: "pending@example.com", Password: "Pending-passw0rd", Status: userpool.StatusUnconfirmed,
		Attributes: map[string]string{"email": "pending@example.com"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.admin.CreateUser(ctx, demoPool, userpool.NewUser{
		Username: "gone@example.com", Password: "Gone-passw0rd", Disabled: true,
		Attributes: map[string]string{"email": "gone@example.com"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ user, password, code, message string }{
		{"pending@example.com", "Pending-passw0rd", "UserNotConfirmedException", "User is not confirmed."},
		{"pending@example.com", "wrong", "UserNotConfirmedException", "User is not confirmed."},
		{"gone@example.com", "Gone-passw0rd", notAuthorized, "User is disabled."},
	} {
		_, err := e.passwordAuth(demoClient, tc.user, tc.password, nil)
		gatehousetest.RequireAPIError(t, err, tc.code, tc.message)
		_, err = e.startSRP(demoClient, demoPool, tc.user, nil)
		gatehousetest.RequireAPIError(t, err, tc.code, tc.message)
	}

	// Disabling a signed-in user stops their access token and refresh token.
	out, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.admin.SetUserEnabled(ctx, demoPool, demoUser, false); err != nil {
		t.Fatal(err)
	}
	_, err = e.idp.GetUser(ctx, &cip.GetUserInput{AccessToken: out.AuthenticationResult.AccessToken})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "User is disabled.")
	err = initiate(e, types.AuthFlowTypeRefreshTokenAuth, demoClient,
		map[string]string{"REFRESH_TOKEN": aws.ToString(out.AuthenticationResult.RefreshToken)})
	gatehousetest.RequireAPIError(t, err, notAuthorized, "User is disabled.")
	if err := e.admin.SetUserEnabled(ctx, demoPool, demoUser, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil); err != nil {
		t.Fatalf("after enabling again: %v", err)
	}
}

// Requests the SDK would refuse to send get Cognito's model validation
// errors.
func TestValidationErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, target, body string
		message            string
	}{
		{"InitiateAuth without ClientId", "InitiateAuth", `{"AuthFlow":"USER_SRP_AUTH"}`,
			"1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null"},
		{"InitiateAuth empty", "InitiateAuth", `{}`,
			"2 validation errors detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null; " +
				"Value null at 'clientId' failed to satisfy constraint: Member must not be null"},
		{"InitiateAuth unknown flow", "InitiateAuth", `{"AuthFlow":"MAGIC","ClientId":"` + demoClient + `"}`,
			"1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: " +
				"[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]"},
		{"RespondToAuthChallenge without ChallengeName", "RespondToAuthChallenge", `{"ClientId":"` + demoClient + `"}`,
			"1 validation error detected: Value null at 'challengeName' failed to satisfy constraint: Member must not be null"},
		{"GetUser without AccessToken", "GetUser", `{}`,
			"1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", e.ts.URL+"/", strings.NewReader(tt.body))
			req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+tt.target)
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			res, err := e.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body := readAll(t, res.Body)
			want := `{"__type":"InvalidParameterException","message":"` + tt.message + `"}`
			if res.StatusCode != 400 || body != want || res.Header.Get("x-amzn-ErrorType") != invalidParameter {
				t.Fatalf("got %d %s\nwant 400 %s", res.StatusCode, body, want)
			}
		})
	}
}

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-dev/gatehouse/internal/srp"
)

// The tests of this file run Gatehouse as three identical nodes A, B and C
// (separate processes and data directories, one GATEHOUSE_MASTER_KEY, one
// PostgreSQL database) and hop from node to node at every step of a flow,
// as a load balancer without sticky sessions would.

// TestThreeNodes walks the whole chain with each step on another node:
// SRP sign-in, identity-pool credentials, SigV4 calls to the gateway,
// GlobalSignOut, sign-up, lockout and key rotation.
func TestThreeNodes(t *testing.T) {
	c := startCluster(t, 3)
	a, b, cc := newNodeClients(c.Nodes[0].URL), newNodeClients(c.Nodes[1].URL), newNodeClients(c.Nodes[2].URL)
	ctx := context.Background()

	t.Run("SignInChain", func(t *testing.T) {
		// SRP: InitiateAuth on A, RespondToAuthChallenge on B.
		tokens, err := srpSignIn(ctx, a, b, demoUser, demoPassword)
		if err != nil {
			t.Fatalf("USER_SRP_AUTH, InitiateAuth on A and RespondToAuthChallenge on B: %v", err)
		}
		// GetId on C, GetCredentialsForIdentity on A.
		logins := map[string]string{demoProvider: aws.ToString(tokens.IdToken)}
		id, err := cc.Identity.GetId(ctx, &cognitoidentity.GetIdInput{IdentityPoolId: aws.String(demoIdentityPoolID), Logins: logins})
		if err != nil {
			t.Fatalf("GetId on C: %v", err)
		}
		if !strings.HasPrefix(aws.ToString(id.IdentityId), demoRegion+":") {
			t.Fatalf("GetId on C: IdentityId %q", aws.ToString(id.IdentityId))
		}
		creds, err := a.Identity.GetCredentialsForIdentity(ctx, &cognitoidentity.GetCredentialsForIdentityInput{
			IdentityId: id.IdentityId, Logins: logins})
		if err != nil {
			t.Fatalf("GetCredentialsForIdentity on A: %v", err)
		}
		awsCreds := aws.Credentials{AccessKeyID: aws.ToString(creds.Credentials.AccessKeyId),
			SecretAccessKey: aws.ToString(creds.Credentials.SecretKey), SessionToken: aws.ToString(creds.Credentials.SessionToken)}

		// A SigV4-signed POST /notes on B, read back on C and on A.
		content := "written on B at " + time.Now().Format(time.RFC3339Nano)
		status, body, err := b.signedRequest(ctx, awsCreds, http.MethodPost, notesPath, mustJSON(t, map[string]string{"content": content}))
		if err != nil || status != http.StatusCreated {
			t.Fatalf("POST /notes on B: %d %s %v", status, body, err)
		}
		var note struct {
			NoteID  string `json:"noteId"`
			Content string `json:"content"`
		}
		if err := json.Unmarshal(body, &note); err != nil || note.NoteID == "" || note.Content != content {
			t.Fatalf("POST /notes on B answered %s (%v)", body, err)
		}
		for _, n := range []*nodeClients{cc, a} {
			status, body, err = n.signedRequest(ctx, awsCreds, http.MethodGet, notesPath+"/"+note.NoteID, nil)
			if err != nil || status != http.StatusOK || !strings.Contains(string(body), content) {
				t.Fatalf("GET /notes/%s on %s: %d %s %v", note.NoteID, n.URL, status, body, err)
			}
		}
		// The signature is checked on every node: a request signed with a
		// wrong secret is refused on C as on AWS.
		bad := awsCreds
		bad.SecretAccessKey = "x" + bad.SecretAccessKey[1:]
		status, body, err = cc.signedRequest(ctx, bad, http.MethodGet, notesPath+"/"+note.NoteID, nil)
		if err != nil || status != http.StatusForbidden {
			t.Fatalf("GET with a wrong secret on C: %d %s %v, want 403", status, body, err)
		}

		// The refresh token works on A until GlobalSignOut on C ends the
		// session; then REFRESH_TOKEN_AUTH on A fails with Cognito's error,
		// and the access token is refused on B.
		refresh := func(n *nodeClients) error {
			_, err := n.IDP.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth,
				ClientId: aws.String(demoClientID), AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(tokens.RefreshToken)}})
			return err
		}
		if err := refresh(a); err != nil {
			t.Fatalf("REFRESH_TOKEN_AUTH on A before sign-out: %v", err)
		}
		if _, err := b.IDP.GetUser(ctx, &cip.GetUserInput{AccessToken: tokens.AccessToken}); err != nil {
			t.Fatalf("GetUser on B before sign-out: %v", err)
		}
		if _, err := cc.IDP.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: tokens.AccessToken}); err != nil {
			t.Fatalf("GlobalSignOut on C: %v", err)
		}
		wantAPIError(t, "REFRESH_TOKEN_AUTH on A after GlobalSignOut on C", refresh(a),
			"NotAuthorizedException", "Refresh Token has been revoked")
		_, err = b.IDP.GetUser(ctx, &cip.GetUserInput{AccessToken: tokens.AccessToken})
		wantAPIError(t, "GetUser on B after GlobalSignOut on C", err, "NotAuthorizedException", "Access Token has been revoked")
	})

	// A user who signs up on A, confirmed on C with the code read from B's
	// outbox, then locked out by wrong passwords spread over the three
	// nodes.
	username := fmt.Sprintf("multinode.%d@example.com", time.Now().UnixNano())
	const password = "Multi-N0de-pass"
	t.Run("SignUpConfirmedOnAnotherNode", func(t *testing.T) {
		if err := signUp(ctx, a, username, password); err != nil {
			t.Fatalf("SignUp on A: %v", err)
		}
		_, err := passwordSignIn(ctx, b, username, password)
		wantAPIError(t, "USER_PASSWORD_AUTH on B before confirmation", err, "UserNotConfirmedException", "User is not confirmed.")
		code, err := outboxCode(ctx, b, username)
		if err != nil {
			t.Fatalf("outbox of B: %v", err)
		}
		if _, err := cc.IDP.ConfirmSignUp(ctx, &cip.ConfirmSignUpInput{ClientId: aws.String(demoClientID),
			Username: aws.String(username), ConfirmationCode: aws.String(code)}); err != nil {
			t.Fatalf("ConfirmSignUp on C: %v", err)
		}
		if _, err := passwordSignIn(ctx, b, username, password); err != nil {
			t.Fatalf("USER_PASSWORD_AUTH on B after confirmation on C: %v", err)
		}
		if _, err := srpSignIn(ctx, cc, a, username, password); err != nil {
			t.Fatalf("USER_SRP_AUTH on C then A after confirmation: %v", err)
		}
	})

	t.Run("LockoutAcrossNodes", func(t *testing.T) {
		// Cognito locks a user out after 5 consecutive failures; the count
		// is the user's, whichever node answered each attempt.
		nodes := []*nodeClients{a, b, cc, a, b}
		for i, n := range nodes {
			_, err := passwordSignIn(ctx, n, username, password+"-wrong")
			wantAPIError(t, fmt.Sprintf("wrong password #%d on %s", i+1, n.URL), err,
				"NotAuthorizedException", "Incorrect username or password.")
		}
		// The right password on C is refused while the lockout (1 s after
		// the fifth failure) lasts.
		_, err := passwordSignIn(ctx, cc, username, password)
		wantAPIError(t, "right password on C during the lockout", err, "NotAuthorizedException", "Password attempts exceeded")
		// Once it is over, the right password works on A again.
		deadline := time.Now().Add(10 * time.Second)
		for {
			time.Sleep(500 * time.Millisecond)
			_, err = passwordSignIn(ctx, a, username, password)
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("right password on A 10 s after the lockout began: %v", err)
			}
		}
	})

	t.Run("KeyRotationOnA", func(t *testing.T) {
		before, err := passwordSignIn(ctx, b, demoUser, demoPassword)
		if err != nil {
			t.Fatal(err)
		}
		oldKid := tokenKid(t, aws.ToString(before.IdToken))
		oldCreds, err := demoCredentials(ctx, a, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []*nodeClients{b, cc} {
			if kids := jwksKids(t, n); !slices.Contains(kids, oldKid) {
				t.Fatalf("JWKS of %s %v lacks the kid %s of B's token", n.URL, kids, oldKid)
			}
		}
		start := time.Now()
		out := c.gatehouseCommand(t, "keys", "rotate", "--config", c.Config, "--data", c.Nodes[0].Data, "--store", c.Store)
		t.Logf("gatehouse keys rotate on A's data:\n%s", out)

		// Within 30 s B signs with a new key, which C's and B's JWKS list.
		var newKid string
		deadline := start.Add(30 * time.Second)
		for {
			tok, err := passwordSignIn(ctx, b, demoUser, demoPassword)
			if err != nil {
				t.Fatal(err)
			}
			if kid := tokenKid(t, aws.ToString(tok.IdToken)); kid != oldKid {
				newKid = kid
				// A token of the new key is accepted on C.
				if _, err := cc.IDP.GetUser(ctx, &cip.GetUserInput{AccessToken: tok.AccessToken}); err != nil {
					t.Fatalf("GetUser on C with B's access token of the new key %s: %v", kid, err)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("B still signs with %s 30 s after the rotation", oldKid)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if !strings.Contains(out, newKid) {
			t.Errorf("keys rotate did not print the new kid %s", newKid)
		}
		for _, n := range []*nodeClients{b, cc} {
			for {
				kids := jwksKids(t, n)
				if slices.Contains(kids, newKid) {
					if !slices.Contains(kids, oldKid) {
						t.Errorf("JWKS of %s after the rotation %v lacks the old kid %s", n.URL, kids, oldKid)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("JWKS of %s %v lacks the new kid %s 30 s after the rotation", n.URL, kids, newKid)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
		t.Logf("rotation seen by B and C after %s", time.Since(start).Round(time.Millisecond))
		// Tokens signed before the rotation still work on every node.
		for _, n := range []*nodeClients{a, b, cc} {
			if _, err := n.IDP.GetUser(ctx, &cip.GetUserInput{AccessToken: before.AccessToken}); err != nil {
				t.Errorf("GetUser on %s with a token of the old key: %v", n.URL, err)
			}
		}
		logins := map[string]string{demoProvider: aws.ToString(before.IdToken)}
		if _, err := cc.Identity.GetId(ctx, &cognitoidentity.GetIdInput{IdentityPoolId: aws.String(demoIdentityPoolID), Logins: logins}); err != nil {
			t.Errorf("GetId on C with an ID token of the old key: %v", err)
		}
		// The sealing key turned too: credentials sealed before and after
		// the rotation open on every node.
		newCreds, err := demoCredentials(ctx, b, b)
		if err != nil {
			t.Fatal(err)
		}
		if newCreds.SessionToken == oldCreds.SessionToken {
			t.Fatal("the session tokens before and after the rotation are the same")
		}
		for name, cr := range map[string]aws.Credentials{"before": oldCreds, "after": newCreds} {
			for _, n := range []*nodeClients{a, b, cc} {
				if status, body, err := n.signedRequest(ctx, cr, http.MethodGet, notesPath, nil); err != nil || status != http.StatusOK {
					t.Errorf("GET /notes on %s with credentials from %s the rotation: %d %s %v", n.URL, name, status, body, err)
				}
			}
		}
	})
}

// srpSignIn runs USER_SRP_AUTH as the Cognito clients do, with InitiateAuth
// on one node and RespondToAuthChallenge on another, and returns the
// tokens.
func srpSignIn(ctx context.Context, initiate, respond *nodeClients, username, password string) (*types.AuthenticationResultType, error) {
	session, out, err := srpInitiate(ctx, initiate, username)
	if err != nil {
		return nil, err
	}
	return srpRespond(ctx, respond, session, out, password)
}

// srpInitiate is USER_SRP_AUTH's InitiateAuth, answered by PASSWORD_VERIFIER.
func srpInitiate(ctx context.Context, n *nodeClients, username string) (*srp.ClientSession, *cip.InitiateAuthOutput, error) {
	session, err := srp.NewClientSession(rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	out, err := n.IDP.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth,
		ClientId: aws.String(demoClientID), AuthParameters: map[string]string{"USERNAME": username, "SRP_A": session.A()}})
	if err != nil {
		return nil, nil, fmt.Errorf("InitiateAuth: %w", err)
	}
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return nil, nil, fmt.Errorf("InitiateAuth: challenge %q, want PASSWORD_VERIFIER", out.ChallengeName)
	}
	return session, out, nil
}

// srpRespond answers the PASSWORD_VERIFIER challenge of out with the
// password's claim (client/login.go does the same).
func srpRespond(ctx context.Context, n *nodeClients, session *srp.ClientSession, out *cip.InitiateAuthOutput, password string) (*types.AuthenticationResultType, error) {
	p := out.ChallengeParameters
	pool := srp.PoolName(demoPoolID)
	userID := p["USER_ID_FOR_SRP"]
	key, err := session.PasswordKey(pool, userID, password, p["SALT"], p["SRP_B"])
	if err != nil {
		return nil, err
	}
	block, err := base64.StdEncoding.DecodeString(p["SECRET_BLOCK"])
	if err != nil {
		return nil, fmt.Errorf("SECRET_BLOCK: %w", err)
	}
	ts := srp.FormatTimestamp(time.Now())
	res, err := n.IDP.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(demoClientID), Session: out.Session,
		ChallengeResponses: map[string]string{"USERNAME": userID, "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
			"PASSWORD_CLAIM_SIGNATURE": srp.ClaimSignature(key, pool, userID, block, ts), "TIMESTAMP": ts}})
	if err != nil {
		return nil, fmt.Errorf("RespondToAuthChallenge: %w", err)
	}
	if res.AuthenticationResult == nil || aws.ToString(res.AuthenticationResult.IdToken) == "" {
		return nil, fmt.Errorf("RespondToAuthChallenge: no tokens (challenge %q)", res.ChallengeName)
	}
	return res.AuthenticationResult, nil
}

// passwordSignIn signs in with USER_PASSWORD_AUTH on one node.
func passwordSignIn(ctx context.Context, n *nodeClients, username, password string) (*types.AuthenticationResultType, error) {
	out, err := n.IDP.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth,
		ClientId: aws.String(demoClientID), AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password}})
	if err != nil {
		return nil, err
	}
	if out.AuthenticationResult == nil || aws.ToString(out.AuthenticationResult.IdToken) == "" {
		return nil, fmt.Errorf("USER_PASSWORD_AUTH: no tokens (challenge %q)", out.ChallengeName)
	}
	return out.AuthenticationResult, nil
}

// signUp signs a new user up (its email is its name) on one node.
func signUp(ctx context.Context, n *nodeClients, email, password string) error {
	_, err := n.IDP.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(demoClientID), Username: aws.String(email),
		Password: aws.String(password), UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: aws.String(email)}}})
	return err
}

// outboxCode returns the code of the latest message to destination in a
// node's outbox.
func outboxCode(ctx context.Context, n *nodeClients, destination string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, n.URL+"/_gatehouse/outbox?destination="+url.QueryEscape(destination), nil)
	if err != nil {
		return "", err
	}
	res, err := n.HTTP.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET /_gatehouse/outbox: %s %s", res.Status, body)
	}
	var out struct {
		Messages []struct {
			Code string `json:"code"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return "", err
	}
	if len(out.Messages) == 0 || out.Messages[len(out.Messages)-1].Code == "" {
		return "", fmt.Errorf("no code for %s in the outbox: %s", destination, body)
	}
	return out.Messages[len(out.Messages)-1].Code, nil
}

// wantAPIError checks that err is the AWS error code with message.
func wantAPIError(t *testing.T, what string, err error, code, message string) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("%s: %v, want %s %q", what, err, code, message)
	}
	if api.ErrorCode() != code || api.ErrorMessage() != message {
		t.Fatalf("%s: %s %q, want %s %q", what, api.ErrorCode(), api.ErrorMessage(), code, message)
	}
}

// tokenKid returns the kid of a JWT's header.
func tokenKid(t *testing.T, token string) string {
	t.Helper()
	head, _, ok := strings.Cut(token, ".")
	if !ok {
		t.Fatalf("not a JWT: %.20q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(raw, &h); err != nil || h.Kid == "" {
		t.Fatalf("JWT header %s: %v", raw, err)
	}
	return h.Kid
}

// jwksKids returns the kids of the demo pool's JWKS on one node.
func jwksKids(t *testing.T, n *nodeClients) []string {
	t.Helper()
	res, err := n.HTTP.Get(n.URL + "/" + demoPoolID + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("JWKS of %s: %s %v", n.URL, res.Status, err)
	}
	var kids []string
	for _, k := range doc.Keys {
		kids = append(kids, k.Kid)
	}
	return kids
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// adminClient is a user-pool client of one node signed with the demo's IAM
// user, for the Admin* operations.
func adminClient(n *nodeClients) *cip.Client {
	cfg := aws.Config{Region: demoRegion, HTTPClient: n.HTTP, RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(demoAdminKeyID, demoAdminSecret, "")}
	return cip.NewFromConfig(cfg, func(o *cip.Options) { o.BaseEndpoint = aws.String(n.URL) })
}

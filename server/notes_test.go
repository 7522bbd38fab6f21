package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
)

// The demo end to end through the notes function: the demo user signs in,
// gets identity pool credentials, and with them POSTs and GETs /notes signed
// with SigV4; the Cognito route /items answers to the ID token.
func TestNotesDemoThroughGateway(t *testing.T) {
	s := newSTSServer(t)
	ctx := t.Context()
	anon, auth := s.signInDemo(t)
	idToken := aws.ToString(auth.AuthenticationResult.IdToken)
	logins := map[string]string{"cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo": idToken}
	ci := cognitoidentity.NewFromConfig(anon)
	id, err := ci.GetId(ctx, &cognitoidentity.GetIdInput{IdentityPoolId: aws.String("us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"), Logins: logins})
	if err != nil {
		t.Fatal(err)
	}
	out, err := ci.GetCredentialsForIdentity(ctx, &cognitoidentity.GetCredentialsForIdentityInput{IdentityId: id.IdentityId, Logins: logins})
	if err != nil {
		t.Fatal(err)
	}
	c := aws.Credentials{AccessKeyID: aws.ToString(out.Credentials.AccessKeyId), SecretAccessKey: aws.ToString(out.Credentials.SecretKey),
		SessionToken: aws.ToString(out.Credentials.SessionToken)}
	signer := v4.NewSigner()
	base := s.url + "/restapis/notesapi01/prod/_user_request_"
	call := func(method, path string, body []byte) (int, []byte) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		sum := sha256.Sum256(body)
		if err := signer.SignHTTP(ctx, c, req, hex.EncodeToString(sum[:]), "execute-api", "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}

	status, body := call("POST", "/notes", []byte(`{"content":"hello from the demo"}`))
	if status != http.StatusCreated {
		t.Fatalf("POST /notes: %d %s", status, body)
	}
	var created struct {
		NoteID    string `json:"noteId"`
		Content   string `json:"content"`
		CreatedAt int64  `json:"createdAt"`
	}
	if err := json.Unmarshal(body, &created); err != nil || created.NoteID == "" || created.Content != "hello from the demo" || created.CreatedAt == 0 {
		t.Fatalf("POST /notes = %s (%v)", body, err)
	}
	status, body = call("GET", "/notes", nil)
	var list []struct {
		NoteID  string `json:"noteId"`
		Content string `json:"content"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &list) != nil || len(list) != 1 || list[0].NoteID != created.NoteID {
		t.Fatalf("GET /notes: %d %s", status, body)
	}
	if status, body = call("GET", "/notes/"+created.NoteID, nil); status != http.StatusOK {
		t.Fatalf("GET /notes/{id}: %d %s", status, body)
	}

	// Unsigned: API Gateway's 403.
	res, err := http.Get(base + "/notes")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("unsigned GET /notes: %d", res.StatusCode)
	}

	// The Cognito route keys notes by the token's sub: none yet.
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/items", nil)
	req.Header.Set("Authorization", idToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(b) != "[]" {
		t.Errorf("GET /items: %d %s", res.StatusCode, b)
	}
}

package notes_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/gatehouse-dev/gatehouse/examples/notes"
)

const (
	alice = "us-east-1:11111111-1111-1111-1111-111111111111"
	bob   = "us-east-1:22222222-2222-2222-2222-222222222222"
)

func open(t *testing.T) *notes.Notes {
	t.Helper()
	clock := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	ids := 0
	n, err := notes.Open(notes.Options{
		Path:  filepath.Join(t.TempDir(), "notes.db"),
		Now:   func() time.Time { clock = clock.Add(time.Second); return clock },
		NewID: func() string { ids++; return fmt.Sprintf("note-%d", ids) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// iamRequest is a request of an AWS_IAM route by identity id.
func iamRequest(id, method, resource, noteID, body string) events.APIGatewayProxyRequest {
	req := events.APIGatewayProxyRequest{HTTPMethod: method, Resource: resource, Path: resource, Body: body}
	if noteID != "" {
		req.PathParameters = map[string]string{"id": noteID}
		req.Path = "/notes/" + noteID
	}
	req.RequestContext.Identity.CognitoIdentityID = id
	return req
}

func call(t *testing.T, n *notes.Notes, req events.APIGatewayProxyRequest, wantStatus int, out any) {
	t.Helper()
	resp, err := n.Handler(context.Background(), req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.HTTPMethod, req.Path, err)
	}
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: status %d, want %d; body %s", req.HTTPMethod, req.Path, resp.StatusCode, wantStatus, resp.Body)
	}
	if ct := resp.Headers["Content-Type"]; ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if out != nil {
		reflect.ValueOf(out).Elem().SetZero() // no values left from an earlier call
		if err := json.Unmarshal([]byte(resp.Body), out); err != nil {
			t.Fatalf("%s %s: body %q: %v", req.HTTPMethod, req.Path, resp.Body, err)
		}
	}
}

func TestOperations(t *testing.T) {
	n := open(t)
	var created notes.Note
	call(t, n, iamRequest(alice, "POST", "/notes", "", `{"content":"hello","attachment":"a.png"}`), http.StatusCreated, &created)
	want := notes.Note{NoteID: "note-1", Content: "hello", Attachment: "a.png",
		CreatedAt: time.Date(2025, 1, 2, 3, 4, 6, 0, time.UTC).UnixMilli()}
	if created != want {
		t.Fatalf("created %+v, want %+v", created, want)
	}
	var second notes.Note
	call(t, n, iamRequest(alice, "POST", "/notes", "", `{"content":"second"}`), http.StatusCreated, &second)

	var list []notes.Note
	call(t, n, iamRequest(alice, "GET", "/notes", "", ""), http.StatusOK, &list)
	if len(list) != 2 || list[0] != created || list[1] != second {
		t.Fatalf("list = %+v", list)
	}

	var got notes.Note
	call(t, n, iamRequest(alice, "GET", "/notes/{id}", "note-1", ""), http.StatusOK, &got)
	if got != created {
		t.Fatalf("get = %+v", got)
	}

	var updated notes.Note
	call(t, n, iamRequest(alice, "PUT", "/notes/{id}", "note-1", `{"content":"changed"}`), http.StatusOK, &updated)
	if want := (notes.Note{NoteID: "note-1", Content: "changed", CreatedAt: created.CreatedAt}); updated != want {
		t.Fatalf("updated %+v, want %+v", updated, want)
	}
	var reread notes.Note
	call(t, n, iamRequest(alice, "GET", "/notes/{id}", "note-1", ""), http.StatusOK, &reread)
	if reread != updated {
		t.Fatalf("get after update = %+v", reread)
	}

	var status map[string]bool
	call(t, n, iamRequest(alice, "DELETE", "/notes/{id}", "note-1", ""), http.StatusOK, &status)
	if !status["status"] {
		t.Fatalf("delete = %v", status)
	}
	call(t, n, iamRequest(alice, "GET", "/notes/{id}", "note-1", ""), http.StatusNotFound, nil)
	call(t, n, iamRequest(alice, "DELETE", "/notes/{id}", "note-1", ""), http.StatusNotFound, nil)
	call(t, n, iamRequest(alice, "PUT", "/notes/{id}", "note-1", `{"content":"x"}`), http.StatusNotFound, nil)
	call(t, n, iamRequest(alice, "GET", "/notes", "", ""), http.StatusOK, &list)
	if len(list) != 1 || list[0] != second {
		t.Fatalf("list after delete = %+v", list)
	}
}

func TestEmptyListIsArray(t *testing.T) {
	n := open(t)
	resp, err := n.Handler(context.Background(), iamRequest(alice, "GET", "/notes", "", ""))
	if err != nil || resp.Body != "[]" {
		t.Fatalf("body %q, err %v", resp.Body, err)
	}
}

// TestIsolation checks that no identity reads, changes or deletes the notes
// of another, whether it knows their ids or not.
func TestIsolation(t *testing.T) {
	n := open(t)
	var a notes.Note
	call(t, n, iamRequest(alice, "POST", "/notes", "", `{"content":"alice's"}`), http.StatusCreated, &a)
	var list []notes.Note
	call(t, n, iamRequest(bob, "GET", "/notes", "", ""), http.StatusOK, &list)
	if len(list) != 0 {
		t.Fatalf("bob lists %+v", list)
	}
	call(t, n, iamRequest(bob, "GET", "/notes/{id}", a.NoteID, ""), http.StatusNotFound, nil)
	call(t, n, iamRequest(bob, "PUT", "/notes/{id}", a.NoteID, `{"content":"bob's now"}`), http.StatusNotFound, nil)
	call(t, n, iamRequest(bob, "DELETE", "/notes/{id}", a.NoteID, ""), http.StatusNotFound, nil)
	var got notes.Note
	call(t, n, iamRequest(alice, "GET", "/notes/{id}", a.NoteID, ""), http.StatusOK, &got)
	if got != a {
		t.Fatalf("alice's note became %+v", got)
	}
}

// TestCognitoRoute reads the caller from the sub claim on the user pool
// route, whether the claims come decoded from JSON or built in-process.
func TestCognitoRoute(t *testing.T) {
	n := open(t)
	const sub = "5f1c3c5e-0000-4000-8000-000000000001"
	for _, claims := range []any{
		map[string]any{"sub": sub, "email": "demo@example.com"},
		map[string]string{"sub": sub, "email": "demo@example.com"},
	} {
		create := events.APIGatewayProxyRequest{HTTPMethod: "POST", Resource: "/notes", Path: "/notes", Body: `{"content":"by sub"}`}
		create.RequestContext.Authorizer = map[string]any{"claims": claims}
		call(t, n, create, http.StatusCreated, nil)
		items := events.APIGatewayProxyRequest{HTTPMethod: "GET", Resource: "/items", Path: "/items"}
		items.RequestContext.Authorizer = map[string]any{"claims": claims}
		var list []notes.Note
		call(t, n, items, http.StatusOK, &list)
		if len(list) == 0 || list[0].Content != "by sub" {
			t.Fatalf("items = %+v", list)
		}
	}
	var list []notes.Note
	call(t, n, iamRequest(alice, "GET", "/items", "", ""), http.StatusOK, &list)
	if len(list) != 0 {
		t.Fatalf("alice sees the sub's notes: %+v", list)
	}
}

func TestRequestErrors(t *testing.T) {
	n := open(t)
	b64 := iamRequest(alice, "POST", "/notes", "", base64.StdEncoding.EncodeToString([]byte(`{"content":"b64"}`)))
	b64.IsBase64Encoded = true
	var created notes.Note
	call(t, n, b64, http.StatusCreated, &created)
	if created.Content != "b64" {
		t.Fatalf("base64 body gave %+v", created)
	}
	for _, tc := range []struct {
		name   string
		req    events.APIGatewayProxyRequest
		status int
	}{
		{"no identity", iamRequest("", "GET", "/notes", "", ""), http.StatusForbidden},
		{"not JSON", iamRequest(alice, "POST", "/notes", "", "hello"), http.StatusBadRequest},
		{"no content", iamRequest(alice, "POST", "/notes", "", `{"attachment":"x"}`), http.StatusBadRequest},
		{"too large", iamRequest(alice, "POST", "/notes", "", `{"content":"`+strings.Repeat("a", 70000)+`"}`), http.StatusRequestEntityTooLarge},
		{"method", iamRequest(alice, "PATCH", "/notes", "", ""), http.StatusMethodNotAllowed},
		{"resource", iamRequest(alice, "GET", "/other", "", ""), http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var msg map[string]string
			call(t, n, tc.req, tc.status, &msg)
			if msg["message"] == "" {
				t.Errorf("no message: %v", msg)
			}
		})
	}
}

// TestProxyResource serves the paths of a catch-all {proxy+} resource.
func TestProxyResource(t *testing.T) {
	n := open(t)
	req := func(method, path, body string) events.APIGatewayProxyRequest {
		r := events.APIGatewayProxyRequest{HTTPMethod: method, Resource: "/{proxy+}", Path: path, Body: body}
		r.RequestContext.Identity.CognitoIdentityID = alice
		return r
	}
	var created, got notes.Note
	call(t, n, req("POST", "/notes", `{"content":"proxied"}`), http.StatusCreated, &created)
	call(t, n, req("GET", "/notes/"+created.NoteID, ""), http.StatusOK, &got)
	if got != created {
		t.Fatalf("got %+v", got)
	}
}

func TestPersistsAcrossOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	n, err := notes.Open(notes.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	call(t, n, iamRequest(alice, "POST", "/notes", "", `{"content":"kept"}`), http.StatusCreated, nil)
	n.Close()
	n, err = notes.Open(notes.Options{Path: path, AllowOrigin: "*"})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	resp, err := n.Handler(context.Background(), iamRequest(alice, "GET", "/notes", "", ""))
	if err != nil {
		t.Fatal(err)
	}
	var list []notes.Note
	if err := json.Unmarshal([]byte(resp.Body), &list); err != nil || len(list) != 1 || list[0].Content != "kept" {
		t.Fatalf("list %q: %v", resp.Body, err)
	}
	if resp.Headers["Access-Control-Allow-Origin"] != "*" {
		t.Errorf("headers = %v", resp.Headers)
	}
}

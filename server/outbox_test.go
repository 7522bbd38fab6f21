package server

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// GET /_gatehouse/outbox is served only when the server is given an
// outbox; without one it is an unknown path.
func TestOutboxRoute(t *testing.T) {
	env := newTestEnv(t)
	res, body := get(t, env.ts.URL+"/_gatehouse/outbox", nil)
	if res.StatusCode != 404 || body != `{"message":"Not Found"}` {
		t.Fatalf("outbox without an outbox = %d %s", res.StatusCode, body)
	}

	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mk, err := keys.NewMasterKey(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Open(context.Background(), st, mk, time.Now, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	outbox := messaging.Outbox{Store: st, Now: time.Now}
	srv, err := New(Options{Config: config.Demo(), Store: st, Ring: ring, Logger: slog.New(slog.DiscardHandler),
		Sink: outbox, Outbox: outbox, Functions: demoFunctions(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	m := messaging.Message{ID: "m1", Time: time.Now(), UserPoolID: "us-east-1_NotesDemo", Username: "u1",
		Purpose: "SignUp", DeliveryMedium: messaging.Email, Destination: "a@example.com", Body: "code 123456", Code: "123456"}
	if err := outbox.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	res, body = get(t, ts.URL+"/_gatehouse/outbox?destination=a@example.com", nil)
	var got struct{ Messages []messaging.Message }
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || len(got.Messages) != 1 || got.Messages[0].Code != "123456" {
		t.Fatalf("outbox = %d %s", res.StatusCode, body)
	}
	if id := res.Header.Get("x-amzn-RequestId"); id == "" {
		t.Fatal("the outbox answer has no request id")
	}
}

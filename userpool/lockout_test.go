package userpool_test

import (
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/server"
)

const attemptsExceeded = "Password attempts exceeded"

func TestLockout(t *testing.T) {
	e := newEnv(t)
	wrong := func() {
		t.Helper()
		_, err := e.passwordAuth(demoClient, demoUser, "Wrong-passw0rd", nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	}
	locked := func() {
		t.Helper()
		_, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, attemptsExceeded)
		_, err = e.startSRP(demoClient, demoPool, demoUser, nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, attemptsExceeded)
	}
	ok := func() {
		t.Helper()
		if _, err := e.passwordAuth(demoClient, demoUser, demoPassword, nil); err != nil {
			t.Fatal(err)
		}
	}

	for range 5 {
		wrong()
	}
	locked() // for one second
	e.clock.Advance(time.Second)
	ok() // resets the count

	for range 4 {
		wrong()
	}
	ok() // four failures do not lock, and the success resets them
	for range 4 {
		wrong()
	}
	ok()

	// Each failure after the fifth doubles the lockout.
	for range 5 {
		wrong()
	}
	e.clock.Advance(time.Second)
	wrong() // sixth: two seconds
	e.clock.Advance(time.Second)
	locked()
	e.clock.Advance(time.Second)
	wrong() // seventh: four seconds
	e.clock.Advance(3 * time.Second)
	locked()
	e.clock.Advance(time.Second)
	ok()

	// Unknown users are never locked: they do not exist.
	for range 6 {
		_, err := e.passwordAuth(demoClient, "nobody@example.com", "x", nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	}
}

// Failed SRP answers count too, and the count is in the store: failures on
// two nodes add up.
func TestLockoutAcrossNodes(t *testing.T) {
	e := newEnv(t)
	srv2, err := server.New(server.Options{Config: e.config, Store: e.store, Ring: e.ring, Now: e.clock.Now,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(srv2)
	t.Cleanup(ts2.Close)
	node2 := &env{t: t, clock: e.clock, ring: e.ring, ts: ts2, idp: newIDPClient(ts2)}

	for i := range 5 {
		n := e
		if i%2 == 1 {
			n = node2
		}
		ch, err := n.startSRP(demoClient, demoPool, demoUser, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ch.respond(ch.responses("Wrong-passw0rd", e.clock.Now()))
		gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	}
	for _, n := range []*env{e, node2} {
		_, err := n.passwordAuth(demoClient, demoUser, demoPassword, nil)
		gatehousetest.RequireAPIError(t, err, notAuthorized, attemptsExceeded)
	}
	// A challenge issued before a lockout is not answered during it.
	e.clock.Advance(time.Second)
	early, err := node2.startSRP(demoClient, demoPool, demoUser, nil)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := e.startSRP(demoClient, demoPool, demoUser, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ch.respond(ch.responses("Wrong-passw0rd", e.clock.Now())) // sixth failure: 2s
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	_, err = early.respond(early.responses(demoPassword, e.clock.Now()))
	gatehousetest.RequireAPIError(t, err, notAuthorized, attemptsExceeded)
	e.clock.Advance(2 * time.Second)
	if _, err := e.srpSignIn(demoClient, demoPool, demoUser, demoPassword); err != nil {
		t.Fatal(err)
	}
}

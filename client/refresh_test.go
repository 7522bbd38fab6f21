package client_test

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/client"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// Credentials renewed across their expiry: the server and the client share
// a clock set back so that the first credentials expire a few seconds from
// now (aws.CredentialsCache judges expiry by the real clock). The cache
// keeps them while they are valid; the clock then moves past the ID token's
// expiry, and once the credentials have expired the cache asks again: the
// ID token function sees, by the client's clock, that its token has
// expired and refreshes it, and the identity pool gives new credentials,
// which sign a call.
func TestCredentialsRenewedAcrossExpiry(t *testing.T) {
	const lifetime = 6 * time.Second // of the first credentials, in real time
	clock := gatehousetest.NewClock()
	clock.Advance(-time.Hour + lifetime)
	s := gatehousetest.Start(t, gatehousetest.Options{Config: config.Demo(), Now: clock.Now,
		Logger: slog.New(slog.DiscardHandler), Functions: gatehousetest.NotesFunctions(t)})
	cfg := client.Config{Region: demoRegion, UserPoolID: demoUserPool, ClientID: demoClientID,
		IdentityPoolID: demoIdentityPool, Endpoint: s.URL, InvokeURL: s.URL + "/restapis/notesapi01/prod/_user_request_"}
	c := newClient(t, cfg, client.WithClock(clock.Now))
	ctx := t.Context()

	tok, err := c.Login(ctx, demoUser, demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.Now().Add(time.Hour); !tok.ExpiresAt.Equal(want) {
		t.Fatalf("ExpiresAt = %v, want the client's clock + 1h = %v", tok.ExpiresAt, want)
	}
	var refreshes atomic.Int32
	idToken := func(ctx context.Context) (string, error) {
		if clock.Now().Before(tok.ExpiresAt) {
			return tok.IDToken, nil
		}
		fresh, err := c.Refresh(ctx, tok.RefreshToken)
		if err != nil {
			return "", err
		}
		refreshes.Add(1)
		tok = fresh
		return tok.IDToken, nil
	}
	var retrieves atomic.Int32
	p := c.CredentialsProvider(idToken)
	counted := aws.CredentialsProviderFunc(func(ctx context.Context) (aws.Credentials, error) {
		retrieves.Add(1)
		return p.Retrieve(ctx)
	})
	cache := aws.NewCredentialsCache(counted)

	first, err := cache.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(first.Expires); left <= 0 || left > lifetime {
		t.Fatalf("first credentials expire in %v, want within %v", left, lifetime)
	}
	again, err := cache.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again.AccessKeyID != first.AccessKeyID || retrieves.Load() != 1 {
		t.Fatalf("the cache asked again for valid credentials (%d retrieves)", retrieves.Load())
	}

	// The ID token expires by the shared clock; the credentials by the
	// real one.
	clock.Advance(time.Hour + time.Second)
	time.Sleep(time.Until(first.Expires) + 100*time.Millisecond)
	if !first.Expired() {
		t.Fatal("the first credentials have not expired")
	}
	renewed, err := cache.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if renewed.AccessKeyID == first.AccessKeyID || retrieves.Load() != 2 || refreshes.Load() != 1 {
		t.Fatalf("after expiry: same key %t, %d retrieves, %d refreshes", renewed.AccessKeyID == first.AccessKeyID, retrieves.Load(), refreshes.Load())
	}
	if left := time.Until(renewed.Expires); left < 59*time.Minute {
		t.Errorf("renewed credentials expire in %v, want about 1h", left)
	}
	if p.IdentityID() == "" {
		t.Error("no identity id")
	}

	res, err := c.WithCredentials(cache).Invoke(ctx, client.Request{Path: "/notes"})
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("Invoke with the renewed credentials: %v", err)
	}
	if retrieves.Load() != 2 {
		t.Errorf("Invoke did not use the cached credentials (%d retrieves)", retrieves.Load())
	}
}

package main

import (
	"context"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// benchServer starts Gatehouse with the bench configuration on a test
// clock and returns its URL with credentials of its identity pool, fetched
// as run fetches them.
func benchServer(t *testing.T) (string, *gatehousetest.Clock, sigv4.Credentials) {
	t.Helper()
	yaml, err := os.ReadFile("../../gatehouse.yaml")
	if err != nil {
		t.Fatal(err)
	}
	clock := gatehousetest.NewClock()
	s := gatehousetest.Start(t, gatehousetest.Options{Config: gatehousetest.ParseConfig(t, string(yaml)), Now: clock.Now})
	c, err := fetchCredentials(context.Background(), s.URL)
	if err != nil {
		t.Fatal(err)
	}
	return s.URL, clock, c
}

// send signs a GET of url through s and sig and returns its status and the
// X-Amz-Date it was sent with.
func send(t *testing.T, s *signer, sig *signed, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.sign(req, url, sig); err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, req.Header.Get(sigv4.HeaderDate)
}

// TestReusedSignatureAccepted: a connection's signed headers are sent again
// unchanged for resignAfter and Gatehouse accepts them each time, as AWS
// accepts a replayed request within the clock skew; after resignAfter the
// request is signed anew; and headers older than the clock skew are
// refused, which is why resignAfter must stay below it.
func TestReusedSignatureAccepted(t *testing.T) {
	base, clock, c := benchServer(t)
	url := base + apiBase + "/iam"
	s := &signer{creds: c, keys: sigv4.NewKeyCache(16), now: clock.Now}
	var sig signed

	status, first := send(t, s, &sig, url)
	if status != http.StatusOK {
		t.Fatalf("first request: status %d", status)
	}
	firstHeader := sig.header.Clone()
	for _, d := range []time.Duration{time.Second, 29 * time.Second, 29 * time.Second} { // up to 59 s
		clock.Advance(d)
		status, date := send(t, s, &sig, url)
		if status != http.StatusOK {
			t.Fatalf("reused signature at %v: status %d", clock.Now().Sub(sig.at), status)
		}
		if date != first {
			t.Fatalf("X-Amz-Date %s, want the reused %s", date, first)
		}
	}
	clock.Advance(2 * time.Second) // 61 s: signed anew
	status, date := send(t, s, &sig, url)
	if status != http.StatusOK || date == first {
		t.Fatalf("after resignAfter: status %d, X-Amz-Date %s (first %s)", status, date, first)
	}

	// The first headers, replayed past the clock skew, are refused.
	clock.Advance(sigv4.ClockSkew)
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header = firstHeader
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("headers signed more than %v ago: status %d, want 403", sigv4.ClockSkew, res.StatusCode)
	}
}

// TestReusedRequestIsTheSignedOne: the headers a connection reuses are
// exactly those sigv4.Sign sets for the request, and another URL or
// -sign-each signs anew.
func TestReusedRequestIsTheSignedOne(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := sigv4.Credentials{AccessKeyID: "ASIAEXAMPLEEXAMPLE01", SecretAccessKey: "secret", SessionToken: "token"}
	s := &signer{creds: c, keys: sigv4.NewKeyCache(16), now: func() time.Time { return now }}
	var sig signed
	url := "http://127.0.0.1:18080" + apiBase + "/iam"

	fresh, _ := http.NewRequest(http.MethodGet, url, nil)
	if err := sigv4.Sign(fresh, c, emptySHA256, "execute-api", region, now); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if err := s.sign(req, url, &sig); err != nil {
			t.Fatal(err)
		}
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range req.Header {
				if !yield(k) {
					return
				}
			}
		})
		want := []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"}
		if !slices.Equal(names, want) {
			t.Fatalf("request %d: headers %q, want %q", i, names, want)
		}
		for _, k := range want {
			if req.Header.Get(k) != fresh.Header.Get(k) {
				t.Fatalf("request %d: %s = %q, want %q", i, k, req.Header.Get(k), fresh.Header.Get(k))
			}
		}
	}

	other, _ := http.NewRequest(http.MethodGet, url+"x", nil)
	if err := s.sign(other, url+"x", &sig); err != nil {
		t.Fatal(err)
	}
	if other.Header.Get("Authorization") == fresh.Header.Get("Authorization") {
		t.Fatal("another URL reused the signature of the first")
	}
	if sig.url != url+"x" {
		t.Fatalf("signed URL %q", sig.url)
	}

	s.each = true
	prev := sig.header
	req, _ := http.NewRequest(http.MethodGet, url+"x", nil)
	if err := s.sign(req, url+"x", &sig); err != nil {
		t.Fatal(err)
	}
	if sameMap(req.Header, prev) {
		t.Fatal("-sign-each reused the headers")
	}
}

// sameMap reports whether a and b are the same map.
func sameMap(a, b http.Header) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	a["X-Same-Map-Probe"] = []string{"1"}
	defer delete(a, "X-Same-Map-Probe")
	return b.Get("X-Same-Map-Probe") == "1"
}

func TestPairedRatio(t *testing.T) {
	for _, c := range []struct {
		num, den       []float64
		median, lo, hi float64
	}{
		{[]float64{90, 50, 80}, []float64{100, 100, 100}, 0.8, 0.5, 0.9},
		{[]float64{90, 40, 80, 85}, []float64{100, 100, 100, 100}, 0.825, 0.4, 0.9},
		// Each round compared with its pair, not with the others.
		{[]float64{45, 90}, []float64{50, 100}, 0.9, 0.9, 0.9},
		{nil, nil, 0, 0, 0},
		{[]float64{1}, []float64{0}, 0, 0, 0},
	} {
		m, lo, hi := pairedRatio(c.num, c.den)
		if math.Abs(m-c.median) > 1e-9 || math.Abs(lo-c.lo) > 1e-9 || math.Abs(hi-c.hi) > 1e-9 {
			t.Errorf("pairedRatio(%v, %v) = %v %v %v, want %v %v %v", c.num, c.den, m, lo, hi, c.median, c.lo, c.hi)
		}
	}
}

func TestParseStatCPU(t *testing.T) {
	// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
	line := "4242 (gate house) (x)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 4 0 100 0\n"
	if got, want := parseStatCPU(line), 3250*time.Millisecond; got != want {
		t.Errorf("parseStatCPU = %v, want %v", got, want)
	}
	for _, bad := range []string{"", "4242 (x S 1", "4242 (x) S 1 2 3", "4242 (x) S 1 4242 4242 0 -1 0 0 0 0 0 u s 0"} {
		if got := parseStatCPU(bad); got != 0 {
			t.Errorf("parseStatCPU(%q) = %v, want 0", bad, got)
		}
	}
	// This process, after some work: its own /proc entry is read.
	deadline := time.Now().Add(100 * time.Millisecond)
	for n := 0; time.Now().Before(deadline); n++ {
		_ = strconv.Itoa(n)
	}
	if processCPU(os.Getpid()) <= 0 {
		t.Error("no CPU time read for this process")
	}
	if processCPU(0) != 0 {
		t.Error("CPU time for pid 0")
	}
}

package messaging

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

func msg(id string, t time.Time, user string) Message {
	return Message{ID: id, Time: t, UserPoolID: "us-east-1_NotesDemo", Username: user, Purpose: "SignUp",
		DeliveryMedium: Email, Destination: user, Subject: "Your verification code",
		Body: "Your confirmation code is 123456", Code: "123456"}
}

func TestOutbox(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	o := Outbox{Store: st, Now: func() time.Time { return now }}
	ctx := context.Background()

	if err := o.Send(ctx, msg("old", now.Add(-25*time.Hour), "a@example.com")); err != nil {
		t.Fatal(err)
	}
	for i, u := range []string{"a@example.com", "b@example.com", "a@example.com"} {
		if err := o.Send(ctx, msg("m"+strconv.Itoa(i), now.Add(time.Duration(i)*time.Second), u)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := o.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].ID != "m0" || all[2].ID != "m2" {
		t.Fatalf("List = %+v, want m0 m1 m2 (the 25 h old message pruned)", all)
	}

	ts := httptest.NewServer(o)
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL + "/_gatehouse/outbox?username=a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct{ Messages []Message }
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || len(got.Messages) != 2 || got.Messages[1].Code != "123456" || got.Messages[1].ID != "m2" {
		t.Fatalf("GET outbox = %d %+v", res.StatusCode, got)
	}
	res2, err := ts.Client().Post(ts.URL+"/_gatehouse/outbox", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != 405 {
		t.Fatalf("POST outbox = %d", res2.StatusCode)
	}
}

func TestLogSinkOmitsCode(t *testing.T) {
	var buf bytes.Buffer
	l := Log{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	if err := l.Send(context.Background(), msg("m1", time.Now(), "a@example.com")); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "message sent") || !strings.Contains(s, "a@example.com") || strings.Contains(s, "123456") {
		t.Fatalf("log = %s", s)
	}
}

// fakeSMTP is a minimal SMTP server: it accepts one message and returns it.
func fakeSMTP(t *testing.T) (addr string, got chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got = make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
		say("220 fake ESMTP")
		var transcript strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			transcript.WriteString(line)
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"):
				say("250-fake")
				say("250 AUTH PLAIN")
			case strings.HasPrefix(cmd, "AUTH PLAIN"):
				say("235 ok")
			case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"):
				say("250 ok")
			case cmd == "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
					transcript.WriteString(l)
				}
				say("250 queued")
			case cmd == "QUIT":
				say("221 bye")
				got <- transcript.String()
				return
			default:
				say("502 unknown")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSMTP(t *testing.T) {
	addr, got := fakeSMTP(t)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	// net/smtp sends PLAIN credentials without TLS only to a loopback host, which this is.
	s := SMTP{Host: host, Port: p, Username: "u", Password: "pw", From: "Notes <no-reply@example.com>", Timeout: 5 * time.Second}
	m := msg("m1", time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), "demo@example.com")
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	select {
	case tr := <-got:
		for _, want := range []string{"MAIL FROM:<no-reply@example.com>", "RCPT TO:<demo@example.com>",
			"Subject: Your verification code", "Your confirmation code is 123456", "AUTH PLAIN"} {
			if !strings.Contains(tr, want) {
				t.Errorf("transcript lacks %q:\n%s", want, tr)
			}
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message delivered")
	}
	// SMS is not sent by SMTP.
	sms := m
	sms.DeliveryMedium = SMS
	if err := s.Send(context.Background(), sms); err != nil {
		t.Fatalf("SMS through SMTP: %v", err)
	}
}

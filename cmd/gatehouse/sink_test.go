package main

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// The sink always logs; it keeps an outbox (and serves it) as
// messaging.outbox says, by default only without an SMTP relay; it sends
// by SMTP when a relay is configured.
func TestNewSink(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	yes, no := true, false
	relay := &config.SMTP{Host: "smtp.example.com", Port: 587, From: "no-reply@example.com"}
	tests := []struct {
		name      string
		messaging *config.Messaging
		outbox    bool
		kinds     []string
	}{
		{"default", nil, true, []string{"log", "outbox"}},
		{"smtp", &config.Messaging{SMTP: relay}, false, []string{"log", "smtp"}},
		{"smtp and outbox", &config.Messaging{SMTP: relay, Outbox: &yes}, true, []string{"log", "outbox", "smtp"}},
		{"outbox off", &config.Messaging{Outbox: &no}, false, []string{"log"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Demo()
			cfg.Messaging = tt.messaging
			sink, outbox := newSink(cfg, st, slog.New(slog.DiscardHandler))
			if (outbox != nil) != tt.outbox {
				t.Fatalf("outbox handler = %v, want one: %v", outbox, tt.outbox)
			}
			var kinds []string
			for _, s := range sink.(messaging.Multi) {
				switch s := s.(type) {
				case messaging.Log:
					kinds = append(kinds, "log")
				case messaging.Outbox:
					kinds = append(kinds, "outbox")
				case messaging.SMTP:
					if s.Host != relay.Host || s.Port != relay.Port || s.From != relay.From {
						t.Fatalf("SMTP sink = %+v", s)
					}
					kinds = append(kinds, "smtp")
				}
			}
			if len(kinds) != len(tt.kinds) {
				t.Fatalf("sinks = %v, want %v", kinds, tt.kinds)
			}
			for i := range kinds {
				if kinds[i] != tt.kinds[i] {
					t.Fatalf("sinks = %v, want %v", kinds, tt.kinds)
				}
			}
		})
	}
}

package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzLoad parses arbitrary bytes. Parse must never panic; its errors are
// non-empty Errors; and a configuration it accepts validates again, also
// after a JSON round trip, which renders it identically.
func FuzzLoad(f *testing.F) {
	f.Add(DemoYAML())
	f.Add([]byte(minimal))
	f.Add([]byte(extensions))
	getenv := env(map[string]string{
		"ADMIN_SECRET":  adminSecret,
		"SMTP_PASSWORD": "pw",
		"PARTNER_KEY":   "partner-key-0123456789",
		"DOLLAR":        "$${X}",
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, getenv)
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %T %v is not a non-empty Errors", err, err)
			}
			for _, e := range errs {
				if e.Message == "" {
					t.Fatalf("empty message in:\n%v", err)
				}
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("a parsed configuration does not validate:\n%v", err)
		}
		first, err := json.Marshal(cfg)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var again Config
		if err := json.Unmarshal(first, &again); err != nil {
			t.Fatalf("Unmarshal(Marshal(cfg)): %v\n%s", err, first)
		}
		if err := again.Validate(); err != nil {
			t.Fatalf("the configuration does not validate after a JSON round trip:\n%v\n%s", err, first)
		}
		second, err := json.Marshal(&again)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("the JSON round trip is not stable:\n%s\n%s", first, second)
		}
	})
}

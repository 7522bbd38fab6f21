package config

import "testing"

func TestOutboxEnabled(t *testing.T) {
	const smtp = "messaging:\n  smtp: {host: smtp.example.com, from: no-reply@example.com}\n"
	tests := []struct {
		name, yaml string
		want       bool
	}{
		{"no messaging section", "", true},
		{"SMTP configured", smtp, false},
		{"SMTP and outbox on", smtp + "  outbox: true\n", true},
		{"no SMTP, outbox off", "messaging:\n  outbox: false\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse(append(DemoYAML(), "\n"+tt.yaml...), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.OutboxEnabled(); got != tt.want {
				t.Fatalf("OutboxEnabled = %v, want %v", got, tt.want)
			}
		})
	}
}

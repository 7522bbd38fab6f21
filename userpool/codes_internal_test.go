package userpool

import (
	"bytes"
	"testing"
)

func TestMaskDestination(t *testing.T) {
	tests := []struct{ attribute, value, want string }{
		{"email", "demo@example.com", "d***@e***"},
		{"email", "Ünïcode@éxample.org", "Ü***@é***"},
		{"email", "@example.com", "***@e***"},
		{"email", "no-at-sign", "n***@***"},
		{"phone_number", "+15555550100", "+*******0100"},
		{"phone_number", "+441234567890", "+********7890"},
		{"phone_number", "+1234", "*****"},
	}
	for _, tt := range tests {
		if got := deliveryDetails(tt.attribute, tt.value).Destination; got != tt.want {
			t.Errorf("mask %s %q = %q, want %q", tt.attribute, tt.value, got, tt.want)
		}
	}
}

// Codes are six digits read from the service's random source, with no
// modulo bias: a draw at or above the largest multiple of 10^6 below 2^32
// is rejected.
func TestRandomCode(t *testing.T) {
	s := &Service{rand: bytes.NewReader([]byte{
		0xff, 0xff, 0xff, 0xff, // 4294967295: rejected
		0xff, 0xf1, 0x3d, 0x80, // 4294000000: rejected (the bound)
		0x00, 0x00, 0x00, 0x2a, // 42
		0x00, 0x0f, 0x42, 0x3f, // 999999
	})}
	for _, want := range []string{"000042", "999999"} {
		got, err := s.randomCode()
		if err != nil || got != want {
			t.Fatalf("randomCode = %q, %v, want %q", got, err, want)
		}
	}
	if _, err := s.randomCode(); err == nil {
		t.Fatal("randomCode with an exhausted random source succeeded")
	}
}

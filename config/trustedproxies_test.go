package config

import (
	"slices"
	"testing"
)

// TestTrustedProxies checks which trusted_proxies: values validate: IPv4 and
// IPv6 addresses and CIDRs; anything else names the bad entry.
func TestTrustedProxies(t *testing.T) {
	tests := []struct {
		list string
		want string // "" or the error
	}{
		{"[10.0.0.0/8]", ""},
		{"[10.0.0.0/8, 127.0.0.1]", ""},
		{"['192.0.2.7/32', '::1', 'fd00::/8', '2001:db8::1/128']", ""},
		{"[]", ""},
		{"[10.0.0.0/8, garbage]", "trusted_proxies[1]: must be an IP address or CIDR like 10.0.0.0/8"},
		{"['10.0.0.0/33']", "trusted_proxies[0]: must be an IP address or CIDR like 10.0.0.0/8"},
		{"['10.0.0.1:80']", "trusted_proxies[0]: must be an IP address or CIDR like 10.0.0.0/8"},
		{"['']", "trusted_proxies[0]: must be an IP address or CIDR like 10.0.0.0/8"},
		{"['fe80::1%eth0']", "trusted_proxies[0]: must be an IP address or CIDR like 10.0.0.0/8"},
	}
	for _, tt := range tests {
		y := replaceOnce(t, string(DemoYAML()), "region: us-east-1\n", "region: us-east-1\ntrusted_proxies: "+tt.list+"\n")
		cfg, err := Parse([]byte(y), env(nil))
		switch {
		case tt.want != "":
			if err == nil || err.Error() != tt.want {
				t.Errorf("trusted_proxies %s: error %v, want %q", tt.list, err, tt.want)
			}
		case err != nil:
			t.Errorf("trusted_proxies %s: %v", tt.list, err)
		case tt.list != "[]" && len(cfg.TrustedProxies) == 0 || slices.Contains(cfg.TrustedProxies, ""):
			t.Errorf("trusted_proxies %s: TrustedProxies = %q", tt.list, cfg.TrustedProxies)
		}
	}
}

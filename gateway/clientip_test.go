package gateway_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// ipUsersYAML adds two IAM users whose policies allow only callers from
// 127.0.0.1 (local) or from 203.0.113.0/24 (remote).
const ipUsersYAML = `iam_users:
  - name: local
    access_key_id: AKIAIOSFODNN7LOCAL01
    secret_access_key: localSecretKey0000000000000000000000000A
    policies:
      - Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: execute-api:Invoke, Resource: "*", Condition: {IpAddress: {"aws:SourceIp": "127.0.0.1/32"}}}
  - name: remote
    access_key_id: AKIAIOSFODNN7REMOTE1
    secret_access_key: remoteSecretKey000000000000000000000000A
    policies:
      - Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: execute-api:Invoke, Resource: "*", Condition: {IpAddress: {"aws:SourceIp": "203.0.113.0/24"}}}
`

var (
	localUser  = aws.Credentials{AccessKeyID: "AKIAIOSFODNN7LOCAL01", SecretAccessKey: "localSecretKey0000000000000000000000000A"}
	remoteUser = aws.Credentials{AccessKeyID: "AKIAIOSFODNN7REMOTE1", SecretAccessKey: "remoteSecretKey000000000000000000000000A"}
)

func clientIPEnv(t *testing.T, trusted string) *env {
	t.Helper()
	y := strings.Replace(testConfigYAML, "iam_users:\n", ipUsersYAML, 1)
	if trusted != "" {
		y = strings.Replace(y, "region: us-east-1\n", "region: us-east-1\ntrusted_proxies: "+trusted+"\n", 1)
	}
	return newEnv(t, gatehousetest.ParseConfig(t, y))
}

// echo calls the mock_echo route signed by cr with the given
// X-Forwarded-For ("" for none) and returns the status and the event's
// sourceIp.
func (e *env) echoFrom(t *testing.T, cr aws.Credentials, xff string) (int, string) {
	t.Helper()
	req := e.request("GET", e.pathURL("testapi001", "/echo/ip"), "")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	sign(t, req, cr, region, e.clock.Now())
	res := e.do(req)
	if res.status != 200 {
		return res.status, ""
	}
	return 200, decodeEvent(t, res).RequestContext.Identity["sourceIp"]
}

// TestForgedForwardedForIgnored checks that without trusted_proxies a
// caller's X-Forwarded-For changes neither sourceIp nor aws:SourceIp.
func TestForgedForwardedForIgnored(t *testing.T) {
	e := clientIPEnv(t, "")
	if status, ip := e.echoFrom(t, localUser, "203.0.113.9"); status != 200 || ip != "127.0.0.1" {
		t.Errorf("local user, forged header: %d sourceIp %q, want 200 127.0.0.1", status, ip)
	}
	if status, _ := e.echoFrom(t, remoteUser, "203.0.113.9"); status != 403 {
		t.Errorf("remote user, forged header: %d, want 403", status)
	}
}

// TestTrustedProxies checks that behind a trusted proxy the client is the
// right-most untrusted X-Forwarded-For address, in sourceIp and in
// aws:SourceIp, and that a malformed header gives the peer.
func TestTrustedProxies(t *testing.T) {
	e := clientIPEnv(t, "[127.0.0.1/32]")
	tests := []struct {
		name   string
		cr     aws.Credentials
		xff    string
		status int
		ip     string
	}{
		{"client allowed", remoteUser, "203.0.113.9", 200, "203.0.113.9"},
		{"client denied", localUser, "203.0.113.9", 403, ""},
		{"chain", remoteUser, "198.51.100.1, 203.0.113.9, 127.0.0.1", 200, "203.0.113.9"},
		{"spoofed left entry ignored", localUser, "127.0.0.1, 203.0.113.9", 403, ""},
		{"malformed falls back to the peer", localUser, "203.0.113.9, bogus", 200, "127.0.0.1"},
		{"no header", localUser, "", 200, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ip := e.echoFrom(t, tt.cr, tt.xff)
			if status != tt.status || ip != tt.ip {
				t.Errorf("X-Forwarded-For %q: %d sourceIp %q, want %d %q", tt.xff, status, ip, tt.status, tt.ip)
			}
		})
	}
}

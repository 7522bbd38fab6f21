package creds

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// A request signed by aws-sdk-go-v2 with the demo admin's keys verifies
// through the Lookup to the admin principal; unknown keys and long-term
// keys with a session token get UnrecognizedClientException.
func TestLookupVerifiesSDKSignedRequests(t *testing.T) {
	cfg := config.Demo()
	l := NewLookup(cfg)
	admin := cfg.IAMUsers[0]
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	sign := func(akid, secret, token string) *http.Request {
		r := httptest.NewRequest("POST", "http://localhost:8080/", strings.NewReader("{}"))
		r.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.AdminGetUser")
		err := v4.NewSigner().SignHTTP(context.Background(),
			aws.Credentials{AccessKeyID: akid, SecretAccessKey: secret, SessionToken: token}, r,
			"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "cognito-idp", "us-east-1", now)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	res, err := sigv4.Verify(sign(admin.AccessKeyID, admin.SecretAccessKey, ""), l, now, sigv4.WithService("cognito-idp"))
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	p, ok := res.Principal.(*Principal)
	if !ok || p.ARN != "arn:aws:iam::123456789012:user/admin" || p.Type != IAMUser || p.Name != "admin" || len(p.Policies) != 1 {
		t.Fatalf("principal = %+v", res.Principal)
	}

	for name, r := range map[string]*http.Request{
		"unknown key":              sign("AKIAUNKNOWNKEY000000", admin.SecretAccessKey, ""),
		"long-term key with token": sign(admin.AccessKeyID, admin.SecretAccessKey, "token"),
	} {
		_, err := sigv4.Verify(r, l, now, sigv4.WithService("cognito-idp"))
		var se *sigv4.Error
		if !errors.As(err, &se) || se.Code != "UnrecognizedClientException" ||
			se.Message != "The security token included in the request is invalid." {
			t.Errorf("%s: Verify error = %v", name, err)
		}
	}
}

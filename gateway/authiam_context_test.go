package gateway

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/creds"
)

// TestRequestContextReuse: a context filled for one principal after
// another, as the pool hands it from request to request, holds exactly
// the keys and values a fresh context filled for the same principal
// holds, whether the shape changes or only the values do.
func TestRequestContextReuse(t *testing.T) {
	user := &creds.Principal{Type: creds.IAMUser, ARN: "arn:aws:iam::123456789012:user/admin", AccountID: "123456789012",
		Name: "admin", UniqueID: "AIDAEXAMPLE"}
	role := func(identity, provider, sub string) *creds.Principal {
		return &creds.Principal{Type: creds.AssumedRole, ARN: "arn:aws:sts::123456789012:assumed-role/r/" + identity,
			AccountID: "123456789012", Name: "r", UniqueID: "AROAEXAMPLE", RoleARN: "arn:aws:iam::123456789012:role/r",
			SessionName: "CognitoIdentityCredentials", IdentityID: identity, IdentityPoolID: "us-east-1:pool",
			AuthType: creds.AuthTypeAuthenticated, Provider: provider, Sub: sub}
	}
	plain := &creds.Principal{Type: creds.AssumedRole, ARN: "arn:aws:sts::123456789012:assumed-role/r/s", AccountID: "123456789012",
		Name: "r", UniqueID: "AROAEXAMPLE", RoleARN: "arn:aws:iam::123456789012:role/r", SessionName: "s"}
	principals := []*creds.Principal{
		user,
		role("us-east-1:a", "cognito-idp.us-east-1.amazonaws.com/us-east-1_A", "sub-a"),
		role("us-east-1:b", "cognito-idp.us-east-1.amazonaws.com/us-east-1_B", "sub-b"), // same shape
		role("us-east-1:c", "cognito-idp.us-east-1.amazonaws.com/us-east-1_B", ""),      // amr of two
		role("us-east-1:d", "", ""), // unauthenticated: amr of one
		plain,
		user,
		role("us-east-1:e", "graph.facebook.com", "sub-e"),
	}
	var clock secondClock
	reused := newRequestContext().(*requestContext)
	for i, p := range principals {
		call := &Call{SourceIP: "192.0.2." + string(rune('1'+i)), secure: i%2 == 0}
		ts := clock.strings(time.Unix(int64(1_700_000_000+i), 0))
		reused.fill(p, call, ts)
		fresh := newRequestContext().(*requestContext)
		fresh.fill(p, call, ts)
		if !maps.EqualFunc(reused.keys, fresh.keys, slices.Equal) {
			t.Fatalf("principal %d: reused context\n%v\nfresh\n%v", i, reused.keys, fresh.keys)
		}
		if got := reused.keys["cognito-identity.amazonaws.com:sub"]; p.IdentityID != "" && (len(got) != 1 || got[0] != p.IdentityID) {
			t.Fatalf("principal %d: sub %q", i, got)
		}
	}
}

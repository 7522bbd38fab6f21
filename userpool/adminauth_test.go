package userpool_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// The administrative operations need a SigV4 signature by an IAM user of
// the configuration, for cognito-idp in the configured region; failures
// are AWS JSON services' errors, HTTP 400.
func TestAdminAuthentication(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	get := &cip.AdminGetUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")}

	out, err := e.adm.AdminGetUser(ctx, get)
	if err != nil || aws.ToString(out.Username) != "carol" {
		t.Fatalf("signed AdminGetUser = %+v, %v", out, err)
	}

	// The SDK's own clients: unsigned, an unknown key, a wrong secret.
	_, err = e.idp.AdminGetUser(ctx, get)
	gatehousetest.RequireAPIError(t, err, "MissingAuthenticationTokenException", "Missing Authentication Token")
	_, err = newSignedIDPClient(e.ts, "AKIAUNKNOWNKEY000000", adminSecret, "us-east-1").AdminGetUser(ctx, get)
	gatehousetest.RequireAPIError(t, err, "UnrecognizedClientException", "The security token included in the request is invalid.")
	_, err = newSignedIDPClient(e.ts, adminKeyID, "not-the-secret", "us-east-1").AdminGetUser(ctx, get)
	gatehousetest.RequireAPIError(t, err, "InvalidSignatureException",
		"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	_, err = newSignedIDPClient(e.ts, adminKeyID, adminSecret, "eu-west-1").AdminGetUser(ctx, get)
	gatehousetest.RequireAPIError(t, err, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'. ")

	// On the wire: HTTP 400 with x-amzn-ErrorType, for every failure.
	body := `{"UserPoolId":"us-east-1_StaffPool","Username":"carol"}`
	now := e.clock.Now()
	requireWireError(t, e.signedPost("AdminGetUser", body, "", "", "", now),
		"MissingAuthenticationTokenException", "Missing Authentication Token")
	requireWireError(t, e.signedPost("AdminGetUser", body, "AKIAUNKNOWNKEY000000", adminSecret, "us-east-1", now),
		"UnrecognizedClientException", "The security token included in the request is invalid.")
	old := now.Add(-10 * time.Minute)
	requireWireError(t, e.signedPost("AdminGetUser", body, adminKeyID, adminSecret, "us-east-1", old),
		"InvalidSignatureException", "Signature expired: "+old.UTC().Format("20060102T150405Z")+" is now earlier than "+
			now.Add(-5*time.Minute).UTC().Format("20060102T150405Z")+" ("+now.UTC().Format("20060102T150405Z")+" - 5 min.)")

	// A signature over other bytes than those sent does not verify: the
	// server checks the body it read.
	signed := e.signedPost("AdminGetUser", body, adminKeyID, adminSecret, "us-east-1", now)
	if signed.status != http.StatusOK {
		t.Fatalf("raw signed request: %d %v", signed.status, signed.body)
	}
	tampered := signedRequest(t, e, "AdminGetUser", body, now)
	tampered.Body = io.NopCloser(strings.NewReader(`{"UserPoolId":"us-east-1_StaffPool","Username":"Carol"}`))
	tampered.GetBody = nil
	requireWireError(t, e.do(tampered), "InvalidSignatureException",
		"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")

	// An Authorization header that lacks parts.
	incomplete, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/", strings.NewReader(body))
	incomplete.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.AdminGetUser")
	incomplete.Header.Set("X-Amz-Date", now.UTC().Format("20060102T150405Z"))
	incomplete.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+adminKeyID+"/"+now.UTC().Format("20060102")+"/us-east-1/cognito-idp/aws4_request")
	r := e.do(incomplete)
	if r.status != http.StatusBadRequest || r.body["__type"] != "IncompleteSignatureException" ||
		!strings.HasPrefix(r.body["message"].(string), "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.") {
		t.Fatalf("incomplete signature: %d %v", r.status, r.body)
	}

	// The public operations stay unsigned.
	if _, err := e.passwordAuth(staffClient, "carol", staffPassword, nil); err != nil {
		t.Fatalf("unsigned InitiateAuth: %v", err)
	}
}

// signedRequest returns a request signed with the admin's keys over body.
func signedRequest(t *testing.T, e *adminEnv, operation, body string, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+operation)
	signAdmin(t, req, body, at)
	return req
}

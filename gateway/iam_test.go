package gateway_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
)

const (
	msgMissingToken = `{"message":"Missing Authentication Token"}`
	msgBadSignature = `{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}`
	msgInvalidToken = `{"message":"The security token included in the request is invalid."}`
	msgExpiredToken = `{"message":"The security token included in the request is expired"}`
)

// The demo's AWS_IAM route to mock_echo with identity pool credentials,
// path style and host style, and its public route.
func TestDemoRoutes(t *testing.T) {
	e := newEnv(t, config.Demo())
	c := e.credentials()
	for _, style := range []string{"path", "host"} {
		t.Run(style, func(t *testing.T) {
			url := e.pathURL("notesapi01", "/echo/a/b?x=1&x=2&y=3")
			var req *http.Request
			if style == "host" {
				req = e.request("PUT", e.ts.URL+"/prod/echo/a/b?x=1&x=2&y=3", `{"n":1}`)
				req.Host = "notesapi01.execute-api.localhost:" + req.URL.Port()
			} else {
				req = e.request("PUT", url, `{"n":1}`)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "gateway-test/1")
			sign(t, req, c.creds, region, e.clock.Now())
			res := e.do(req)
			expectGatewayHeaders(t, res)
			ev := decodeEvent(t, res)
			if ev.Resource != "/echo/{proxy+}" || ev.Path != "/echo/a/b" || ev.HTTPMethod != "PUT" || ev.Body != `{"n":1}` {
				t.Errorf("event = %+v", ev)
			}
			if ev.PathParameters["proxy"] != "a/b" || ev.QueryStringParameters["x"] != "2" ||
				strings.Join(ev.MultiValueQueryStringParameters["x"], ",") != "1,2" || ev.QueryStringParameters["y"] != "3" {
				t.Errorf("parameters = %v %v %v", ev.PathParameters, ev.QueryStringParameters, ev.MultiValueQueryStringParameters)
			}
			if ev.Headers["Content-Type"] != "application/json" || ev.MultiValueHeaders["Content-Type"][0] != "application/json" {
				t.Errorf("headers = %v", ev.Headers)
			}
			for name := range ev.Headers {
				if strings.EqualFold(name, "Authorization") || strings.HasPrefix(strings.ToLower(name), "x-amz-") {
					t.Errorf("header %s reached the integration", name)
				}
			}
			rc := ev.RequestContext
			if rc.AccountID != account || rc.APIID != "notesapi01" || rc.Stage != "prod" || rc.ResourcePath != "/echo/{proxy+}" ||
				rc.HTTPMethod != "PUT" || rc.Path != "/prod/echo/a/b" || rc.RequestID != res.header.Get("x-amzn-RequestId") {
				t.Errorf("requestContext = %+v", rc)
			}
			roleARN := "arn:aws:iam::123456789012:role/notes-authenticated"
			caller := creds.RoleID(roleARN) + ":CognitoIdentityCredentials"
			want := map[string]string{
				"cognitoIdentityPoolId":         identityPool,
				"cognitoIdentityId":             c.identityID,
				"accountId":                     account,
				"caller":                        caller,
				"accessKey":                     c.creds.AccessKeyID,
				"userArn":                       "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials",
				"user":                          caller,
				"sourceIp":                      "127.0.0.1",
				"userAgent":                     "gateway-test/1",
				"cognitoAuthenticationType":     "authenticated",
				"cognitoAuthenticationProvider": provider + "," + provider + ":CognitoSignIn:" + c.sub,
			}
			for k, v := range want {
				if rc.Identity[k] != v {
					t.Errorf("identity.%s = %q, want %q", k, rc.Identity[k], v)
				}
			}
			if len(rc.Identity) != len(want) {
				t.Errorf("identity = %v, want exactly %v", rc.Identity, want)
			}
		})
	}
	res := e.do(e.request("GET", e.pathURL("notesapi01", "/public"), ""))
	if res.status != 200 || res.body != `{"ok":true}` {
		t.Fatalf("public = %d %s", res.status, res.body)
	}
	expectGatewayHeaders(t, res)
	// The session token may be added after signing, as some clients do.
	unsigned := c.creds
	unsigned.SessionToken = ""
	req := e.request("GET", e.pathURL("notesapi01", "/echo/x"), "")
	sign(t, req, unsigned, region, e.clock.Now())
	req.Header.Set("X-Amz-Security-Token", c.creds.SessionToken)
	decodeEvent(t, e.do(req))
}

// Every SigV4 failure of an AWS_IAM route, with API Gateway's status, type
// and body.
func TestIAMErrors(t *testing.T) {
	e := newEnv(t, testConfig(t))
	c := e.credentials()
	url := e.pathURL("testapi001", "/echo/x")
	now := e.clock.Now()
	signed := func(cr aws.Credentials, signRegion string, at time.Time) response {
		req := e.request("GET", url, "")
		sign(t, req, cr, signRegion, at)
		return e.do(req)
	}
	t.Run("unsigned", func(t *testing.T) {
		expectError(t, e.do(e.request("GET", url, "")), 403, "MissingAuthenticationTokenException", msgMissingToken)
	})
	t.Run("unknown route", func(t *testing.T) {
		expectError(t, e.do(e.request("GET", e.pathURL("testapi001", "/nothing"), "")), 403, "MissingAuthenticationTokenException", msgMissingToken)
		expectError(t, e.do(e.request("GET", e.pathURL("testapi001", "/public/x"), "")), 403, "MissingAuthenticationTokenException", msgMissingToken)
		expectError(t, e.do(e.request("DELETE", e.pathURL("testapi001", "/public"), "")), 403, "MissingAuthenticationTokenException", msgMissingToken)
	})
	t.Run("bad signature", func(t *testing.T) {
		bad := c.creds
		bad.SecretAccessKey = "x" + bad.SecretAccessKey[1:]
		expectError(t, signed(bad, region, now), 403, "InvalidSignatureException", msgBadSignature)
	})
	t.Run("incomplete", func(t *testing.T) {
		req := e.request("GET", url, "")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+adminKey+"/20240101/us-east-1/execute-api/aws4_request")
		res := e.do(req)
		if res.status != 403 || res.header.Get("x-amzn-ErrorType") != "IncompleteSignatureException" ||
			!strings.HasPrefix(res.body, `{"message":"Authorization header requires 'Signature' parameter. `) {
			t.Fatalf("got %d %q %s", res.status, res.header.Get("x-amzn-ErrorType"), res.body)
		}
	})
	t.Run("expired date", func(t *testing.T) {
		at := now.Add(-10 * time.Minute)
		f := func(x time.Time) string { return x.UTC().Format("20060102T150405Z") }
		expectError(t, signed(c.creds, region, at), 403, "InvalidSignatureException",
			`{"message":"Signature expired: `+f(at)+` is now earlier than `+f(now.Add(-5*time.Minute))+` (`+f(now)+` - 5 min.)"}`)
	})
	t.Run("wrong region", func(t *testing.T) {
		expectError(t, signed(c.creds, "us-west-2", now), 403, "InvalidSignatureException",
			`{"message":"Credential should be scoped to a valid region, not 'us-west-2'. "}`)
	})
	t.Run("unknown key", func(t *testing.T) {
		expectError(t, signed(aws.Credentials{AccessKeyID: "AKIAUNKNOWNKEY000000", SecretAccessKey: "secret"}, region, now),
			403, "UnrecognizedClientException", msgInvalidToken)
	})
	t.Run("tampered session token", func(t *testing.T) {
		bad := c.creds
		b := []byte(bad.SessionToken)
		b[len(b)/2] ^= 1
		bad.SessionToken = string(b)
		expectError(t, signed(bad, region, now), 403, "UnrecognizedClientException", msgInvalidToken)
	})
	t.Run("IAM user", func(t *testing.T) {
		res := signed(aws.Credentials{AccessKeyID: adminKey, SecretAccessKey: adminSecret}, region, now)
		ev := decodeEvent(t, res)
		if id := ev.RequestContext.Identity; id["userArn"] != "arn:aws:iam::123456789012:user/admin" ||
			id["caller"] != creds.UserID("arn:aws:iam::123456789012:user/admin") || id["accessKey"] != adminKey ||
			id["cognitoIdentityId"] != "" || id["cognitoAuthenticationType"] != "" {
			t.Errorf("identity = %v", id)
		}
	})
	t.Run("expired session token", func(t *testing.T) {
		e.clock.Advance(2 * time.Hour)
		defer e.clock.Advance(-2 * time.Hour)
		expectError(t, signed(c.creds, region, e.clock.Now()), 403, "ExpiredTokenException", msgExpiredToken)
	})
}

// The principal's policies decide: a role allowing only some resources,
// an explicit deny, policy variables scoping a user to /notes/{identity id},
// an IAM user allowed one method only.
func TestIAMPolicies(t *testing.T) {
	e := newEnv(t, testConfig(t))
	c := e.credentials()
	session := "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials"
	arn := func(method, path string) string {
		return "arn:aws:execute-api:us-east-1:123456789012:testapi001/prod/" + method + path
	}
	call := func(cr aws.Credentials, method, path string) response {
		req := e.request(method, e.pathURL("testapi001", path), "")
		sign(t, req, cr, region, e.clock.Now())
		return e.do(req)
	}
	denied := func(user, method, path, suffix string) string {
		return `{"Message":"User: ` + user + ` is not authorized to perform: execute-api:Invoke on resource: ` + arn(method, path) + suffix + `"}`
	}
	limited := aws.Credentials{AccessKeyID: limitedKey, SecretAccessKey: limitedSec}
	limitedARN := "arn:aws:iam::123456789012:user/limited"
	tests := []struct {
		name         string
		cr           aws.Credentials
		method, path string
		wantBody     string // "" means allowed
	}{
		{"role allows echo", c.creds, "POST", "/echo/a", ""},
		{"role does not allow admin", c.creds, "GET", "/admin", denied(session, "GET", "/admin", "")},
		{"explicit deny wins", c.creds, "DELETE", "/echo/a", denied(session, "DELETE", "/echo/a", " with an explicit deny")},
		{"own notes", c.creds, "GET", "/notes/" + c.identityID, ""},
		{"another identity's notes", c.creds, "GET", "/notes/us-east-1:00000000-0000-4000-8000-000000000000",
			denied(session, "GET", "/notes/us-east-1:00000000-0000-4000-8000-000000000000", "")},
		{"the user pool sub is not the identity id", c.creds, "GET", "/notes/" + c.sub, denied(session, "GET", "/notes/"+c.sub, "")},
		{"IAM user allowed GET", limited, "GET", "/echo/b", ""},
		{"IAM user denied POST", limited, "POST", "/echo/b", denied(limitedARN, "POST", "/echo/b", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(tt.cr, tt.method, tt.path)
			if tt.wantBody == "" {
				decodeEvent(t, res)
				return
			}
			expectError(t, res, 403, "AccessDeniedException", tt.wantBody)
		})
	}
}

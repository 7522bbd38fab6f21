package gateway_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

const (
	msgUnauthorized = `{"message":"Unauthorized"}`
	msgTokenExpired = `{"message":"The incoming token has expired"}`
)

// wantClaims is what API Gateway passes on of a token's claims: every
// value a string, exp and iat as dates.
func wantClaims(payload map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range payload {
		switch x := v.(type) {
		case string:
			out[k] = x
		case bool:
			out[k] = strconv.FormatBool(x)
		case json.Number:
			if k == "exp" || k == "iat" {
				n, _ := x.Int64()
				out[k] = time.Unix(n, 0).UTC().Format("Mon Jan 02 15:04:05 UTC 2006")
			} else {
				out[k] = x.String()
			}
		}
	}
	return out
}

func TestCognitoAuthorizer(t *testing.T) {
	e := newEnv(t, testConfig(t))
	tokens := e.signIn()
	idToken, accessToken := *tokens.IdToken, *tokens.AccessToken
	get := func(path, header, value string) response {
		req := e.request("GET", e.pathURL("testapi001", path), "")
		if header != "" {
			req.Header.Set(header, value)
		}
		return e.do(req)
	}
	t.Run("ID token, raw and Bearer", func(t *testing.T) {
		for _, v := range []string{idToken, "Bearer " + idToken} {
			ev := decodeEvent(t, get("/items", "Authorization", v))
			want := wantClaims(jwtPayload(t, idToken))
			got := ev.RequestContext.Authorizer.Claims
			if len(got) != len(want) {
				t.Errorf("claims = %v, want %v", got, want)
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("claim %s = %q, want %q", k, got[k], v)
				}
			}
			if got["email_verified"] != "true" || got["cognito:username"] == "" {
				t.Errorf("claims = %v", got)
			}
			if _, ok := ev.Headers["Authorization"]; ok {
				t.Error("Authorization reached the integration")
			}
		}
	})
	t.Run("identity source header", func(t *testing.T) {
		decodeEvent(t, get("/custom", "X-Token", idToken))
		expectError(t, get("/custom", "Authorization", idToken), 401, "UnauthorizedException", msgUnauthorized)
	})
	t.Run("refused tokens", func(t *testing.T) {
		expectError(t, get("/items", "", ""), 401, "UnauthorizedException", msgUnauthorized)
		expectError(t, get("/items", "Authorization", "Bearer "), 401, "UnauthorizedException", msgUnauthorized)
		expectError(t, get("/items", "Authorization", "not-a-token"), 401, "UnauthorizedException", msgUnauthorized)
		expectError(t, get("/items", "Authorization", idToken[:len(idToken)-4]+"AAAA"), 401, "UnauthorizedException", msgUnauthorized)
		// An access token where an ID token is expected.
		expectError(t, get("/items", "Authorization", accessToken), 401, "UnauthorizedException", msgUnauthorized)
	})
	t.Run("scopes", func(t *testing.T) {
		ev := decodeEvent(t, get("/scoped", "Authorization", accessToken))
		if ev.RequestContext.Authorizer.Claims["token_use"] != "access" || ev.RequestContext.Authorizer.Claims["scope"] != "aws.cognito.signin.user.admin" {
			t.Errorf("claims = %v", ev.RequestContext.Authorizer.Claims)
		}
		expectError(t, get("/scoped", "Authorization", idToken), 401, "UnauthorizedException", msgUnauthorized)
		expectError(t, get("/otherscope", "Authorization", accessToken), 401, "UnauthorizedException", msgUnauthorized)
	})
	t.Run("expired", func(t *testing.T) {
		e.clock.Advance(2 * time.Hour)
		defer e.clock.Advance(-2 * time.Hour)
		expectError(t, get("/items", "Authorization", idToken), 401, "UnauthorizedException", msgTokenExpired)
		expectError(t, get("/scoped", "Authorization", accessToken), 401, "UnauthorizedException", msgTokenExpired)
	})
}

func TestAPIKeysAndThrottling(t *testing.T) {
	e := newEnv(t, testConfig(t))
	get := func(api, path, key string) response {
		req := e.request("GET", e.pathURL(api, path), "")
		if key != "" {
			req.Header.Set("x-api-key", key)
		}
		return e.do(req)
	}
	const forbidden = `{"message":"Forbidden"}`
	expectError(t, get("testapi001", "/keyed", ""), 403, "ForbiddenException", forbidden)
	expectError(t, get("testapi001", "/keyed", "test-api-key-value-9999"), 403, "ForbiddenException", forbidden)
	expectError(t, get("testapi001", "/keyed", disabledKey), 403, "ForbiddenException", forbidden)
	ev := decodeEvent(t, get("testapi001", "/keyed", keyValue))
	if id := ev.RequestContext.Identity; id["apiKeyId"] != "key0000001" || id["apiKey"] != keyValue {
		t.Errorf("identity = %v", id)
	}
	// A quota of 2 a day.
	decodeEvent(t, get("testapi001", "/keyed", quotaKey))
	decodeEvent(t, get("testapi001", "/keyed", quotaKey))
	expectError(t, get("testapi001", "/keyed", quotaKey), 429, "LimitExceededException", `{"message":"Limit Exceeded"}`)
	e.clock.Advance(24 * time.Hour)
	decodeEvent(t, get("testapi001", "/keyed", quotaKey))
	// A plan's burst of 1.
	decodeEvent(t, get("testapi001", "/keyed", burstKey))
	expectError(t, get("testapi001", "/keyed", burstKey), 429, "TooManyRequestsException", `{"message":"Too Many Requests"}`)
	// The stage throttle of slowapi001: a burst of 2.
	for range 2 {
		if res := get("slowapi001", "/public", ""); res.status != 200 {
			t.Fatalf("slowapi001 = %d %s", res.status, res.body)
		}
	}
	expectError(t, get("slowapi001", "/public", ""), 429, "TooManyRequestsException", `{"message":"Too Many Requests"}`)
}

func TestCORS(t *testing.T) {
	e := newEnv(t, testConfig(t))
	req := e.request("OPTIONS", e.pathURL("testapi001", "/echo/x"), "")
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "authorization,x-amz-date")
	res := e.do(req)
	h := res.header
	if res.status != 200 || h.Get("Access-Control-Allow-Origin") != "*" ||
		h.Get("Access-Control-Allow-Methods") != "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT" ||
		h.Get("Access-Control-Allow-Headers") != "Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key" ||
		h.Get("Access-Control-Max-Age") != "600" {
		t.Fatalf("preflight = %d %v", res.status, h)
	}
	expectGatewayHeaders(t, res)
	req = e.request("OPTIONS", e.pathURL("testapi001", "/items"), "")
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "GET")
	if res := e.do(req); res.status != 200 || res.header.Get("Access-Control-Allow-Methods") != "GET,OPTIONS" {
		t.Fatalf("preflight /items = %d %v", res.status, res.header)
	}
	// Errors carry the CORS headers, so that a browser sees them.
	for _, path := range []string{"/echo/x", "/items", "/nothing"} {
		req := e.request("GET", e.pathURL("testapi001", path), "")
		req.Header.Set("Origin", "https://app.example.com")
		res := e.do(req)
		if res.status/100 != 4 || res.header.Get("Access-Control-Allow-Origin") != "*" ||
			res.header.Get("Access-Control-Expose-Headers") != "x-amzn-RequestId" {
			t.Errorf("%s = %d %v", path, res.status, res.header)
		}
	}
}

func TestPayloadLimit(t *testing.T) {
	e := newEnv(t, testConfig(t))
	req := e.request("POST", e.pathURL("testapi001", "/upload"), "")
	req.ContentLength = 10<<20 + 1
	req.Body = bodyOfZeros(10<<20 + 1)
	expectError(t, e.do(req), 413, "RequestTooLongException", `{"message":"Request Too Long"}`)
	ev := decodeEvent(t, e.do(e.request("POST", e.pathURL("testapi001", "/upload"), "hello")))
	if ev.Body != "hello" || ev.IsBase64Encoded {
		t.Errorf("event body = %q %v", ev.Body, ev.IsBase64Encoded)
	}
}

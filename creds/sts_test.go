package creds

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

// stsEnv serves an STS of the demo configuration over HTTP. Its clock is
// the real one (the SDK signs with it) until a test moves it.
type stsEnv struct {
	*minterEnv
	sts    *STS
	ts     *httptest.Server
	signer *jws.Signer
}

func newSTSEnv(t testing.TB) *stsEnv {
	t.Helper()
	cfg, c := config.Demo(), &clock{now: time.Now()}
	ring := newRing(t, c, 1)
	e := &minterEnv{cfg: cfg, clock: c, ring: ring, m: NewMinter(cfg, ring, c.Now)}
	s, err := NewSTS(STSOptions{Config: cfg, Ring: ring, Minter: e.m, Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &stsEnv{minterEnv: e, sts: s, ts: ts, signer: jws.NewSigner(ring)}
}

// client returns an STS client of the endpoint with the given credentials
// (anonymous when nil), without retries.
func (e *stsEnv) client(c aws.CredentialsProvider) *sts.Client {
	if c == nil {
		c = aws.AnonymousCredentials{}
	}
	return sts.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: c, BaseEndpoint: aws.String(e.ts.URL),
		RetryMaxAttempts: 1})
}

func static(c Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

func requireAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want an API error %s", err, code)
	}
	if ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("API error = %q %q,\nwant %q %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}

const (
	demoClient = "gatehousenotesdemoclient01"
	demoIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"
)

// idToken returns an ID token of the demo pool, as the user pool signs
// them, with the claims of extra added (nil values removed).
func (e *stsEnv) idToken(t testing.TB, extra map[string]any) string {
	t.Helper()
	now := e.clock.Now()
	claims := map[string]any{
		"sub": demoSub, "iss": demoIssuer, "aud": demoClient, "token_use": "id",
		"cognito:username": "demo@example.com", "email": "demo@example.com", "email_verified": true,
		"auth_time": now.Unix(), "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}
	return e.sign(t, claims, extra)
}

// openIDToken returns an identity pool OpenID token (GetOpenIdToken) of the
// demo identity for an authenticated user of the demo pool.
func (e *stsEnv) openIDToken(t testing.TB, extra map[string]any) string {
	t.Helper()
	now := e.clock.Now()
	claims := map[string]any{
		"sub": demoIdentity, "iss": "https://cognito-identity.amazonaws.com", "aud": demoPool,
		"amr": []string{"authenticated", demoProvider, demoProvider + ":CognitoSignIn:" + demoSub},
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
		"https://cognito-identity.amazonaws.com/identity-pool-arn": "arn:aws:cognito-identity:us-east-1:123456789012:identitypool/" + demoPool,
	}
	return e.sign(t, claims, extra)
}

func (e *stsEnv) sign(t testing.TB, claims, extra map[string]any) string {
	t.Helper()
	for k, v := range extra {
		if v == nil {
			delete(claims, k)
		} else {
			claims[k] = v
		}
	}
	tok, err := e.signer.Sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestGetCallerIdentity(t *testing.T) {
	e := newSTSEnv(t)
	ctx := t.Context()
	admin := e.cfg.IAMUsers[0]

	out, err := e.client(credentials.NewStaticCredentialsProvider(admin.AccessKeyID, admin.SecretAccessKey, "")).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Arn) != "arn:aws:iam::123456789012:user/admin" || aws.ToString(out.Account) != "123456789012" ||
		!regexp.MustCompile(`^AIDA[A-Z2-7]{17}$`).MatchString(aws.ToString(out.UserId)) {
		t.Errorf("IAM user: %s %s %s", aws.ToString(out.Arn), aws.ToString(out.UserId), aws.ToString(out.Account))
	}

	c := mustMint(t, e.m, identitySpec())
	out, err = e.client(static(c)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" ||
		aws.ToString(out.UserId) != RoleID(demoAuthRole)+":CognitoIdentityCredentials" || aws.ToString(out.Account) != "123456789012" {
		t.Errorf("temporary credentials: %s %s %s", aws.ToString(out.Arn), aws.ToString(out.UserId), aws.ToString(out.Account))
	}
}

func TestGetCallerIdentityErrors(t *testing.T) {
	e := newSTSEnv(t)
	ctx := t.Context()
	now := e.clock.Now()
	valid := mustMint(t, e.m, identitySpec())
	e.clock.now = now.Add(-2 * time.Hour)
	expired := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "s", Duration: 15 * time.Minute})
	e.clock.now = now
	foreign := mustMint(t, NewMinter(e.cfg, newRing(t, e.clock, 7), e.clock.Now), identitySpec())
	tampered := valid
	tampered.SessionToken = strings.Replace(valid.SessionToken, valid.SessionToken[60:64], "AAAA", 1)
	if tampered.SessionToken == valid.SessionToken {
		tampered.SessionToken = strings.Replace(valid.SessionToken, valid.SessionToken[60:64], "BBBB", 1)
	}
	wrongSecret := valid
	wrongSecret.SecretAccessKey = expired.SecretAccessKey
	admin := e.cfg.IAMUsers[0]

	const (
		invalid  = "The security token included in the request is invalid"
		expiredM = "The security token included in the request is expired"
		sigM     = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	)
	tests := []struct {
		name          string
		creds         aws.CredentialsProvider
		code, message string
	}{
		{"unsigned", nil, "MissingAuthenticationToken", "Request is missing Authentication Token"},
		{"expired token", static(expired), "ExpiredToken", expiredM},
		{"tampered token", static(tampered), "InvalidClientTokenId", invalid},
		{"foreign token", static(foreign), "InvalidClientTokenId", invalid},
		{"unknown key", credentials.NewStaticCredentialsProvider("AKIAUNKNOWNKEY000000", "secret", ""), "InvalidClientTokenId", invalid},
		{"temporary key without token", credentials.NewStaticCredentialsProvider(valid.AccessKeyID, valid.SecretAccessKey, ""), "InvalidClientTokenId", invalid},
		{"IAM key with a token", credentials.NewStaticCredentialsProvider(admin.AccessKeyID, admin.SecretAccessKey, valid.SessionToken), "InvalidClientTokenId", invalid},
		{"wrong secret", static(wrongSecret), "SignatureDoesNotMatch", sigM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.client(tt.creds).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			requireAPIError(t, err, tt.code, tt.message)
			var re interface{ HTTPStatusCode() int }
			if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusForbidden {
				t.Errorf("status: %v, want 403", err)
			}
		})
	}
}

// The wire form of STS's answers, byte for byte.
func TestSTSWire(t *testing.T) {
	e := newSTSEnv(t)
	post := func(form string) (*http.Response, string) {
		res, err := http.Post(e.ts.URL+"/", "application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	errorBody := func(code, message, reqID string) string {
		return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
			`<Code>` + code + `</Code><Message>` + message + `</Message></Error><RequestId>` + reqID + `</RequestId></ErrorResponse>`
	}
	tests := []struct {
		name, form    string
		status        int
		code, message string
	}{
		{"unsigned GetCallerIdentity", "Action=GetCallerIdentity&Version=2011-06-15", 403, "MissingAuthenticationToken", "Request is missing Authentication Token"},
		{"other version", "Action=GetCallerIdentity&Version=2010-01-01", 400, "InvalidAction", "Could not find operation GetCallerIdentity for version 2010-01-01"},
		{"other action", "Action=GetSessionToken&Version=2011-06-15", 400, "InvalidAction", "Could not find operation GetSessionToken for version 2011-06-15"},
		{"no action", "Version=2011-06-15", 400, "MissingAction", "Missing Action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := post(tt.form)
			reqID := res.Header.Get(awsproto.HeaderRequestID)
			if res.StatusCode != tt.status || body != errorBody(tt.code, tt.message, reqID) || reqID == "" ||
				res.Header.Get("Content-Type") != "text/xml" {
				t.Fatalf("got %d %s\n%s", res.StatusCode, res.Header, body)
			}
		})
	}

	// A successful AssumeRoleWithWebIdentity, element for element.
	res, body := post(url.Values{"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"},
		"RoleArn": {demoAuthRole}, "RoleSessionName": {"alice"}, "WebIdentityToken": {e.idToken(t, nil)}}.Encode())
	want := regexp.MustCompile(`^<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
		`<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA[A-Z2-7]{16}</AccessKeyId>` +
		`<SecretAccessKey>[A-Za-z0-9+/]{40}</SecretAccessKey><SessionToken>[A-Za-z0-9+/=]+</SessionToken>` +
		`<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</Expiration></Credentials>` +
		`<SubjectFromWebIdentityToken>` + demoSub + `</SubjectFromWebIdentityToken>` +
		`<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/notes-authenticated/alice</Arn>` +
		`<AssumedRoleId>` + RoleID(demoAuthRole) + `:alice</AssumedRoleId></AssumedRoleUser>` +
		`<Provider>arn:aws:iam::123456789012:oidc-provider/cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo</Provider>` +
		`<Audience>` + demoClient + `</Audience></AssumeRoleWithWebIdentityResult>` +
		`<ResponseMetadata><RequestId>` + res.Header.Get(awsproto.HeaderRequestID) + `</RequestId></ResponseMetadata>` +
		`</AssumeRoleWithWebIdentityResponse>$`)
	if res.StatusCode != 200 || !want.MatchString(body) || res.Header.Get("Content-Type") != "text/xml" {
		t.Fatalf("got %d\n%s", res.StatusCode, body)
	}

	// GET with the parameters in the query works as POST does.
	get, err := http.Get(e.ts.URL + "/?Action=GetCallerIdentity&Version=2011-06-15")
	if err != nil {
		t.Fatal(err)
	}
	get.Body.Close()
	if get.StatusCode != 403 {
		t.Errorf("unsigned GET: %d", get.StatusCode)
	}
}

// A user pool's ID token buys credentials of the roles its identity pools
// use, and those credentials are the assumed role.
func TestAssumeRoleWithWebIdentityUserPool(t *testing.T) {
	e := newSTSEnv(t)
	ctx := t.Context()
	out, err := e.client(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoAuthRole), RoleSessionName: aws.String("demo-user@example.com"),
		WebIdentityToken: aws.String(e.idToken(t, nil)), DurationSeconds: aws.Int32(900),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	if !accessKeyIDPattern.MatchString(aws.ToString(c.AccessKeyId)) || !secretPattern.MatchString(aws.ToString(c.SecretAccessKey)) {
		t.Errorf("credentials %+v", c)
	}
	if d := c.Expiration.Sub(e.clock.Now()); d < 899*time.Second || d > 900*time.Second {
		t.Errorf("Expiration in %v, want 15m", d)
	}
	if aws.ToString(out.AssumedRoleUser.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/demo-user@example.com" ||
		aws.ToString(out.AssumedRoleUser.AssumedRoleId) != RoleID(demoAuthRole)+":demo-user@example.com" ||
		aws.ToString(out.SubjectFromWebIdentityToken) != demoSub || aws.ToString(out.Audience) != demoClient ||
		aws.ToString(out.Provider) != "arn:aws:iam::123456789012:oidc-provider/cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo" {
		t.Errorf("response %+v %+v", out.AssumedRoleUser, out)
	}
	s, err := e.m.Open(aws.ToString(c.SessionToken))
	if err != nil || s.Sub != demoSub || s.IdentityID != "" || s.AuthType != "" || s.Provider != "" {
		t.Fatalf("session %+v, %v", s, err)
	}

	who, err := e.client(credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey),
		aws.ToString(c.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/demo-user@example.com" {
		t.Errorf("GetCallerIdentity: %s", aws.ToString(who.Arn))
	}

	// Without DurationSeconds: an hour, the role's max_session.
	out, err = e.client(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoUnauthRole), RoleSessionName: aws.String("s2"), WebIdentityToken: aws.String(e.idToken(t, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := out.Credentials.Expiration.Sub(e.clock.Now()); d < 3599*time.Second || d > time.Hour {
		t.Errorf("default Expiration in %v", d)
	}

	// A group's role, when the token lists it.
	groupRole := "arn:aws:iam::123456789012:role/notes-admins"
	e.cfg.Roles = append(e.cfg.Roles, config.Role{ARN: groupRole, MaxSession: config.Duration(time.Hour)})
	e.m = NewMinter(e.cfg, e.ring, e.clock.Now)
	e.sts.minter = e.m
	in := &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(groupRole), RoleSessionName: aws.String("admin"),
		WebIdentityToken: aws.String(e.idToken(t, map[string]any{"cognito:roles": []string{groupRole}}))}
	if _, err := e.client(nil).AssumeRoleWithWebIdentity(ctx, in); err != nil {
		t.Fatalf("group role: %v", err)
	}
	in.WebIdentityToken = aws.String(e.idToken(t, nil))
	_, err = e.client(nil).AssumeRoleWithWebIdentity(ctx, in)
	requireAPIError(t, err, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
}

// An identity pool's OpenID token (the basic flow) buys credentials of the
// pool's role for its kind of identity, carrying the identity.
func TestAssumeRoleWithWebIdentityOpenIDToken(t *testing.T) {
	e := newSTSEnv(t)
	ctx := t.Context()
	out, err := e.client(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoAuthRole), RoleSessionName: aws.String("web"), WebIdentityToken: aws.String(e.openIDToken(t, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Provider) != "cognito-identity.amazonaws.com" || aws.ToString(out.Audience) != demoPool ||
		aws.ToString(out.SubjectFromWebIdentityToken) != demoIdentity {
		t.Errorf("response %+v", out)
	}
	s, err := e.m.Open(aws.ToString(out.Credentials.SessionToken))
	if err != nil {
		t.Fatal(err)
	}
	if s.IdentityID != demoIdentity || s.IdentityPoolID != demoPool || s.AuthType != "authenticated" ||
		s.Provider != demoProvider || s.Sub != demoSub || s.SessionName != "web" {
		t.Errorf("session %+v", s)
	}

	unauth := e.openIDToken(t, map[string]any{"amr": []string{"unauthenticated"}})
	_, err = e.client(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoAuthRole), RoleSessionName: aws.String("web"), WebIdentityToken: aws.String(unauth)})
	requireAPIError(t, err, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	out, err = e.client(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoUnauthRole), RoleSessionName: aws.String("web"), WebIdentityToken: aws.String(unauth)})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := e.m.Open(aws.ToString(out.Credentials.SessionToken)); err != nil || s.AuthType != "unauthenticated" || s.Sub != "" {
		t.Errorf("unauthenticated session %+v, %v", s, err)
	}
}

func TestAssumeRoleWithWebIdentityErrors(t *testing.T) {
	e := newSTSEnv(t)
	ctx := t.Context()
	now := e.clock.Now()
	otherRing := newRing(t, e.clock, 5)
	foreign, err := jws.NewSigner(otherRing).Sign(map[string]any{"sub": demoSub, "iss": demoIssuer, "aud": demoClient,
		"token_use": "id", "exp": now.Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	const denied = "Not authorized to perform sts:AssumeRoleWithWebIdentity"
	tests := []struct {
		name          string
		role, session string
		token         string
		duration      int32
		code, message string
	}{
		{"not a JWT", demoAuthRole, "s1", "not-a-token", 0, "InvalidIdentityToken",
			"The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"},
		{"unknown issuer", demoAuthRole, "s1", e.idToken(t, map[string]any{"iss": "https://issuer.example.com"}), 0,
			"InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://issuer.example.com"},
		{"signed by another ring", demoAuthRole, "s1", foreign, 0, "InvalidIdentityToken",
			"Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"},
		{"other client", demoAuthRole, "s1", e.idToken(t, map[string]any{"aud": "someotherclient"}), 0, "InvalidIdentityToken", "Incorrect token audience"},
		{"access token", demoAuthRole, "s1", e.idToken(t, map[string]any{"aud": nil, "token_use": "access", "client_id": demoClient}), 0,
			"InvalidIdentityToken", "Missing a required claim: aud"},
		{"other identity pool", demoAuthRole, "s1", e.openIDToken(t, map[string]any{"aud": "us-east-1:00000000-0000-4000-8000-000000000000"}), 0,
			"InvalidIdentityToken", "Incorrect token audience"},
		{"expired", demoAuthRole, "s1", e.idToken(t, map[string]any{"exp": now.Add(-time.Minute).Unix()}), 0, "ExpiredTokenException",
			"Token expired: current date/time " + itoa(now.Unix()) + " must be before the expiration date/time " + itoa(now.Add(-time.Minute).Unix())},
		{"role of no identity pool", "arn:aws:iam::123456789012:role/someone-else", "s1", e.idToken(t, nil), 0, "AccessDenied", denied},
		{"duration above max_session", demoAuthRole, "s1", e.idToken(t, nil), 7200, "ValidationError",
			"The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"duration below 900", demoAuthRole, "s1", e.idToken(t, nil), 899, "ValidationError",
			"1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{"duration above 12h", demoAuthRole, "s1", e.idToken(t, nil), 43201, "ValidationError",
			"1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{"session name pattern", demoAuthRole, "a b", e.idToken(t, nil), 0, "ValidationError",
			`1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{"session name too short", demoAuthRole, "a", e.idToken(t, nil), 0, "ValidationError",
			"1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"session name too long, bad characters", demoAuthRole, strings.Repeat("x", 64) + "/", e.idToken(t, nil), 0, "ValidationError",
			"2 validation errors detected: Value '" + strings.Repeat("x", 64) + "/' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64; " +
				"Value '" + strings.Repeat("x", 64) + "/' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(tt.role), RoleSessionName: aws.String(tt.session),
				WebIdentityToken: aws.String(tt.token)}
			if tt.duration != 0 {
				in.DurationSeconds = aws.Int32(tt.duration)
			}
			_, err := e.client(nil).AssumeRoleWithWebIdentity(ctx, in)
			requireAPIError(t, err, tt.code, tt.message)
		})
	}

	// What SDKs check before sending, sent by hand.
	raw := []struct {
		name          string
		params        url.Values
		status        int
		code, message string
	}{
		{"nothing", url.Values{}, 400, "ValidationError", "3 validation errors detected: " +
			"Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
			"Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null; " +
			"Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null"},
		{"short token and ARN", url.Values{"RoleArn": {"arn:aws:iam::1:r"}, "RoleSessionName": {"ok"}, "WebIdentityToken": {"abc"}}, 400, "ValidationError",
			"2 validation errors detected: Value 'arn:aws:iam::1:r' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
				"Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4"},
		{"session policy", url.Values{"RoleArn": {demoAuthRole}, "RoleSessionName": {"ok"}, "WebIdentityToken": {e.idToken(t, nil)},
			"Policy": {`{"Version":"2012-10-17","Statement":[]}`}}, 400, "ValidationError", "Session policies (Policy, PolicyArns) are not supported by this server."},
		{"not a number", url.Values{"RoleArn": {demoAuthRole}, "RoleSessionName": {"ok"}, "WebIdentityToken": {e.idToken(t, nil)},
			"DurationSeconds": {"1h"}}, 400, "ValidationError",
			"1 validation error detected: Value '1h' at 'durationSeconds' failed to satisfy constraint: Member must be a number"},
	}
	for _, tt := range raw {
		t.Run(tt.name, func(t *testing.T) {
			tt.params.Set("Action", "AssumeRoleWithWebIdentity")
			tt.params.Set("Version", "2011-06-15")
			res, err := http.PostForm(e.ts.URL, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			want := "<Code>" + tt.code + "</Code><Message>" + xmlEscape(tt.message) + "</Message>"
			if res.StatusCode != tt.status || !strings.Contains(string(b), want) {
				t.Fatalf("got %d %s\nwant %s", res.StatusCode, b, want)
			}
		})
	}
}

// Credentials of STS stay valid across a rotation of the signing keys
// only as long as the ID token's key has not retired.
func TestAssumeRoleWithWebIdentityRetiredSigningKey(t *testing.T) {
	e := newSTSEnv(t)
	token := e.idToken(t, nil)
	if _, err := e.ring.Rotate(t.Context(), keys.Signing, 0); err != nil {
		t.Fatal(err)
	}
	_, err := e.client(nil).AssumeRoleWithWebIdentity(t.Context(), &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoAuthRole), RoleSessionName: aws.String("s1"), WebIdentityToken: aws.String(token)})
	requireAPIError(t, err, "InvalidIdentityToken",
		"Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements")
	if _, err := e.client(nil).AssumeRoleWithWebIdentity(context.Background(), &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(demoAuthRole), RoleSessionName: aws.String("s1"), WebIdentityToken: aws.String(e.idToken(t, nil))}); err != nil {
		t.Fatalf("a token of the new key: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}

// A presigned GetCallerIdentity URL (as aws-iam-authenticator makes them)
// answers as a signed request does.
func TestGetCallerIdentityPresigned(t *testing.T) {
	e := newSTSEnv(t)
	admin := e.cfg.IAMUsers[0]
	r, err := http.NewRequest("GET", e.ts.URL+"/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60", nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, _, err := v4.NewSigner().PresignHTTP(t.Context(), aws.Credentials{AccessKeyID: admin.AccessKeyID, SecretAccessKey: admin.SecretAccessKey},
		r, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sts", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(signed)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(b), "<Arn>arn:aws:iam::123456789012:user/admin</Arn>") {
		t.Fatalf("presigned: %d %s", res.StatusCode, b)
	}
}

package server

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
)

// stsServer is the whole server with a Minter whose clock a test can move
// back, to mint credentials that have already expired.
type stsServer struct {
	url    string
	minter *creds.Minter
	offset atomic.Int64 // added to the Minter's clock
}

func newSTSServer(t *testing.T) *stsServer {
	t.Helper()
	st, ring := openStoreAndRing(t)
	s := &stsServer{}
	cfg := config.Demo()
	s.minter = creds.NewMinter(cfg, ring, func() time.Time { return time.Now().Add(time.Duration(s.offset.Load())) })
	srv, err := New(Options{Config: cfg, Store: st, Ring: ring, Logger: slog.New(slog.DiscardHandler), Minter: s.minter,
		Functions: demoFunctions(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	s.url = ts.URL
	return s
}

// signInDemo signs the demo user in with USER_PASSWORD_AUTH over HTTP and
// returns the unsigned SDK configuration it used and the result.
func (s *stsServer) signInDemo(t *testing.T) (aws.Config, *cip.InitiateAuthOutput) {
	t.Helper()
	anon := aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, BaseEndpoint: aws.String(s.url), RetryMaxAttempts: 1}
	auth, err := cip.NewFromConfig(anon).InitiateAuth(t.Context(), &cip.InitiateAuthInput{
		AuthFlow: "USER_PASSWORD_AUTH", ClientId: aws.String("gatehousenotesdemoclient01"),
		AuthParameters: map[string]string{"USERNAME": "demo@example.com", "PASSWORD": "Passw0rd!"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return anon, auth
}

// demoIdentity is the demo user's identity in an identity pool: the
// client and Logins that GetId and GetOpenIdToken took, the identity id
// and the OpenID token.
type demoIdentity struct {
	ci     *cognitoidentity.Client
	logins map[string]string
	id     *string
	token  *string
}

// identityOfDemo signs the demo user in and calls GetId and
// GetOpenIdToken in pool with the ID token, over HTTP.
func (s *stsServer) identityOfDemo(t *testing.T, pool string) demoIdentity {
	t.Helper()
	anon, auth := s.signInDemo(t)
	logins := map[string]string{"cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo": aws.ToString(auth.AuthenticationResult.IdToken)}
	ci := cognitoidentity.NewFromConfig(anon)
	id, err := ci.GetId(t.Context(), &cognitoidentity.GetIdInput{IdentityPoolId: aws.String(pool), Logins: logins})
	if err != nil {
		t.Fatal(err)
	}
	oid, err := ci.GetOpenIdToken(t.Context(), &cognitoidentity.GetOpenIdTokenInput{IdentityId: id.IdentityId, Logins: logins})
	if err != nil {
		t.Fatal(err)
	}
	return demoIdentity{ci: ci, logins: logins, id: id.IdentityId, token: oid.Token}
}

func (s *stsServer) sts(c aws.CredentialsProvider) *sts.Client {
	if c == nil {
		c = aws.AnonymousCredentials{}
	}
	return sts.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: c, BaseEndpoint: aws.String(s.url), RetryMaxAttempts: 1})
}

func staticOf(c creds.Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

// The notes-app flow through STS: the demo user signs in with
// USER_PASSWORD_AUTH, trades the ID token for credentials of the
// authenticated role with AssumeRoleWithWebIdentity, and STS then knows
// those credentials as the assumed role.
func TestSTSWebIdentityFlow(t *testing.T) {
	s := newSTSServer(t)
	ctx := t.Context()
	idp := cip.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, BaseEndpoint: aws.String(s.url)})
	auth, err := idp.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: "USER_PASSWORD_AUTH", ClientId: aws.String("gatehousenotesdemoclient01"),
		AuthParameters: map[string]string{"USERNAME": "demo@example.com", "PASSWORD": "Passw0rd!"},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.sts(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:          aws.String("arn:aws:iam::123456789012:role/notes-authenticated"),
		RoleSessionName:  aws.String("notes-web"),
		WebIdentityToken: auth.AuthenticationResult.IdToken,
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Audience) != "gatehousenotesdemoclient01" || aws.ToString(out.SubjectFromWebIdentityToken) == "" {
		t.Errorf("AssumeRoleWithWebIdentity = %+v", out)
	}
	c := out.Credentials
	who, err := s.sts(credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey),
		aws.ToString(c.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(who.Arn); got != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/notes-web" {
		t.Errorf("GetCallerIdentity Arn = %s", got)
	}
	if got, want := aws.ToString(who.UserId), creds.RoleID("arn:aws:iam::123456789012:role/notes-authenticated")+":notes-web"; got != want {
		t.Errorf("UserId = %s, want %s", got, want)
	}

	// The access token is no web identity.
	_, err = s.sts(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String("arn:aws:iam::123456789012:role/notes-authenticated"), RoleSessionName: aws.String("notes-web"),
		WebIdentityToken: auth.AuthenticationResult.AccessToken,
	})
	requireAPIError(t, err, "InvalidIdentityToken", "Missing a required claim: aud")
}

func TestSTSGetCallerIdentity(t *testing.T) {
	s := newSTSServer(t)
	ctx := t.Context()
	who, err := s.sts(staticCreds()).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != "arn:aws:iam::123456789012:user/admin" || aws.ToString(who.Account) != "123456789012" ||
		aws.ToString(who.UserId) != creds.UserID("arn:aws:iam::123456789012:user/admin") {
		t.Errorf("IAM user: %s %s %s", aws.ToString(who.Arn), aws.ToString(who.UserId), aws.ToString(who.Account))
	}

	spec := creds.SessionSpec{RoleARN: "arn:aws:iam::123456789012:role/notes-authenticated", SessionName: creds.SessionNameCognito,
		IdentityID: "us-east-1:5b3c1c2e-6f4a-4d6e-8a0b-2c1d3e4f5a6b", IdentityPoolID: "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b",
		AuthType: creds.AuthTypeAuthenticated}
	valid, err := s.minter.Mint(spec)
	if err != nil {
		t.Fatal(err)
	}
	who, err = s.sts(staticOf(valid)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" {
		t.Errorf("temporary credentials: %s", aws.ToString(who.Arn))
	}

	s.offset.Store(int64(-2 * time.Hour))
	expired, err := s.minter.Mint(spec)
	s.offset.Store(0)
	if err != nil {
		t.Fatal(err)
	}
	tampered := valid
	tampered.SessionToken = valid.SessionToken[:len(valid.SessionToken)-8] + strings.Repeat("A", 4) + valid.SessionToken[len(valid.SessionToken)-4:]
	unknown := valid
	unknown.AccessKeyID = "ASIAAAAAAAAAAAAAAAAA"
	for _, tt := range []struct {
		name          string
		c             aws.CredentialsProvider
		code, message string
	}{
		{"expired", staticOf(expired), "ExpiredToken", "The security token included in the request is expired"},
		{"tampered", staticOf(tampered), "InvalidClientTokenId", "The security token included in the request is invalid"},
		{"another key id", staticOf(unknown), "InvalidClientTokenId", "The security token included in the request is invalid"},
		{"unsigned", nil, "MissingAuthenticationToken", "Request is missing Authentication Token"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.sts(tt.c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			requireAPIError(t, err, tt.code, tt.message)
		})
	}
}

// The basic (classic) flow: GetId and GetOpenIdToken with the demo user's
// ID token, then AssumeRoleWithWebIdentity with the OpenID token; and the
// enhanced flow's credentials (GetCredentialsForIdentity), which STS knows
// as CognitoIdentityCredentials of the authenticated role.
func TestSTSIdentityPoolFlows(t *testing.T) {
	s := newSTSServer(t)
	ctx := t.Context()
	const pool = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
	demo := s.identityOfDemo(t, pool)
	out, err := s.sts(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String("arn:aws:iam::123456789012:role/notes-authenticated"), RoleSessionName: aws.String("classic"),
		WebIdentityToken: demo.token,
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Provider) != "cognito-identity.amazonaws.com" || aws.ToString(out.Audience) != pool ||
		aws.ToString(out.SubjectFromWebIdentityToken) != aws.ToString(demo.id) {
		t.Errorf("AssumeRoleWithWebIdentity = %+v", out)
	}
	session, err := s.minter.Open(aws.ToString(out.Credentials.SessionToken))
	if err != nil {
		t.Fatal(err)
	}
	if session.IdentityID != aws.ToString(demo.id) || session.IdentityPoolID != pool || session.AuthType != creds.AuthTypeAuthenticated ||
		session.Provider != "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo" || session.Sub == "" {
		t.Errorf("classic flow session = %+v", session)
	}
	c := out.Credentials
	who, err := s.sts(credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey),
		aws.ToString(c.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/classic" {
		t.Errorf("classic flow caller = %s", aws.ToString(who.Arn))
	}

	enhanced, err := demo.ci.GetCredentialsForIdentity(ctx, &cognitoidentity.GetCredentialsForIdentityInput{IdentityId: demo.id, Logins: demo.logins})
	if err != nil {
		t.Fatal(err)
	}
	ec := enhanced.Credentials
	who, err = s.sts(credentials.NewStaticCredentialsProvider(aws.ToString(ec.AccessKeyId), aws.ToString(ec.SecretKey),
		aws.ToString(ec.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" {
		t.Errorf("enhanced flow caller = %s", aws.ToString(who.Arn))
	}
}

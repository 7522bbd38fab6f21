package identitypool_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// stsClient returns an STS client of the server signing with the given
// credentials (unsigned when nil).
func (e *env) stsClient(c aws.CredentialsProvider) *sts.Client {
	if c == nil {
		c = aws.AnonymousCredentials{}
	}
	return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.ts.URL), Credentials: c, RetryMaxAttempts: 1})
}

// The credentials of both flows are those of the role's session: STS's
// GetCallerIdentity answers the assumed-role ARN. The basic flow is
// GetOpenIdToken, then AssumeRoleWithWebIdentity with the token.
func TestCredentialsWithSTS(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	logins := e.logins(demoUser)
	id := e.mustGetID(demoPool, logins)

	out, err := e.credentialsFor(id, logins, "")
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	who, err := e.stsClient(credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId),
		aws.ToString(c.SecretKey), aws.ToString(c.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity with the enhanced flow's credentials: %v", err)
	}
	if aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" ||
		aws.ToString(who.Account) != "123456789012" {
		t.Fatalf("GetCallerIdentity = %s, %s", aws.ToString(who.Arn), aws.ToString(who.Account))
	}

	token, err := e.ident.GetOpenIdToken(ctx, openIDInput(id, logins))
	if err != nil {
		t.Fatal(err)
	}
	assumed, err := e.stsClient(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(roleAuth), RoleSessionName: aws.String("web-session"), WebIdentityToken: token.Token})
	if err != nil {
		t.Fatalf("AssumeRoleWithWebIdentity with GetOpenIdToken's token: %v", err)
	}
	if aws.ToString(assumed.SubjectFromWebIdentityToken) != id || aws.ToString(assumed.Audience) != demoPool {
		t.Errorf("AssumeRoleWithWebIdentity: subject %v, audience %v", assumed.SubjectFromWebIdentityToken, assumed.Audience)
	}
	ac := assumed.Credentials
	who, err = e.stsClient(credentials.NewStaticCredentialsProvider(aws.ToString(ac.AccessKeyId),
		aws.ToString(ac.SecretAccessKey), aws.ToString(ac.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/web-session" {
		t.Fatalf("GetCallerIdentity with the basic flow's credentials: %v, %v", who, err)
	}
	s, err := e.minter.Open(aws.ToString(ac.SessionToken))
	if err != nil || s.IdentityID != id || s.IdentityPoolID != demoPool || s.AuthType != "authenticated" ||
		s.Provider != provider || s.Sub != gatehousetest.JWTClaims(t, logins[provider])["sub"] {
		t.Fatalf("basic flow session = %+v, %v", s, err)
	}
}

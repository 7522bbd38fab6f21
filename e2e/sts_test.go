package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// STS with Debian's AWS CLI and boto3: get-caller-identity signed with the
// demo admin's keys and with temporary credentials (AWS_SESSION_TOKEN)
// that assume-role-with-web-identity traded for the demo user's ID token.

const demoAuthenticatedRole = "arn:aws:iam::123456789012:role/notes-authenticated"

type callerIdentity struct {
	UserId, Account, Arn string
}

// webIdentityCredentials is the output of assume-role-with-web-identity.
type webIdentityCredentials struct {
	Credentials struct {
		AccessKeyId, SecretAccessKey, SessionToken, Expiration string
	}
	SubjectFromWebIdentityToken string
	AssumedRoleUser             struct{ Arn, AssumedRoleId string }
	Provider, Audience          string
}

// env is the environment of a CLI signing with these credentials.
func (c webIdentityCredentials) env() map[string]string {
	return map[string]string{
		"AWS_ACCESS_KEY_ID":     c.Credentials.AccessKeyId,
		"AWS_SECRET_ACCESS_KEY": c.Credentials.SecretAccessKey,
		"AWS_SESSION_TOKEN":     c.Credentials.SessionToken,
	}
}

func TestAWSCLIGetCallerIdentity(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")

	var admin callerIdentity
	awsJSON(t, g, adminEnv, &admin, "sts", "get-caller-identity")
	if admin.Arn != "arn:aws:iam::123456789012:user/admin" || admin.Account != "123456789012" ||
		!regexp.MustCompile(`^AIDA[A-Z0-9]{17}$`).MatchString(admin.UserId) {
		t.Errorf("get-caller-identity as the admin = %+v", admin)
	}

	var signIn initiateAuthOutput
	awsJSON(t, g, nil, &signIn, "cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "USER_PASSWORD_AUTH", "--client-id", demoClientID,
		"--auth-parameters", "USERNAME="+demoUser+",PASSWORD="+demoPassword)
	idToken := signIn.AuthenticationResult.IdToken
	var assumed webIdentityCredentials
	awsJSON(t, g, nil, &assumed, "sts", "assume-role-with-web-identity", "--role-arn", demoAuthenticatedRole,
		"--role-session-name", "cli-session", "--web-identity-token", idToken, "--duration-seconds", "900")
	c := assumed.Credentials
	if !regexp.MustCompile(`^ASIA[A-Z0-9]{16}$`).MatchString(c.AccessKeyId) || len(c.SecretAccessKey) != 40 || c.SessionToken == "" ||
		c.Expiration == "" || assumed.Audience != demoClientID || assumed.SubjectFromWebIdentityToken != gatehousetest.JWTClaims(t, idToken)["sub"] ||
		assumed.AssumedRoleUser.Arn != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/cli-session" ||
		!strings.HasSuffix(assumed.AssumedRoleUser.AssumedRoleId, ":cli-session") {
		t.Fatalf("assume-role-with-web-identity = %+v", assumed)
	}

	var role callerIdentity
	awsJSON(t, g, assumed.env(), &role, "sts", "get-caller-identity")
	if role.Arn != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/cli-session" ||
		role.UserId != assumed.AssumedRoleUser.AssumedRoleId || role.Account != "123456789012" {
		t.Errorf("get-caller-identity with temporary credentials = %+v", role)
	}

	tampered := assumed.env()
	tok := tampered["AWS_SESSION_TOKEN"]
	tampered["AWS_SESSION_TOKEN"] = tok[:20] + flip(tok[20]) + tok[21:]
	noToken := assumed.env()
	delete(noToken, "AWS_SESSION_TOKEN")
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		code    string
		message string
	}{
		{"unsigned", nil, []string{"--no-sign-request"}, "MissingAuthenticationToken", "Request is missing Authentication Token"},
		{"unknown keys", nil, nil, "InvalidClientTokenId", "The security token included in the request is invalid"},
		{"tampered session token", tampered, nil, "InvalidClientTokenId", "The security token included in the request is invalid"},
		{"temporary key without its token", noToken, nil, "InvalidClientTokenId", "The security token included in the request is invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantAWSError(t, runAWS(t, g, tc.env, append([]string{"sts", "get-caller-identity"}, tc.args...)...),
				tc.code, "GetCallerIdentity", tc.message)
		})
	}
	wantAWSError(t, runAWS(t, g, nil, "sts", "assume-role-with-web-identity", "--role-arn", "arn:aws:iam::123456789012:role/nobody",
		"--role-session-name", "cli-session", "--web-identity-token", idToken),
		"AccessDenied", "AssumeRoleWithWebIdentity", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	wantAWSError(t, runAWS(t, g, nil, "sts", "assume-role-with-web-identity", "--role-arn", demoAuthenticatedRole,
		"--role-session-name", "cli-session", "--web-identity-token", idToken, "--duration-seconds", "7200"),
		"ValidationError", "AssumeRoleWithWebIdentity", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
}

// flip returns another character of the base64 alphabet than c.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

func TestBoto3STS(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	vars := demoVars(t)
	vars["IAM_ACCESS_KEY_ID"], vars["IAM_SECRET_ACCESS_KEY"] = demoAdminKeyID, demoAdminSecret
	vars["ROLE_ARN"] = demoAuthenticatedRole
	runPython(t, g, "test_sts", vars)
}

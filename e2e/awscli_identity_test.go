package e2e

import (
	"encoding/json"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// Identity pools with Debian's AWS CLI: get-id and
// get-credentials-for-identity unsigned, as AWS's public operations are,
// then sts get-caller-identity with the credentials.

type credentialsForIdentity struct {
	IdentityId  string
	Credentials struct {
		AccessKeyId, SecretKey, SessionToken string
		// Expiration is as the CLI prints it: it parses the epoch seconds
		// of the wire.
		Expiration string
	}
}

func TestAWSCLICognitoIdentity(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	var signIn initiateAuthOutput
	awsJSON(t, g, nil, &signIn, "cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "USER_PASSWORD_AUTH", "--client-id", demoClientID,
		"--auth-parameters", "USERNAME="+demoUser+",PASSWORD="+demoPassword)
	logins, err := json.Marshal(map[string]string{"cognito-idp.us-east-1.amazonaws.com/" + demoPoolID: signIn.AuthenticationResult.IdToken})
	if err != nil {
		t.Fatal(err)
	}

	var id struct{ IdentityId string }
	awsJSON(t, g, nil, &id, "cognito-identity", "get-id", "--no-sign-request",
		"--identity-pool-id", demoIdentityPoolID, "--logins", string(logins))
	if !regexp.MustCompile(`^us-east-1:[0-9a-f-]{36}$`).MatchString(id.IdentityId) {
		t.Fatalf("get-id: IdentityId %q", id.IdentityId)
	}
	var again struct{ IdentityId string }
	awsJSON(t, g, nil, &again, "cognito-identity", "get-id", "--no-sign-request",
		"--identity-pool-id", demoIdentityPoolID, "--logins", string(logins))
	if again.IdentityId != id.IdentityId {
		t.Fatalf("get-id again: %q, want %q", again.IdentityId, id.IdentityId)
	}

	var out credentialsForIdentity
	before := time.Now()
	awsJSON(t, g, nil, &out, "cognito-identity", "get-credentials-for-identity", "--no-sign-request",
		"--identity-id", id.IdentityId, "--logins", string(logins))
	c := out.Credentials
	if out.IdentityId != id.IdentityId || !regexp.MustCompile(`^ASIA[A-Z0-9]{16}$`).MatchString(c.AccessKeyId) ||
		len(c.SecretKey) != 40 || c.SessionToken == "" {
		t.Fatalf("get-credentials-for-identity = %+v", out)
	}
	expires, err := time.Parse(time.RFC3339, c.Expiration)
	if err != nil {
		t.Fatalf("Expiration %q: %v", c.Expiration, err)
	}
	if left := expires.Sub(before); left < 59*time.Minute || left > 61*time.Minute {
		t.Errorf("Expiration %s is %s away, want about 1h", c.Expiration, left)
	}

	var who callerIdentity
	awsJSON(t, g, map[string]string{"AWS_ACCESS_KEY_ID": c.AccessKeyId, "AWS_SECRET_ACCESS_KEY": c.SecretKey,
		"AWS_SESSION_TOKEN": c.SessionToken}, &who, "sts", "get-caller-identity")
	if who.Arn != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials" ||
		who.Account != "123456789012" {
		t.Errorf("get-caller-identity with the identity's credentials = %+v", who)
	}

	// AWS's errors, as the CLI reports them.
	wantAWSError(t, runAWS(t, g, nil, "cognito-identity", "get-id", "--no-sign-request",
		"--identity-pool-id", demoIdentityPoolID), "NotAuthorizedException", "GetId",
		"Unauthenticated access is not supported for this identity pool.")
	unknown := "us-east-1:99999999-9999-4999-8999-999999999999"
	wantAWSError(t, runAWS(t, g, nil, "cognito-identity", "get-id", "--no-sign-request",
		"--identity-pool-id", unknown, "--logins", string(logins)), "ResourceNotFoundException", "GetId",
		"IdentityPool '"+unknown+"' not found.")
	wantAWSError(t, runAWS(t, g, nil, "cognito-identity", "get-credentials-for-identity", "--no-sign-request",
		"--identity-id", id.IdentityId), "NotAuthorizedException", "GetCredentialsForIdentity",
		"Access to Identity '"+id.IdentityId+"' is forbidden.")
	wrongKey, _ := json.Marshal(map[string]string{"cognito-idp.us-east-1.amazonaws.com/us-east-1_Elsewhere": signIn.AuthenticationResult.IdToken})
	wantAWSError(t, runAWS(t, g, nil, "cognito-identity", "get-credentials-for-identity", "--no-sign-request",
		"--identity-id", id.IdentityId, "--logins", string(wrongKey)), "NotAuthorizedException", "GetCredentialsForIdentity",
		"Invalid login token. Issuer doesn't match providerName")

	// The demo admin describes the pool and lists its identities.
	var pool struct {
		IdentityPoolId, IdentityPoolName string
		AllowUnauthenticatedIdentities   bool
	}
	awsJSON(t, g, adminEnv, &pool, "cognito-identity", "describe-identity-pool", "--identity-pool-id", demoIdentityPoolID)
	if pool.IdentityPoolId != demoIdentityPoolID || pool.IdentityPoolName != "notes_identity" || pool.AllowUnauthenticatedIdentities {
		t.Errorf("describe-identity-pool = %+v", pool)
	}
	var list struct{ Identities []struct{ IdentityId string } }
	awsJSON(t, g, adminEnv, &list, "cognito-identity", "list-identities", "--identity-pool-id", demoIdentityPoolID,
		"--max-results", strconv.Itoa(60))
	if len(list.Identities) != 1 || list.Identities[0].IdentityId != id.IdentityId {
		t.Errorf("list-identities = %+v", list)
	}
}

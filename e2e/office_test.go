package e2e

import "testing"

// testdata/office.yaml: a pool of usernames, with a client that has a
// secret and an SRP-only client.
const (
	officeConfig       = "office.yaml"
	officePoolID       = "us-east-1_E2EOffice"
	officeIssuer       = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_E2EOffice"
	officeSecretClient = "e2eofficesecretclient00001"
	officeSecret       = "e2eofficeclientsecret0123456789abcdefghijklmnopqr"
	officeSRPClient    = "e2eofficesrponlyclient0001"
	officeUser         = "alice"
	officePassword     = "Wonderland1!"
)

func officeVars(clientID string) map[string]string {
	return map[string]string{
		"USER_POOL_ID":    officePoolID,
		"CLIENT_ID":       clientID,
		"ISSUER":          officeIssuer,
		"USERNAME":        officeUser,
		"PASSWORD":        officePassword,
		"USER_ATTRIBUTES": `{"email":"alice@example.com","email_verified":"true"}`,
		"USER_GROUPS":     `["staff"]`,
	}
}

func TestNodeUsernamePool(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, officeConfig)
	runNode(t, g, "username_pool.test.mjs", officeVars(officeSRPClient))
}

func TestBoto3SecretHash(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, officeConfig)
	vars := officeVars(officeSecretClient)
	vars["CLIENT_SECRET"] = officeSecret
	runPython(t, g, "test_secret_hash", vars)
}

package e2e

import "testing"

// boto3's cognito-identity client (e2e/python/test_cognito_identity.py).

func TestBoto3CognitoIdentity(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runPython(t, g, "test_cognito_identity", identityVars(t))
}

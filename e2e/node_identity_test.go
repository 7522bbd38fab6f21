package e2e

import "testing"

// Identity pools with aws-sdk v2's CognitoIdentityCredentials and v3's
// fromCognitoIdentityPool (e2e/node/cognito_identity.test.mjs).

// demoIdentityPoolID is the identity pool of the built-in demo.
const demoIdentityPoolID = "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b"

// identityVars is the environment of the identity pool test files: the
// demo user, the demo's identity pool and its authenticated role.
func identityVars(t *testing.T) map[string]string {
	t.Helper()
	vars := demoVars(t)
	vars["IDENTITY_POOL_ID"] = demoIdentityPoolID
	vars["ROLE_ARN"] = demoAuthenticatedRole
	vars["AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE"] = "1"
	return vars
}

func TestNodeCognitoIdentity(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "cognito_identity.test.mjs", identityVars(t))
}

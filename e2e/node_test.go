package e2e

import "testing"

// amazon-cognito-identity-js (e2e/node), each file against a server of its
// own.

func TestNodeSRPSignIn(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "srp_sign_in.test.mjs", demoVars(t))
}

func TestNodePasswordAuth(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "password_auth.test.mjs", demoVars(t))
}

func TestNodeWrongPassword(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "wrong_password.test.mjs", demoVars(t))
}

func TestNodeJWKS(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "jwks.test.mjs", demoVars(t))
}

package e2e

import "testing"

// amazon-cognito-identity-js signing a new user up in the built-in demo,
// with the codes read from its outbox, through to globalSignOut.
func TestNodeSelfService(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "self_service.test.mjs", map[string]string{
		"USER_POOL_ID": demoPoolID,
		"CLIENT_ID":    demoClientID,
		"ISSUER":       demoIssuer,
		"USERNAME":     "new.reader@example.com",
		"PASSWORD":     "Fresh-Passw0rd",
	})
}

package e2e

import "testing"

// boto3 on Debian's python3 (e2e/python).

func TestBoto3UserPasswordAuth(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runPython(t, g, "test_user_password_auth", demoVars(t))
}

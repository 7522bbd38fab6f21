package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// aws-amplify v6 on Node.js (e2e/node/amplify*.test.mjs), configured with
// userPoolEndpoint and identityPoolEndpoint as an app built with the
// React/Amplify guides would be: sign-in with SRP, the session's tokens and
// identity pool credentials, user attributes, the notes API through
// Amplify's REST API category, sign-out, and the CORS answers a browser
// needs.

// runAmplify runs an Amplify test file against g, once npm ci has installed
// aws-amplify.
func runAmplify(t *testing.T, g *gatehouse, file string, vars map[string]string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join("node", "node_modules", "aws-amplify", "package.json")); err != nil {
		t.Fatalf("e2e/node/node_modules lacks aws-amplify: run ./scripts/test (it runs npm ci): %v", err)
	}
	runNode(t, g, file, vars)
}

// The demo user through the whole flow: signIn, getCurrentUser,
// fetchAuthSession (and a forced refresh), fetchUserAttributes, the notes
// API's AWS_IAM and COGNITO_USER_POOLS routes, signOut and
// signOut({global: true}), a wrong password.
func TestNodeAmplify(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runAmplify(t, g, "amplify.test.mjs", identityVars(t))
}

// A user created by AdminCreateUser signs in with its temporary password:
// CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED, then confirmSignIn.
func TestNodeAmplifyNewPasswordRequired(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	const email, temporary = "amplify.invited@example.com", "Temp-Passw0rd"
	awsJSON(t, g, adminEnv, nil, "cognito-idp", "admin-create-user", "--user-pool-id", demoPoolID,
		"--username", email, "--user-attributes", "Name=name,Value=Invited Reader",
		"--temporary-password", temporary, "--message-action", "SUPPRESS")
	vars := identityVars(t)
	vars["USERNAME"], vars["PASSWORD"], vars["NEW_PASSWORD"] = email, temporary, "Chosen-Passw0rd"
	vars["USER_ATTRIBUTES"] = "{}"
	runAmplify(t, g, "amplify_new_password.test.mjs", vars)
}

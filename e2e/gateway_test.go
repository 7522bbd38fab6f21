package e2e

import "testing"

// The demo's notes API through the gateway with real HTTP clients, signed
// with identity pool credentials: aws-api-gateway-client, aws4 + axios and
// fetch on Node.js (e2e/node/gateway.test.mjs), and botocore's SigV4Auth +
// requests on Python (e2e/python/test_gateway.py).

func TestNodeGateway(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "gateway.test.mjs", identityVars(t))
}

func TestBoto3Gateway(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runPython(t, g, "test_gateway", identityVars(t))
}

// TestNodeNotesAppGuide runs the notes-app guide's chain as one flow:
// amazon-cognito-identity-js SRP sign-in, aws-sdk v2
// CognitoIdentityCredentials, aws-api-gateway-client.
func TestNodeNotesAppGuide(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	runNode(t, g, "notes_app_guide.test.mjs", identityVars(t))
}

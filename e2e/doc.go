// Package e2e holds the real-client compatibility tests: they build the
// gatehouse binary, start `gatehouse serve` on a free loopback port, and drive
// it over real HTTP with the clients people use against AWS, pointed at
// Gatehouse by their endpoint setting alone:
//
//   - on Node.js (node/, run with `node --test`): amazon-cognito-identity-js,
//     aws-amplify v6, aws-sdk v2, the v3 credential providers and STS client,
//     aws-api-gateway-client, aws4 with axios;
//   - Debian's AWS CLI (/usr/bin/aws);
//   - boto3 on Debian's Python (/usr/bin/python3, python/, run with unittest);
//   - the gatehouse CLI itself (login, token, creds as the AWS CLI's
//     credential_process, invoke), and the commands of its start-up banner;
//   - the browser app (web/) in Debian's Chromium (/usr/bin/chromium), driven
//     headless by chromedp;
//   - three gatehouse nodes on one PostgreSQL (GATEHOUSE_TEST_POSTGRES).
//
// The tests run only with GATEHOUSE_E2E=1, which ./scripts/test sets after
// installing the clients; there a missing client is a failure, not a skip.
//
// Once ./scripts/test has installed the clients, one test runs alone with
//
//	GATEHOUSE_E2E=1 go test ./e2e -run TestNodeJWKS -v
//
// To add a flow: write a Node or Python test file that reads the endpoint and
// ids from the environment (see runNode and runPython), or call runAWS, from
// a Go test that starts its own server with startGatehouse.
package e2e

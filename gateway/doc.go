// Package gateway serves the REST APIs of the configuration the way Amazon
// API Gateway does, at the URLs the server routes to it (path style
// /restapis/{apiId}/{stage}/_user_request_/{path} and host style
// {apiId}.execute-api.localhost/{stage}/{path}).
//
// A request goes through, in API Gateway's order:
//
//   - routing (routes.go): one resource tree per API, compiled at start,
//     with literal segments, {param} and a final greedy {proxy+}, method
//     ANY, the most specific resource first; an unknown route answers 403
//     MissingAuthenticationTokenException;
//   - CORS (cors.go): with an API's cors: set, OPTIONS preflights are
//     answered without authorization and every response of the API,
//     errors included, carries the Access-Control-* headers;
//   - the stage throttle (throttle.go), a token bucket per API and stage;
//   - the route's authorization (authiam.go, authcognito.go): AWS_IAM
//     (SigV4 with the IAM users' keys and sealed temporary credentials,
//     then the principal's IAM policies for execute-api:Invoke on the
//     method ARN), COGNITO_USER_POOLS (RS256 tokens of the authorizer's
//     user pools), or NONE;
//   - API keys and usage plans (apikeys.go): x-api-key, the plan's rate,
//     burst and quota;
//   - the integration (integration.go), which gets a Call describing the
//     request: mock and mock_echo here; lambda, in-process Functions or the Lambda
//     invoke protocol over HTTP as the Runtime Interface Emulator serves it
//     (integration_lambda.go, integration_rie.go, proxy_response.go); and
//     http_proxy through httputil.ReverseProxy with request_parameters
//     (integration_http.go, request_parameters.go), both over one tuned
//     transport (transport.go).
//
// Every refusal is one entry of the error table (errors.go), rendered with
// its status, x-amzn-ErrorType and API Gateway's exact body. Responses
// carry x-amzn-RequestId (set by the server) and x-amz-apigw-id.
//
// The hot path reads no store: credentials are opened from the session
// token, policies are compiled once per user and role, and verified
// Cognito tokens are cached. Throttle buckets (rate and burst) are counted
// in memory on each node: with several nodes each enforces the configured
// rates on its own share of the traffic. Usage-plan quotas are the one
// exception to a store-free path: each request of a key with a quota
// counts in the store (one Store.Update), so that the nodes share one
// count; while the store fails, the node counts alone and logs it.
package gateway

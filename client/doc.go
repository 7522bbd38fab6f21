// Package client is the client half of the "API Gateway + Cognito + IAM
// auth" flow, for Go programs: sign in to a user pool with SRP (Login,
// Refresh), trade the ID token for temporary credentials of an identity
// pool (CredentialsProvider), sign requests with SigV4 (SigningTransport)
// and call an API (Invoke).
//
// The same code works against Gatehouse and against AWS: with
// Config.Endpoint set, every service is reached at that one base URL;
// with it empty, at AWS's regional endpoints.
//
// The package imports only sigv4, internal/srp and aws-sdk-go-v2.
package client

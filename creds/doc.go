// Package creds owns AWS credentials as Gatehouse sees them: the long-term
// access keys of the IAM users in the configuration, the principals they
// stand for, and the Lookup that sigv4.Verify uses to find a request's
// secret and principal. Temporary credentials sealed into session tokens
// (identity pools, STS) join the same Lookup.
package creds

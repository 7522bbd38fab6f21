package creds

import "github.com/gatehouse-dev/gatehouse/policy"

// PrincipalType says what kind of AWS identity signed a request.
type PrincipalType string

// Principal types, in IAM's words.
const (
	IAMUser     PrincipalType = "IAMUser"
	AssumedRole PrincipalType = "AssumedRole"
)

// Principal is the identity behind an access key: what the gateway puts in
// the request context and what IAM policies are evaluated for.
type Principal struct {
	Type        PrincipalType
	ARN         string // arn:aws:iam::{acct}:user/{name}
	AccountID   string
	Name        string // the IAM user name
	AccessKeyID string
	Policies    []policy.Document
}

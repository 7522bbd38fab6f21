// Package config owns Gatehouse's YAML configuration: its schema (the types
// in config.go, named in AWS's words), loading, ${ENV} expansion, defaults
// and validation.
//
// Parse is strict. Unknown fields, duplicate keys and values of the wrong
// type are errors; every problem is reported, not just the first, each with
// the path of the offending field:
//
//	apis[0].routes[3].auth: must be one of AWS_IAM, COGNITO_USER_POOLS, NONE
//	iam_users[0].secret_access_key: environment variable ADMIN_SECRET is not set
//
// String values may refer to environment variables as ${NAME} (see env.go);
// policy documents are the exception, since ${...} is IAM's own policy
// variable syntax there. Omitted fields take Cognito's, IAM's or API
// Gateway's defaults (see defaults.go).
//
// The built-in demo, which "gatehouse serve" runs without --config, is
// embedded from demo.yaml and returned by Demo.
package config

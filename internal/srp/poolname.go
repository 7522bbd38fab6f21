package srp

import "strings"

// PoolName returns the pool name that Cognito's SRP hashes for a user pool
// id: "us-east-1_AbC123" → "AbC123". Like getUserPoolName in
// amazon-cognito-identity-js (UserPoolId.split('_')[1]) it is the text
// between the first and the second underscore; an id without underscore
// gives "".
func PoolName(userPoolID string) string {
	_, rest, ok := strings.Cut(userPoolID, "_")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "_")
	return name
}

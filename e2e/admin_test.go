package e2e

import (
	"testing"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// The administrative operations with Debian's AWS CLI, signed with the keys
// of the demo's IAM user, and the temporary password of AdminCreateUser
// with amazon-cognito-identity-js.

// The demo's IAM user.
const (
	demoAdminKeyID  = "AKIAIOSFODNN7EXAMPLE"
	demoAdminSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// adminEnv is the environment of an AWS CLI signing as the demo admin.
var adminEnv = map[string]string{
	"AWS_ACCESS_KEY_ID":     demoAdminKeyID,
	"AWS_SECRET_ACCESS_KEY": demoAdminSecret,
}

// userType is the User of admin-create-user and the Users of list-users.
type userType struct {
	Username   string
	Attributes []struct{ Name, Value string }
	UserStatus string
	Enabled    bool
	// Dates are numbers on the wire; the CLI prints them as ISO 8601.
	UserCreateDate string
}

func (u userType) attribute(name string) string {
	for _, a := range u.Attributes {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// admin-create-user, admin-set-user-password --permanent, list-users
// --filter, then initiate-auth as the new user.
func TestAWSCLIAdministration(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	const email, password = "cli.admin@example.com", "Cli-Passw0rd"

	var created struct{ User userType }
	awsJSON(t, g, adminEnv, &created, "cognito-idp", "admin-create-user", "--user-pool-id", demoPoolID,
		"--username", email, "--user-attributes", "Name=email_verified,Value=true", "Name=name,Value=CLI User",
		"--temporary-password", "Temp-Passw0rd", "--message-action", "SUPPRESS")
	u := created.User
	if u.UserStatus != "FORCE_CHANGE_PASSWORD" || !u.Enabled || u.attribute("email") != email ||
		u.Username != u.attribute("sub") || u.UserCreateDate == "" {
		t.Fatalf("admin-create-user User = %+v", u)
	}
	wantAWSError(t, runAWS(t, g, adminEnv, "cognito-idp", "admin-create-user", "--user-pool-id", demoPoolID,
		"--username", email, "--message-action", "SUPPRESS"),
		"UsernameExistsException", "AdminCreateUser", "An account with the given email already exists.")

	awsJSON(t, g, adminEnv, nil, "cognito-idp", "admin-set-user-password", "--user-pool-id", demoPoolID,
		"--username", email, "--password", password, "--permanent")

	var listed struct{ Users []userType }
	awsJSON(t, g, adminEnv, &listed, "cognito-idp", "list-users", "--user-pool-id", demoPoolID,
		"--filter", `email = "`+email+`"`)
	if len(listed.Users) != 1 || listed.Users[0].Username != u.Username || listed.Users[0].UserStatus != "CONFIRMED" {
		t.Fatalf("list-users --filter = %+v", listed.Users)
	}
	awsJSON(t, g, adminEnv, &listed, "cognito-idp", "list-users", "--user-pool-id", demoPoolID,
		"--filter", `email ^= "cli."`, "--attributes-to-get", "name")
	if len(listed.Users) != 1 || len(listed.Users[0].Attributes) != 1 || listed.Users[0].attribute("name") != "CLI User" {
		t.Fatalf("list-users prefix filter = %+v", listed.Users)
	}
	wantAWSError(t, runAWS(t, g, adminEnv, "cognito-idp", "list-users", "--user-pool-id", demoPoolID,
		"--filter", `custom:team = "x"`), "InvalidParameterException", "ListUsers", "Invalid search attribute: custom:team")

	var signIn initiateAuthOutput
	awsJSON(t, g, nil, &signIn, "cognito-idp", "initiate-auth", "--no-sign-request",
		"--auth-flow", "USER_PASSWORD_AUTH", "--client-id", demoClientID,
		"--auth-parameters", authParameters(t, map[string]string{"USERNAME": email, "PASSWORD": password}))
	if signIn.AuthenticationResult == nil {
		t.Fatalf("initiate-auth as the new user answered %+v", signIn)
	}
	wantClaims(t, "ID", gatehousetest.JWTClaims(t, signIn.AuthenticationResult.IdToken), map[string]any{
		"email": email, "name": "CLI User", "cognito:username": u.Username, "aud": demoClientID,
	})

	// Without the admin's keys: unsigned, and signed with unknown keys.
	wantAWSError(t, runAWS(t, g, nil, "cognito-idp", "admin-get-user", "--user-pool-id", demoPoolID,
		"--username", email, "--no-sign-request"),
		"MissingAuthenticationTokenException", "AdminGetUser", "Missing Authentication Token")
	wantAWSError(t, runAWS(t, g, nil, "cognito-idp", "admin-get-user", "--user-pool-id", demoPoolID, "--username", email),
		"UnrecognizedClientException", "AdminGetUser", "The security token included in the request is invalid.")

	awsJSON(t, g, adminEnv, nil, "cognito-idp", "admin-delete-user", "--user-pool-id", demoPoolID, "--username", email)
	wantAWSError(t, runAWS(t, g, adminEnv, "cognito-idp", "admin-get-user", "--user-pool-id", demoPoolID, "--username", email),
		"UserNotFoundException", "AdminGetUser", "User does not exist.")
}

// amazon-cognito-identity-js signs in with the temporary password of
// AdminCreateUser: newPasswordRequired, completeNewPasswordChallenge, then
// tokens (and the new password works on its own).
func TestNodeNewPasswordRequired(t *testing.T) {
	t.Parallel()
	g := startGatehouse(t, "")
	const email, temporary = "node.invited@example.com", "Temp-Passw0rd"
	awsJSON(t, g, adminEnv, nil, "cognito-idp", "admin-create-user", "--user-pool-id", demoPoolID,
		"--username", email, "--user-attributes", "Name=name,Value=Invited Reader",
		"--temporary-password", temporary, "--message-action", "SUPPRESS")
	vars := demoVars(t)
	vars["USERNAME"], vars["PASSWORD"], vars["NEW_PASSWORD"] = email, temporary, "Chosen-Passw0rd"
	runNode(t, g, "new_password_required.test.mjs", vars)
}

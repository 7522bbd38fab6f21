package identitypool_test

import (
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// Role mappings choose the role of an authenticated identity from its ID
// token: Token (cognito:preferred_role, cognito:roles, CustomRoleArn among
// them) and Rules (first matching rule), with AmbiguousRoleResolution.
func TestRoleMappings(t *testing.T) {
	e := newEnv(t)
	const (
		forbidden = "NotAuthorizedException"
		denied    = "The ambiguous role mapping rules for: " + provider + ":" + client + " denied this request."
	)
	tests := []struct {
		name, pool, user, custom string
		role                     string // or:
		code, message            string
	}{
		// Token: admin is in admins (precedence 1) and editors (2).
		{"token: preferred role", tokenDenyPool, adminUser, "", roleAdmin, "", ""},
		{"token: CustomRoleArn among the roles", tokenDenyPool, adminUser, roleEditor, roleEditor, "", ""},
		{"token: CustomRoleArn not among the roles", tokenDenyPool, adminUser, roleBlue, "",
			forbidden, "Access to Role '" + roleBlue + "' is forbidden."},
		{"token: the only role", tokenDenyPool, editorUser, "", roleEditor, "", ""},
		{"token: two roles, no preference, Deny", tokenDenyPool, twoRoles, "", "", forbidden, denied},
		{"token: two roles, CustomRoleArn", tokenDenyPool, twoRoles, roleGreen, roleGreen, "", ""},
		{"token: no roles, Deny", tokenDenyPool, demoUser, "", "", forbidden, denied},
		{"token: no roles, AuthenticatedRole", tokenAuthPool, demoUser, "", roleAuth, "", ""},
		{"token: two roles, AuthenticatedRole", tokenAuthPool, twoRoles, "", roleAuth, "", ""},
		// Rules: custom:team Equals blue → blue; email StartsWith admin →
		// admin; cognito:groups Contains edit → editor.
		{"rules: first match", rulesAuthPool, adminUser, "", roleBlue, "", ""},
		{"rules: CustomRoleArn of a later match", rulesAuthPool, adminUser, roleAdmin, roleAdmin, "", ""},
		{"rules: CustomRoleArn of no match", rulesAuthPool, adminUser, roleGreen, "",
			forbidden, "Access to Role '" + roleGreen + "' is forbidden."},
		{"rules: a group claim", rulesAuthPool, editorUser, "", roleEditor, "", ""},
		{"rules: no match, AuthenticatedRole", rulesAuthPool, demoUser, "", roleAuth, "", ""},
		{"rules: NotEqual", rulesDenyPool, editorUser, "", roleGreen, "", ""},
		{"rules: no match, Deny", rulesDenyPool, demoUser, "", "", forbidden, denied},
		// Without a role mapping: the authenticated role, which is the only
		// CustomRoleArn allowed.
		{"default role", demoPool, adminUser, "", roleAuth, "", ""},
		{"default role named", demoPool, adminUser, roleAuth, roleAuth, "", ""},
		{"default role, another CustomRoleArn", demoPool, adminUser, roleAdmin, "",
			forbidden, "Access to Role '" + roleAdmin + "' is forbidden."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logins := e.logins(tt.user)
			id := e.mustGetID(tt.pool, logins)
			out, err := e.credentialsFor(id, logins, tt.custom)
			if tt.code != "" {
				gatehousetest.RequireAPIError(t, err, tt.code, tt.message)
				return
			}
			if err != nil {
				t.Fatalf("GetCredentialsForIdentity: %v", err)
			}
			if s := e.session(out); s.RoleARN != tt.role {
				t.Fatalf("role = %s, want %s", s.RoleARN, tt.role)
			}
		})
	}

	// The lifetime is one hour, as on AWS, even when the chosen role's
	// max_session is longer.
	logins := e.logins(adminUser)
	out, err := e.credentialsFor(e.mustGetID(tokenDenyPool, logins), logins, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := e.clock.Now().Add(time.Hour); !out.Credentials.Expiration.Equal(want) {
		t.Errorf("Expiration = %v, want %v (one hour; notes-admin's max_session is 2h)", out.Credentials.Expiration, want)
	}
}

// A CustomRoleArn for an unauthenticated identity must be the pool's
// unauthenticated role.
func TestUnauthenticatedCustomRole(t *testing.T) {
	e := newEnv(t)
	id := e.mustGetID(guestPool, nil)
	if out, err := e.credentialsFor(id, nil, roleUnauth); err != nil || e.session(out).RoleARN != roleUnauth {
		t.Fatalf("CustomRoleArn the unauthenticated role: %v", err)
	}
	_, err := e.credentialsFor(id, nil, roleAuth)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Access to Role '"+roleAuth+"' is forbidden.")
}

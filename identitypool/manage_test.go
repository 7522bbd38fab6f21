package identitypool_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// An identity pool created through the API (signed with the admin's keys)
// is described, listed, given roles and role mappings, serves identities
// and credentials, is updated and deleted with its identities.
func TestManageIdentityPools(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	created, err := e.admin.CreateIdentityPool(ctx, &ci.CreateIdentityPoolInput{
		IdentityPoolName:               aws.String("api pool"),
		AllowUnauthenticatedIdentities: true,
		AllowClassicFlow:               aws.Bool(false),
		CognitoIdentityProviders: []types.CognitoIdentityProvider{
			{ProviderName: aws.String(provider), ClientId: aws.String(client), ServerSideTokenCheck: aws.Bool(false)},
		},
		IdentityPoolTags: map[string]string{"team": "notes"},
	})
	if err != nil {
		t.Fatalf("CreateIdentityPool: %v", err)
	}
	poolID := aws.ToString(created.IdentityPoolId)
	if !identityIDPattern.MatchString(poolID) || aws.ToString(created.IdentityPoolName) != "api pool" ||
		!created.AllowUnauthenticatedIdentities || aws.ToBool(created.AllowClassicFlow) ||
		len(created.CognitoIdentityProviders) != 1 || created.IdentityPoolTags["team"] != "notes" {
		t.Fatalf("CreateIdentityPool = %+v", created)
	}

	desc, err := e.admin.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(poolID)})
	if err != nil || aws.ToString(desc.IdentityPoolName) != "api pool" ||
		aws.ToString(desc.CognitoIdentityProviders[0].ProviderName) != provider {
		t.Fatalf("DescribeIdentityPool = %+v, %v", desc, err)
	}

	// Without roles, the pool's identities get no credentials.
	guest := e.mustGetID(poolID, nil)
	_, err = e.credentialsFor(guest, nil, "")
	gatehousetest.RequireAPIError(t, err, "InvalidIdentityPoolConfigurationException",
		"Invalid identity pool configuration. Check assigned IAM roles for this pool.")
	// The classic flow is off.
	_, err = e.ident.GetOpenIdToken(ctx, openIDInput(guest, nil))
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Basic (classic) flow is not enabled, please use enhanced flow.")

	_, err = e.admin.SetIdentityPoolRoles(ctx, &ci.SetIdentityPoolRolesInput{
		IdentityPoolId: aws.String(poolID),
		Roles:          map[string]string{"authenticated": roleAuth, "unauthenticated": roleUnauth},
		RoleMappings: map[string]types.RoleMapping{provider + ":" + client: {
			Type:                    types.RoleMappingTypeRules,
			AmbiguousRoleResolution: types.AmbiguousRoleResolutionTypeAuthenticatedRole,
			RulesConfiguration: &types.RulesConfigurationType{Rules: []types.MappingRule{
				{Claim: aws.String("email"), MatchType: types.MappingRuleMatchTypeEquals, Value: aws.String(editorUser), RoleARN: aws.String(roleEditor)},
			}},
		}},
	})
	if err != nil {
		t.Fatalf("SetIdentityPoolRoles: %v", err)
	}
	roles, err := e.admin.GetIdentityPoolRoles(ctx, &ci.GetIdentityPoolRolesInput{IdentityPoolId: aws.String(poolID)})
	if err != nil || roles.Roles["authenticated"] != roleAuth || roles.Roles["unauthenticated"] != roleUnauth ||
		roles.RoleMappings[provider+":"+client].Type != types.RoleMappingTypeRules ||
		aws.ToString(roles.RoleMappings[provider+":"+client].RulesConfiguration.Rules[0].RoleARN) != roleEditor {
		t.Fatalf("GetIdentityPoolRoles = %+v, %v", roles, err)
	}
	if out, err := e.credentialsFor(guest, nil, ""); err != nil || e.session(out).RoleARN != roleUnauth ||
		e.session(out).IdentityPoolID != poolID {
		t.Fatalf("unauthenticated credentials: %v", err)
	}
	logins := e.logins(editorUser)
	editor := e.mustGetID(poolID, logins)
	if out, err := e.credentialsFor(editor, logins, ""); err != nil || e.session(out).RoleARN != roleEditor {
		t.Fatalf("editor's credentials: %v", err)
	}
	demoLogins := e.logins(demoUser)
	if out, err := e.credentialsFor(e.mustGetID(poolID, demoLogins), demoLogins, ""); err != nil || e.session(out).RoleARN != roleAuth {
		t.Fatalf("demo's credentials: %v", err)
	}

	// Update: replace the settings; roles stay.
	updated, err := e.admin.UpdateIdentityPool(ctx, &ci.UpdateIdentityPoolInput{
		IdentityPoolId: aws.String(poolID), IdentityPoolName: aws.String("renamed"),
		AllowUnauthenticatedIdentities: false,
		CognitoIdentityProviders: []types.CognitoIdentityProvider{
			{ProviderName: aws.String(provider), ClientId: aws.String(client)},
		},
	})
	if err != nil || aws.ToString(updated.IdentityPoolName) != "renamed" || updated.AllowUnauthenticatedIdentities {
		t.Fatalf("UpdateIdentityPool = %+v, %v", updated, err)
	}
	_, err = e.credentialsFor(guest, nil, "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
	if out, err := e.credentialsFor(editor, logins, ""); err != nil || e.session(out).RoleARN != roleEditor {
		t.Fatalf("editor's credentials after the update: %v", err)
	}

	// Listing: the configuration's pools, then the API's, in pages.
	var listed []string
	var token *string
	for {
		page, err := e.admin.ListIdentityPools(ctx, &ci.ListIdentityPoolsInput{MaxResults: aws.Int32(4), NextToken: token})
		if err != nil {
			t.Fatalf("ListIdentityPools: %v", err)
		}
		for _, p := range page.IdentityPools {
			listed = append(listed, aws.ToString(p.IdentityPoolId))
		}
		if token = page.NextToken; token == nil {
			break
		}
	}
	want := []string{demoPool, guestPool, tokenDenyPool, tokenAuthPool, rulesAuthPool, rulesDenyPool, poolID}
	if len(listed) != len(want) {
		t.Fatalf("ListIdentityPools = %v, want %v", listed, want)
	}
	for i := range want {
		if listed[i] != want[i] {
			t.Fatalf("ListIdentityPools = %v, want %v", listed, want)
		}
	}

	// Delete: the pool and its identities go.
	if _, err := e.admin.DeleteIdentityPool(ctx, &ci.DeleteIdentityPoolInput{IdentityPoolId: aws.String(poolID)}); err != nil {
		t.Fatalf("DeleteIdentityPool: %v", err)
	}
	_, err = e.admin.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(poolID)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "IdentityPool '"+poolID+"' not found.")
	_, err = e.credentialsFor(editor, logins, "")
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Identity '"+editor+"' not found.")
	_, err = e.admin.DeleteIdentityPool(ctx, &ci.DeleteIdentityPoolInput{IdentityPoolId: aws.String(poolID)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "IdentityPool '"+poolID+"' not found.")
}

// The pools of the configuration can be described but not changed; roles
// must be declared in the configuration; role mappings must fit the pool.
func TestManageErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	desc, err := e.admin.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(demoPool)})
	if err != nil || aws.ToString(desc.IdentityPoolName) != "notes_identity" || desc.AllowUnauthenticatedIdentities ||
		!aws.ToBool(desc.AllowClassicFlow) || aws.ToString(desc.CognitoIdentityProviders[0].ClientId) != client {
		t.Fatalf("DescribeIdentityPool of the configuration = %+v, %v", desc, err)
	}
	roles, err := e.admin.GetIdentityPoolRoles(ctx, &ci.GetIdentityPoolRolesInput{IdentityPoolId: aws.String(rulesAuthPool)})
	if err != nil || roles.Roles["authenticated"] != roleAuth || len(roles.RoleMappings[provider+":"+client].RulesConfiguration.Rules) != 3 {
		t.Fatalf("GetIdentityPoolRoles of the configuration = %+v, %v", roles, err)
	}
	readOnly := "IdentityPool '" + demoPool + "' is defined in the Gatehouse configuration and cannot be changed through the API."
	_, err = e.admin.DeleteIdentityPool(ctx, &ci.DeleteIdentityPoolInput{IdentityPoolId: aws.String(demoPool)})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", readOnly)
	_, err = e.admin.UpdateIdentityPool(ctx, &ci.UpdateIdentityPoolInput{IdentityPoolId: aws.String(demoPool),
		IdentityPoolName: aws.String("x")})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", readOnly)
	_, err = e.admin.SetIdentityPoolRoles(ctx, &ci.SetIdentityPoolRolesInput{IdentityPoolId: aws.String(demoPool),
		Roles: map[string]string{"authenticated": roleAuth}})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", readOnly)
	_, err = e.admin.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(unknownPool)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "IdentityPool '"+unknownPool+"' not found.")

	created, err := e.admin.CreateIdentityPool(ctx, &ci.CreateIdentityPoolInput{
		IdentityPoolName: aws.String("p"), AllowUnauthenticatedIdentities: false,
		CognitoIdentityProviders: []types.CognitoIdentityProvider{{ProviderName: aws.String(provider), ClientId: aws.String(client)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	poolID := created.IdentityPoolId
	key := provider + ":" + client
	tests := []struct {
		name          string
		in            *ci.SetIdentityPoolRolesInput
		code, message string
	}{
		{"undeclared role", &ci.SetIdentityPoolRolesInput{Roles: map[string]string{"authenticated": "arn:aws:iam::123456789012:role/nope"}},
			"NotAuthorizedException", "Access to Role 'arn:aws:iam::123456789012:role/nope' is forbidden."},
		{"unknown key", &ci.SetIdentityPoolRolesInput{Roles: map[string]string{"admin": roleAuth}},
			"InvalidParameterException", "Invalid role key: admin. Valid keys are authenticated and unauthenticated."},
		{"mapping of another provider", &ci.SetIdentityPoolRolesInput{Roles: map[string]string{},
			RoleMappings: map[string]types.RoleMapping{otherProvider + ":" + otherPoolApp: {Type: types.RoleMappingTypeToken,
				AmbiguousRoleResolution: types.AmbiguousRoleResolutionTypeDeny}}},
			"InvalidParameterException", "Invalid role mapping for " + otherProvider + ":" + otherPoolApp +
				": the key must be {providerName}:{clientId} of a provider of the identity pool"},
		{"no resolution", &ci.SetIdentityPoolRolesInput{Roles: map[string]string{},
			RoleMappings: map[string]types.RoleMapping{key: {Type: types.RoleMappingTypeToken}}},
			"InvalidParameterException", "Invalid role mapping for " + key + ": AmbiguousRoleResolution must be AuthenticatedRole or Deny"},
		{"rules without rules", &ci.SetIdentityPoolRolesInput{Roles: map[string]string{},
			RoleMappings: map[string]types.RoleMapping{key: {Type: types.RoleMappingTypeRules, AmbiguousRoleResolution: types.AmbiguousRoleResolutionTypeDeny}}},
			"InvalidParameterException", "Invalid role mapping for " + key + ": RulesConfiguration must have at least one rule when Type is Rules"},
		{"rule of an undeclared role", &ci.SetIdentityPoolRolesInput{Roles: map[string]string{},
			RoleMappings: map[string]types.RoleMapping{key: {Type: types.RoleMappingTypeRules, AmbiguousRoleResolution: types.AmbiguousRoleResolutionTypeDeny,
				RulesConfiguration: &types.RulesConfigurationType{Rules: []types.MappingRule{{Claim: aws.String("email"),
					MatchType: types.MappingRuleMatchTypeEquals, Value: aws.String("x"), RoleARN: aws.String("arn:aws:iam::123456789012:role/nope")}}}}}},
			"NotAuthorizedException", "Access to Role 'arn:aws:iam::123456789012:role/nope' is forbidden."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.IdentityPoolId = poolID
			_, err := e.admin.SetIdentityPoolRoles(ctx, tt.in)
			gatehousetest.RequireAPIError(t, err, tt.code, tt.message)
		})
	}

	_, err = e.admin.CreateIdentityPool(ctx, &ci.CreateIdentityPoolInput{
		IdentityPoolName: aws.String("p"), AllowUnauthenticatedIdentities: false,
		CognitoIdentityProviders: []types.CognitoIdentityProvider{{ProviderName: aws.String("accounts.google.com"), ClientId: aws.String("x")}},
	})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Invalid provider name: accounts.google.com")
	_, err = e.admin.CreateIdentityPool(ctx, &ci.CreateIdentityPoolInput{
		IdentityPoolName: aws.String("bad/name"), AllowUnauthenticatedIdentities: false,
	})
	gatehousetest.RequireAPIError(t, err, "ValidationException", `1 validation error detected: Value 'bad/name' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+`)
}

// Pools are changed only with an IAM user's signature; listing and
// describing work unsigned, and verify a signature when there is one.
func TestManageSignatures(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := &ci.CreateIdentityPoolInput{IdentityPoolName: aws.String("p"), AllowUnauthenticatedIdentities: true}
	_, err := e.ident.CreateIdentityPool(ctx, in)
	gatehousetest.RequireAPIError(t, err, "MissingAuthenticationTokenException", "Missing Authentication Token")

	signedAs := func(akid, secret string) *ci.Client {
		return ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.ts.URL),
			Credentials: credentials.NewStaticCredentialsProvider(akid, secret, ""), RetryMaxAttempts: 1})
	}
	_, err = signedAs("AKIAUNKNOWNKEY000000", adminSecretKey).CreateIdentityPool(ctx, in)
	gatehousetest.RequireAPIError(t, err, "UnrecognizedClientException", "The security token included in the request is invalid.")
	badSecret := signedAs(adminAccessKey, "wrong")
	_, err = badSecret.CreateIdentityPool(ctx, in)
	gatehousetest.RequireAPIError(t, err, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. "+
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	_, err = badSecret.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(demoPool)})
	gatehousetest.RequireAPIError(t, err, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. "+
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")

	// Reading pools and identities needs developer credentials, as on AWS.
	_, err = e.ident.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(demoPool)})
	gatehousetest.RequireAPIError(t, err, "MissingAuthenticationTokenException", "Missing Authentication Token")
	_, err = e.ident.ListIdentityPools(ctx, &ci.ListIdentityPoolsInput{MaxResults: aws.Int32(60)})
	gatehousetest.RequireAPIError(t, err, "MissingAuthenticationTokenException", "Missing Authentication Token")
	_, err = e.ident.DeleteIdentities(ctx, &ci.DeleteIdentitiesInput{IdentityIdsToDelete: []string{"us-east-1:00000000-0000-4000-8000-000000000000"}})
	gatehousetest.RequireAPIError(t, err, "MissingAuthenticationTokenException", "Missing Authentication Token")
	if _, err := e.admin.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(demoPool)}); err != nil {
		t.Errorf("signed DescribeIdentityPool: %v", err)
	}
	if _, err := e.admin.ListIdentityPools(ctx, &ci.ListIdentityPoolsInput{MaxResults: aws.Int32(60)}); err != nil {
		t.Errorf("signed ListIdentityPools: %v", err)
	}
}

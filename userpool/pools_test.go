package userpool_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/store"
)

var (
	poolIDRE       = regexp.MustCompile(`^us-east-1_[A-Za-z0-9]{9}$`)
	clientIDRE     = regexp.MustCompile(`^[a-z0-9]{26}$`)
	clientSecretRE = regexp.MustCompile(`^[a-z0-9]{51}$`)
)

// A pool and a client with a secret created through the API work for
// sign-in like those of the configuration; the secret is returned by
// Create and Describe only, and stored encrypted.
func TestUserPoolAndClientThroughTheAPI(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	created, err := e.adm.CreateUserPool(ctx, &cip.CreateUserPoolInput{
		PoolName: aws.String("api pool"),
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{
			MinimumLength: aws.Int32(12), RequireLowercase: true, RequireNumbers: true, TemporaryPasswordValidityDays: 3,
		}},
		UsernameAttributes:     []types.UsernameAttributeType{types.UsernameAttributeTypeEmail},
		AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail},
		MfaConfiguration:       types.UserPoolMfaTypeOff,
		Schema:                 []types.SchemaAttributeType{{Name: aws.String("tier"), AttributeDataType: types.AttributeDataTypeString}},
		UserPoolTags:           map[string]string{"team": "auth"},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := created.UserPool
	poolID := aws.ToString(p.Id)
	pp := p.Policies.PasswordPolicy
	if !poolIDRE.MatchString(poolID) || aws.ToString(p.Arn) != "arn:aws:cognito-idp:us-east-1:123456789012:userpool/"+poolID ||
		aws.ToString(p.Name) != "api pool" || aws.ToInt32(pp.MinimumLength) != 12 || !pp.RequireLowercase || pp.RequireUppercase ||
		pp.TemporaryPasswordValidityDays != 3 || !slices.Equal(p.UsernameAttributes, []types.UsernameAttributeType{"email"}) ||
		p.MfaConfiguration != types.UserPoolMfaTypeOff || p.UserPoolTags["team"] != "auth" || p.CreationDate == nil ||
		p.DeletionProtection != types.DeletionProtectionTypeInactive {
		t.Fatalf("UserPool = %+v", p)
	}
	if !slices.ContainsFunc(p.SchemaAttributes, func(a types.SchemaAttributeType) bool { return aws.ToString(a.Name) == "custom:tier" }) {
		t.Fatalf("SchemaAttributes lack custom:tier: %+v", p.SchemaAttributes)
	}
	desc, err := e.adm.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	if err != nil || aws.ToString(desc.UserPool.Id) != poolID || desc.UserPool.EstimatedNumberOfUsers != 0 {
		t.Fatalf("DescribeUserPool = %+v, %v", desc, err)
	}

	client, err := e.adm.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("api-server"), GenerateSecret: true,
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
		AccessTokenValidity: aws.Int32(30), IdTokenValidity: aws.Int32(2), RefreshTokenValidity: 7,
		TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes, IdToken: types.TimeUnitsTypeHours},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := client.UserPoolClient
	clientID, secret := aws.ToString(c.ClientId), aws.ToString(c.ClientSecret)
	if !clientIDRE.MatchString(clientID) || !clientSecretRE.MatchString(secret) || aws.ToString(c.UserPoolId) != poolID ||
		aws.ToString(c.ClientName) != "api-server" || aws.ToInt32(c.AccessTokenValidity) != 30 || c.RefreshTokenValidity != 7 {
		t.Fatalf("UserPoolClient = %+v", c)
	}
	dc, err := e.adm.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)})
	if err != nil || aws.ToString(dc.UserPoolClient.ClientSecret) != secret {
		t.Fatalf("DescribeUserPoolClient = %+v, %v", dc, err)
	}
	lc, err := e.adm.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(poolID)})
	if err != nil || len(lc.UserPoolClients) != 1 || aws.ToString(lc.UserPoolClients[0].ClientId) != clientID {
		t.Fatalf("ListUserPoolClients = %+v, %v", lc, err)
	}

	// A user of the new pool signs in through the new client, with
	// SECRET_HASH; the tokens carry the pool's issuer and verify with its
	// JWKS; validities are the client's.
	e.createUser(poolID, "pat@example.com", "Pat-passw0rd-long", map[string]string{"custom:tier": "gold"})
	_, err = e.passwordAuth(clientID, "pat@example.com", "Pat-passw0rd-long", nil)
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", "Client "+clientID+" is configured with secret but SECRET_HASH was not received")
	res, err := e.passwordAuth(clientID, "pat@example.com", "Pat-passw0rd-long",
		map[string]string{"SECRET_HASH": secretHash("pat@example.com", clientID, secret)})
	if err != nil {
		t.Fatal(err)
	}
	if res.AuthenticationResult.ExpiresIn != 1800 {
		t.Fatalf("ExpiresIn = %d, want 1800", res.AuthenticationResult.ExpiresIn)
	}
	_, claims := e.verifyJWT(poolID, aws.ToString(res.AuthenticationResult.IdToken))
	if claims["aud"] != clientID || claims["email"] != "pat@example.com" || claims["custom:tier"] != "gold" ||
		numeric(t, claims, "exp")-numeric(t, claims, "iat") != 7200 {
		t.Fatalf("ID token claims = %v", claims)
	}
	if _, err := e.idp.GetUser(ctx, &cip.GetUserInput{AccessToken: res.AuthenticationResult.AccessToken}); err != nil {
		t.Fatalf("GetUser with a token of the new pool: %v", err)
	}
	if _, err := e.adm.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("q@example.com"),
		UserAttributes: attributeList(map[string]string{"custom:nope": "x"})}); err == nil {
		t.Fatal("an attribute outside the pool's schema was accepted")
	}

	// The secret is not in the store in clear, in any record.
	for _, kind := range []string{"userpool-client", "userpool-pool", "userpool-user", "userpool-secret"} {
		recs, err := e.store.List(ctx, kind, store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if bytes.Contains(r.Value, []byte(secret)) {
				t.Fatalf("record %s/%s holds the client secret in clear", kind, r.ID)
			}
		}
	}
	raw, err := e.store.Get(ctx, "userpool-client", clientID)
	if err != nil || !bytes.Contains(raw, []byte(`"secret_encrypted"`)) {
		t.Fatalf("client record = %s, %v", raw, err)
	}

	// ListUserPools has both kinds of pools.
	pools, err := e.adm.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(60)})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range pools.UserPools {
		ids = append(ids, aws.ToString(p.Id))
	}
	if !slices.Contains(ids, poolID) || !slices.Contains(ids, staffPool) || !slices.Contains(ids, emailPool) || len(ids) != 3 {
		t.Fatalf("ListUserPools = %v", ids)
	}
	var paged []string
	pager := cip.NewListUserPoolsPaginator(e.adm, &cip.ListUserPoolsInput{MaxResults: aws.Int32(1)})
	for pager.HasMorePages() {
		out, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range out.UserPools {
			paged = append(paged, aws.ToString(p.Id))
		}
	}
	if !slices.Equal(paged, ids) {
		t.Fatalf("ListUserPools by one = %v, want %v", paged, ids)
	}

	// Deleting the client, then the pool: sign-in and the JWKS stop.
	if _, err := e.adm.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.passwordAuth(clientID, "pat@example.com", "Pat-passw0rd-long",
		map[string]string{"SECRET_HASH": secretHash("pat@example.com", clientID, secret)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool client "+clientID+" does not exist.")
	_, err = e.adm.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool client "+clientID+" does not exist.")
	if _, err := e.adm.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: aws.String(poolID)}); err != nil {
		t.Fatal(err)
	}
	_, err = e.adm.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool "+poolID+" does not exist.")
	_, err = e.adm.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("pat@example.com")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool "+poolID+" does not exist.")
	jwks, err := e.ts.Client().Get(e.ts.URL + "/" + poolID + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	jwks.Body.Close()
	if jwks.StatusCode != http.StatusBadRequest {
		t.Fatalf("JWKS of a deleted pool: %d", jwks.StatusCode)
	}
	if users, _ := e.store.List(ctx, "userpool-user", store.ListOptions{Prefix: poolID + "/"}); len(users) != 0 {
		t.Fatalf("%d users of the deleted pool remain", len(users))
	}
}

// The pools and clients of the configuration are described and listed but
// cannot be deleted; clients and groups can be added to them.
func TestConfigurationPoolsAreReadOnly(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	desc, err := e.adm.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(staffPool)})
	if err != nil {
		t.Fatal(err)
	}
	p := desc.UserPool
	if aws.ToString(p.Name) != "staff" || aws.ToInt32(p.Policies.PasswordPolicy.MinimumLength) != 10 || p.Policies.PasswordPolicy.RequireSymbols ||
		p.EstimatedNumberOfUsers != 1 || aws.ToString(p.Arn) != "arn:aws:cognito-idp:us-east-1:123456789012:userpool/"+staffPool {
		t.Fatalf("DescribeUserPool = %+v", p)
	}
	dc, err := e.adm.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(staffPool), ClientId: aws.String(staffClient)})
	if err != nil || aws.ToString(dc.UserPoolClient.ClientName) != "staff-admin" || aws.ToInt32(dc.UserPoolClient.AccessTokenValidity) != 60 ||
		len(dc.UserPoolClient.ExplicitAuthFlows) != 4 {
		t.Fatalf("DescribeUserPoolClient = %+v, %v", dc, err)
	}
	_, err = e.adm.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: aws.String(staffPool)})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException",
		"User pool "+staffPool+" is defined in the Gatehouse configuration and cannot be changed through the API.")
	_, err = e.adm.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(staffPool), ClientId: aws.String(staffClient)})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException",
		"User pool client "+staffClient+" is defined in the Gatehouse configuration and cannot be changed through the API.")
	_, err = e.adm.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(emailPool), ClientId: aws.String(staffClient)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool client "+staffClient+" does not exist.")
	_, err = e.adm.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: aws.String("us-east-1_Nowhere00")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Nowhere00 does not exist.")

	// A client without a secret added to a pool of the configuration.
	out, err := e.adm.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(staffPool), ClientName: aws.String("extra"),
		ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}})
	if err != nil || out.UserPoolClient.ClientSecret != nil {
		t.Fatalf("CreateUserPoolClient = %+v, %v", out, err)
	}
	if _, err := e.passwordAuth(aws.ToString(out.UserPoolClient.ClientId), "carol", staffPassword, nil); err != nil {
		t.Fatalf("sign-in through the added client: %v", err)
	}
	lc, err := e.adm.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(staffPool), MaxResults: aws.Int32(2)})
	if err != nil || len(lc.UserPoolClients) != 2 || lc.NextToken == nil {
		t.Fatalf("ListUserPoolClients page 1 = %+v, %v", lc, err)
	}
	lc, err = e.adm.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: aws.String(staffPool), MaxResults: aws.Int32(2), NextToken: lc.NextToken})
	if err != nil || len(lc.UserPoolClients) != 1 || lc.NextToken != nil {
		t.Fatalf("ListUserPoolClients page 2 = %+v, %v", lc, err)
	}
}

func TestUserPoolManagementErrors(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	requireWireError(t, e.adminPost("ListUserPools", `{}`), "InvalidParameterException",
		"1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null")
	requireWireError(t, e.adminPost("ListUserPools", `{"MaxResults":0}`), "InvalidParameterException",
		"1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")
	requireWireError(t, e.adminPost("CreateUserPool", `{"PoolName":"p","MfaConfiguration":"SOMETIMES","Policies":{"PasswordPolicy":{"MinimumLength":5}}}`),
		"InvalidParameterException", "2 validation errors detected: "+
			"Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6; "+
			"Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]")
	_, err := e.adm.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String("us-east-1_Nowhere00"), ClientName: aws.String("c")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Nowhere00 does not exist.")
	_, err = e.adm.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(staffPool), ClientName: aws.String("c"),
		AccessTokenValidity: aws.Int32(2), TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeMinutes}})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Invalid range for token validity.")

	// MFA ON or OPTIONAL needs SMS (the only factor CreateUserPool sets)
	// and phone numbers verified automatically.
	sms := &types.SmsConfigurationType{SnsCallerArn: aws.String("arn:aws:iam::123456789012:role/sns")}
	phone := []types.VerifiedAttributeType{types.VerifiedAttributeTypePhoneNumber}
	for _, in := range []*cip.CreateUserPoolInput{
		{PoolName: aws.String("mfa"), MfaConfiguration: types.UserPoolMfaTypeOn},
		{PoolName: aws.String("mfa"), MfaConfiguration: types.UserPoolMfaTypeOptional, AutoVerifiedAttributes: phone},
		{PoolName: aws.String("mfa"), MfaConfiguration: types.UserPoolMfaTypeOn, SmsConfiguration: sms,
			AutoVerifiedAttributes: []types.VerifiedAttributeType{types.VerifiedAttributeTypeEmail}},
	} {
		_, err := e.adm.CreateUserPool(ctx, in)
		gatehousetest.RequireAPIError(t, err, "InvalidParameterException",
			"SMS configuration and Auto verification for phone_number are required when MFA is required/optional")
	}
	withSMS, err := e.adm.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("mfa"),
		MfaConfiguration: types.UserPoolMfaTypeOptional, SmsConfiguration: sms, AutoVerifiedAttributes: phone})
	if err != nil {
		t.Fatalf("CreateUserPool with MFA, SMS and phone numbers verified: %v", err)
	}
	if got := withSMS.UserPool.MfaConfiguration; got != types.UserPoolMfaTypeOptional {
		t.Errorf("MfaConfiguration %q, want OPTIONAL", got)
	}
	warning := `"msg":"mfa is not enforced: sign-in asks for no second factor","user_pool":"` + aws.ToString(withSMS.UserPool.Id) + `","mfa":"OPTIONAL"`
	if n := strings.Count(e.logs.String(), `"level":"WARN",`+warning); n != 1 {
		t.Errorf("%d warnings that MFA is not enforced, want 1; logs:\n%s", n, e.logs.String())
	}
	if n := strings.Count(e.logs.String(), "mfa is not enforced"); n != 1 {
		t.Errorf("%d MFA warnings in all, want 1 (none for the refused pools)", n)
	}

	protected, err := e.adm.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("kept"), DeletionProtection: types.DeletionProtectionTypeActive})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(protected.UserPool.Id)
	_, err = e.adm.DeleteUserPool(ctx, &cip.DeleteUserPoolInput{UserPoolId: aws.String(id)})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException",
		"The user pool "+id+" cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.")
}

package server

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	citypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// TestSTSBasicFlowAPIPool: the basic flow (GetOpenIdToken, then STS
// AssumeRoleWithWebIdentity) with an identity pool created through the
// API: STS accepts its OpenID tokens for the roles the pool was given with
// SetIdentityPoolRoles, and no other.
func TestSTSBasicFlowAPIPool(t *testing.T) {
	s := newSTSServer(t)
	ctx := t.Context()
	admin := cognitoidentity.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")})
	created, err := admin.CreateIdentityPool(ctx, &cognitoidentity.CreateIdentityPoolInput{
		IdentityPoolName: aws.String("api_pool"), AllowUnauthenticatedIdentities: false,
		CognitoIdentityProviders: []citypes.CognitoIdentityProvider{{
			ProviderName: aws.String("cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"),
			ClientId:     aws.String("gatehousenotesdemoclient01"),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	const authed = "arn:aws:iam::123456789012:role/notes-authenticated"
	if _, err := admin.SetIdentityPoolRoles(ctx, &cognitoidentity.SetIdentityPoolRolesInput{
		IdentityPoolId: created.IdentityPoolId, Roles: map[string]string{"authenticated": authed},
	}); err != nil {
		t.Fatal(err)
	}
	demo := s.identityOfDemo(t, aws.ToString(created.IdentityPoolId))
	out, err := s.sts(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String(authed), RoleSessionName: aws.String("api-pool"), WebIdentityToken: demo.token,
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Audience) != aws.ToString(created.IdentityPoolId) || aws.ToString(out.SubjectFromWebIdentityToken) != aws.ToString(demo.id) {
		t.Errorf("AssumeRoleWithWebIdentity = %+v", out)
	}
	session, err := s.minter.Open(aws.ToString(out.Credentials.SessionToken))
	if err != nil {
		t.Fatal(err)
	}
	if session.IdentityPoolID != aws.ToString(created.IdentityPoolId) || session.RoleARN != authed {
		t.Errorf("session = %+v", session)
	}

	// A role the pool does not use is refused, as a role whose trust
	// policy does not name the pool is on AWS.
	_, err = s.sts(nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn:         aws.String("arn:aws:iam::123456789012:role/notes-unauthenticated"),
		RoleSessionName: aws.String("api-pool"), WebIdentityToken: demo.token,
	})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Errorf("another role: %v, want AccessDenied", err)
	}
}

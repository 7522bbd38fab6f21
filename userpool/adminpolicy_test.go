package userpool_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// The administrative operations are allowed by the caller's IAM policies:
// the auditor may list and describe, except on the staff pool, which an
// explicit Deny covers, and may not change anything.
func TestAdminIAMPolicies(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	auditor := newSignedIDPClient(e.ts, "AKIAAUDITOR000000000", "auditorauditorauditorauditorauditor00000", "us-east-1")

	if _, err := auditor.ListUserPools(ctx, &cip.ListUserPoolsInput{MaxResults: aws.Int32(10)}); err != nil {
		t.Fatalf("ListUserPools as the auditor: %v", err)
	}
	_, err := auditor.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String("us-east-1_NoSuchPool"), Username: aws.String("x")})
	gatehousetest.RequireAPIError(t, err, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "+
		"cognito-idp:AdminCreateUser on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_NoSuchPool "+
		"because no identity-based policy allows the cognito-idp:AdminCreateUser action")
	_, err = auditor.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(staffPool)})
	gatehousetest.RequireAPIError(t, err, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "+
		"cognito-idp:DescribeUserPool on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/"+staffPool+
		" with an explicit deny in an identity-based policy")
	// The admin, allowed everything, still is.
	if _, err := e.adm.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(staffPool)}); err != nil {
		t.Fatalf("DescribeUserPool as the admin: %v", err)
	}
}

package identitypool_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// The signed operations are allowed by the caller's IAM policies: the
// auditor may describe and list, except the demo pool, which an explicit
// Deny covers, and may not change anything.
func TestIAMPolicies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	auditor := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.ts.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAAUDITOR000000000", "auditorauditorauditorauditorauditor00000", "")})

	if _, err := auditor.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(guestPool)}); err != nil {
		t.Fatalf("DescribeIdentityPool as the auditor: %v", err)
	}
	_, err := auditor.DescribeIdentityPool(ctx, &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(demoPool)})
	gatehousetest.RequireAPIError(t, err, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "+
		"cognito-identity:DescribeIdentityPool on resource: arn:aws:cognito-identity:us-east-1:123456789012:identitypool/"+demoPool+
		" with an explicit deny in an identity-based policy")
	_, err = auditor.DeleteIdentities(ctx, &ci.DeleteIdentitiesInput{IdentityIdsToDelete: []string{"us-east-1:00000000-0000-4000-8000-000000000000"}})
	gatehousetest.RequireAPIError(t, err, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "+
		"cognito-identity:DeleteIdentities on resource: * because no identity-based policy allows the cognito-identity:DeleteIdentities action")
}

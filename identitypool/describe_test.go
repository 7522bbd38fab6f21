package identitypool_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// DescribeIdentity and ListIdentities report the identities of a pool, in
// pages; DeleteIdentities removes them with their logins, so that the user
// then gets a new identity.
func TestDescribeListDeleteIdentities(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	created := e.clock.Now()
	demo := e.mustGetID(guestPool, e.logins(demoUser))
	e.clock.Advance(time.Second)
	ids := map[string]bool{demo: true}
	for range 4 {
		ids[e.mustGetID(guestPool, nil)] = true
	}
	ids[e.mustGetID(guestPool, e.logins(editorUser))] = true
	e.mustGetID(demoPool, e.logins(demoUser)) // of another pool

	desc, err := e.admin.DescribeIdentity(ctx, &ci.DescribeIdentityInput{IdentityId: aws.String(demo)})
	if err != nil || aws.ToString(desc.IdentityId) != demo || len(desc.Logins) != 1 || desc.Logins[0] != provider ||
		!desc.CreationDate.Equal(created) || !desc.LastModifiedDate.Equal(created) {
		t.Fatalf("DescribeIdentity = %+v, %v", desc, err)
	}
	missing := "us-east-1:00000000-0000-4000-8000-000000000000"
	_, err = e.admin.DescribeIdentity(ctx, &ci.DescribeIdentityInput{IdentityId: aws.String(missing)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Identity '"+missing+"' not found.")

	listed := map[string]bool{}
	var token *string
	pages := 0
	for {
		page, err := e.admin.ListIdentities(ctx, &ci.ListIdentitiesInput{IdentityPoolId: aws.String(guestPool),
			MaxResults: aws.Int32(4), NextToken: token})
		if err != nil {
			t.Fatalf("ListIdentities: %v", err)
		}
		pages++
		if aws.ToString(page.IdentityPoolId) != guestPool || len(page.Identities) > 4 {
			t.Fatalf("page = %+v", page)
		}
		for _, d := range page.Identities {
			id := aws.ToString(d.IdentityId)
			if listed[id] || !ids[id] {
				t.Fatalf("ListIdentities listed %s again or from elsewhere", id)
			}
			listed[id] = true
		}
		if token = page.NextToken; token == nil {
			break
		}
	}
	if len(listed) != len(ids) || pages != 2 {
		t.Fatalf("listed %d identities in %d pages, want %d in 2", len(listed), pages, len(ids))
	}
	_, err = e.admin.ListIdentities(ctx, &ci.ListIdentitiesInput{IdentityPoolId: aws.String(guestPool),
		MaxResults: aws.Int32(4), NextToken: aws.String("bm9wZQ!")})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Invalid pagination token.")
	_, err = e.admin.ListIdentities(ctx, &ci.ListIdentitiesInput{IdentityPoolId: aws.String(guestPool), MaxResults: aws.Int32(61)})
	gatehousetest.RequireAPIError(t, err, "ValidationException",
		"1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60")
	_, err = e.admin.ListIdentities(ctx, &ci.ListIdentitiesInput{IdentityPoolId: aws.String(unknownPool), MaxResults: aws.Int32(4)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "IdentityPool '"+unknownPool+"' not found.")

	del, err := e.admin.DeleteIdentities(ctx, &ci.DeleteIdentitiesInput{IdentityIdsToDelete: []string{demo, missing}})
	if err != nil || del.UnprocessedIdentityIds == nil || len(del.UnprocessedIdentityIds) != 0 {
		t.Fatalf("DeleteIdentities = %+v, %v", del, err)
	}
	_, err = e.admin.DescribeIdentity(ctx, &ci.DescribeIdentityInput{IdentityId: aws.String(demo)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Identity '"+demo+"' not found.")
	if again := e.mustGetID(guestPool, e.logins(demoUser)); again == demo || !identityIDPattern.MatchString(again) {
		t.Fatalf("GetId after DeleteIdentities = %q, want a new identity", again)
	}
}

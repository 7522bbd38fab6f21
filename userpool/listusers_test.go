package userpool_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
	"github.com/gatehouse-dev/gatehouse/userpool"
)

// ListUsers pages through more than 60 users with the opaque
// PaginationToken, and filters with = and ^= on Cognito's searchable
// attributes.
func TestListUsers(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	const n = 130
	for i := range n {
		attrs := map[string]string{"email": fmt.Sprintf("user%03d@example.com", i), "given_name": "Given" + fmt.Sprint(i%3)}
		if i%10 == 0 {
			attrs["family_name"] = "Tenth"
		}
		u := userpool.NewUser{Username: fmt.Sprintf("user%03d", i), Password: "Some-Passw0rd", Attributes: attrs}
		if i == 7 {
			u.Status, u.Disabled = userpool.StatusForceChangePassword, true
		}
		if _, err := e.admin.CreateUser(ctx, staffPool, u); err != nil {
			t.Fatal(err)
		}
	}
	list := func(in cip.ListUsersInput) []types.UserType {
		t.Helper()
		in.UserPoolId = aws.String(staffPool)
		var all []types.UserType
		pages := 0
		p := cip.NewListUsersPaginator(e.adm, &in)
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("ListUsers %s: %v", aws.ToString(in.Filter), err)
			}
			if len(out.Users) > int(aws.ToInt32(in.Limit)) && in.Limit != nil || len(out.Users) > 60 {
				t.Fatalf("page of %d users", len(out.Users))
			}
			all = append(all, out.Users...)
			pages++
		}
		return all
	}
	names := func(users []types.UserType) []string {
		var out []string
		for _, u := range users {
			out = append(out, aws.ToString(u.Username))
		}
		return out
	}

	all := list(cip.ListUsersInput{})
	if len(all) != n+1 || !slices.IsSorted(names(all)) || len(slices.Compact(names(all))) != n+1 {
		t.Fatalf("ListUsers returned %d users, want %d distinct", len(all), n+1)
	}
	first, err := e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(staffPool)})
	if err != nil || len(first.Users) != 60 || first.PaginationToken == nil {
		t.Fatalf("first page: %d users, token %v, %v", len(first.Users), first.PaginationToken, err)
	}
	small := list(cip.ListUsersInput{Limit: aws.Int32(7)})
	if len(small) != n+1 {
		t.Fatalf("pages of 7: %d users", len(small))
	}

	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{`email = "user042@example.com"`, []string{"user042"}},
		{`email="user042@example.com"`, []string{"user042"}},
		{`username = "user099"`, []string{"user099"}},
		{`username = "USER099"`, nil},
		{`username ^= "user12"`, []string{"user120", "user121", "user122", "user123", "user124", "user125", "user126", "user127", "user128", "user129"}},
		{`family_name = "Tenth"`, []string{"user000", "user010", "user020", "user030", "user040", "user050", "user060", "user070", "user080", "user090", "user100", "user110", "user120"}},
		{`status = "Disabled"`, []string{"user007"}},
		{`cognito:user_status = "force_change_password"`, []string{"user007"}},
		{`name ^= "Car"`, []string{"carol"}},
		{`phone_number ^= "+1"`, nil},
		{`email = "quote\"d"`, nil},
	} {
		got := names(list(cip.ListUsersInput{Filter: aws.String(tc.filter)}))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Filter %s = %v, want %v", tc.filter, got, tc.want)
		}
	}
	if got := list(cip.ListUsersInput{Filter: aws.String(`given_name = "Given1"`), Limit: aws.Int32(5)}); len(got) != 43 {
		t.Errorf("given_name = Given1 in pages of 5: %d users, want 43", len(got))
	}
	if got := list(cip.ListUsersInput{Filter: aws.String(`status = "Enabled"`)}); len(got) != n {
		t.Errorf("status = Enabled: %d users, want %d", len(got), n)
	}
	sub := attributeMap(all[0].Attributes)["sub"]
	if got := names(list(cip.ListUsersInput{Filter: aws.String(`sub = "` + sub + `"`)})); !slices.Equal(got, names(all[:1])) {
		t.Errorf("sub filter = %v", got)
	}

	// AttributesToGet keeps only the attributes named.
	out, err := e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(staffPool), Filter: aws.String(`username = "carol"`),
		AttributesToGet: []string{"email"}})
	if err != nil || len(out.Users) != 1 || len(out.Users[0].Attributes) != 1 || aws.ToString(out.Users[0].Attributes[0].Name) != "email" {
		t.Fatalf("AttributesToGet: %+v, %v", out, err)
	}
	if u := out.Users[0]; u.UserStatus != types.UserStatusTypeConfirmed || !u.Enabled || u.UserCreateDate == nil {
		t.Fatalf("UserType = %+v", u)
	}
}

func TestListUsersErrors(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	for filter, message := range map[string]string{
		`email = user@example.com`:   "Error while parsing filter.",
		`email == "x"`:               "Error while parsing filter.",
		`email = "x`:                 "Error while parsing filter.",
		`email = "x" and name = "y"`: "Error while parsing filter.",
		`= "x"`:                      "Error while parsing filter.",
		`email ~ "x"`:                "Error while parsing filter.",
		`custom:team = "blue"`:       "Invalid search attribute: custom:team",
		`email_verified = "true"`:    "Invalid search attribute: email_verified",
		`Email = "x"`:                "Invalid search attribute: Email",
	} {
		_, err := e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(staffPool), Filter: aws.String(filter)})
		gatehousetest.RequireAPIError(t, err, "InvalidParameterException", message)
	}
	_, err := e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(staffPool), PaginationToken: aws.String("bm90LWEtdG9rZW4")})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Invalid pagination token.")
	_, err = e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String("us-east-1_Nowhere00")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Nowhere00 does not exist.")
	requireWireError(t, e.adminPost("ListUsers", `{"UserPoolId":"us-east-1_StaffPool","Limit":61}`), "InvalidParameterException",
		"1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60")

	// A token of one pool does not continue a listing of another.
	first, err := e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(staffPool), Limit: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	e.createUser(staffPool, "zed", "Zed-Passw0rd", nil)
	first, err = e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(staffPool), Limit: aws.Int32(1)})
	if err != nil || first.PaginationToken == nil {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	_, err = e.adm.ListUsers(ctx, &cip.ListUsersInput{UserPoolId: aws.String(emailPool), PaginationToken: first.PaginationToken})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException", "Invalid pagination token.")
}

package userpool_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/golang-jwt/jwt/v5"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// Groups created through the API join those of the configuration; their
// members get them in their tokens with the groups' roles.
func TestGroups(t *testing.T) {
	e := newAdminEnv(t)
	ctx := context.Background()
	out, err := e.adm.CreateGroup(ctx, &cip.CreateGroupInput{
		UserPoolId: aws.String(staffPool), GroupName: aws.String("editors"), Description: aws.String("They edit."),
		RoleArn: aws.String(editorsRole), Precedence: aws.Int32(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	g := out.Group
	if aws.ToString(g.GroupName) != "editors" || aws.ToString(g.UserPoolId) != staffPool || aws.ToString(g.RoleArn) != editorsRole ||
		aws.ToInt32(g.Precedence) != 1 || aws.ToString(g.Description) != "They edit." || !g.CreationDate.Equal(e.clock.Now()) {
		t.Fatalf("Group = %+v", g)
	}
	if _, err := e.adm.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("writers")}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"editors", "readers"} {
		_, err := e.adm.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String(name)})
		gatehousetest.RequireAPIError(t, err, "GroupExistsException", "A group with the name already exists.")
	}
	got, err := e.adm.GetGroup(ctx, &cip.GetGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("readers")})
	if err != nil || aws.ToString(got.Group.RoleArn) != readersRole || aws.ToInt32(got.Group.Precedence) != 5 {
		t.Fatalf("GetGroup readers = %+v, %v", got, err)
	}
	_, err = e.adm.GetGroup(ctx, &cip.GetGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("Editors")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Group not found.")
	groupNames := func(groups []types.GroupType) []string {
		var out []string
		for _, g := range groups {
			out = append(out, aws.ToString(g.GroupName))
		}
		return out
	}
	list, err := e.adm.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: aws.String(staffPool)})
	if err != nil || !slices.Equal(groupNames(list.Groups), []string{"editors", "readers", "writers"}) || list.NextToken != nil {
		t.Fatalf("ListGroups = %+v, %v", list, err)
	}
	page, err := e.adm.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: aws.String(staffPool), Limit: aws.Int32(2)})
	if err != nil || len(page.Groups) != 2 || page.NextToken == nil {
		t.Fatalf("ListGroups page 1 = %+v, %v", page, err)
	}
	page, err = e.adm.ListGroups(ctx, &cip.ListGroupsInput{UserPoolId: aws.String(staffPool), Limit: aws.Int32(2), NextToken: page.NextToken})
	if err != nil || !slices.Equal(groupNames(page.Groups), []string{"writers"}) || page.NextToken != nil {
		t.Fatalf("ListGroups page 2 = %+v, %v", page, err)
	}

	// Membership, and the tokens that show it.
	e.createUser(staffPool, "olga", "Olga-Passw0rd", nil)
	membership := func(add bool, user, group string) error {
		var err error
		if add {
			_, err = e.adm.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: aws.String(staffPool), Username: aws.String(user), GroupName: aws.String(group)})
		} else {
			_, err = e.adm.AdminRemoveUserFromGroup(ctx, &cip.AdminRemoveUserFromGroupInput{UserPoolId: aws.String(staffPool), Username: aws.String(user), GroupName: aws.String(group)})
		}
		return err
	}
	idClaims := func(user, password string) jwt.MapClaims {
		res, err := e.adminSignIn(staffPool, staffClient, user, password)
		if err != nil {
			t.Fatal(err)
		}
		_, claims := e.verifyJWT(staffPool, aws.ToString(res.AuthenticationResult.IdToken))
		return claims
	}
	for _, group := range []string{"readers", "editors", "writers", "editors"} {
		if err := membership(true, "olga", group); err != nil {
			t.Fatalf("AdminAddUserToGroup %s: %v", group, err)
		}
	}
	claims := idClaims("olga", "Olga-Passw0rd")
	if !equalJSON(claims["cognito:groups"], []string{"readers", "editors", "writers"}) ||
		!equalJSON(claims["cognito:roles"], []string{readersRole, editorsRole}) || claims["cognito:preferred_role"] != editorsRole {
		t.Fatalf("ID token group claims = %v %v %v", claims["cognito:groups"], claims["cognito:roles"], claims["cognito:preferred_role"])
	}
	forUser, err := e.adm.AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("olga")})
	if err != nil || !slices.Equal(groupNames(forUser.Groups), []string{"editors", "readers", "writers"}) {
		t.Fatalf("AdminListGroupsForUser = %+v, %v", forUser, err)
	}
	inGroup, err := e.adm.ListUsersInGroup(ctx, &cip.ListUsersInGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("readers")})
	if err != nil || len(inGroup.Users) != 2 {
		t.Fatalf("ListUsersInGroup readers = %+v, %v", inGroup, err)
	}

	if err := membership(false, "olga", "editors"); err != nil {
		t.Fatal(err)
	}
	claims = idClaims("olga", "Olga-Passw0rd")
	if !equalJSON(claims["cognito:groups"], []string{"readers", "writers"}) || claims["cognito:preferred_role"] != readersRole {
		t.Fatalf("claims after leaving editors = %v", claims)
	}
	if _, err := e.adm.DeleteGroup(ctx, &cip.DeleteGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("writers")}); err != nil {
		t.Fatal(err)
	}
	forUser, err = e.adm.AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("olga")})
	if err != nil || !slices.Equal(groupNames(forUser.Groups), []string{"readers"}) {
		t.Fatalf("AdminListGroupsForUser after DeleteGroup = %+v, %v", forUser, err)
	}
	if _, err := e.adm.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("writers")}); err != nil {
		t.Fatal(err)
	}
	if claims := idClaims("olga", "Olga-Passw0rd"); !equalJSON(claims["cognito:groups"], []string{"readers"}) {
		t.Fatalf("a group created again does not bring its old members back: %v", claims["cognito:groups"])
	}

	gatehousetest.RequireAPIError(t, membership(true, "olga", "nobody"), "ResourceNotFoundException", "Group not found.")
	gatehousetest.RequireAPIError(t, membership(true, "nobody", "readers"), "UserNotFoundException", "User does not exist.")
	gatehousetest.RequireAPIError(t, membership(false, "olga", "nobody"), "ResourceNotFoundException", "Group not found.")
	_, err = e.adm.DeleteGroup(ctx, &cip.DeleteGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("readers")})
	gatehousetest.RequireAPIError(t, err, "InvalidParameterException",
		"Group readers is defined in the Gatehouse configuration and cannot be changed through the API.")
	_, err = e.adm.DeleteGroup(ctx, &cip.DeleteGroupInput{UserPoolId: aws.String(staffPool), GroupName: aws.String("nobody")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Group not found.")
	_, err = e.adm.AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("nobody")})
	gatehousetest.RequireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = e.adm.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: aws.String("us-east-1_Nowhere00"), GroupName: aws.String("x")})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Nowhere00 does not exist.")
}

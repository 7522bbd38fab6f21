package userpool_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// startNodes starts n servers of the administration configuration on one
// data directory, each with its own key ring and caches, sharing the store
// and one clock: the nodes of a deployment.
func startNodes(t *testing.T, n int) []*adminEnv {
	t.Helper()
	cfg := gatehousetest.ParseConfig(t, adminConfigYAML)
	c, dir := gatehousetest.NewClock(), t.TempDir()
	var nodes []*adminEnv
	for range n {
		s := gatehousetest.Start(t, gatehousetest.Options{Config: cfg, Now: c.Now,
			MasterKey: bytes.Repeat([]byte{5}, 32), DataDir: dir})
		e := &env{t: t, clock: c, store: s.Store, ring: s.Ring, ts: s.Server, idp: newIDPClient(s.Server), config: cfg}
		nodes = append(nodes, &adminEnv{env: e, adm: newSignedIDPClient(s.Server, adminKeyID, adminSecret, "us-east-1")})
	}
	return nodes
}

func (e *env) signInCarol(t *testing.T) *types.AuthenticationResultType {
	t.Helper()
	out, err := e.passwordAuth(staffClient, "carol", staffPassword, nil)
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	return out.AuthenticationResult
}

// What ends a session on one node ends it on every node at once, although
// each node caches the signature checks of the access tokens it saw:
// GlobalSignOut, RevokeToken and AdminDisableUser are in the user's record
// or the refresh token's, which every request reads from the store.
func TestSessionsEndOnEveryNode(t *testing.T) {
	nodes := startNodes(t, 2)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()

	// GlobalSignOut on a.
	s1 := b.signInCarol(t)
	if err := b.getUser(s1.AccessToken); err != nil {
		t.Fatal(err)
	}
	if err := a.getUser(s1.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := a.idp.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: s1.AccessToken}); err != nil {
		t.Fatal(err)
	}
	gatehousetest.RequireAPIError(t, b.getUser(s1.AccessToken), notAuthorized, "Access Token has been revoked")
	_, err := b.refresh(staffClient, *s1.RefreshToken, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has been revoked")

	// RevokeToken on b.
	a.clock.Advance(time.Second)
	s2 := a.signInCarol(t)
	if err := a.getUser(s2.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := b.idp.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: aws.String(staffClient), Token: s2.RefreshToken}); err != nil {
		t.Fatal(err)
	}
	_, err = a.refresh(staffClient, *s2.RefreshToken, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "Refresh Token has been revoked")
	gatehousetest.RequireAPIError(t, a.getUser(s2.AccessToken), notAuthorized, "Access Token has been revoked")

	// AdminDisableUser on a.
	s3 := b.signInCarol(t)
	if err := b.getUser(s3.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, err := a.adm.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}
	// Disabling ends the user's sessions, as GlobalSignOut does.
	gatehousetest.RequireAPIError(t, b.getUser(s3.AccessToken), notAuthorized, "Access Token has been revoked")
	_, err = b.passwordAuth(staffClient, "carol", staffPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, "User is disabled.")
	if _, err := b.adm.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: aws.String(staffPool), Username: aws.String("carol")}); err != nil {
		t.Fatal(err)
	}

	// A password set on b is the password on a at once.
	if _, err := b.adm.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(staffPool),
		Username: aws.String("carol"), Password: aws.String("Other-Passw0rd"), Permanent: true}); err != nil {
		t.Fatal(err)
	}
	_, err = a.passwordAuth(staffClient, "carol", staffPassword, nil)
	gatehousetest.RequireAPIError(t, err, notAuthorized, incorrect)
	if _, err := a.passwordAuth(staffClient, "carol", "Other-Passw0rd", nil); err != nil {
		t.Fatalf("the new password on the other node: %v", err)
	}
}

// Each step of a sign-in may reach another node: the SRP challenge's state
// travels sealed in SECRET_BLOCK, and every node's ring opens it.
func TestSRPStepsOnDifferentNodes(t *testing.T) {
	nodes := startNodes(t, 2)
	a, b := nodes[0], nodes[1]
	ch, err := a.startSRP(staffClient, staffPool, "carol", nil)
	if err != nil {
		t.Fatal(err)
	}
	ch.e = b.env
	out, err := ch.respond(ch.responses(staffPassword, a.clock.Now()))
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("PASSWORD_VERIFIER answered on the other node = %+v, %v", out, err)
	}
	if err := a.getUser(out.AuthenticationResult.AccessToken); err != nil {
		t.Fatalf("the token of node b on node a: %v", err)
	}
}

// Pools and clients created through the API are cached for catalogTTL
// (5 s): a client deleted on one node is refused by another within that
// bound, and at once by the node that deleted it.
func TestDeletedClientStaleAtMostFiveSecondsOnOtherNodes(t *testing.T) {
	nodes := startNodes(t, 2)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()
	out, err := a.adm.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: aws.String(staffPool),
		ClientName: aws.String("extra"), ExplicitAuthFlows: []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth}})
	if err != nil {
		t.Fatal(err)
	}
	clientID := aws.ToString(out.UserPoolClient.ClientId)
	// b reads the new client from the store (and caches it).
	if _, err := b.passwordAuth(clientID, "carol", staffPassword, nil); err != nil {
		t.Fatalf("sign-in on b through a client created on a: %v", err)
	}
	if _, err := a.adm.DeleteUserPoolClient(ctx, &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(staffPool), ClientId: aws.String(clientID)}); err != nil {
		t.Fatal(err)
	}
	notFound := "User pool client " + clientID + " does not exist."
	_, err = a.passwordAuth(clientID, "carol", staffPassword, nil)
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", notFound)
	a.clock.Advance(5 * time.Second)
	_, err = b.passwordAuth(clientID, "carol", staffPassword, nil)
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", notFound)
}

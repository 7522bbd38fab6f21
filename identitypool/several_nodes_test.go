package identitypool_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cipTypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// startNodes starts n servers of the test configuration on one data
// directory, each with its own key ring and caches, sharing the store and
// one clock: the nodes of a deployment.
func startNodes(t *testing.T, n int) []*env {
	t.Helper()
	cfg, c, dir := testConfig(t), gatehousetest.NewClock(), t.TempDir()
	var nodes []*env
	for range n {
		s := gatehousetest.Start(t, gatehousetest.Options{Config: cfg, Now: c.Now,
			MasterKey: bytes.Repeat([]byte{7}, 32), DataDir: dir})
		hc := s.HTTPClient(16)
		nodes = append(nodes, &env{t: t, clock: c, ring: s.Ring, cfg: cfg, ts: s.Server,
			ident: s.IdentityClient(hc, nil),
			admin: s.IdentityClient(hc, credentials.NewStaticCredentialsProvider(adminAccessKey, adminSecretKey, "")),
			idp:   s.UserPoolClient(hc), minter: creds.NewMinter(cfg, s.Ring, c.Now),
			tokens: map[string]*cipTypes.AuthenticationResultType{}})
	}
	return nodes
}

// A user gets one identity whichever nodes its first GetId calls reach at
// once, and each node trades the tokens another signed.
func TestOneIdentityAcrossNodes(t *testing.T) {
	nodes := startNodes(t, 3)
	logins := nodes[0].logins(demoUser)
	ids := make([]string, 12)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() { ids[i], _ = nodes[i%3].getID(demoPool, logins) })
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] || !identityIDPattern.MatchString(id) {
			t.Fatalf("GetId on three nodes at once = %v, want one identity", ids)
		}
	}
	for _, n := range nodes[1:] {
		out, err := n.credentialsFor(ids[0], logins, "")
		if err != nil || n.session(out).IdentityID != ids[0] {
			t.Fatalf("credentials on another node: %v", err)
		}
	}
	// Credentials one node sealed, another opens.
	out, err := nodes[2].credentialsFor(ids[0], logins, "")
	if err != nil {
		t.Fatal(err)
	}
	if nodes[0].session(out).IdentityID != ids[0] {
		t.Fatal("node 0 did not open node 2's session token")
	}
}

// Identity pools created through the API are cached for 5 s: an update on
// one node holds on another within that bound; deleted identities are gone
// on every node at once.
func TestIdentityPoolChangesReachOtherNodes(t *testing.T) {
	nodes := startNodes(t, 2)
	a, b := nodes[0], nodes[1]
	ctx := context.Background()
	created, err := a.admin.CreateIdentityPool(ctx, &ci.CreateIdentityPoolInput{
		IdentityPoolName: aws.String("api pool"), AllowUnauthenticatedIdentities: true,
		CognitoIdentityProviders: []types.CognitoIdentityProvider{{ProviderName: aws.String(provider), ClientId: aws.String(client)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(created.IdentityPoolId)
	if _, err := a.admin.SetIdentityPoolRoles(ctx, &ci.SetIdentityPoolRolesInput{IdentityPoolId: aws.String(poolID),
		Roles: map[string]string{"authenticated": roleAuth, "unauthenticated": roleUnauth}}); err != nil {
		t.Fatal(err)
	}
	guest := b.mustGetID(poolID, nil)
	if _, err := b.credentialsFor(guest, nil, ""); err != nil {
		t.Fatalf("guest credentials on b: %v", err)
	}
	if _, err := a.admin.UpdateIdentityPool(ctx, &ci.UpdateIdentityPoolInput{IdentityPoolId: aws.String(poolID),
		IdentityPoolName: aws.String("api pool"), AllowUnauthenticatedIdentities: false,
		CognitoIdentityProviders: []types.CognitoIdentityProvider{{ProviderName: aws.String(provider), ClientId: aws.String(client)}},
	}); err != nil {
		t.Fatal(err)
	}
	const unauthOff = "Unauthenticated access is not supported for this identity pool."
	_, err = a.credentialsFor(guest, nil, "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", unauthOff)
	a.clock.Advance(5 * time.Second)
	_, err = b.credentialsFor(guest, nil, "")
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", unauthOff)

	logins := a.logins(demoUser)
	user := a.mustGetID(poolID, logins)
	if _, err := b.admin.DeleteIdentities(ctx, &ci.DeleteIdentitiesInput{IdentityIdsToDelete: []string{user}}); err != nil {
		t.Fatal(err)
	}
	_, err = a.admin.DescribeIdentity(ctx, &ci.DescribeIdentityInput{IdentityId: aws.String(user)})
	gatehousetest.RequireAPIError(t, err, "ResourceNotFoundException", "Identity '"+user+"' not found.")
}

package identitypool_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	ciTypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cipTypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/gatehouse-dev/gatehouse/internal/gatehousetest"
)

// checkedPool is a pool of the configuration whose provider has
// server_side_token_check.
const checkedPool = "us-east-1:66666666-6666-4666-8666-666666666666"

const checkedPoolYAML = `  - id: us-east-1:66666666-6666-4666-8666-666666666666
    name: checked
    providers:
      - {user_pool: us-east-1_NotesDemo, client_id: gatehousenotesdemoclient01, server_side_token_check: true}
    roles:
      authenticated: arn:aws:iam::123456789012:role/notes-authenticated
`

// errSessionEndedMessage is the message of a refused login: AWS documents
// the exception (400 NotAuthorizedException), not its message.
const errSessionEndedMessage = "Invalid login token. The user has been signed out or deleted."

// tokenCheckEnv is an env whose configuration has checkedPool, with a
// user-pool client signed with the admin's keys.
type tokenCheckEnv struct {
	*env
	idpAdmin *cip.Client
}

func newTokenCheckEnv(t testing.TB) *tokenCheckEnv {
	t.Helper()
	e := newEnvWithConfig(t, gatehousetest.ParseConfig(t, testConfigYAML+checkedPoolYAML))
	adm := cip.New(cip.Options{Region: gatehousetest.Region, BaseEndpoint: aws.String(e.ts.URL),
		Credentials: credentials.NewStaticCredentialsProvider(adminAccessKey, adminSecretKey, ""),
		HTTPClient:  e.ts.Client(), RetryMaxAttempts: 1})
	return &tokenCheckEnv{env: e, idpAdmin: adm}
}

// freshSignIn signs the user in again (env.signIn reuses its tokens).
func (e *tokenCheckEnv) freshSignIn(username string) *cipTypes.AuthenticationResultType {
	e.t.Helper()
	out, err := e.idp.InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow: cipTypes.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(client),
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil || out.AuthenticationResult == nil {
		e.t.Fatalf("InitiateAuth %s: %v", username, err)
	}
	return out.AuthenticationResult
}

// accepted checks that GetId, GetCredentialsForIdentity and GetOpenIdToken
// accept the ID token for the pool, and returns the identity.
func (e *tokenCheckEnv) accepted(pool, idToken string) string {
	e.t.Helper()
	logins := map[string]string{provider: idToken}
	id, err := e.getID(pool, logins)
	if err != nil {
		e.t.Fatalf("GetId %s: %v", pool, err)
	}
	out, err := e.credentialsFor(id, logins, "")
	if err != nil || e.session(out).RoleARN != roleAuth {
		e.t.Fatalf("GetCredentialsForIdentity %s: %v", pool, err)
	}
	if _, err := e.ident.GetOpenIdToken(context.Background(), openIDInput(id, logins)); err != nil {
		e.t.Fatalf("GetOpenIdToken %s: %v", pool, err)
	}
	return id
}

// refused checks that GetId, GetCredentialsForIdentity and GetOpenIdToken
// answer 400 NotAuthorizedException to the ID token for the pool's
// identity.
func (e *tokenCheckEnv) refused(pool, identityID, idToken string) {
	e.t.Helper()
	logins := map[string]string{provider: idToken}
	_, err := e.getID(pool, logins)
	requireSessionEnded(e.t, "GetId", err)
	_, err = e.credentialsFor(identityID, logins, "")
	requireSessionEnded(e.t, "GetCredentialsForIdentity", err)
	_, err = e.ident.GetOpenIdToken(context.Background(), openIDInput(identityID, logins))
	requireSessionEnded(e.t, "GetOpenIdToken", err)
}

func requireSessionEnded(t testing.TB, op string, err error) {
	t.Helper()
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusBadRequest {
		t.Fatalf("%s: error = %v, want HTTP 400", op, err)
	}
	gatehousetest.RequireAPIError(t, err, "NotAuthorizedException", errSessionEndedMessage)
}

// createCheckedPool creates a pool through the API whose provider has
// ServerSideTokenCheck, and checks that DescribeIdentityPool says so.
func (e *tokenCheckEnv) createCheckedPool() string {
	e.t.Helper()
	ctx := context.Background()
	out, err := e.admin.CreateIdentityPool(ctx, &ci.CreateIdentityPoolInput{
		IdentityPoolName: aws.String("checked api pool"),
		CognitoIdentityProviders: []ciTypes.CognitoIdentityProvider{
			{ProviderName: aws.String(provider), ClientId: aws.String(client), ServerSideTokenCheck: aws.Bool(true)},
		},
	})
	if err != nil {
		e.t.Fatalf("CreateIdentityPool: %v", err)
	}
	poolID := aws.ToString(out.IdentityPoolId)
	if _, err := e.admin.SetIdentityPoolRoles(ctx, &ci.SetIdentityPoolRolesInput{
		IdentityPoolId: aws.String(poolID), Roles: map[string]string{"authenticated": roleAuth},
	}); err != nil {
		e.t.Fatalf("SetIdentityPoolRoles: %v", err)
	}
	e.requireDescribedCheck(poolID, true)
	return poolID
}

// requireDescribedCheck checks the ServerSideTokenCheck that
// DescribeIdentityPool gives the pool's only provider.
func (e *tokenCheckEnv) requireDescribedCheck(poolID string, want bool) {
	e.t.Helper()
	desc, err := e.admin.DescribeIdentityPool(context.Background(), &ci.DescribeIdentityPoolInput{IdentityPoolId: aws.String(poolID)})
	if err != nil || len(desc.CognitoIdentityProviders) != 1 ||
		aws.ToBool(desc.CognitoIdentityProviders[0].ServerSideTokenCheck) != want {
		e.t.Fatalf("DescribeIdentityPool %s = %+v, %v; want ServerSideTokenCheck %v", poolID, desc, err, want)
	}
}

// checkedSession is a user's fresh sign-in whose ID token the configured
// checked pool and a checked pool created through the API accepted, with
// the identity it got in each.
type checkedSession struct {
	tokens           *cipTypes.AuthenticationResultType
	idToken, apiPool string
	checkedID, apiID string
}

// acceptedWhenChecked signs username in and has both checked pools accept
// the ID token.
func (e *tokenCheckEnv) acceptedWhenChecked(username string) checkedSession {
	s := checkedSession{apiPool: e.createCheckedPool(), tokens: e.freshSignIn(username)}
	s.idToken = aws.ToString(s.tokens.IdToken)
	s.checkedID = e.accepted(checkedPool, s.idToken)
	s.apiID = e.accepted(s.apiPool, s.idToken)
	return s
}

// requireEnded checks that both checked pools refuse the session's ID token
// and that the demo pool, without the check, still accepts it until it
// expires.
func (e *tokenCheckEnv) requireEnded(s checkedSession) {
	e.refused(checkedPool, s.checkedID, s.idToken)
	e.refused(s.apiPool, s.apiID, s.idToken)
	e.accepted(demoPool, s.idToken)
}

// With ServerSideTokenCheck (a pool of the configuration and one created
// through the API), GlobalSignOut ends the ID token's use in GetId,
// GetCredentialsForIdentity and GetOpenIdToken, though the identity pool
// had verified and cached it before; a pool without the check still
// accepts it, as on AWS, and a new sign-in is accepted everywhere.
func TestServerSideTokenCheckGlobalSignOut(t *testing.T) {
	e := newTokenCheckEnv(t)
	e.requireDescribedCheck(checkedPool, true)
	e.requireDescribedCheck(demoPool, false)
	signedIn := e.acceptedWhenChecked(demoUser)
	apiPool, idToken, checkedID := signedIn.apiPool, signedIn.idToken, signedIn.checkedID
	e.accepted(demoPool, idToken)

	if _, err := e.idp.GlobalSignOut(context.Background(), &cip.GlobalSignOutInput{AccessToken: signedIn.tokens.AccessToken}); err != nil {
		t.Fatalf("GlobalSignOut: %v", err)
	}
	e.requireEnded(signedIn)

	e.clock.Advance(time.Second) // GlobalSignOut ends the sessions begun up to its millisecond
	again := aws.ToString(e.freshSignIn(demoUser).IdToken)
	if got := e.accepted(checkedPool, again); got != checkedID {
		t.Errorf("identity after signing in again = %s, want %s", got, checkedID)
	}
	e.accepted(apiPool, again)
	e.refused(checkedPool, checkedID, idToken) // the old session stays ended

	// UpdateIdentityPool turns the check off: the old token works again
	// until it expires.
	if _, err := e.admin.UpdateIdentityPool(context.Background(), &ci.UpdateIdentityPoolInput{
		IdentityPoolId: aws.String(apiPool), IdentityPoolName: aws.String("checked api pool"),
		CognitoIdentityProviders: []ciTypes.CognitoIdentityProvider{
			{ProviderName: aws.String(provider), ClientId: aws.String(client), ServerSideTokenCheck: aws.Bool(false)},
		},
	}); err != nil {
		t.Fatalf("UpdateIdentityPool: %v", err)
	}
	e.requireDescribedCheck(apiPool, false)
	e.accepted(apiPool, idToken)
}

// AdminUserGlobalSignOut ends the ID token's use as GlobalSignOut does.
func TestServerSideTokenCheckAdminSignOut(t *testing.T) {
	e := newTokenCheckEnv(t)
	signedIn := e.acceptedWhenChecked(editorUser)
	if _, err := e.idpAdmin.AdminUserGlobalSignOut(context.Background(), &cip.AdminUserGlobalSignOutInput{
		UserPoolId: aws.String(userPool), Username: aws.String(editorUser),
	}); err != nil {
		t.Fatalf("AdminUserGlobalSignOut: %v", err)
	}
	e.requireEnded(signedIn)
}

// AdminDeleteUser ends the ID token's use, also once a user of the same
// name is created again (another sub).
func TestServerSideTokenCheckDeletedUser(t *testing.T) {
	e := newTokenCheckEnv(t)
	ctx := context.Background()
	signedIn := e.acceptedWhenChecked(demoUser)
	if _, err := e.idpAdmin.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{
		UserPoolId: aws.String(userPool), Username: aws.String(demoUser),
	}); err != nil {
		t.Fatalf("AdminDeleteUser: %v", err)
	}
	e.requireEnded(signedIn)

	if _, err := e.idpAdmin.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: aws.String(userPool), Username: aws.String(demoUser),
		UserAttributes: []cipTypes.AttributeType{{Name: aws.String("email"), Value: aws.String(demoUser)}},
		MessageAction:  cipTypes.MessageActionTypeSuppress,
	}); err != nil {
		t.Fatalf("AdminCreateUser: %v", err)
	}
	e.refused(checkedPool, signedIn.checkedID, signedIn.idToken)
	e.refused(signedIn.apiPool, signedIn.apiID, signedIn.idToken)
}

// AdminDisableUser ends the ID token's use.
func TestServerSideTokenCheckDisabledUser(t *testing.T) {
	e := newTokenCheckEnv(t)
	ctx := context.Background()
	signedIn := e.acceptedWhenChecked(twoRoles)
	checkedID := signedIn.checkedID
	user := &cip.AdminDisableUserInput{UserPoolId: aws.String(userPool), Username: aws.String(twoRoles)}
	if _, err := e.idpAdmin.AdminDisableUser(ctx, user); err != nil {
		t.Fatalf("AdminDisableUser: %v", err)
	}
	e.requireEnded(signedIn)

	// Disabling ended the user's sessions: once enabled again, the old token
	// stays refused and a new sign-in is accepted.
	if _, err := e.idpAdmin.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: user.UserPoolId, Username: user.Username}); err != nil {
		t.Fatalf("AdminEnableUser: %v", err)
	}
	e.refused(checkedPool, checkedID, signedIn.idToken)
	e.clock.Advance(time.Second)
	if got := e.accepted(checkedPool, aws.ToString(e.freshSignIn(twoRoles).IdToken)); got != checkedID {
		t.Errorf("identity after signing in again = %s, want %s", got, checkedID)
	}
}

// A GlobalSignOut through one node is seen by the next call on another
// node, which had verified and cached the token before.
func TestServerSideTokenCheckAcrossNodes(t *testing.T) {
	nodes := startNodes(t, 2)
	a, b := &tokenCheckEnv{env: nodes[0]}, &tokenCheckEnv{env: nodes[1]}
	pool := a.createCheckedPool()
	tokens := a.freshSignIn(demoUser)
	idToken := aws.ToString(tokens.IdToken)
	id := b.accepted(pool, idToken)
	if _, err := a.idp.GlobalSignOut(context.Background(), &cip.GlobalSignOutInput{AccessToken: tokens.AccessToken}); err != nil {
		t.Fatalf("GlobalSignOut: %v", err)
	}
	b.refused(pool, id, idToken)
}

package gateway_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	cipTypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestCognitoAuthorizerAnyClient shows that, as in API Gateway, the Cognito
// authorizer accepts the tokens of every app client of its pool: here a
// client created through CreateUserPoolClient after the server started.
func TestCognitoAuthorizerAnyClient(t *testing.T) {
	e := newEnv(t, testConfig(t))
	ctx := context.Background()
	admin := cip.New(cip.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(e.ts.URL), HTTPClient: e.hc, RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
	})
	created, err := admin.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String("us-east-1_NotesDemo"), ClientName: aws.String("created-later"),
		ExplicitAuthFlows: []cipTypes.ExplicitAuthFlowsType{cipTypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth, cipTypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.idp.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: cipTypes.AuthFlowTypeUserPasswordAuth, ClientId: created.UserPoolClient.ClientId,
		AuthParameters: map[string]string{"USERNAME": demoUser, "PASSWORD": demoPassword},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := e.request("GET", e.pathURL("testapi001", "/items"), "")
	req.Header.Set("Authorization", *out.AuthenticationResult.IdToken)
	ev := decodeEvent(t, e.do(req))
	if got := ev.RequestContext.Authorizer.Claims["aud"]; got != *created.UserPoolClient.ClientId {
		t.Errorf("aud claim %q, want the new client %q", got, *created.UserPoolClient.ClientId)
	}
	req = e.request("GET", e.pathURL("testapi001", "/scoped"), "")
	req.Header.Set("Authorization", *out.AuthenticationResult.AccessToken)
	decodeEvent(t, e.do(req))
}

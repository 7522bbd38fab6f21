package client_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/client"
)

// The whole flow: sign in, get identity-pool credentials, call an AWS_IAM
// route of the API.
func Example() {
	ctx := context.Background()
	c, err := client.New(client.Config{
		Region: "us-east-1", UserPoolID: "us-east-1_NotesDemo", ClientID: "gatehousenotesdemoclient01",
		IdentityPoolID: "us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b",
		Endpoint:       "http://localhost:8080", // empty for AWS
		InvokeURL:      "http://localhost:8080/restapis/notesapi01/prod/_user_request_",
	})
	if err != nil {
		log.Fatal(err)
	}
	tok, err := c.Login(ctx, "demo@example.com", "Passw0rd!")
	if err != nil {
		log.Fatal(err)
	}
	creds := aws.NewCredentialsCache(c.CredentialsProvider(func(context.Context) (string, error) { return tok.IDToken, nil }),
		func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = 60 * time.Second })
	res, err := c.WithCredentials(creds).Invoke(ctx, client.Request{Method: "POST", Path: "/notes", Body: map[string]string{"content": "hello"}})
	if err != nil {
		log.Fatal(err) // a *client.APIError for a non-2xx answer
	}
	fmt.Println(res.StatusCode, string(res.Body))
}

// SigningTransport signs the requests of any http.Client.
func ExampleSigningTransport() {
	var creds aws.CredentialsProvider // e.g. the cache of Example
	hc := &http.Client{Transport: &client.SigningTransport{Credentials: creds, Region: "us-east-1"}}
	res, err := hc.Get("https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/notes")
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	fmt.Println(res.Status)
}

// A user created with a temporary password chooses a new one at the first
// sign-in.
func ExampleWithNewPasswordHandler() {
	c, err := client.New(client.Config{Region: "us-east-1", UserPoolID: "us-east-1_NotesDemo", ClientID: "gatehousenotesdemoclient01"},
		client.WithNewPasswordHandler(func(ctx context.Context, required []string) (string, map[string]string, error) {
			return "N3wPassword", map[string]string{"name": "New User"}, nil
		}))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "new@example.com", "TempPassw0rd"); err != nil {
		log.Fatal(err)
	}
}

package client_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/gatehouse-dev/gatehouse/client"
)

// APIError takes the type from x-amzn-ErrorType without its namespace and
// the message from "message" or, for AccessDeniedException, "Message".
func TestInvokeAPIError(t *testing.T) {
	tests := []struct {
		errorType, body, wantType, wantMessage string
	}{
		{"AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/", `{"Message":"User: x is not authorized"}`, "AccessDeniedException", "User: x is not authorized"},
		{"MissingAuthenticationTokenException", `{"message":"Missing Authentication Token"}`, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"", `not json`, "", ""},
	}
	for _, tt := range tests {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tt.errorType != "" {
				w.Header().Set("x-amzn-ErrorType", tt.errorType)
			}
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(tt.body))
		}))
		c := newClient(t, client.Config{Region: "us-east-1", InvokeURL: ts.URL + "/prod"})
		_, err := c.WithCredentials(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")).Invoke(t.Context(), client.Request{Path: "/x"})
		ts.Close()
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.StatusCode != http.StatusForbidden || ae.Type != tt.wantType || ae.Message != tt.wantMessage || string(ae.Body) != tt.body {
			t.Errorf("%s: %v (%+v)", tt.body, err, ae)
		}
	}
}

package awsproto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// A request signed by aws-sdk-go-v2 verifies over the body already read;
// failures become JSON 1.1 errors with HTTP 400 (413 for a body too large),
// and other errors stay internal.
func TestVerifySigV4(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	keys := sigv4.StaticCredentials{"AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
	v := NewSigV4Verifier(keys, "cognito-identity", "us-east-1")
	body := `{"IdentityPoolName":"x"}`
	sign := func(secret string) *http.Request {
		r := httptest.NewRequest("POST", "http://localhost:8080/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", "AWSCognitoIdentityService.CreateIdentityPool")
		err := v4.NewSigner().SignHTTP(context.Background(),
			aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: secret}, r,
			payloadHash(body), "cognito-identity", "us-east-1", now)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	r := sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	r.Body = http.NoBody // the server has read it already
	if _, err := VerifySigV4(v, r, []byte(body), now); err != nil {
		t.Fatalf("VerifySigV4: %v", err)
	}

	_, err := VerifySigV4(v, sign("wrong"), []byte(body), now)
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Code != "InvalidSignatureException" {
		t.Fatalf("wrong secret: error = %v", err)
	}
	unsigned := httptest.NewRequest("POST", "http://localhost:8080/", strings.NewReader(body))
	_, err = VerifySigV4(v, unsigned, []byte(body), now)
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Code != "MissingAuthenticationTokenException" ||
		e.Message != "Missing Authentication Token" {
		t.Fatalf("unsigned: error = %v", err)
	}

	if err := SigV4Error(sigv4.RequestTooLarge(10)); !errors.As(err, &e) || e.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("too large: error = %v", err)
	}
	internal := errors.New("store down")
	if err := SigV4Error(internal); err != internal {
		t.Fatalf("internal error became %v", err)
	}
}

func payloadHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

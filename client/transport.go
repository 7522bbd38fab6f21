package client

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// SigningTransport is an http.RoundTripper that signs every request with
// SigV4 before sending it through Base. It never changes the request it is
// given: it signs a clone, hashing the body through GetBody or reading it
// into memory. It is safe for concurrent use when Base and Credentials are.
type SigningTransport struct {
	// Base sends the signed requests; http.DefaultTransport when nil.
	Base http.RoundTripper
	// Credentials sign the requests, e.g. an aws.CredentialsCache of a
	// CredentialsProvider.
	Credentials aws.CredentialsProvider
	// Region is the region of the signature's credential scope.
	Region string
	// Service is the signing name; "execute-api" when empty.
	Service string
	// Now is the signing clock; time.Now when nil.
	Now func() time.Time
}

// RoundTrip implements http.RoundTripper.
func (t *SigningTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	closeBody := func() {
		if req.Body != nil {
			req.Body.Close()
		}
	}
	if t.Credentials == nil {
		closeBody()
		return nil, fmt.Errorf("client: SigningTransport has no Credentials")
	}
	creds, err := t.Credentials.Retrieve(req.Context())
	if err != nil {
		closeBody()
		return nil, fmt.Errorf("client: credentials: %w", err)
	}
	r := req.Clone(req.Context())
	if r.Body != nil && r.Body != http.NoBody && r.GetBody == nil {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("client: reading body: %w", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		r.ContentLength = int64(len(b))
	} else if r.GetBody != nil {
		// Sign hashes through GetBody; the clone sends a fresh copy.
		body, err := r.GetBody()
		if err != nil {
			closeBody()
			return nil, fmt.Errorf("client: body: %w", err)
		}
		closeBody()
		r.Body = body
	}
	service := t.Service
	if service == "" {
		service = "execute-api"
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	sc := sigv4.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}
	if err := sigv4.Sign(r, sc, "", service, t.Region, now()); err != nil {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, fmt.Errorf("client: signing: %w", err)
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}

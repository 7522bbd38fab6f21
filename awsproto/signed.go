package awsproto

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// The administrative operations of AWS's JSON services (Cognito's Admin*,
// CreateIdentityPool ...) are called with an IAM user's keys: the request is
// SigV4-signed for the service in the configured region, and an unsigned
// call gets MissingAuthenticationTokenException. These helpers verify such
// requests the same way for every service.

// NewSigV4Verifier returns the verifier of signed JSON 1.1 requests for the
// SigV4 service name (like "cognito-idp") in region, finding keys through
// lookup. It reads at most MaxJSONBody bytes and caches signing keys.
func NewSigV4Verifier(lookup sigv4.CredentialLookup, service, region string) *sigv4.Verifier {
	return sigv4.NewVerifier(lookup,
		sigv4.WithService(service),
		sigv4.WithRegions(region),
		sigv4.WithMaxBodySize(MaxJSONBody),
		sigv4.WithKeyCache(sigv4.NewKeyCache(0)))
}

// VerifySigV4 verifies the signature of r, whose body the server has
// already read into body: the signature is checked over those bytes. Its
// errors are ready to be written (see SigV4Error).
func VerifySigV4(v *sigv4.Verifier, r *http.Request, body []byte, now time.Time) (*sigv4.Result, error) {
	signed := r.WithContext(r.Context())
	signed.Body = io.NopCloser(bytes.NewReader(body))
	signed.ContentLength = int64(len(body))
	res, err := v.Verify(signed, now)
	if err != nil {
		return nil, SigV4Error(err)
	}
	return res, nil
}

// SigV4Error renders a SigV4 verification failure as AWS JSON services do:
// the exception and message of the sigv4 table, but HTTP 400 where API
// Gateway says 403 (a body too large keeps its 413). Other errors (a failed
// credential lookup) are returned as they are, and so stay internal.
func SigV4Error(err error) error {
	var se *sigv4.Error
	if !errors.As(err, &se) {
		return err
	}
	status := http.StatusBadRequest
	if se.Kind == sigv4.KindRequestTooLarge {
		status = se.Status
	}
	return NewError(status, se.Code, se.Message)
}

package creds

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// STSVersion is the API version of STS's query protocol.
const STSVersion = "2011-06-15"

// stsSigningService is the SigV4 service name of STS.
const stsSigningService = "sts"

// STSOptions are the dependencies of an STS.
type STSOptions struct {
	Config *config.Config
	Ring   *keys.Ring
	// Minter mints the credentials of AssumeRoleWithWebIdentity and opens
	// the session tokens of callers.
	Minter *Minter
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger logs internal errors; nothing is logged when nil.
	Logger *slog.Logger
	// IdentityPools finds the identity pools created through the API, so
	// that the OpenID tokens of their GetOpenIdToken are accepted too;
	// only the configuration's pools are when nil.
	IdentityPools APIIdentityPools
}

// APIIdentityPools finds the identity pools created through the API.
type APIIdentityPools interface {
	// IdentityPoolRoles returns the roles the OpenID token of an
	// authenticated identity of pool id may assume (the pool's
	// authenticated role and its role mappings' roles), those of an
	// unauthenticated one, and false when there is no such pool.
	IdentityPoolRoles(ctx context.Context, id string) (authenticated, unauthenticated []string, ok bool, err error)
}

// STS serves the query protocol of AWS STS (Action=...&Version=2011-06-15,
// form-encoded POST or GET, XML responses): GetCallerIdentity, signed with
// an IAM user's keys or with temporary credentials, and
// AssumeRoleWithWebIdentity, unsigned as on AWS, which trades a user pool's
// ID token or an identity pool's OpenID token for temporary credentials.
// Any other action gets InvalidAction. An STS is safe for concurrent use.
type STS struct {
	cfg      *config.Config
	ring     *keys.Ring
	minter   *Minter
	verifier *sigv4.Verifier
	trust    *webIdentityTrust
	apiPools APIIdentityPools
	now      func() time.Time
	log      *slog.Logger
}

// NewSTS returns the STS of opts.
func NewSTS(opts STSOptions) (*STS, error) {
	if opts.Config == nil || opts.Ring == nil || opts.Minter == nil {
		return nil, errors.New("creds: STS needs a Config, a Ring and a Minter")
	}
	s := &STS{cfg: opts.Config, ring: opts.Ring, minter: opts.Minter, now: opts.Now, log: opts.Logger, apiPools: opts.IdentityPools}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	lookup := NewLookup(opts.Config, WithSessions(opts.Minter))
	s.verifier = sigv4.NewVerifier(lookup,
		sigv4.WithService(stsSigningService),
		sigv4.WithRegions(opts.Config.Region),
		sigv4.WithMaxBodySize(awsproto.MaxQueryBody),
		sigv4.WithKeyCache(sigv4.NewKeyCache(0)))
	s.trust = newWebIdentityTrust(opts.Config)
	return s, nil
}

// stsRequest is one query-protocol request: its parameters, and its body
// as read, over which the signature is checked.
type stsRequest struct {
	r      *http.Request
	params url.Values
	body   []byte
}

// ServeHTTP answers one STS request. The request id is the one of the
// request's context (awsproto.WithRequestID), or a fresh one.
func (s *STS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := awsproto.RequestID(r.Context())
	if reqID == "" {
		reqID = awsproto.NewRequestID()
		w.Header().Set(awsproto.HeaderRequestID, reqID)
	}
	out, err := s.handle(w, r)
	if err != nil {
		var e *awsproto.Error
		if !errors.As(err, &e) {
			s.log.ErrorContext(r.Context(), "internal error", "request_id", reqID, "err", err)
		}
		awsproto.WriteXMLError(w, awsproto.STSNamespace, reqID, err)
		return
	}
	out.setRequestID(reqID)
	b, err := xml.Marshal(out)
	if err != nil {
		s.log.ErrorContext(r.Context(), "internal error", "request_id", reqID, "err", err)
		awsproto.WriteXMLError(w, awsproto.STSNamespace, reqID, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// handle reads the request and runs its action.
func (s *STS) handle(w http.ResponseWriter, r *http.Request) (stsResponse, error) {
	req, err := readSTSRequest(w, r)
	if err != nil {
		return nil, err
	}
	action, version := req.params.Get("Action"), req.params.Get("Version")
	if action == "" {
		return nil, errMissingAction
	}
	if version == STSVersion {
		switch action {
		case "GetCallerIdentity":
			return s.getCallerIdentity(req)
		case "AssumeRoleWithWebIdentity":
			return s.assumeRoleWithWebIdentity(req)
		}
	}
	return nil, awsproto.ErrInvalidAction(action, version)
}

// readSTSRequest returns the parameters of a query-protocol request: those
// of the URL merged with a bounded form body, which it keeps.
func readSTSRequest(w http.ResponseWriter, r *http.Request) (*stsRequest, error) {
	req := &stsRequest{r: r, params: r.URL.Query()}
	if r.Method != http.MethodPost || r.Body == nil {
		return req, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, awsproto.MaxQueryBody))
	if err != nil {
		return nil, awsproto.ErrRequestTooLarge()
	}
	req.body = body
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return req, nil
	}
	post, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, awsproto.NewError(http.StatusBadRequest, "MalformedQueryString", "The request body is not a valid form.")
	}
	for k, v := range post {
		req.params[k] = append(req.params[k], v...)
	}
	return req, nil
}

// verify checks the SigV4 signature of req (over its body as read) and
// returns the caller.
func (s *STS) verify(req *stsRequest) (*Principal, error) {
	signed := req.r.WithContext(req.r.Context())
	signed.Body = io.NopCloser(bytes.NewReader(req.body))
	signed.ContentLength = int64(len(req.body))
	res, err := s.verifier.Verify(signed, s.now())
	if err != nil {
		return nil, sigV4Error(err)
	}
	p, ok := res.Principal.(*Principal)
	if !ok {
		return nil, errInvalidClient
	}
	return p, nil
}

// getCallerIdentity answers who signed the request.
func (s *STS) getCallerIdentity(req *stsRequest) (stsResponse, error) {
	p, err := s.verify(req)
	if err != nil {
		return nil, err
	}
	return &getCallerIdentityResponse{
		Xmlns: awsproto.STSNamespace,
		Result: callerIdentity{
			Arn:     p.ARN,
			UserID:  p.UserID(),
			Account: p.AccountID,
		},
	}, nil
}

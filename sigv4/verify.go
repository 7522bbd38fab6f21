package sigv4

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CredentialLookup resolves the access key id of a request to its secret
// access key. It gets the session token as sent (may be ""). principal is
// an opaque value Verify returns in Result.Principal. An error that is an
// *Error (UnrecognizedClient, ExpiredToken, ...) is returned by Verify as
// is; any other error is wrapped and means the lookup itself failed.
type CredentialLookup interface {
	LookupCredentials(ctx context.Context, accessKeyID, sessionToken string) (secretAccessKey string, principal any, err error)
}

// CredentialLookupFunc adapts a function to CredentialLookup.
type CredentialLookupFunc func(ctx context.Context, accessKeyID, sessionToken string) (string, any, error)

// LookupCredentials calls f.
func (f CredentialLookupFunc) LookupCredentials(ctx context.Context, accessKeyID, sessionToken string) (string, any, error) {
	return f(ctx, accessKeyID, sessionToken)
}

// StaticCredentials maps access key ids to secret access keys. The
// principal it returns is the access key id; session tokens are ignored.
type StaticCredentials map[string]string

// LookupCredentials returns the secret of accessKeyID or UnrecognizedClient.
func (s StaticCredentials) LookupCredentials(_ context.Context, accessKeyID, _ string) (string, any, error) {
	secret, ok := s[accessKeyID]
	if !ok {
		return "", nil, UnrecognizedClient()
	}
	return secret, accessKeyID, nil
}

// Result describes a request whose signature Verify accepted.
type Result struct {
	AccessKeyID string
	Region      string
	Service     string
	// Date is the signing time (X-Amz-Date, or the Date header).
	Date time.Time
	// SignedHeaders are the lowercase names the signature covers.
	SignedHeaders []string
	// SessionToken is X-Amz-Security-Token as sent, or "".
	SessionToken string
	// SessionTokenSigned reports whether the signature covers the token
	// (clients may add it after signing; AWS accepts both).
	SessionTokenSigned bool
	// Presigned reports a signature in the query string.
	Presigned bool
	// Principal is what the CredentialLookup returned.
	Principal any
}

// VerifyOption configures a Verifier.
type VerifyOption func(*Verifier)

// WithService requires the credential scope to name service, e.g.
// "execute-api". Without it any service is accepted.
func WithService(service string) VerifyOption { return func(v *Verifier) { v.service = service } }

// WithRegions requires the credential scope to name one of regions.
// Without it any region is accepted.
func WithRegions(regions ...string) VerifyOption {
	return func(v *Verifier) { v.regions = slices.Clone(regions) }
}

// WithMaxBodySize bounds the body Verify reads to hash it
// (DefaultMaxBodySize when n <= 0).
func WithMaxBodySize(n int64) VerifyOption { return func(v *Verifier) { v.maxBody = n } }

// WithPathNormalization sets whether the canonical URI is normalized (the
// default, as for every AWS service but S3). When on, a signature over the
// path exactly as sent is accepted too if the normalized path differs,
// because some SDKs (the AWS SDK for Go v2) never normalize. When off, only
// the path as sent is accepted.
func WithPathNormalization(on bool) VerifyOption { return func(v *Verifier) { v.noNormalize = !on } }

// WithKeyCache caches derived signing keys in kc, which may be shared.
func WithKeyCache(kc *KeyCache) VerifyOption { return func(v *Verifier) { v.cache = kc } }

// Verifier verifies SigV4 signatures of received requests. It is safe for
// concurrent use.
type Verifier struct {
	lookup      CredentialLookup
	service     string
	regions     []string
	maxBody     int64
	noNormalize bool
	cache       *KeyCache
}

// NewVerifier returns a Verifier that resolves secrets through lookup.
func NewVerifier(lookup CredentialLookup, opts ...VerifyOption) *Verifier {
	v := &Verifier{lookup: lookup}
	for _, o := range opts {
		o(v)
	}
	if v.maxBody <= 0 {
		v.maxBody = DefaultMaxBodySize
	}
	return v
}

// Verify checks the signature of r at time now; see Verifier.Verify.
func Verify(r *http.Request, lookup CredentialLookup, now time.Time, opts ...VerifyOption) (*Result, error) {
	return NewVerifier(lookup, opts...).Verify(r, now)
}

// Verify checks the SigV4 signature of a received request at time now,
// from its Authorization header or, without one, from presigned query
// parameters. It returns an *Error for every rejection, except when the
// CredentialLookup or reading the body fails otherwise.
//
// The path is taken from r.RequestURI (the request-target as received)
// when set, else from r.URL; the host from r.Host. The body is read only
// when the signature covers its hash and no X-Amz-Content-Sha256 gives
// it, or to check it against X-Amz-Content-Sha256 once the signature
// matched; it is then put back so the next handler can read it.
func (v *Verifier) Verify(r *http.Request, now time.Time) (*Result, error) {
	return v.verify(r, now, nil)
}

// VerifyInto is Verify writing the result into res, and the signed header
// names into the room res.SignedHeaders already has, so that a caller
// that reuses res verifies without allocating. res is written only when
// the signature is accepted; it must not be in use elsewhere meanwhile.
func (v *Verifier) VerifyInto(r *http.Request, now time.Time, res *Result) error {
	_, err := v.verify(r, now, res)
	return err
}

// verify verifies r into dst, or into a new Result when dst is nil.
func (v *Verifier) verify(r *http.Request, now time.Time, dst *Result) (*Result, error) {
	rawQuery := requestQuery(r.URL, r.RequestURI)
	if h := r.Header[HeaderAuthorization]; len(h) > 0 && h[0] != "" {
		return v.verifyHeader(r, h[0], rawQuery, now, dst)
	}
	if alg, ok := queryParam(rawQuery, paramAlgorithm); ok {
		return v.verifyQuery(r, alg, rawQuery, now, dst)
	}
	return nil, MissingAuthenticationToken()
}

// authInput is what the Authorization header or the query says.
type authInput struct {
	cred          credential
	signedHeaders string
	signature     string
	date          time.Time
	// rawDate is the X-Amz-Date date was parsed from, or "" (Date).
	rawDate string
	// amzDate is date in the form of X-Amz-Date, set by finish.
	amzDate   [16]byte
	token     string
	presigned bool
}

func (v *Verifier) verifyHeader(r *http.Request, header, rawQuery string, now time.Time, dst *Result) (*Result, error) {
	dateValue, isAmzDate := firstValue(r.Header[HeaderDate]), true
	if dateValue == "" {
		dateValue, isAmzDate = firstValue(r.Header["Date"]), false
	}
	a, perr := parseAuthorization(header, dateValue != "")
	if perr != nil {
		return nil, perr
	}
	var t time.Time
	var ok bool
	if isAmzDate {
		t, ok = parseAmzDate(dateValue)
	} else {
		t, ok = parseHTTPDate(dateValue)
	}
	if !ok {
		return nil, malformedDate(dateValue)
	}
	if err := checkClock(t, now); err != nil {
		return nil, err
	}
	if !signsHost(a.signedHeaders) {
		return nil, NewError(KindHostNotSigned, "")
	}
	if a.algorithm != Algorithm {
		return nil, unsupportedAlgorithm(a.algorithm)
	}
	cred, cerr := parseCredential(a.credential)
	if cerr != nil {
		return nil, cerr
	}
	in := &authInput{
		cred:          cred,
		signedHeaders: a.signedHeaders,
		signature:     a.signature,
		date:          t,
		token:         firstValue(r.Header[HeaderSecurityToken]),
	}
	if isAmzDate {
		in.rawDate = dateValue
	}
	return v.finish(r, in, rawQuery, dst)
}

func (v *Verifier) verifyQuery(r *http.Request, alg, rawQuery string, now time.Time, dst *Result) (*Result, error) {
	if alg != Algorithm {
		return nil, MissingAuthenticationToken()
	}
	credValue, haveCred := queryParam(rawQuery, paramCredential)
	signature, haveSig := queryParam(rawQuery, paramSignature)
	signedHeaders, haveSigned := queryParam(rawQuery, paramSignedHeaders)
	dateValue, haveDate := queryParam(rawQuery, paramDate)
	if !haveCred || !haveSig || !haveSigned || !haveDate {
		var missing []string
		if !haveCred {
			missing = append(missing, msgQueryCredential)
		}
		if !haveSig {
			missing = append(missing, msgQuerySignature)
		}
		if !haveSigned {
			missing = append(missing, msgQuerySignedHeaders)
		}
		if !haveDate {
			missing = append(missing, msgQueryDate)
		}
		return nil, incompleteQuery(missing)
	}
	t, ok := parseAmzDate(dateValue)
	if !ok {
		return nil, malformedDate(dateValue)
	}
	if ev, ok := queryParam(rawQuery, paramExpires); ok {
		n, err := strconv.ParseInt(ev, 10, 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange):
			return nil, invalidExpires(msgExpiresNotNumber)
		case n < 0 || err != nil && strings.HasPrefix(ev, "-"):
			return nil, invalidExpires(msgExpiresNegative)
		case err != nil || n > int64(MaxPresignExpires/time.Second):
			return nil, invalidExpires(msgExpiresTooLarge)
		}
		if t.After(now.Add(ClockSkew)) {
			return nil, SignatureNotYetCurrent(t, now)
		}
		if now.After(t.Add(time.Duration(n) * time.Second)) {
			return nil, RequestExpired()
		}
	} else if err := checkClock(t, now); err != nil {
		return nil, err
	}
	if !signsHost(signedHeaders) {
		return nil, NewError(KindHostNotSigned, "")
	}
	cred, cerr := parseCredential(credValue)
	if cerr != nil {
		return nil, cerr
	}
	token, _ := queryParam(rawQuery, paramSecurityToken)
	return v.finish(r, &authInput{
		cred:          cred,
		signedHeaders: signedHeaders,
		signature:     signature,
		date:          t,
		rawDate:       dateValue,
		token:         token,
		presigned:     true,
	}, rawQuery, dst)
}

// checkClock applies the ±5 minute window.
func checkClock(t, now time.Time) error {
	if t.Before(now.Add(-ClockSkew)) {
		return SignatureExpired(t, now)
	}
	if t.After(now.Add(ClockSkew)) {
		return SignatureNotYetCurrent(t, now)
	}
	return nil
}

// signsHost reports whether a SignedHeaders list names host.
func signsHost(list string) bool {
	for list != "" {
		var name string
		name, list, _ = strings.Cut(list, ";")
		if strings.EqualFold(name, "host") || name == ":authority" {
			return true
		}
	}
	return false
}

func firstValue(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// checkScope compares the credential scope with the request and the
// verifier's configuration, reporting every difference in one message as
// AWS does.
func (v *Verifier) checkScope(c *credential, amzDate []byte) error {
	regionOK := len(v.regions) == 0 || slices.Contains(v.regions, c.region)
	serviceOK := v.service == "" || c.service == v.service
	dateOK := c.date == string(amzDate[:scopeDateLen])
	if regionOK && serviceOK && c.terminator == terminator && dateOK {
		return nil
	}
	var b strings.Builder
	if !regionOK {
		b.WriteString("Credential should be scoped to a valid region, not '" + c.region + "'. ")
	}
	if !serviceOK {
		b.WriteString("Credential should be scoped to correct service: '" + v.service + "'. ")
	}
	if c.terminator != terminator {
		b.WriteString("Credential should be scoped with a valid terminator: 'aws4_request', not '" + c.terminator + "'. ")
	}
	if !dateOK {
		b.WriteString("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
			c.date + "' != '" + string(amzDate[:scopeDateLen]) + "', from '" + string(amzDate) + "'.")
	}
	return NewError(KindCredentialScope, b.String())
}

// finish checks the scope, looks the secret up, and compares signatures.
func (v *Verifier) finish(r *http.Request, in *authInput, rawQuery string, dst *Result) (*Result, error) {
	if len(in.rawDate) == len(in.amzDate) && in.rawDate[13:15] != "60" {
		// parseAmzDate took it digit by digit, and only a leap second
		// (normalized to the next minute) formats otherwise.
		copy(in.amzDate[:], in.rawDate)
	} else {
		appendAmzDate(in.amzDate[:0], in.date)
	}
	if err := v.checkScope(&in.cred, in.amzDate[:]); err != nil {
		return nil, err
	}
	secret, principal, err := v.lookup.LookupCredentials(r.Context(), in.cred.accessKeyID, in.token)
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return nil, se
		}
		return nil, fmt.Errorf("sigv4: credential lookup: %w", err)
	}
	if secret == "" {
		return nil, UnrecognizedClient()
	}
	var ph payloadHash
	if err := resolvePayload(r, rawQuery, in.presigned, v.maxBody, &ph); err != nil {
		return nil, err
	}
	key := v.cache.signer(secret, in.cred.date, in.cred.region, in.cred.service)
	matched, err := v.match(r, in, rawQuery, &ph, &key)
	if err != nil {
		return nil, err
	}
	if err := checkBody(r, v.maxBody, &ph); err != nil {
		return nil, err
	}
	var names []string
	res := dst
	if res == nil {
		// One allocation for the result and its usual few header names.
		ra := &resultAlloc{}
		res, names = &ra.res, ra.names[:0]
	} else {
		names = res.SignedHeaders[:0]
	}
	*res = Result{
		AccessKeyID:  in.cred.accessKeyID,
		Region:       in.cred.region,
		Service:      in.cred.service,
		Date:         in.date,
		SessionToken: in.token,
		Presigned:    in.presigned,
		Principal:    principal,
	}
	for list := in.signedHeaders; ; {
		name, rest, more := strings.Cut(list, ";")
		names = append(names, name)
		if !more {
			break
		}
		list = rest
	}
	res.SignedHeaders = names
	if in.token != "" {
		if in.presigned {
			res.SessionTokenSigned = matched.skip&skipToken == 0
		} else {
			res.SessionTokenSigned = slices.Contains(res.SignedHeaders, "x-amz-security-token")
		}
	}
	return res, nil
}

// resultAlloc holds a Result and room for its signed header names, so that
// a verified request costs one allocation.
type resultAlloc struct {
	res   Result
	names [8]string
}

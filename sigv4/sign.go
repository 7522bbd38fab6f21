package sigv4

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"time"
)

// Header names SigV4 reads or writes.
const (
	HeaderAuthorization = "Authorization"
	HeaderDate          = "X-Amz-Date"
	HeaderSecurityToken = "X-Amz-Security-Token"
	HeaderContentSHA256 = "X-Amz-Content-Sha256"
)

// Credentials are the AWS credentials a request is signed with.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	// SessionToken is set for temporary credentials; it is sent as
	// X-Amz-Security-Token.
	SessionToken string
}

// Details are the intermediate results of one signature, for debugging and
// for comparing against other implementations.
type Details struct {
	CanonicalRequest string
	StringToSign     string
	Signature        string // lowercase hex
	SignedHeaders    string // e.g. "host;x-amz-date"
	CredentialScope  string // date/region/service/aws4_request
}

// Option changes how Sign and Presign sign.
type Option func(*signConfig)

type signConfig struct {
	unsignedToken bool
	noNormalize   bool
	contentSHA256 bool
	details       *Details
	cache         *KeyCache
}

// UnsignedSessionToken sends the session token but leaves it out of the
// signature, like clients that add X-Amz-Security-Token after signing.
func UnsignedSessionToken() Option { return func(c *signConfig) { c.unsignedToken = true } }

// DisablePathNormalization signs the path exactly as it will be sent,
// without removing "." and ".." segments or empty segments. The AWS SDK for
// Go v2 never normalizes; this option makes Sign agree with it for such
// paths.
func DisablePathNormalization() Option { return func(c *signConfig) { c.noNormalize = true } }

// ContentSHA256Header makes Sign add the payload hash as a signed
// X-Amz-Content-Sha256 header. Presign ignores it.
func ContentSHA256Header() Option { return func(c *signConfig) { c.contentSHA256 = true } }

// CaptureDetails stores the canonical request, string to sign and signature
// in d.
func CaptureDetails(d *Details) Option { return func(c *signConfig) { c.details = d } }

// WithSigningKeyCache derives signing keys through kc.
func WithSigningKeyCache(kc *KeyCache) Option { return func(c *signConfig) { c.cache = kc } }

// Sign signs r in place for service and region at time now: it sets
// X-Amz-Date, X-Amz-Security-Token (when creds has a session token) and
// Authorization. payloadHash is the hex SHA-256 of the body or
// UNSIGNED-PAYLOAD; when empty, Sign hashes the body itself, through
// r.GetBody when set, otherwise by reading r.Body and replacing it with an
// in-memory copy.
//
// The signature covers the host (r.Host, else r.URL.Host, without a port
// that is the default for the URL's scheme, like the AWS SDKs), the
// Content-Length when r.ContentLength > 0, and every header of r except
// Authorization, User-Agent, X-Amzn-Trace-Id, Expect and Transfer-Encoding,
// the same set as the AWS SDK for Go v2.
func Sign(r *http.Request, creds Credentials, payloadHash, service, region string, now time.Time, opts ...Option) error {
	cfg := newSignConfig(opts)
	if err := checkCredentials(creds); err != nil {
		return err
	}
	ph, err := resolvePayloadHash(r, payloadHash)
	if err != nil {
		return err
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	amzDate := formatAmzDate(now)
	r.Header[HeaderDate] = []string{amzDate}
	if creds.SessionToken != "" {
		r.Header[HeaderSecurityToken] = []string{creds.SessionToken}
	}
	if cfg.contentSHA256 {
		r.Header[HeaderContentSHA256] = []string{ph}
	}
	host, stripped := signingHost(r)
	if stripped {
		r.Host = host // the host sent must be the host signed
	}
	headers := headersToSign(r, host, cfg.unsignedToken)
	d := computeSignature(&signInput{
		method:      r.Method,
		path:        clientPath(r.URL),
		rawQuery:    r.URL.RawQuery,
		headers:     headers,
		payloadHash: ph,
		normalize:   !cfg.noNormalize,
		amzDate:     amzDate,
		region:      region,
		service:     service,
		secret:      creds.SecretAccessKey,
	}, cfg.cache)
	r.Header[HeaderAuthorization] = []string{Algorithm + " Credential=" + creds.AccessKeyID + "/" + d.CredentialScope +
		", SignedHeaders=" + d.SignedHeaders + ", Signature=" + d.Signature}
	if cfg.details != nil {
		*cfg.details = d
	}
	return nil
}

func newSignConfig(opts []Option) *signConfig {
	cfg := new(signConfig)
	for _, o := range opts {
		o(cfg)
	}
	return cfg
}

func checkCredentials(c Credentials) error {
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return errors.New("sigv4: credentials need an access key id and a secret access key")
	}
	return nil
}

// signInput is everything a signature covers.
type signInput struct {
	method      string
	path        string // escaped, as sent
	rawQuery    string
	headers     []headerToSign // sorted by name
	payloadHash string
	normalize   bool
	amzDate     string
	region      string
	service     string
	secret      string
}

// computeSignature builds the canonical request, the string to sign and the
// signature.
func computeSignature(in *signInput, cache *KeyCache) Details {
	buf := make([]byte, 0, 512)
	buf = append(buf, in.method...)
	buf = append(buf, '\n')
	buf = appendCanonicalURI(buf, in.path, in.normalize)
	buf = append(buf, '\n')
	buf = appendCanonicalQuery(buf, in.rawQuery, 0)
	buf = append(buf, '\n')
	for _, h := range in.headers {
		buf = appendCanonicalHeader(buf, h.name, h.values)
	}
	buf = append(buf, '\n')
	shStart := len(buf)
	for i, h := range in.headers {
		if i > 0 {
			buf = append(buf, ';')
		}
		buf = append(buf, h.name...)
	}
	signedHeaders := string(buf[shStart:])
	buf = append(buf, '\n')
	buf = append(buf, in.payloadHash...)

	sum := sha256.Sum256(buf)
	date := in.amzDate[:scopeDateLen]
	scope := date + "/" + in.region + "/" + in.service + "/" + terminator
	sts := appendStringToSign(make([]byte, 0, 256), in.amzDate, scope, &sum)
	key := cache.signingKey(in.secret, date, in.region, in.service)
	mac := hmacSHA256(key[:], sts)
	var sig [64]byte
	hexEncode(sig[:], mac[:])
	return Details{
		CanonicalRequest: string(buf),
		StringToSign:     string(sts),
		Signature:        string(sig[:]),
		SignedHeaders:    signedHeaders,
		CredentialScope:  scope,
	}
}

// resolvePayloadHash returns payloadHash, or the hex SHA-256 of r's body
// when it is empty, leaving the body readable.
func resolvePayloadHash(r *http.Request, payloadHash string) (string, error) {
	if payloadHash != "" {
		return payloadHash, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return emptySHA256, nil
	}
	h := sha256.New()
	if r.GetBody != nil {
		body, err := r.GetBody()
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, body)
		body.Close()
		if err != nil {
			return "", err
		}
	} else {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return "", err
		}
		setBody(r, b)
		h.Write(b)
	}
	var out [64]byte
	hexEncode(out[:], h.Sum(nil))
	return string(out[:]), nil
}

// setBody replaces r's body by b, readable again through GetBody.
func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

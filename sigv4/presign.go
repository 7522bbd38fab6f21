package sigv4

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Presign returns r's URL signed with query parameters: X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, X-Amz-Expires (left out when expires is
// 0), X-Amz-SignedHeaders, X-Amz-Security-Token (when creds has a session
// token) and X-Amz-Signature. Those parameters already in the URL are
// replaced, and the query of the result is in canonical form. expires may
// not exceed MaxPresignExpires (7 days). r is not modified.
//
// The signature covers the host and r's headers as Sign does, so any header
// of r must be sent with the URL; a request without extra headers signs
// only the host. X-Amz-* headers are not moved into the query. payloadHash
// is as for Sign; UNSIGNED-PAYLOAD is the usual choice for a URL handed to
// someone else, and the verifier then needs it in an X-Amz-Content-Sha256
// header or query parameter.
func Presign(r *http.Request, creds Credentials, payloadHash, service, region string, expires time.Duration, now time.Time, opts ...Option) (*url.URL, error) {
	cfg := newSignConfig(opts)
	if err := checkCredentials(creds); err != nil {
		return nil, err
	}
	if expires < 0 || expires > MaxPresignExpires {
		return nil, errors.New("sigv4: presign expiry must be between 0 and 7 days")
	}
	ph, err := resolvePayloadHash(r, payloadHash)
	if err != nil {
		return nil, err
	}
	amzDate := formatAmzDate(now)
	scope := amzDate[:scopeDateLen] + "/" + region + "/" + service + "/" + terminator
	host, _ := signingHost(r)
	headers := headersToSign(r, host, false)
	var signedHeaders []byte
	for i, h := range headers {
		if i > 0 {
			signedHeaders = append(signedHeaders, ';')
		}
		signedHeaders = append(signedHeaders, h.name...)
	}

	q := withoutParams(r.URL.RawQuery, paramAlgorithm, paramCredential, paramDate, paramExpires,
		paramSignedHeaders, paramSecurityToken, paramSignature)
	auth := paramAlgorithm + "=" + Algorithm +
		"&" + paramCredential + "=" + string(appendEncoded(nil, creds.AccessKeyID+"/"+scope, false)) +
		"&" + paramDate + "=" + amzDate +
		"&" + paramSignedHeaders + "=" + string(appendEncoded(nil, string(signedHeaders), false))
	if expires > 0 {
		auth += "&" + paramExpires + "=" + strconv.FormatInt(int64(expires/time.Second), 10)
	}
	token := ""
	if creds.SessionToken != "" {
		token = "&" + paramSecurityToken + "=" + string(appendEncoded(nil, creds.SessionToken, false))
		if !cfg.unsignedToken {
			auth += token
			token = ""
		}
	}
	if q != "" {
		q += "&"
	}
	canonicalQuery := CanonicalQuery(q + auth)

	d := computeSignature(&signInput{
		method:      r.Method,
		path:        clientPath(r.URL),
		rawQuery:    canonicalQuery,
		headers:     headers,
		payloadHash: ph,
		normalize:   !cfg.noNormalize,
		amzDate:     amzDate,
		region:      region,
		service:     service,
		secret:      creds.SecretAccessKey,
	}, cfg.cache)
	if cfg.details != nil {
		*cfg.details = d
	}
	u := *r.URL
	u.RawQuery = canonicalQuery + "&" + paramSignature + "=" + d.Signature + token
	u.ForceQuery = false
	return &u, nil
}

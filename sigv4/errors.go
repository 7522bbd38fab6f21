package sigv4

import (
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Kind identifies one entry of the error table. Two *Error values with the
// same Kind match under errors.Is, whatever their messages.
type Kind uint8

// The kinds of verification failure, in the order AWS checks them.
const (
	// KindMissingAuthenticationToken: neither an Authorization header nor
	// presigned query parameters.
	KindMissingAuthenticationToken Kind = iota + 1
	// KindIncompleteSignature: an Authorization header or presigned query
	// that lacks a part, has a malformed part or an unknown algorithm.
	KindIncompleteSignature
	// KindSignatureExpired: the signing date is more than 5 minutes old.
	KindSignatureExpired
	// KindSignatureNotYetCurrent: the signing date is more than 5 minutes ahead.
	KindSignatureNotYetCurrent
	// KindHostNotSigned: SignedHeaders does not list host.
	KindHostNotSigned
	// KindCredentialScope: the credential scope names another region,
	// service, terminator or date.
	KindCredentialScope
	// KindUnrecognizedClient: the access key (or session token) is unknown.
	KindUnrecognizedClient
	// KindExpiredToken: the session token has expired.
	KindExpiredToken
	// KindSignatureDoesNotMatch: the signature differs from the one computed.
	KindSignatureDoesNotMatch
	// KindRequestExpired: a presigned URL used after its X-Amz-Expires.
	KindRequestExpired
	// KindInvalidExpires: X-Amz-Expires is not a number of seconds in [0, 604800].
	KindInvalidExpires
	// KindRequestTooLarge: the body exceeds the size Verify reads.
	KindRequestTooLarge
	// KindInvalidContentSHA256: X-Amz-Content-Sha256 is neither
	// UNSIGNED-PAYLOAD nor a hex SHA-256.
	KindInvalidContentSHA256
	// KindContentSHA256Mismatch: the body does not hash to X-Amz-Content-Sha256.
	KindContentSHA256Mismatch
)

// errorSpec is one row of the table: the x-amzn-ErrorType, the HTTP status
// and, for kinds whose text never varies, the message.
type errorSpec struct {
	code    string
	status  int
	message string
}

// errorTable maps each Kind to its wire form. API Gateway answers every
// authentication failure with 403; the few 400/413 rows come from S3 and
// the API Gateway front end, which are the AWS services that define them.
var errorTable = [...]errorSpec{
	KindMissingAuthenticationToken: {"MissingAuthenticationTokenException", 403, "Missing Authentication Token"},
	KindIncompleteSignature:        {"IncompleteSignatureException", 403, ""},
	KindSignatureExpired:           {"InvalidSignatureException", 403, ""},
	KindSignatureNotYetCurrent:     {"InvalidSignatureException", 403, ""},
	KindHostNotSigned:              {"InvalidSignatureException", 403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
	KindCredentialScope:            {"InvalidSignatureException", 403, ""},
	KindUnrecognizedClient:         {"UnrecognizedClientException", 403, "The security token included in the request is invalid."},
	KindExpiredToken:               {"ExpiredTokenException", 403, "The security token included in the request is expired"},
	KindSignatureDoesNotMatch:      {"InvalidSignatureException", 403, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."},
	KindRequestExpired:             {"AccessDenied", 403, "Request has expired"},
	KindInvalidExpires:             {"AuthorizationQueryParametersError", 400, ""},
	KindRequestTooLarge:            {"BadRequestException", 413, ""},
	KindInvalidContentSHA256:       {"InvalidArgument", 400, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value."},
	KindContentSHA256Mismatch:      {"XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed."},
}

// Error is a verification failure in AWS's wire terms: Code goes to the
// x-amzn-ErrorType header, Message to the body, Status is the HTTP status.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Status  int

	// CanonicalRequest and StringToSign are what Verify computed, set only
	// for KindSignatureDoesNotMatch, to help a client find its mistake (AWS
	// returns them in its own message). They can contain a signed session
	// token: do not log them.
	CanonicalRequest string
	StringToSign     string
}

// Error implements error.
func (e *Error) Error() string { return "sigv4: " + e.Code + ": " + e.Message }

// Is reports whether target is an *Error of the same Kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
}

// NewError returns the error of kind k. An empty message takes the table's
// fixed message for k.
func NewError(k Kind, message string) *Error {
	var spec errorSpec
	if int(k) < len(errorTable) {
		spec = errorTable[k]
	}
	if message == "" {
		message = spec.message
	}
	return &Error{Kind: k, Code: spec.code, Message: message, Status: spec.status}
}

// MissingAuthenticationToken: 403 "Missing Authentication Token".
func MissingAuthenticationToken() *Error { return NewError(KindMissingAuthenticationToken, "") }

// UnrecognizedClient: 403 "The security token included in the request is
// invalid." A CredentialLookup returns it for an unknown access key or token.
func UnrecognizedClient() *Error { return NewError(KindUnrecognizedClient, "") }

// ExpiredToken: 403 "The security token included in the request is
// expired". A CredentialLookup returns it for an expired session token.
func ExpiredToken() *Error { return NewError(KindExpiredToken, "") }

// SignatureDoesNotMatch: 403 "The request signature we calculated does not
// match the signature you provided. ..."
func SignatureDoesNotMatch() *Error { return NewError(KindSignatureDoesNotMatch, "") }

// SignatureExpired: "Signature expired: {date} is now earlier than
// {now-5min} ({now} - 5 min.)".
func SignatureExpired(date, now time.Time) *Error {
	return NewError(KindSignatureExpired, "Signature expired: "+formatAmzDate(date)+
		" is now earlier than "+formatAmzDate(now.Add(-ClockSkew))+
		" ("+formatAmzDate(now)+" - 5 min.)")
}

// SignatureNotYetCurrent: "Signature not yet current: {date} is still later
// than {now+5min} ({now} + 5 min.)".
func SignatureNotYetCurrent(date, now time.Time) *Error {
	return NewError(KindSignatureNotYetCurrent, "Signature not yet current: "+formatAmzDate(date)+
		" is still later than "+formatAmzDate(now.Add(ClockSkew))+
		" ("+formatAmzDate(now)+" + 5 min.)")
}

// RequestExpired: a presigned URL past its X-Amz-Expires, 403 "Request has expired".
func RequestExpired() *Error { return NewError(KindRequestExpired, "") }

// RequestTooLarge: 413 "HTTP content length exceeded {limit} bytes.".
func RequestTooLarge(limit int64) *Error {
	return NewError(KindRequestTooLarge, "HTTP content length exceeded "+strconv.FormatInt(limit, 10)+" bytes.")
}

// ContentSHA256Mismatch: 400, the body does not hash to X-Amz-Content-Sha256.
func ContentSHA256Mismatch() *Error { return NewError(KindContentSHA256Mismatch, "") }

// Messages of IncompleteSignatureException, as AWS words them.
const (
	msgRequiresCredential    = "Authorization header requires 'Credential' parameter. "
	msgRequiresSignature     = "Authorization header requires 'Signature' parameter. "
	msgRequiresSignedHeaders = "Authorization header requires 'SignedHeaders' parameter. "
	msgRequiresDate          = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
	msgQueryCredential       = "AWS query-string parameters must include 'X-Amz-Credential'. "
	msgQuerySignature        = "AWS query-string parameters must include 'X-Amz-Signature'. "
	msgQuerySignedHeaders    = "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
	msgQueryDate             = "AWS query-string parameters must include 'X-Amz-Date'. "
	msgQueryReexamine        = "Re-examine the query-string parameters."
)

// incompleteAuthorization lists every missing part and echoes the header.
func incompleteAuthorization(missing []string, header string) *Error {
	return NewError(KindIncompleteSignature, strings.Join(missing, "")+"Authorization="+header)
}

// incompleteQuery lists every missing presigned query parameter.
func incompleteQuery(missing []string) *Error {
	return NewError(KindIncompleteSignature, strings.Join(missing, "")+msgQueryReexamine)
}

// missingEqualSign reports an Authorization parameter without '='. API
// Gateway does not echo the parameter; it shows its SHA-256 in base64.
func missingEqualSign(param string) *Error {
	sum := sha256.Sum256([]byte(param))
	return NewError(KindIncompleteSignature,
		"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '"+
			base64.StdEncoding.EncodeToString(sum[:])+"'.")
}

func unsupportedAlgorithm(alg string) *Error {
	return NewError(KindIncompleteSignature, "Unsupported AWS 'algorithm': '"+alg+"' (only AWS4-HMAC-SHA256 for now). ")
}

func malformedCredential(cred string) *Error {
	return NewError(KindIncompleteSignature,
		"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"+cred+"'")
}

func malformedDate(v string) *Error {
	return NewError(KindIncompleteSignature,
		"Date must be in ISO-8601 'basic format'. Got '"+v+"'. See http://en.wikipedia.org/wiki/ISO_8601")
}

func invalidExpires(message string) *Error { return NewError(KindInvalidExpires, message) }

const (
	msgExpiresNotNumber = "X-Amz-Expires should be a number"
	msgExpiresNegative  = "X-Amz-Expires must be non-negative"
	msgExpiresTooLarge  = "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"
)

// Package sigv4 signs and verifies HTTP requests with AWS Signature
// Version 4, the way AWS services other than S3 do, with AWS's own error
// codes and messages. It depends only on the standard library.
//
// # Signing
//
// Sign adds X-Amz-Date, X-Amz-Security-Token and Authorization to a
// request; Presign returns a URL carrying the signature in its query. Both
// produce the same signatures as the AWS SDK for Go v2 (tested against it)
// and pass the AWS Signature Version 4 test suite (testdata/v4).
// CaptureDetails exposes the canonical request and the string to sign.
//
// # Verifying
//
// Verify (or a Verifier built once with NewVerifier) checks a received
// request signed with an Authorization header or presigned query
// parameters. A CredentialLookup maps the access key id (and session
// token) to the secret; derived signing keys can be kept in a KeyCache.
// What Verify checks, in AWS's order:
//
//   - the Authorization header (or query parameters) is complete;
//   - X-Amz-Date (or the Date header) is within 5 minutes of now, or a
//     presigned URL is within its X-Amz-Expires (at most 7 days);
//   - host is a signed header;
//   - the algorithm is AWS4-HMAC-SHA256 and the credential scope names the
//     expected region, service, date and aws4_request;
//   - the CredentialLookup knows the access key;
//   - the signature matches, compared in constant time;
//   - the body matches X-Amz-Content-Sha256 when that header carries a hash.
//
// Failures are *Error values carrying the x-amzn-ErrorType code, the
// message and the HTTP status API Gateway answers with.
//
// # Canonical form
//
// The canonical URI is the path as the client sent it (r.RequestURI on a
// server), normalized (dot segments and empty segments removed, a trailing
// slash kept) and percent-encoded a second time, so "/a%20b" signs as
// "/a%2520b". Because some SDKs never normalize, Verify also accepts a
// signature over the path exactly as sent. Query parameters are decoded,
// re-encoded with only unreserved characters left as they are, and sorted
// by name, then value. Header values are trimmed and each run of
// whitespace becomes one space; repeated headers join with ",".
//
// X-Amz-Security-Token is accepted signed or unsigned: some clients add it
// after signing, and API Gateway accepts that.
package sigv4

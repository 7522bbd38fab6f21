package creds

import (
	"encoding/binary"
	"errors"
	"time"
	"unsafe"
)

// Authentication types of Cognito identities, as API Gateway reports them in
// cognitoAuthenticationType.
const (
	AuthTypeAuthenticated   = "authenticated"
	AuthTypeUnauthenticated = "unauthenticated"
)

// SessionNameCognito is the session name of credentials that an identity
// pool hands out (GetCredentialsForIdentity).
const SessionNameCognito = "CognitoIdentityCredentials"

// SessionSpec describes temporary credentials to mint.
type SessionSpec struct {
	// RoleARN is a role declared in the configuration.
	RoleARN string
	// SessionName is "CognitoIdentityCredentials" for identity pools, the
	// RoleSessionName for STS.
	SessionName string
	// IdentityID is the Cognito identity id, {region}:{uuid}; "" for plain
	// STS web identity.
	IdentityID     string
	IdentityPoolID string
	// AuthType is "authenticated", "unauthenticated" or "".
	AuthType string
	// Provider is the provider name the identity signed in with, as in
	// Logins: "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo";
	// "" for none.
	Provider string
	// Sub is the user's sub ("" for unauthenticated identities).
	Sub string
	// Duration is the credentials' lifetime: 0 means the role's
	// max_session; longer durations are capped at it.
	Duration time.Duration
}

// Credentials are temporary AWS credentials, as clients receive them.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// Expiration is a whole second, in UTC.
	Expiration time.Time
}

// Session is what a session token seals: the SessionSpec it was minted for
// and the credentials' keys and lifetime.
type Session struct {
	RoleARN        string
	SessionName    string
	IdentityID     string
	IdentityPoolID string
	AuthType       string
	Provider       string
	Sub            string

	AccessKeyID     string
	SecretAccessKey string
	// ARN is the assumed-role ARN of the session,
	// arn:aws:sts::{acct}:assumed-role/{roleName}/{sessionName}.
	ARN string
	// IssuedAt and Expiration are whole seconds, in UTC.
	IssuedAt   time.Time
	Expiration time.Time
}

// Errors of Open. Lookup turns them into sigv4's UnrecognizedClient and
// ExpiredToken.
var (
	// ErrInvalidToken: the session token is malformed, truncated, altered,
	// sealed by another key ring or under a key this ring has retired.
	ErrInvalidToken = errors.New("creds: the security token is invalid")
	// ErrExpiredToken: the session token is genuine but has expired.
	ErrExpiredToken = errors.New("creds: the security token has expired")
)

// sessionFormat is the first byte of an encoded session: the layout below.
const sessionFormat = 1

// encodeSession lays s out as
//
//	format (1) ‖ varint IssuedAt (unix s) ‖ uvarint lifetime (s) ‖
//	10 × (uvarint length ‖ bytes): AccessKeyID, SecretAccessKey, RoleARN,
//	ARN, SessionName, IdentityID, IdentityPoolID, AuthType, Provider, Sub
//
// Compact, so that session tokens stay short, and cheap to decode.
func encodeSession(s *Session) []byte {
	fields := s.fields()
	n := 1 + 2*binary.MaxVarintLen64
	for _, f := range fields {
		n += binary.MaxVarintLen64 + len(*f)
	}
	b := make([]byte, 0, n)
	b = append(b, sessionFormat)
	b = binary.AppendVarint(b, s.IssuedAt.Unix())
	b = binary.AppendUvarint(b, uint64(s.Expiration.Unix()-s.IssuedAt.Unix()))
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(*f)))
		b = append(b, *f...)
	}
	return b
}

// fields returns the string fields of s in their encoded order.
func (s *Session) fields() [10]*string {
	return [10]*string{&s.AccessKeyID, &s.SecretAccessKey, &s.RoleARN, &s.ARN, &s.SessionName,
		&s.IdentityID, &s.IdentityPoolID, &s.AuthType, &s.Provider, &s.Sub}
}

// maxLifetime bounds the lifetime a decoded session may claim (IAM's
// longest role session is 12 h).
const maxLifetime = 36 * 3600

// decodeSession reads what encodeSession wrote into s. It takes ownership
// of b: the strings of s share its memory, so b must never change after.
func decodeSession(b []byte, s *Session) bool {
	if len(b) < 1 || b[0] != sessionFormat {
		return false
	}
	// One string for every field: b is the fresh plaintext of the AEAD and
	// is not written again, so sharing it is safe and saves an allocation
	// per field.
	all := unsafe.String(unsafe.SliceData(b), len(b))
	i := 1
	iat, n := binary.Varint(b[i:])
	if n <= 0 {
		return false
	}
	i += n
	life, n := binary.Uvarint(b[i:])
	if n <= 0 || life > maxLifetime {
		return false
	}
	i += n
	for _, f := range s.fields() {
		l, n := binary.Uvarint(b[i:])
		if n <= 0 || l > uint64(len(b)-i-n) {
			return false
		}
		i += n
		*f = all[i : i+int(l)]
		i += int(l)
	}
	if i != len(b) {
		return false
	}
	s.IssuedAt = time.Unix(iat, 0).UTC()
	s.Expiration = time.Unix(iat+int64(life), 0).UTC()
	return true
}

package creds

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
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
	// arn:aws:sts::{acct}:assumed-role/{roleName}/{sessionName}. Session
	// tokens do not carry it: decoding derives it from RoleARN and
	// SessionName.
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

// Formats of encoded sessions: the first byte. sessionFormat is the one
// encodeSession writes; decodeSession still reads sessionFormatV1, so that
// the tokens an older node minted keep working until they expire.
const (
	sessionFormatV1 = 1
	sessionFormat   = 2
)

// encodeSession lays s out as
//
//	format (2) ‖ varint IssuedAt (unix s) ‖ uvarint lifetime (s) ‖
//	10 × (kind (1) ‖ value): AccessKeyID, SecretAccessKey, RoleARN, ARN,
//	SessionName, IdentityID, IdentityPoolID, AuthType, Provider, Sub
//
// where the kind (the kind* constants) says how the value is stored: a
// literal (uvarint length ‖ bytes) or, when the value has one of a few
// exact shapes, more compactly (a UUID as its 16 bytes, the assumed-role
// ARN derived from RoleARN and SessionName, a region already given by an
// earlier value left out, ...). Every value round-trips byte for byte: a
// value not exactly of a compact shape is a literal.
//
// With derivedKeys, the access key id and secret are not written but
// marked as derived (kindDerivedKeyID, kindDerivedSecret): they are made
// of bytes the key ring derives from the sealed token (see
// keys.Ring.SealDerived), which decodeSession is given.
//
// Compact, so that session tokens, which clients send with every request,
// stay short; and cheap to decode.
func encodeSession(s *Session, derivedKeys bool) []byte {
	fields := s.fields()
	n := 1 + 2*binary.MaxVarintLen64
	for _, f := range fields {
		n += 1 + binary.MaxVarintLen64 + len(*f)
	}
	b := make([]byte, 0, n)
	b = append(b, sessionFormat)
	b = binary.AppendVarint(b, s.IssuedAt.Unix())
	b = binary.AppendUvarint(b, uint64(s.Expiration.Unix()-s.IssuedAt.Unix()))
	var region string // the region of the last identity id or provider
	for i, f := range fields {
		switch {
		case i == fieldARN && isAssumedRoleARN(s.ARN, s.RoleARN, s.SessionName):
			b = append(b, kindAssumedRoleARN)
			continue
		case derivedKeys && i == fieldAccessKeyID:
			b = append(b, kindDerivedKeyID)
			continue
		case derivedKeys && i == fieldSecret:
			b = append(b, kindDerivedSecret)
			continue
		}
		b = appendValue(b, *f, &region)
	}
	return b
}

// fields returns the string fields of s in their encoded order.
func (s *Session) fields() [10]*string {
	return [10]*string{&s.AccessKeyID, &s.SecretAccessKey, &s.RoleARN, &s.ARN, &s.SessionName,
		&s.IdentityID, &s.IdentityPoolID, &s.AuthType, &s.Provider, &s.Sub}
}

// Indexes in Session.fields of the keys and of the fields the ARN is
// derived from.
const (
	fieldAccessKeyID = 0
	fieldSecret      = 1
	fieldRoleARN     = 2
	fieldARN         = 3
	fieldSessionName = 4
)

// Kinds of encoded values (format 2). The current region, which the
// *Again kinds leave out, is the region of the last value of kind
// kindRegionUUID or kindCognitoProvider before them.
const (
	kindEmpty                = iota // ""
	kindLiteral                     // uvarint length ‖ bytes
	kindUUID                        // 16 bytes: a canonical lowercase UUID
	kindRegionUUID                  // uvarint length ‖ region ‖ 16 bytes: "{region}:{uuid}"
	kindAuthenticated               // AuthTypeAuthenticated
	kindUnauthenticated             // AuthTypeUnauthenticated
	kindSessionCognito              // SessionNameCognito
	kindCognitoProvider             // uvarint length ‖ pool id: "cognito-idp.{region}.amazonaws.com/{region}_…"
	kindTemporaryKeyID              // 10 bytes: "ASIA" and 16 characters of idAlphabet, 5 bits each
	kindSecret                      // 30 bytes: 40 characters of secretAlphabet, 6 bits each
	kindAssumedRoleARN              // nothing: arn:aws:sts::{acct}:assumed-role/{roleName}/{sessionName}, ARN only
	kindRoleARN                     // 5 bytes ‖ uvarint length ‖ rest: "arn:aws:iam::{12-digit account}:role/{rest}"
	kindRegionUUIDAgain             // 16 bytes: kindRegionUUID in the current region
	kindCognitoProviderAgain        // uvarint length ‖ suffix: kindCognitoProvider of the pool "{current region}_{suffix}"
	kindDerivedKeyID                // nothing: appendKeyID of the derived bytes, AccessKeyID only
	kindDerivedSecret               // nothing: appendSecret of the derived bytes, SecretAccessKey only
)

const (
	uuidLength        = 36
	packedKeyIDLength = (accessKeyIDLength - len(prefixTemporaryKey)) * 5 / 8
	packedSecretLen   = secretKeyLength * 6 / 8

	providerPrefix = "cognito-idp."
	providerInfix  = ".amazonaws.com/"

	roleARNPrefix    = "arn:aws:iam::"
	roleARNInfix     = ":role/"
	accountLength    = 12 // digits of an AWS account id
	packedAccountLen = 5  // bytes of a 12-digit number (< 2^40)
	assumedARNPrefix = "arn:aws:sts::"
	assumedARNInfix  = ":assumed-role/"
)

// appendValue appends v to b in its most compact kind. region is the
// current region, which it updates.
func appendValue(b []byte, v string, region *string) []byte {
	switch v {
	case "":
		return append(b, kindEmpty)
	case AuthTypeAuthenticated:
		return append(b, kindAuthenticated)
	case AuthTypeUnauthenticated:
		return append(b, kindUnauthenticated)
	case SessionNameCognito:
		return append(b, kindSessionCognito)
	}
	if isCanonicalUUID(v) {
		return appendUUID(append(b, kindUUID), v)
	}
	if r, u, ok := splitRegionUUID(v); ok {
		if r == *region {
			return appendUUID(append(b, kindRegionUUIDAgain), u)
		}
		*region = r
		b = append(b, kindRegionUUID)
		b = binary.AppendUvarint(b, uint64(len(r)))
		return appendUUID(append(b, r...), u)
	}
	if pool, ok := cognitoProviderPool(v); ok {
		r, _ := poolRegion(pool)
		if r == *region {
			suffix := pool[len(r)+1:]
			b = append(b, kindCognitoProviderAgain)
			b = binary.AppendUvarint(b, uint64(len(suffix)))
			return append(b, suffix...)
		}
		*region = r
		b = append(b, kindCognitoProvider)
		b = binary.AppendUvarint(b, uint64(len(pool)))
		return append(b, pool...)
	}
	if acct, rest, ok := splitRoleARNAccount(v); ok {
		b = append(b, kindRoleARN, byte(acct>>32), byte(acct>>24), byte(acct>>16), byte(acct>>8), byte(acct))
		b = binary.AppendUvarint(b, uint64(len(rest)))
		return append(b, rest...)
	}
	if isTemporaryKeyID(v) {
		return appendBits(append(b, kindTemporaryKeyID), v[len(prefixTemporaryKey):], &idIndex, 5)
	}
	if isSecret(v) {
		return appendBits(append(b, kindSecret), v, &secretIndex, 6)
	}
	b = append(b, kindLiteral)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// isCanonicalUUID reports whether v is a UUID in its canonical lowercase
// form, 8-4-4-4-12 hex digits.
func isCanonicalUUID(v string) bool {
	if len(v) != uuidLength {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// splitRegionUUID splits "{region}:{uuid}", with a canonical UUID and a
// non-empty region, as identity ids and identity pool ids are.
func splitRegionUUID(v string) (region, uuid string, ok bool) {
	i := len(v) - uuidLength - 1
	if i < 1 || v[i] != ':' || !isCanonicalUUID(v[i+1:]) {
		return "", "", false
	}
	return v[:i], v[i+1:], true
}

// cognitoProviderPool returns the user pool id of a provider name
// "cognito-idp.{region}.amazonaws.com/{region}_…", when v is exactly that.
func cognitoProviderPool(v string) (pool string, ok bool) {
	i := strings.Index(v, providerInfix)
	if i < 0 || !strings.HasPrefix(v, providerPrefix) {
		return "", false
	}
	pool = v[i+len(providerInfix):]
	r, ok := poolRegion(pool)
	if !ok || len(v) != len(providerPrefix)+len(r)+len(providerInfix)+len(pool) || v[len(providerPrefix):i] != r {
		return "", false
	}
	return pool, true
}

// poolRegion returns the region of a user pool id, "{region}_…".
func poolRegion(pool string) (string, bool) {
	i := strings.IndexByte(pool, '_')
	if i < 1 {
		return "", false
	}
	return pool[:i], true
}

// isAssumedRoleARN reports whether arn is the one derived from a role ARN
// arn:aws:iam::{acct}:role/{path}{roleName}, as Mint makes it:
// arn:aws:sts::{acct}:assumed-role/{roleName}/{sessionName}.
func isAssumedRoleARN(arn, roleARN, sessionName string) bool {
	acct, name, ok := splitRoleARN(roleARN)
	if !ok {
		return false
	}
	rest, ok := strings.CutPrefix(arn, assumedARNPrefix)
	if !ok {
		return false
	}
	for _, part := range [...]string{acct, assumedARNInfix, name, "/"} {
		if rest, ok = strings.CutPrefix(rest, part); !ok {
			return false
		}
	}
	return rest == sessionName
}

// splitRoleARN returns the account and name of a role ARN.
func splitRoleARN(roleARN string) (acct, name string, ok bool) {
	rest, ok := strings.CutPrefix(roleARN, roleARNPrefix)
	if !ok {
		return "", "", false
	}
	acct, rest, ok = strings.Cut(rest, ":")
	if !ok || acct == "" || !strings.HasPrefix(rest, "role/") {
		return "", "", false
	}
	name = rest[strings.LastIndexByte(rest, '/')+1:]
	if name == "" {
		return "", "", false
	}
	return acct, name, true
}

// splitRoleARNAccount splits a role ARN "arn:aws:iam::{acct}:role/{rest}"
// whose account is 12 decimal digits into the account's value and rest.
func splitRoleARNAccount(v string) (acct uint64, rest string, ok bool) {
	v, ok = strings.CutPrefix(v, roleARNPrefix)
	if !ok || len(v) < accountLength || !strings.HasPrefix(v[accountLength:], roleARNInfix) {
		return 0, "", false
	}
	for i := range accountLength {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, "", false
		}
		acct = acct*10 + uint64(c-'0')
	}
	return acct, v[accountLength+len(roleARNInfix):], true
}

// maxAccount bounds the packed accounts of kindRoleARN: 12 digits.
const maxAccount = 999_999_999_999

// packedAccount is the value of the packed account at the start of p.
func packedAccount(p []byte) uint64 {
	var acct uint64
	for _, c := range p[:packedAccountLen] {
		acct = acct<<8 | uint64(c)
	}
	return acct
}

// appendAccount appends the 12 digits, leading zeros included, of the
// packed account at the start of p.
func appendAccount(dst, p []byte) []byte {
	acct := packedAccount(p)
	var d [accountLength]byte
	for i := accountLength - 1; i >= 0; i-- {
		d[i] = byte('0' + acct%10)
		acct /= 10
	}
	return append(dst, d[:]...)
}

// isSecret reports whether v has the shape of the secrets appendSecret
// makes (and that earlier versions wrote into tokens).
func isSecret(v string) bool {
	if len(v) != secretKeyLength {
		return false
	}
	for i := 0; i < len(v); i++ {
		if secretIndex[v[i]] < 0 {
			return false
		}
	}
	return true
}

// idIndex and secretIndex map the characters of idAlphabet and
// secretAlphabet to their values, others to -1.
var idIndex, secretIndex = alphabetIndex(idAlphabet), alphabetIndex(secretAlphabet)

func alphabetIndex(alphabet string) (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}

// appendBits appends the values of the characters of v (all in index),
// width bits each, most significant first. len(v)×width is a multiple of 8.
func appendBits(b []byte, v string, index *[256]int8, width uint) []byte {
	var acc uint32
	var n uint
	for i := 0; i < len(v); i++ {
		acc = acc<<width | uint32(index[v[i]])
		n += width
		for n >= 8 {
			n -= 8
			b = append(b, byte(acc>>n))
		}
	}
	return b
}

// expandBits is the inverse of appendBits: it appends the characters of
// the len(p)×8/width values in p. len(p) is a multiple of width: every
// width bytes are 8 characters.
func expandBits(dst, p []byte, alphabet string, width uint) []byte {
	mask := uint64(1)<<width - 1
	for ; len(p) >= int(width); p = p[width:] {
		var acc uint64
		for _, c := range p[:width] {
			acc = acc<<8 | uint64(c)
		}
		var chars [8]byte
		for j := range chars {
			chars[j] = alphabet[acc>>(width*uint(7-j))&mask]
		}
		dst = append(dst, chars[:]...)
	}
	return dst
}

// uuidDigits are the offsets in a canonical UUID of its 16 bytes' hex
// digits.
var uuidDigits = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

const hexDigits = "0123456789abcdef"

// appendUUID appends the 16 bytes of a canonical UUID.
func appendUUID(b []byte, u string) []byte {
	for _, d := range uuidDigits {
		b = append(b, hexValue(u[d])<<4|hexValue(u[d+1]))
	}
	return b
}

// hexValue is the value of a lowercase hex digit.
func hexValue(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

// expandUUID appends the canonical form of the 16 bytes p.
func expandUUID(dst, p []byte) []byte {
	var u [uuidLength]byte
	for i, d := range uuidDigits {
		u[d], u[d+1] = hexDigits[p[i]>>4], hexDigits[p[i]&15]
	}
	u[8], u[13], u[18], u[23] = '-', '-', '-', '-'
	return append(dst, u[:]...)
}

// maxLifetime bounds the lifetime a decoded session may claim (IAM's
// longest role session is 12 h).
const maxLifetime = 36 * 3600

// decodeSession reads what encodeSession wrote (or what format 1 wrote)
// into s, with derived the bytes the key ring derived from the sealed
// token (derivedKeysLen bytes; nil when there are none, which makes
// derived keys malformed). It takes ownership of b: the strings of s may
// share its memory, so b must never change after. A malformed b gives
// false, never a panic.
func decodeSession(b []byte, s *Session, derived []byte) bool {
	if len(b) < 1 {
		return false
	}
	switch b[0] {
	case sessionFormat:
		return decodeSessionV2(b, s, derived)
	case sessionFormatV1:
		return decodeSessionV1(b, s)
	}
	return false
}

// decodeTimes reads IssuedAt and the lifetime after the format byte, and
// returns the offset of what follows, or 0 when they are malformed.
func decodeTimes(b []byte, s *Session) int {
	i := 1
	iat, n := binary.Varint(b[i:])
	if n <= 0 {
		return 0
	}
	i += n
	life, n := binary.Uvarint(b[i:])
	if n <= 0 || life > maxLifetime {
		return 0
	}
	i += n
	s.IssuedAt = time.Unix(iat, 0).UTC()
	s.Expiration = time.Unix(iat+int64(life), 0).UTC()
	return i
}

// decodeSessionV1 reads format 1: 10 × (uvarint length ‖ bytes), in the
// order of Session.fields, after the times.
func decodeSessionV1(b []byte, s *Session) bool {
	// One string for every field: b is the fresh plaintext of the AEAD and
	// is not written again, so sharing it is safe and saves an allocation
	// per field.
	all := unsafe.String(unsafe.SliceData(b), len(b))
	i := decodeTimes(b, s)
	if i == 0 {
		return false
	}
	for _, f := range s.fields() {
		l, n := binary.Uvarint(b[i:])
		if n <= 0 || l > uint64(len(b)-i-n) {
			return false
		}
		i += n
		*f = all[i : i+int(l)]
		i += int(l)
	}
	return i == len(b)
}

// decodedValue is a value of format 2 as read: its kind and the bytes that
// follow the kind (the literal, the packed bytes, the region and UUID, the
// pool id or its suffix, the account and the rest of a role ARN).
type decodedValue struct {
	kind byte
	data []byte
	// off is the offset of data in the encoded session.
	off int
	// region is the length of the region of kindRegionUUID.
	region int
	// again is the current region, for the *Again kinds.
	again []byte
	// acct is the packed account of kindRoleARN, whose data is the rest.
	acct []byte
}

// readValue reads the value at b[i:], and returns the offset after it, or
// 0 when it is malformed. region is the current region, which it updates.
func readValue(b []byte, i int, v *decodedValue, region *[]byte) int {
	if i >= len(b) {
		return 0
	}
	v.kind = b[i]
	i++
	fixed := 0
	switch v.kind {
	case kindEmpty, kindAuthenticated, kindUnauthenticated, kindSessionCognito, kindAssumedRoleARN,
		kindDerivedKeyID, kindDerivedSecret:
		v.data = nil
		return i
	case kindUUID:
		fixed = 16
	case kindRegionUUIDAgain:
		if len(*region) == 0 {
			return 0
		}
		v.again, fixed = *region, 16
	case kindTemporaryKeyID:
		fixed = packedKeyIDLength
	case kindSecret:
		fixed = packedSecretLen
	case kindLiteral, kindRegionUUID, kindCognitoProvider, kindCognitoProviderAgain, kindRoleARN:
		if v.kind == kindRoleARN {
			if len(b)-i < packedAccountLen || packedAccount(b[i:]) > maxAccount {
				return 0
			}
			v.acct = b[i : i+packedAccountLen]
			i += packedAccountLen
		}
		l, n := binary.Uvarint(b[i:])
		if n <= 0 || l > uint64(len(b)-i-n) {
			return 0
		}
		i += n
		fixed = int(l)
		switch v.kind {
		case kindRegionUUID:
			if l == 0 {
				return 0
			}
			v.region = int(l)
			fixed += 16
		case kindCognitoProviderAgain:
			if len(*region) == 0 {
				return 0
			}
			v.again = *region
		}
	default:
		return 0
	}
	if fixed > len(b)-i {
		return 0
	}
	v.data, v.off = b[i:i+fixed], i
	switch v.kind {
	case kindRegionUUID:
		*region = v.data[:v.region]
	case kindCognitoProvider:
		if j := bytes.IndexByte(v.data, '_'); j > 0 {
			*region = v.data[:j]
		}
	}
	return i + fixed
}

// expandedLen is the length of the string v stands for, for the kinds
// that decode into new bytes (0 for the others).
func (v *decodedValue) expandedLen() int {
	switch v.kind {
	case kindLiteral:
		return 0
	case kindUUID:
		return uuidLength
	case kindRegionUUID:
		return v.region + 1 + uuidLength
	case kindRegionUUIDAgain:
		return len(v.again) + 1 + uuidLength
	case kindCognitoProvider:
		return len(providerPrefix) + bytes.IndexByte(v.data, '_') + len(providerInfix) + len(v.data)
	case kindCognitoProviderAgain:
		return len(providerPrefix) + 2*len(v.again) + len(providerInfix) + 1 + len(v.data)
	case kindRoleARN:
		return len(roleARNPrefix) + accountLength + len(roleARNInfix) + len(v.data)
	case kindTemporaryKeyID, kindDerivedKeyID:
		return accessKeyIDLength
	case kindSecret, kindDerivedSecret:
		return secretKeyLength
	}
	return 0
}

// valueLen is the length of the string v stands for (0 for the derived
// ARN).
func (v *decodedValue) valueLen() int {
	switch v.kind {
	case kindLiteral:
		return len(v.data)
	case kindAuthenticated:
		return len(AuthTypeAuthenticated)
	case kindUnauthenticated:
		return len(AuthTypeUnauthenticated)
	case kindSessionCognito:
		return len(SessionNameCognito)
	}
	return v.expandedLen()
}

// decodeSessionV2 reads format 2 (see encodeSession).
func decodeSessionV2(b []byte, s *Session, derived []byte) bool {
	all := unsafe.String(unsafe.SliceData(b), len(b))
	i := decodeTimes(b, s)
	if i == 0 {
		return false
	}
	var vals [10]decodedValue
	var region []byte
	size := 0
	for k := range vals {
		v := &vals[k]
		if i = readValue(b, i, v, &region); i == 0 {
			return false
		}
		if v.kind == kindAssumedRoleARN && k != fieldARN ||
			v.kind == kindDerivedKeyID && (k != fieldAccessKeyID || len(derived) != derivedKeysLen) ||
			v.kind == kindDerivedSecret && (k != fieldSecret || len(derived) != derivedKeysLen) {
			return false
		}
		if v.kind == kindCognitoProvider && bytes.IndexByte(v.data, '_') < 1 {
			return false
		}
		size += v.expandedLen()
	}
	if i != len(b) {
		return false
	}
	// The values that do not appear as such in b are written into one
	// buffer, which makes one string: one allocation for all of them. The
	// ARN, derived from the role and session name, comes last; its account
	// and role name are parts of the role ARN.
	if vals[fieldARN].kind == kindAssumedRoleARN {
		size += len(assumedARNPrefix) + len(assumedARNInfix) + 1 +
			vals[fieldRoleARN].valueLen() + vals[fieldSessionName].valueLen()
	}
	buf := make([]byte, 0, size)
	type span struct{ start, end int }
	var spans [10]span
	fields := s.fields()
	for k := range vals {
		v := &vals[k]
		start := len(buf)
		switch v.kind {
		case kindEmpty:
			*fields[k] = ""
		case kindLiteral:
			*fields[k] = all[v.off : v.off+len(v.data)]
		case kindAuthenticated:
			*fields[k] = AuthTypeAuthenticated
		case kindUnauthenticated:
			*fields[k] = AuthTypeUnauthenticated
		case kindSessionCognito:
			*fields[k] = SessionNameCognito
		case kindUUID:
			buf = expandUUID(buf, v.data)
		case kindRegionUUID:
			buf = append(buf, v.data[:v.region]...)
			buf = append(buf, ':')
			buf = expandUUID(buf, v.data[v.region:])
		case kindRegionUUIDAgain:
			buf = append(buf, v.again...)
			buf = append(buf, ':')
			buf = expandUUID(buf, v.data)
		case kindCognitoProvider:
			buf = append(buf, providerPrefix...)
			buf = append(buf, v.data[:bytes.IndexByte(v.data, '_')]...)
			buf = append(buf, providerInfix...)
			buf = append(buf, v.data...)
		case kindCognitoProviderAgain:
			buf = append(buf, providerPrefix...)
			buf = append(buf, v.again...)
			buf = append(buf, providerInfix...)
			buf = append(buf, v.again...)
			buf = append(buf, '_')
			buf = append(buf, v.data...)
		case kindRoleARN:
			buf = append(buf, roleARNPrefix...)
			buf = appendAccount(buf, v.acct)
			buf = append(buf, roleARNInfix...)
			buf = append(buf, v.data...)
		case kindTemporaryKeyID:
			buf = append(buf, prefixTemporaryKey...)
			buf = expandBits(buf, v.data, idAlphabet, 5)
		case kindSecret:
			buf = expandBits(buf, v.data, secretAlphabet, 6)
		case kindDerivedKeyID:
			buf = appendKeyID(buf, derived)
		case kindDerivedSecret:
			buf = appendSecret(buf, derived)
		}
		spans[k] = span{start, len(buf)}
	}
	// value is field k as decoded so far: its string in b or its bytes in
	// buf, valid while buf is only appended to.
	value := func(k int) string {
		if sp := spans[k]; sp.end > sp.start {
			return unsafe.String(&buf[sp.start], sp.end-sp.start)
		}
		return *fields[k]
	}
	if vals[fieldARN].kind == kindAssumedRoleARN {
		acct, name, ok := splitRoleARN(value(fieldRoleARN))
		if !ok {
			return false
		}
		start := len(buf)
		buf = append(buf, assumedARNPrefix...)
		buf = append(buf, acct...)
		buf = append(buf, assumedARNInfix...)
		buf = append(buf, name...)
		buf = append(buf, '/')
		buf = append(buf, value(fieldSessionName)...)
		spans[fieldARN] = span{start, len(buf)}
	}
	if len(buf) > 0 {
		text := unsafe.String(unsafe.SliceData(buf), len(buf))
		for k, sp := range spans {
			if sp.end > sp.start {
				*fields[k] = text[sp.start:sp.end]
			}
		}
	}
	return true
}

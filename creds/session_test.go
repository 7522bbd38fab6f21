package creds

import (
	"bytes"
	"context"
	"encoding/binary"
	"strings"
	"testing"
	"time"
)

// demoSession is the session Mint seals for the demo's identity-pool
// credentials.
func demoSession() Session {
	spec := identitySpec()
	return Session{
		RoleARN: spec.RoleARN, SessionName: spec.SessionName, IdentityID: spec.IdentityID,
		IdentityPoolID: spec.IdentityPoolID, AuthType: spec.AuthType, Provider: spec.Provider, Sub: spec.Sub,
		AccessKeyID: "ASIAQ2ZR7LMXK4B3TNVA", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE",
		ARN:      "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials",
		IssuedAt: time.Unix(1_800_000_000, 0).UTC(), Expiration: time.Unix(1_800_003_600, 0).UTC(),
	}
}

// encodeSessionV1 writes format 1, as nodes before format 2 did.
func encodeSessionV1(s *Session) []byte {
	b := []byte{sessionFormatV1}
	b = binary.AppendVarint(b, s.IssuedAt.Unix())
	b = binary.AppendUvarint(b, uint64(s.Expiration.Unix()-s.IssuedAt.Unix()))
	for _, f := range s.fields() {
		b = binary.AppendUvarint(b, uint64(len(*f)))
		b = append(b, *f...)
	}
	return b
}

// roundTrip encodes s and decodes it again from a copy.
func roundTrip(t *testing.T, s Session) Session {
	t.Helper()
	b := encodeSession(&s, false)
	if b[0] != sessionFormat {
		t.Fatalf("format %d, want %d", b[0], sessionFormat)
	}
	var got Session
	if !decodeSession(bytes.Clone(b), &got, nil) {
		t.Fatalf("decode of %+v refused", s)
	}
	return got
}

// Every field of a session round-trips byte for byte through format 2,
// whether it has one of the compact shapes or not.
func TestSessionRoundTrip(t *testing.T) {
	long := strings.Repeat("x", 2000)
	// roleOfAccount gives the session the role "notes" of account acct.
	roleOfAccount := func(acct string) func(*Session) {
		return func(s *Session) {
			s.RoleARN = "arn:aws:iam::" + acct + ":role/notes"
			s.ARN = "arn:aws:sts::" + acct + ":assumed-role/notes/CognitoIdentityCredentials"
		}
	}
	tests := []struct {
		name string
		edit func(s *Session)
	}{
		{"identity pool", func(*Session) {}},
		{"sts web identity", func(s *Session) {
			s.SessionName, s.IdentityID, s.IdentityPoolID, s.AuthType, s.Provider = "demo-user@example.com", "", "", "", ""
			s.ARN = "arn:aws:sts::123456789012:assumed-role/notes-authenticated/demo-user@example.com"
		}},
		{"unauthenticated", func(s *Session) {
			s.RoleARN, s.AuthType, s.Provider, s.Sub = demoUnauthRole, AuthTypeUnauthenticated, "", ""
			s.ARN = "arn:aws:sts::123456789012:assumed-role/notes-unauthenticated/CognitoIdentityCredentials"
		}},
		{"all empty", func(s *Session) { *s = Session{IssuedAt: s.IssuedAt, Expiration: s.IssuedAt} }},
		{"uppercase uuids", func(s *Session) {
			s.Sub = strings.ToUpper(s.Sub)
			s.IdentityID = "us-east-1:" + strings.ToUpper(s.IdentityID[len("us-east-1:"):])
			s.IdentityPoolID = "us-east-1:0F2A4C6E-8b1d-4e3f-9a5b-7c9d1e2f3a4b"
		}},
		{"uuids of other shapes", func(s *Session) {
			s.Sub = "{" + demoSub + "}"
			s.IdentityID = "us-east-1:" + strings.ReplaceAll(demoIdentity[len("us-east-1:"):], "-", "")
			s.IdentityPoolID = ":" + demoPool[len("us-east-1:"):]
		}},
		{"uuid with a g", func(s *Session) { s.Sub = "7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0g" }},
		{"uuid with misplaced dashes", func(s *Session) { s.Sub = "7d8e9f001-a2b-4c3d-8e4f-5a6b7c8d9e0f" }},
		{"region with a colon", func(s *Session) { s.IdentityID = "a:b:" + demoSub }},
		{"identity id is a bare uuid", func(s *Session) { s.IdentityID = demoSub }},
		{"provider of another region", func(s *Session) {
			s.Provider = "cognito-idp.eu-west-1.amazonaws.com/us-east-1_NotesDemo"
		}},
		{"provider pool without a region", func(s *Session) { s.Provider = "cognito-idp..amazonaws.com/_NotesDemo" }},
		{"provider pool without an underscore", func(s *Session) {
			s.Provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1NotesDemo"
		}},
		{"provider with an empty pool", func(s *Session) { s.Provider = "cognito-idp.us-east-1.amazonaws.com/" }},
		{"provider of another issuer", func(s *Session) { s.Provider = "accounts.google.com" }},
		{"provider with a suffix", func(s *Session) {
			s.Provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo.amazonaws.com/us-east-1_X"
		}},
		{"constants elsewhere", func(s *Session) {
			s.SessionName, s.AuthType, s.Sub = AuthTypeUnauthenticated, SessionNameCognito, AuthTypeAuthenticated
			s.ARN = "arn:aws:sts::123456789012:assumed-role/notes-authenticated/unauthenticated"
		}},
		{"constants in another case", func(s *Session) {
			s.SessionName, s.AuthType = "cognitoIdentityCredentials", "Authenticated"
			s.ARN = "arn:aws:sts::123456789012:assumed-role/notes-authenticated/cognitoIdentityCredentials"
		}},
		{"key id of another shape", func(s *Session) { s.AccessKeyID = "ASIAq2zr7lmxk4b3tnva" }},
		{"long-term key id", func(s *Session) { s.AccessKeyID = "AKIAIOSFODNN7EXAMPLE" }},
		{"short key id", func(s *Session) { s.AccessKeyID = "ASIAQ2ZR7LMXK4B3TNV" }},
		{"secret with padding", func(s *Session) { s.SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEK=" }},
		{"short secret", func(s *Session) { s.SecretAccessKey = s.SecretAccessKey[:39] }},
		{"secret of all 63s", func(s *Session) { s.SecretAccessKey = strings.Repeat("/", 40) }},
		{"ARN of another account", func(s *Session) {
			s.ARN = "arn:aws:sts::210987654321:assumed-role/notes-authenticated/CognitoIdentityCredentials"
		}},
		{"ARN of another session", func(s *Session) {
			s.ARN = "arn:aws:sts::123456789012:assumed-role/notes-authenticated/other"
		}},
		{"role with a path", func(s *Session) {
			s.RoleARN = "arn:aws:iam::123456789012:role/app/team/notes"
			s.ARN = "arn:aws:sts::123456789012:assumed-role/notes/CognitoIdentityCredentials"
		}},
		{"role ARN of another shape", func(s *Session) {
			s.RoleARN = "arn:aws-cn:iam::123456789012:role/notes"
			s.ARN = "arn:aws-cn:sts::123456789012:assumed-role/notes/CognitoIdentityCredentials"
		}},
		{"role ARN ending in a slash", func(s *Session) {
			s.RoleARN = "arn:aws:iam::123456789012:role/"
			s.ARN = "arn:aws:sts::123456789012:assumed-role//CognitoIdentityCredentials"
		}},
		{"ARN empty", func(s *Session) { s.ARN = "" }},
		{"account with leading zeros", roleOfAccount("000000000012")},
		{"account of 11 digits", roleOfAccount("12345678901")},
		{"account of 13 digits", roleOfAccount("1234567890123")},
		{"account with a letter", func(s *Session) { s.RoleARN = "arn:aws:iam::12345678901a:role/notes" }},
		{"account of all 9s", func(s *Session) { s.RoleARN = "arn:aws:iam::999999999999:role/notes" }},
		{"user ARN", func(s *Session) { s.RoleARN = "arn:aws:iam::123456789012:user/notes" }},
		{"pool id of another region", func(s *Session) {
			s.IdentityPoolID = "eu-west-1:" + demoPool[len("us-east-1:"):]
		}},
		{"provider in the pool id's region", func(s *Session) {
			s.IdentityPoolID = "eu-west-1:" + demoPool[len("us-east-1:"):]
			s.Provider = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_NotesDemo"
		}},
		{"region of a prefix of the last", func(s *Session) {
			s.IdentityPoolID = "us-east-:" + demoPool[len("us-east-1:"):]
			s.Provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo"
		}},
		{"sub in the identity id's region", func(s *Session) { s.Sub = "us-east-1:" + demoSub }},
		{"no identity id, provider again", func(s *Session) {
			s.IdentityID, s.IdentityPoolID = "", ""
			s.Sub = "us-east-1:" + demoSub // after the provider: its region
		}},
		{"provider with an empty suffix", func(s *Session) { s.Provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_" }},
		{"max lengths", func(s *Session) {
			s.RoleARN = "arn:aws:iam::123456789012:role/" + strings.Repeat("/p", 200) + "/" + strings.Repeat("r", 64)
			s.SessionName = strings.Repeat("s", 64)
			s.ARN = "arn:aws:sts::123456789012:assumed-role/" + strings.Repeat("r", 64) + "/" + s.SessionName
			s.IdentityID = strings.Repeat("r", 300) + ":" + demoSub
			s.IdentityPoolID = long + ":" + demoSub
			s.Provider = "cognito-idp." + long + ".amazonaws.com/" + long + "_" + long
			s.Sub = long
			s.AuthType = long
		}},
		{"longest lifetime", func(s *Session) { s.Expiration = s.IssuedAt.Add(maxLifetime * time.Second) }},
		{"before 1970", func(s *Session) {
			s.IssuedAt = time.Unix(-86400, 0).UTC()
			s.Expiration = s.IssuedAt.Add(time.Hour)
		}},
		{"bytes not UTF-8", func(s *Session) { s.SessionName = "\xff\x00\xfe" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := demoSession()
			tt.edit(&s)
			if got := roundTrip(t, s); got != s {
				t.Errorf("decoded\n%+v\nwant\n%+v", got, s)
			}
		})
	}
}

// The demo session is stored compactly: no UUID, key, secret, ARN or fixed
// value appears as text, and it takes well under half its format 1 size.
func TestSessionEncodingCompact(t *testing.T) {
	s := demoSession()
	b := encodeSession(&s, false)
	for _, v := range []string{s.AccessKeyID[4:], s.SecretAccessKey[:8], s.ARN[:20], demoSub[:8], demoIdentity[10:18],
		demoPool[10:18], SessionNameCognito, "cognito-idp", "arn:aws:iam", "123456789012"} {
		if bytes.Contains(b, []byte(v)) {
			t.Errorf("%q stored as text", v)
		}
	}
	if n := bytes.Count(b, []byte("us-east-1")); n != 1 {
		t.Errorf("the region stored %d times, want once", n)
	}
	// The format and times (1 + 5 + 2), 10 kinds, the packed key id and
	// secret (10 + 30), the role ARN's packed account and role name
	// (5 + 1 + 19), the identity id (1 + 9 + 16), the pool id in the same
	// region (16), the provider's pool id without its region (1 + 9) and
	// the sub (16).
	want := 8 + 10 + 10 + 30 + 5 + 1 + len("notes-authenticated") + 1 + len("us-east-1") + 16 + 16 + 1 + len("NotesDemo") + 16
	if len(b) != want {
		t.Errorf("encoded in %d bytes, want %d", len(b), want)
	}
	if v1 := encodeSessionV1(&s); 2*len(b) >= len(v1) {
		t.Errorf("format 2 takes %d bytes, format 1 %d", len(b), len(v1))
	}
}

// Sessions in format 1, as older nodes sealed them, still decode, open and
// authenticate requests, with the ARN they carry.
func TestSessionFormat1(t *testing.T) {
	s := demoSession()
	s.ARN = "arn:aws:sts::123456789012:assumed-role/notes-authenticated/stored-as-is"
	var got Session
	if !decodeSession(encodeSessionV1(&s), &got, nil) || got != s {
		t.Fatalf("format 1 decoded\n%+v\nwant\n%+v", got, s)
	}

	e := newMinterEnv(t)
	s = demoSession()
	s.IssuedAt = e.clock.Now()
	s.Expiration = s.IssuedAt.Add(time.Hour)
	sealed, err := e.ring.Seal(encodeSessionV1(&s), sessionAD)
	if err != nil {
		t.Fatal(err)
	}
	token := tokenEncoding.EncodeToString(sealed)
	opened, err := e.m.Open(token)
	if err != nil || *opened != s {
		t.Fatalf("Open of a format 1 token: %+v, %v", opened, err)
	}
	l := NewLookup(e.cfg, WithSessions(e.m))
	secret, p, err := l.LookupCredentials(context.Background(), s.AccessKeyID, token)
	if err != nil || secret != s.SecretAccessKey {
		t.Fatalf("Lookup of a format 1 token: %q, %v", secret, err)
	}
	if pr := p.(*Principal); pr.ARN != s.ARN || pr.IdentityID != s.IdentityID || pr.Sub != s.Sub || pr.Provider != s.Provider {
		t.Errorf("principal %+v", pr)
	}
}

// Minted tokens are format 2 and open to the session Mint sealed, with the
// ARN derived on decode and the provider's region that of the identity id.
// The keys are not in the token: it marks them derived, and they are made
// of the bytes the ring derives from the sealed token.
func TestMintFormat2(t *testing.T) {
	e := newMinterEnv(t)
	c := mustMint(t, e.m, identitySpec())
	sealed, err := tokenEncoding.DecodeString(c.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	var derived [derivedKeysLen]byte
	plain, err := e.ring.OpenDerived(sealed, sessionAD, derived[:])
	if err != nil || plain[0] != sessionFormat {
		t.Fatalf("plaintext %x, %v", plain, err)
	}
	if plain[len(plain)-17] != kindUUID || plain[len(plain)-28] != kindCognitoProviderAgain {
		t.Errorf("Sub or Provider not stored compactly: %x", plain)
	}
	var times Session
	i := decodeTimes(plain, &times)
	if i == 0 || plain[i] != kindDerivedKeyID || plain[i+1] != kindDerivedSecret {
		t.Errorf("keys not marked derived: %x", plain)
	}
	if key := appendSecret(appendKeyID(nil, derived[:]), derived[:]); string(key) != c.AccessKeyID+c.SecretAccessKey {
		t.Errorf("keys %s %s, derived bytes make %s", c.AccessKeyID, c.SecretAccessKey, key)
	}
	s, err := e.m.Open(c.SessionToken)
	if err != nil || s.ARN != e.m.AssumedRoleARN(demoAuthRole, SessionNameCognito) ||
		s.AccessKeyID != c.AccessKeyID || s.SecretAccessKey != c.SecretAccessKey {
		t.Fatalf("Open: %+v, %v", s, err)
	}
	// Format and times (8), 10 kinds, the role ARN (5 + 1 + 19), the
	// identity id (1 + 9 + 16), the pool id (16), the provider (1 + 9) and
	// the sub (16): 111 bytes; sealed (10 + 12 + 16 more): 149 bytes, 200
	// characters of base64.
	if len(c.SessionToken) != 200 {
		t.Errorf("session token of %d characters, want 200", len(c.SessionToken))
	}

	// The same plaintext sealed with the keys written in it (as before
	// they were derived) still opens, to the keys it carries.
	s.IssuedAt = e.clock.Now()
	s.Expiration = s.IssuedAt.Add(time.Hour)
	s.AccessKeyID, s.SecretAccessKey = "ASIAQWERTYUIOPASDFGH", strings.Repeat("k", secretKeyLength)
	withKeys, err := e.ring.Seal(encodeSession(s, false), sessionAD)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.m.Open(tokenEncoding.EncodeToString(withKeys))
	if err != nil || *got != *s {
		t.Fatalf("Open of a token with its keys: %+v, %v; want %+v", got, err, s)
	}
}

// The decoder refuses every malformed format 2 plaintext.
func TestSessionDecodeRejectsMalformed(t *testing.T) {
	s := demoSession()
	b := encodeSession(&s, false)
	for n := range len(b) {
		if decodeSession(bytes.Clone(b[:n]), &Session{}, nil) {
			t.Errorf("truncated to %d bytes: accepted", n)
		}
	}
	if decodeSession(append(bytes.Clone(b), 0), &Session{}, nil) {
		t.Error("trailing byte accepted")
	}

	// header is the format and times of a session of one hour.
	header := []byte{sessionFormat}
	header = binary.AppendVarint(header, 1_800_000_000)
	header = binary.AppendUvarint(header, 3600)
	lit := func(v string) []byte { return append(binary.AppendUvarint([]byte{kindLiteral}, uint64(len(v))), v...) }
	uuid := append([]byte{kindUUID}, make([]byte, 16)...)
	session := func(fields ...[]byte) []byte {
		out := bytes.Clone(header)
		for _, f := range fields {
			out = append(out, f...)
		}
		return out
	}
	e := []byte{kindEmpty}
	derived := []byte{kindAssumedRoleARN}
	keyID, secret := []byte{kindDerivedKeyID}, []byte{kindDerivedSecret}
	role := lit(demoAuthRole)
	valid := session(e, e, role, derived, lit("n"), e, e, e, e, uuid)
	var got Session
	if !decodeSession(valid, &got, nil) || got.ARN != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/n" ||
		got.Sub != "00000000-0000-0000-0000-000000000000" {
		t.Fatalf("the valid base of the cases: %+v", got)
	}
	tests := map[string][]byte{
		"nine fields":                  session(e, e, role, derived, lit("n"), e, e, e, e),
		"unknown kind":                 session(e, e, role, derived, lit("n"), e, e, e, e, []byte{kindCognitoProviderAgain + 1}),
		"kind 255":                     session(e, e, role, derived, lit("n"), e, e, e, e, []byte{255}),
		"derived ARN elsewhere":        session(e, e, role, derived, derived, e, e, e, e, uuid),
		"derived ARN of an empty role": session(e, e, e, derived, lit("n"), e, e, e, e, uuid),
		"derived ARN of another role":  session(e, e, lit("arn:aws:iam::1:user/u"), derived, lit("n"), e, e, e, e, uuid),
		"literal beyond the end":       session(e, e, role, derived, lit("n"), e, e, e, e, []byte{kindLiteral, 5, 'a'}),
		"literal length overflows": session(e, e, role, derived, lit("n"), e, e, e, e,
			[]byte{kindLiteral, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}),
		"length not a varint": session(e, e, role, derived, lit("n"), e, e, e, e,
			[]byte{kindLiteral, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}),
		"short uuid":              session(e, e, role, derived, lit("n"), e, e, e, e, uuid[:16]),
		"region uuid, no region":  session(e, e, role, derived, lit("n"), e, e, e, e, append([]byte{kindRegionUUID, 0}, make([]byte, 16)...)),
		"region uuid, short uuid": session(e, e, role, derived, lit("n"), e, e, e, e, append([]byte{kindRegionUUID, 2, 'u', 's'}, make([]byte, 15)...)),
		"region beyond the end":   session(e, e, role, derived, lit("n"), e, e, e, e, append([]byte{kindRegionUUID, 40}, make([]byte, 30)...)),
		"provider without region": session(e, e, role, derived, lit("n"), e, e, e, e, append([]byte{kindCognitoProvider, 3}, "_ab"...)),
		"provider without _":      session(e, e, role, derived, lit("n"), e, e, e, e, append([]byte{kindCognitoProvider, 3}, "abc"...)),
		"region uuid again, no region": session(e, e, role, derived, lit("n"), e, e, e, e,
			append([]byte{kindRegionUUIDAgain}, make([]byte, 16)...)),
		"provider again, no region": session(e, e, role, derived, lit("n"), e, e, e, e, []byte{kindCognitoProviderAgain, 1, 'a'}),
		"region uuid again, short uuid": session(e, e, role, derived, lit("n"), append([]byte{kindRegionUUID, 1, 'r'}, make([]byte, 16)...),
			e, e, e, append([]byte{kindRegionUUIDAgain}, make([]byte, 15)...)),
		"provider again beyond the end": session(e, e, role, derived, lit("n"), append([]byte{kindRegionUUID, 1, 'r'}, make([]byte, 16)...),
			e, e, e, []byte{kindCognitoProviderAgain, 3, 'a'}),
		"account beyond 12 digits": session(e, e, []byte{kindRoleARN, 0xe8, 0xd4, 0xa5, 0x10, 0x00, 1, 'n'}, derived, lit("n"), e, e, e, e, uuid),
		"short account":            session(e, e, []byte{kindRoleARN, 0, 0, 0, 1}),
		"role ARN beyond the end":  session(e, e, []byte{kindRoleARN, 0, 0, 0, 0, 1, 5, 'n'}),
		"short key id":             session(append([]byte{kindTemporaryKeyID}, make([]byte, 9)...)),
		"short secret":             session(e, append([]byte{kindSecret}, make([]byte, 29)...)),
		"derived key id as secret": session(e, keyID, role, derived, lit("n"), e, e, e, e, uuid),
		"derived secret as key id": session(secret, e, role, derived, lit("n"), e, e, e, e, uuid),
		"derived key id elsewhere": session(e, e, role, derived, lit("n"), keyID, e, e, e, uuid),
		"derived secret elsewhere": session(e, e, role, derived, lit("n"), e, e, e, e, secret),
		"lifetime beyond 36h":      append(binary.AppendUvarint(binary.AppendVarint([]byte{sessionFormat}, 1_800_000_000), 37*3600), valid[len(header):]...),
		"no times":                 {sessionFormat},
		"empty":                    {},
	}
	someBytes := bytes.Repeat([]byte{0x41}, derivedKeysLen)
	for name, b := range tests {
		for _, d := range [][]byte{nil, someBytes} {
			if decodeSession(b, &Session{}, d) {
				t.Errorf("%s (%d derived bytes): accepted", name, len(d))
			}
		}
	}

	// Derived keys decode from the derived bytes, and only with them.
	withDerived := session(keyID, secret, role, derived, lit("n"), e, e, e, e, uuid)
	if !decodeSession(withDerived, &got, someBytes) || got.AccessKeyID != "ASIABBBBBBBBBBBBBBBB" ||
		got.SecretAccessKey != strings.Repeat("B", secretKeyLength) {
		t.Errorf("derived keys decoded to %q, %q", got.AccessKeyID, got.SecretAccessKey)
	}
	for _, d := range [][]byte{nil, someBytes[1:], append(someBytes, 0)} {
		if decodeSession(withDerived, &Session{}, d) {
			t.Errorf("derived keys accepted with %d derived bytes", len(d))
		}
	}
}

// FuzzDecodeSession decodes arbitrary plaintexts, with derived bytes or
// without: never a panic, and what it accepts encodes (in format 2, keys
// written) to a session that decodes the same.
func FuzzDecodeSession(f *testing.F) {
	s := demoSession()
	someBytes := bytes.Repeat([]byte{0x5a}, derivedKeysLen)
	f.Add(encodeSession(&s, false), []byte(nil))
	f.Add(encodeSession(&s, true), someBytes)
	f.Add(encodeSessionV1(&s), []byte(nil))
	sts := s
	sts.SessionName, sts.IdentityID, sts.IdentityPoolID, sts.AuthType, sts.Provider = "web", "", "", "", ""
	sts.ARN = "arn:aws:sts::123456789012:assumed-role/notes-authenticated/web"
	f.Add(encodeSession(&sts, true), someBytes)
	odd := s
	odd.Sub, odd.Provider, odd.ARN = strings.ToUpper(demoSub), "accounts.google.com", "arn:x"
	f.Add(encodeSession(&odd, false), someBytes)
	f.Fuzz(func(t *testing.T, b, derived []byte) {
		var got Session
		if !decodeSession(bytes.Clone(b), &got, derived) {
			return
		}
		if again := roundTrip(t, got); again != got {
			t.Fatalf("decoded %+v, re-encoded and decoded %+v", got, again)
		}
	})
}

// FuzzSessionRoundTrip encodes arbitrary sessions: each decodes to itself.
func FuzzSessionRoundTrip(f *testing.F) {
	s := demoSession()
	f.Add(s.AccessKeyID, s.SecretAccessKey, s.RoleARN, s.ARN, s.SessionName, s.IdentityID, s.IdentityPoolID,
		s.AuthType, s.Provider, s.Sub, int64(1_800_000_000), uint32(3600))
	f.Add("ASIA", "", "arn:aws:iam::1:role/", "arn:aws:sts::1:assumed-role//", "", ":"+demoSub, "x:"+demoSub,
		"unauthenticated", "cognito-idp.a.amazonaws.com/a_", demoSub, int64(-1), uint32(0))
	f.Add("", "", "arn:aws:iam::000000000001:role/r", "", "", "r:"+demoSub, "r:"+demoSub,
		"", "cognito-idp.r.amazonaws.com/r_", "r:"+demoSub, int64(0), uint32(1))
	f.Fuzz(func(t *testing.T, akid, secret, roleARN, arn, name, id, pool, auth, provider, sub string, iat int64, life uint32) {
		if iat > 1<<40 || iat < -(1<<40) {
			iat >>= 24
		}
		life %= maxLifetime + 1
		s := Session{AccessKeyID: akid, SecretAccessKey: secret, RoleARN: roleARN, ARN: arn, SessionName: name,
			IdentityID: id, IdentityPoolID: pool, AuthType: auth, Provider: provider, Sub: sub,
			IssuedAt: time.Unix(iat, 0).UTC(), Expiration: time.Unix(iat+int64(life), 0).UTC()}
		if got := roundTrip(t, s); got != s {
			t.Fatalf("decoded\n%+v\nwant\n%+v", got, s)
		}
	})
}

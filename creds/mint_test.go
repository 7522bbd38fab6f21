package creds

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

var (
	accessKeyIDPattern = regexp.MustCompile(`^ASIA[A-Z0-9]{16}$`)
	secretPattern      = regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
)

func TestMintOpenRoundTrip(t *testing.T) {
	e := newMinterEnv(t)
	issued := e.clock.Now()
	c, err := e.m.Mint(identitySpec())
	if err != nil {
		t.Fatal(err)
	}
	if !accessKeyIDPattern.MatchString(c.AccessKeyID) || !secretPattern.MatchString(c.SecretAccessKey) {
		t.Errorf("keys %q / %q do not look like AWS temporary keys", c.AccessKeyID, c.SecretAccessKey)
	}
	if _, err := base64.StdEncoding.DecodeString(c.SessionToken); err != nil {
		t.Errorf("session token is not standard base64: %v", err)
	}
	if want := issued.Add(time.Hour); !c.Expiration.Equal(want) || c.Expiration.Location() != time.UTC {
		t.Errorf("Expiration = %v, want %v (the role's max_session, UTC)", c.Expiration, want)
	}

	s, err := e.m.Open(c.SessionToken)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	spec := identitySpec()
	want := Session{
		RoleARN: spec.RoleARN, SessionName: spec.SessionName, IdentityID: spec.IdentityID,
		IdentityPoolID: spec.IdentityPoolID, AuthType: spec.AuthType, Provider: spec.Provider, Sub: spec.Sub,
		AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey,
		ARN:      "arn:aws:sts::123456789012:assumed-role/notes-authenticated/CognitoIdentityCredentials",
		IssuedAt: issued, Expiration: c.Expiration,
	}
	if *s != want {
		t.Errorf("Open =\n%+v\nwant\n%+v", *s, want)
	}

	// Every mint gives new keys.
	c2, err := e.m.Mint(identitySpec())
	if err != nil {
		t.Fatal(err)
	}
	if c2.AccessKeyID == c.AccessKeyID || c2.SecretAccessKey == c.SecretAccessKey || c2.SessionToken == c.SessionToken {
		t.Error("two mints gave the same credentials")
	}
}

func TestMintSpecs(t *testing.T) {
	e := newMinterEnv(t)
	now := e.clock.Now()
	tests := []struct {
		name    string
		spec    SessionSpec
		wantErr string
		life    time.Duration
	}{
		{"unauthenticated identity", SessionSpec{RoleARN: demoUnauthRole, SessionName: SessionNameCognito,
			IdentityID: demoIdentity, IdentityPoolID: demoPool, AuthType: AuthTypeUnauthenticated}, "", time.Hour},
		{"web identity, shorter", SessionSpec{RoleARN: demoAuthRole, SessionName: "alice", Duration: 900 * time.Second}, "", 15 * time.Minute},
		{"capped at max_session", SessionSpec{RoleARN: demoAuthRole, SessionName: "alice", Duration: 5 * time.Hour}, "", time.Hour},
		{"fractions of a second dropped", SessionSpec{RoleARN: demoAuthRole, SessionName: "a", Duration: 1000*time.Second + 999*time.Millisecond}, "", 1000 * time.Second},
		{"unknown role", SessionSpec{RoleARN: "arn:aws:iam::123456789012:role/nope", SessionName: "a"}, "creds: unknown role", 0},
		{"no session name", SessionSpec{RoleARN: demoAuthRole}, "creds: a session needs a name", 0},
		{"negative duration", SessionSpec{RoleARN: demoAuthRole, SessionName: "a", Duration: -time.Second}, "creds: negative session duration", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := e.m.Mint(tt.spec)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("Mint error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Expiration.Sub(now); got != tt.life {
				t.Errorf("lifetime = %v, want %v", got, tt.life)
			}
			s, err := e.m.Open(c.SessionToken)
			if err != nil {
				t.Fatal(err)
			}
			if s.AuthType != tt.spec.AuthType || s.SessionName != tt.spec.SessionName || s.IdentityID != tt.spec.IdentityID ||
				s.Sub != "" || s.Provider != "" {
				t.Errorf("Open = %+v", s)
			}
		})
	}
	if _, err := e.m.Mint(SessionSpec{RoleARN: "x", SessionName: "a"}); !errors.Is(err, ErrUnknownRole) {
		t.Errorf("unknown role: %v, want ErrUnknownRole", err)
	}
}

// A session expires exactly at its Expiration, and Open says so with
// ErrExpiredToken rather than ErrInvalidToken.
func TestOpenExpired(t *testing.T) {
	e := newMinterEnv(t)
	c, err := e.m.Mint(SessionSpec{RoleARN: demoAuthRole, SessionName: "s", Duration: 15 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(15*time.Minute - time.Nanosecond)
	if _, err := e.m.Open(c.SessionToken); err != nil {
		t.Fatalf("just before expiry: %v", err)
	}
	e.clock.Advance(time.Nanosecond)
	if s, err := e.m.Open(c.SessionToken); !errors.Is(err, ErrExpiredToken) || s != nil {
		t.Fatalf("at expiry: %v, %v; want nil, ErrExpiredToken", s, err)
	}
	e.clock.Advance(24 * time.Hour)
	if _, err := e.m.Open(c.SessionToken); !errors.Is(err, ErrExpiredToken) {
		t.Fatalf("a day later: %v, want ErrExpiredToken", err)
	}
}

// Every change to a token — a flipped bit of the sealed bytes anywhere, a
// truncation at any length, an extension, another encoding of the same
// bytes — makes it invalid, and so does a token of another key ring.
func TestOpenRejectsAlteredTokens(t *testing.T) {
	e := newMinterEnv(t)
	c, err := e.m.Mint(identitySpec())
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := base64.StdEncoding.DecodeString(c.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.StdEncoding.EncodeToString
	check := func(name, token string) {
		t.Helper()
		if s, err := e.m.Open(token); !errors.Is(err, ErrInvalidToken) || s != nil {
			t.Errorf("%s: Open = %v, %v; want ErrInvalidToken", name, s, err)
		}
	}
	for i := range sealed {
		for _, bit := range []byte{0x01, 0x80} {
			b := []byte(string(sealed))
			b[i] ^= bit
			check("bit flip", enc(b))
		}
	}
	for n := range len(sealed) {
		check("truncated sealed bytes", enc(sealed[:n]))
	}
	for n := range len(c.SessionToken) {
		check("truncated token", c.SessionToken[:n])
	}
	check("extended", enc(append([]byte(string(sealed)), 0)))
	check("line break", c.SessionToken[:10]+"\n"+c.SessionToken[10:])
	check("trailing line break", c.SessionToken+"\r\n")
	check("URL-safe alphabet", base64.URLEncoding.EncodeToString(sealed))
	check("not base64", "not a token")
	check("too long", strings.Repeat("A", maxSessionToken+4))
	check("empty", "")

	// A padded token (whose sealed length is no multiple of 3: one of
	// three session name lengths gives one) without its padding, and with
	// a non-canonical final character: the same bytes when decoded
	// leniently.
	padded := ""
	for _, name := range []string{"a", "ab", "abc"} {
		spec := identitySpec()
		spec.SessionName = name
		if tok := mustMint(t, e.m, spec).SessionToken; strings.HasSuffix(tok, "=") {
			padded = tok
			break
		}
	}
	if padded == "" {
		t.Fatal("no padded token minted")
	}
	check("unpadded", strings.TrimRight(padded, "="))
	tok := []byte(padded)
	i := strings.IndexByte(padded, '=') - 1
	tok[i] = secretAlphabet[(strings.IndexByte(secretAlphabet, tok[i])+1)%64]
	check("non-zero padding bits", string(tok))

	// The same configuration with another ring: a foreign token.
	foreign := NewMinter(e.cfg, newRing(t, e.clock, 2), e.clock.Now)
	check("foreign ring", mustMint(t, foreign, identitySpec()).SessionToken)

	// Data sealed by the same ring for another purpose is no session.
	other, err := e.ring.Seal(encodeSession(&Session{AccessKeyID: "ASIA"}, false), []byte("other"))
	if err != nil {
		t.Fatal(err)
	}
	check("other associated data", enc(other))
	junk, err := e.ring.Seal([]byte("not a session"), sessionAD)
	if err != nil {
		t.Fatal(err)
	}
	check("sealed non-session", enc(junk))
}

func mustMint(t testing.TB, m *Minter, spec SessionSpec) Credentials {
	t.Helper()
	c, err := m.Mint(spec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Credentials minted before a rotation of the sealing key still open until
// they expire while the old key has not retired; once it has, they are
// invalid (not expired).
func TestOpenAcrossSealingKeyRotation(t *testing.T) {
	e := newMinterEnv(t)
	before := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "before", Duration: time.Hour})
	if _, err := e.ring.Rotate(t.Context(), keys.Sealing, 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	after := mustMint(t, e.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "after", Duration: time.Hour})
	if before.SessionToken[:8] == after.SessionToken[:8] {
		t.Error("tokens minted before and after the rotation name the same key")
	}
	for _, c := range []Credentials{before, after} {
		if s, err := e.m.Open(c.SessionToken); err != nil || s.AccessKeyID != c.AccessKeyID {
			t.Fatalf("right after the rotation: %v", err)
		}
	}
	e.clock.Advance(time.Hour)
	if _, err := e.m.Open(before.SessionToken); !errors.Is(err, ErrExpiredToken) {
		t.Fatalf("after expiry, old key not retired: %v, want ErrExpiredToken", err)
	}

	// A longer-lived token of the old key: valid until the key retires.
	e2 := newMinterEnv(t)
	long := mustMint(t, e2.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "long"})
	if _, err := e2.ring.Rotate(t.Context(), keys.Sealing, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	e2.clock.Advance(30*time.Minute - time.Second)
	if _, err := e2.m.Open(long.SessionToken); err != nil {
		t.Fatalf("before the old key retires: %v", err)
	}
	e2.clock.Advance(time.Second)
	if _, err := e2.m.Open(long.SessionToken); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("after the old key retired: %v, want ErrInvalidToken", err)
	}
	fresh := mustMint(t, e2.m, SessionSpec{RoleARN: demoAuthRole, SessionName: "fresh"})
	if _, err := e2.m.Open(fresh.SessionToken); err != nil {
		t.Fatalf("new key after the old one retired: %v", err)
	}
}

func TestSessionEncodingRejectsMalformed(t *testing.T) {
	s := Session{AccessKeyID: "ASIAAAAAAAAAAAAAAAAA", SecretAccessKey: "s", RoleARN: "r", ARN: "a", SessionName: "n",
		IssuedAt: time.Unix(1_800_000_000, 0).UTC(), Expiration: time.Unix(1_800_003_600, 0).UTC()}
	b := encodeSession(&s, false)
	var got Session
	if !decodeSession([]byte(string(b)), &got, nil) || got != s {
		t.Fatalf("round trip: %+v", got)
	}
	for n := range len(b) {
		if decodeSession([]byte(string(b[:n])), &Session{}, nil) {
			t.Errorf("truncated to %d bytes: accepted", n)
		}
	}
	if decodeSession(append([]byte(string(b)), 0), &Session{}, nil) {
		t.Error("trailing byte accepted")
	}
	long := s
	long.Expiration = long.IssuedAt.Add(37 * time.Hour)
	if decodeSession(encodeSession(&long, false), &Session{}, nil) {
		t.Error("a lifetime beyond 36h accepted")
	}
	for _, format := range []byte{0, sessionFormat + 1, 255} {
		bad := []byte(string(b))
		bad[0] = format
		if decodeSession(bad, &Session{}, nil) {
			t.Errorf("format %d accepted", format)
		}
	}
}

func TestUniqueIDs(t *testing.T) {
	id := RoleID(demoAuthRole)
	if !regexp.MustCompile(`^AROA[A-Z0-9]{17}$`).MatchString(id) || RoleID(demoAuthRole) != id || RoleID(demoUnauthRole) == id {
		t.Errorf("RoleID = %q", id)
	}
	if u := UserID("arn:aws:iam::123456789012:user/admin"); !regexp.MustCompile(`^AIDA[A-Z0-9]{17}$`).MatchString(u) {
		t.Errorf("UserID = %q", u)
	}
	if !isTemporaryKeyID("ASIAABCDEFGHIJKLMNOP") || isTemporaryKeyID("AKIAIOSFODNN7EXAMPLE") ||
		isTemporaryKeyID("ASIAabcdefghijklmnop") || isTemporaryKeyID("ASIA") {
		t.Error("isTemporaryKeyID")
	}
}

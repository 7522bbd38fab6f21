package creds

import (
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/policy"
)

// sessionAD is the associated data of sealed sessions: a session token
// opens only as a session, never as other data sealed by the same ring.
var sessionAD = []byte("gatehouse-session-v1")

// maxSessionToken bounds the session tokens Open decodes. Minted tokens
// are well under 1 KiB.
const maxSessionToken = 4096

// tokenEncoding encodes session tokens: standard base64, as AWS's are.
// Strict, so that every token has exactly one encoding.
var tokenEncoding = base64.StdEncoding.Strict()

// ErrUnknownRole: Mint was asked for a role the configuration does not
// declare.
var ErrUnknownRole = errors.New("creds: unknown role")

// Minter mints temporary credentials whose session token seals the session
// (AES-256-GCM under the key ring's active sealing key) and whose keys are
// derived from the token, and opens them again. Opening reads no store: any node sharing the key ring verifies
// credentials another minted. A Minter is safe for concurrent use.
type Minter struct {
	ring  *keys.Ring
	now   func() time.Time
	roles map[string]*role
}

// role is a configured role, with what principals and ARNs need of it
// computed once.
type role struct {
	arn        string
	name       string
	id         string // AROA…
	maxSession time.Duration
	policies   []policy.Document
	// assumedPrefix is "arn:aws:sts::{acct}:assumed-role/{name}/".
	assumedPrefix string
}

// NewMinter returns a Minter for the roles of cfg; now is the clock.
func NewMinter(cfg *config.Config, ring *keys.Ring, now func() time.Time) *Minter {
	m := &Minter{ring: ring, now: now, roles: make(map[string]*role, len(cfg.Roles))}
	for i := range cfg.Roles {
		r := &cfg.Roles[i]
		maxSession := r.MaxSession.Std()
		if maxSession <= 0 {
			maxSession = config.DefaultMaxSession.Std()
		}
		m.roles[r.ARN] = &role{
			arn:           r.ARN,
			name:          r.Name(),
			id:            RoleID(r.ARN),
			maxSession:    maxSession,
			policies:      r.Policies,
			assumedPrefix: "arn:aws:sts::" + cfg.AccountID + ":assumed-role/" + r.Name() + "/",
		}
	}
	return m
}

// MaxSession returns the longest session of the role with the given ARN,
// and false when the configuration does not declare the role.
func (m *Minter) MaxSession(roleARN string) (time.Duration, bool) {
	r, ok := m.roles[roleARN]
	if !ok {
		return 0, false
	}
	return r.maxSession, true
}

// AssumedRoleARN returns arn:aws:sts::{acct}:assumed-role/{roleName}/{sessionName}
// for a configured role, and "" for another.
func (m *Minter) AssumedRoleARN(roleARN, sessionName string) string {
	r, ok := m.roles[roleARN]
	if !ok {
		return ""
	}
	return r.assumedPrefix + sessionName
}

// Mint returns fresh credentials for spec: an access key id "ASIA" + 16
// characters, a 40-character secret, and a session token sealing both with
// the session. They expire spec.Duration from now (whole seconds), or
// after the role's max_session when that is shorter or Duration is 0.
func (m *Minter) Mint(spec SessionSpec) (Credentials, error) {
	r, ok := m.roles[spec.RoleARN]
	if !ok {
		return Credentials{}, fmt.Errorf("%w %q", ErrUnknownRole, spec.RoleARN)
	}
	if spec.SessionName == "" {
		return Credentials{}, errors.New("creds: a session needs a name")
	}
	if spec.Duration < 0 {
		return Credentials{}, fmt.Errorf("creds: negative session duration %v", spec.Duration)
	}
	life := spec.Duration
	if life == 0 || life > r.maxSession {
		life = r.maxSession
	}
	life = life.Truncate(time.Second)
	if life < time.Second {
		life = time.Second
	}
	issued := m.now().UTC().Truncate(time.Second)
	s := Session{
		RoleARN:        r.arn,
		SessionName:    spec.SessionName,
		IdentityID:     spec.IdentityID,
		IdentityPoolID: spec.IdentityPoolID,
		AuthType:       spec.AuthType,
		Provider:       spec.Provider,
		Sub:            spec.Sub,
		ARN:            r.assumedPrefix + spec.SessionName,
		IssuedAt:       issued,
		Expiration:     issued.Add(life),
	}
	// The keys are not sealed in the token but made of bytes the ring
	// derives from it, which keeps tokens 40 bytes shorter.
	var derived [derivedKeysLen]byte
	sealed, err := m.ring.SealDerived(encodeSession(&s, true), sessionAD, derived[:])
	if err != nil {
		return Credentials{}, fmt.Errorf("creds: seal session: %w", err)
	}
	var buf [accessKeyIDLength + secretKeyLength]byte
	pair := string(appendSecret(appendKeyID(buf[:0], derived[:]), derived[:]))
	clear(derived[:])
	clear(buf[:])
	return Credentials{
		AccessKeyID:     pair[:accessKeyIDLength],
		SecretAccessKey: pair[accessKeyIDLength:],
		SessionToken:    tokenEncoding.EncodeToString(sealed),
		Expiration:      s.Expiration,
	}, nil
}

// Open returns the session sealed in a session token. It fails with
// ErrInvalidToken for anything Mint did not produce with this key ring (or
// under a sealing key the ring has since retired), and with
// ErrExpiredToken once the credentials have expired. It reads no store.
func (m *Minter) Open(sessionToken string) (*Session, error) {
	s := new(Session)
	if _, err := m.open(sessionToken, s); err != nil {
		return nil, err
	}
	return s, nil
}

// open is Open into s; it also returns the id of the key that sealed the
// token. On ErrExpiredToken s holds the (genuine) session.
func (m *Minter) open(token string, s *Session) (sealKeyID string, err error) {
	if len(token) == 0 || len(token) > maxSessionToken {
		return "", ErrInvalidToken
	}
	sealed := make([]byte, tokenEncoding.DecodedLen(len(token)))
	n, err := tokenEncoding.Decode(sealed, []byte(token))
	// The decoder skips line breaks: a token is valid only in the one
	// encoding Mint wrote.
	if err != nil || tokenEncoding.EncodedLen(n) != len(token) {
		return "", ErrInvalidToken
	}
	var derived [derivedKeysLen]byte
	plain, err := m.ring.OpenDerived(sealed[:n], sessionAD, derived[:])
	ok := err == nil && decodeSession(plain, s, derived[:])
	clear(derived[:])
	if !ok {
		return "", ErrInvalidToken
	}
	if !m.now().Before(s.Expiration) {
		return "", ErrExpiredToken
	}
	return keys.SealKeyID(sealed[:n]), nil
}

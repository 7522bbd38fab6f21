package creds

import (
	"context"
	"errors"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// Lookup finds the secret and principal of an access key. It implements
// sigv4.CredentialLookup. It is built once from the configuration and is
// read-only afterwards, so it is safe for concurrent use and reads no store.
//
// It knows the long-term keys of the configuration's IAM users and, when
// built WithSessions, temporary credentials: an "ASIA" key sent with the
// session token that a Minter sealed it into.
type Lookup struct {
	users    map[string]iamKey
	sessions *Minter
	account  string
	// cache remembers opened session tokens (with WithSessions).
	cache *sessionCache
}

type iamKey struct {
	secret    string
	principal *Principal
}

// LookupOption configures a Lookup.
type LookupOption func(*Lookup)

// WithSessions makes the Lookup accept the temporary credentials that m
// mints (and any Minter sharing its key ring and roles).
func WithSessions(m *Minter) LookupOption { return func(l *Lookup) { l.sessions = m } }

// NewLookup indexes the IAM users of cfg by access key id. Without
// WithSessions, temporary credentials are unknown to it.
func NewLookup(cfg *config.Config, opts ...LookupOption) *Lookup {
	l := &Lookup{users: make(map[string]iamKey, len(cfg.IAMUsers)), account: cfg.AccountID}
	for _, u := range cfg.IAMUsers {
		arn := "arn:aws:iam::" + cfg.AccountID + ":user/" + u.Name
		p := &Principal{
			Type:        IAMUser,
			ARN:         arn,
			AccountID:   cfg.AccountID,
			Name:        u.Name,
			UniqueID:    UserID(arn),
			AccessKeyID: u.AccessKeyID,
			Policies:    u.Policies,
		}
		p.precompute()
		l.users[u.AccessKeyID] = iamKey{secret: u.SecretAccessKey, principal: p}
	}
	for _, o := range opts {
		o(l)
	}
	if l.sessions != nil {
		l.cache = newSessionCache(sessionCacheSize)
	}
	return l
}

// LookupCredentials implements sigv4.CredentialLookup. The principal it
// returns is a *Principal, shared by the requests of one key or session
// token: it must not be changed. A long-term key sent with a session token is
// refused, as AWS refuses it; so is a session token whose sealed access key
// id is not the one the request was signed with. An expired session token
// gives sigv4.ExpiredToken, any other unknown key or token
// sigv4.UnrecognizedClient.
func (l *Lookup) LookupCredentials(_ context.Context, accessKeyID, sessionToken string) (string, any, error) {
	if sessionToken == "" {
		k, ok := l.users[accessKeyID]
		if !ok {
			return "", nil, sigv4.UnrecognizedClient()
		}
		return k.secret, k.principal, nil
	}
	if l.sessions == nil || !isTemporaryKeyID(accessKeyID) {
		return "", nil, sigv4.UnrecognizedClient()
	}
	if e, ok := l.cache.get(sessionToken, l.sessions.ring, l.sessions.now()); ok {
		if e.accessKeyID != accessKeyID {
			return "", nil, sigv4.UnrecognizedClient()
		}
		return e.secret, e.principal, nil
	}
	var s Session
	sealKeyID, err := l.sessions.open(sessionToken, &s)
	if err != nil && !errors.Is(err, ErrExpiredToken) {
		return "", nil, sigv4.UnrecognizedClient()
	}
	if s.AccessKeyID != accessKeyID {
		return "", nil, sigv4.UnrecognizedClient()
	}
	if err != nil {
		return "", nil, sigv4.ExpiredToken()
	}
	r, ok := l.sessions.roles[s.RoleARN]
	if !ok {
		// A role removed from the configuration since the mint.
		return "", nil, sigv4.UnrecognizedClient()
	}
	p := &Principal{
		Type:           AssumedRole,
		ARN:            s.ARN,
		AccountID:      l.account,
		Name:           r.name,
		UniqueID:       r.id,
		AccessKeyID:    s.AccessKeyID,
		Policies:       r.policies,
		RoleARN:        s.RoleARN,
		SessionName:    s.SessionName,
		IdentityID:     s.IdentityID,
		IdentityPoolID: s.IdentityPoolID,
		AuthType:       s.AuthType,
		Provider:       s.Provider,
		Sub:            s.Sub,
		Expiration:     s.Expiration,
	}
	p.precompute()
	l.cache.add(sessionToken, &cachedSession{accessKeyID: s.AccessKeyID, secret: s.SecretAccessKey, principal: p,
		sealKeyID: sealKeyID, expiration: s.Expiration})
	return s.SecretAccessKey, p, nil
}

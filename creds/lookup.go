package creds

import (
	"context"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// Lookup finds the secret and principal of an access key. It implements
// sigv4.CredentialLookup. It is built once from the configuration and is
// read-only afterwards, so it is safe for concurrent use and reads no store.
type Lookup struct {
	users map[string]iamKey
}

type iamKey struct {
	secret    string
	principal *Principal
}

// NewLookup indexes the IAM users of cfg by access key id.
func NewLookup(cfg *config.Config) *Lookup {
	l := &Lookup{users: make(map[string]iamKey, len(cfg.IAMUsers))}
	for _, u := range cfg.IAMUsers {
		l.users[u.AccessKeyID] = iamKey{
			secret: u.SecretAccessKey,
			principal: &Principal{
				Type:        IAMUser,
				ARN:         "arn:aws:iam::" + cfg.AccountID + ":user/" + u.Name,
				AccountID:   cfg.AccountID,
				Name:        u.Name,
				AccessKeyID: u.AccessKeyID,
				Policies:    u.Policies,
			},
		}
	}
	return l
}

// LookupCredentials implements sigv4.CredentialLookup. The principal it
// returns is a *Principal. A long-term key sent with a session token is
// refused, as AWS refuses it.
func (l *Lookup) LookupCredentials(_ context.Context, accessKeyID, sessionToken string) (string, any, error) {
	k, ok := l.users[accessKeyID]
	if !ok || sessionToken != "" {
		return "", nil, sigv4.UnrecognizedClient()
	}
	return k.secret, k.principal, nil
}

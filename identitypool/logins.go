package identitypool

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"

	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/tokencache"
)

// verifiedCacheSize bounds the login tokens whose verification is
// remembered.
const verifiedCacheSize = 8192

// tokenUseID is the token_use of ID tokens, the only tokens Logins accepts.
const tokenUseID = "id"

// loginClaims are the claims of a login token that the service reads, and
// all of them for role mapping rules. Once the token's signature has been
// verified they are cached (s.verified) and shared: read-only.
type loginClaims struct {
	kid           string
	issuer        string
	audience      []string
	hasAudience   bool
	tokenUse      string
	sub           string
	expires       int64
	roles         []string
	preferredRole string
	all           map[string]any
}

// login is one validated entry of a Logins map.
type login struct {
	// provider is the provider name, cognito-idp.{region}.amazonaws.com/{userPoolId}.
	provider string
	clientID string
	sub      string
	claims   *loginClaims
}

// validateLogins checks every token of a Logins map for the pool, in the
// order of their keys, and returns the logins; the first failure answers
// with AWS's message. Each token is checked in this order: it is a JWS
// with a JSON payload (errNotOpenIDToken), its "iss" is the provider the
// key names (errIssuerMismatch), the pool has that provider
// (errUnsupportedProvider), the signature verifies with a key of the ring
// that has not retired (errSignature), it has an "aud"
// (errMissingAudience) that is a client of the provider the pool accepts
// (errUnsupportedProvider), it is an ID token (errNotOpenIDToken), and it
// has not expired (errTokenExpired). A token verified before skips the
// parsing and the signature check. Then, when the pool's entry for its app
// client has ServerSideTokenCheck, its user pool confirms that its user has
// not been signed out, deleted or disabled since (errSessionEnded): on every
// call, the token cached or not.
func (s *Service) validateLogins(ctx context.Context, p *pool, logins map[string]string) ([]login, error) {
	out := make([]login, 0, len(logins))
	for _, key := range sortedKeys(logins) {
		l, err := s.validateLogin(p, key, logins[key])
		if err != nil {
			return nil, err
		}
		if err := s.checkSession(ctx, p, l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func (s *Service) validateLogin(p *pool, key, token string) (login, error) {
	sum := tokencache.Key(token)
	c, cached := s.verified.Get(sum)
	var tok *jws.Token
	if cached {
		if s.ring.VerificationKey(c.kid) == nil {
			return login{}, errSignature // its key has retired since
		}
	} else {
		var err error
		if tok, err = jws.Parse(token); err != nil {
			return login{}, errNotOpenIDToken
		}
		if c = parseLoginClaims(tok.UnverifiedPayload()); c == nil {
			return login{}, errNotOpenIDToken
		}
		c.kid = tok.Kid
	}
	name := s.providerForKey(key)
	if !s.issuerMatches(name, c.issuer) {
		return login{}, errIssuerMismatch
	}
	if !p.hasProvider(name) {
		return login{}, errUnsupportedProvider
	}
	if !cached {
		if _, err := tok.Verify(s.ring); err != nil {
			return login{}, errSignature
		}
		s.verified.Add(sum, c)
	}
	if !c.hasAudience {
		return login{}, errMissingAudience
	}
	clientID := ""
	for _, aud := range c.audience {
		if p.acceptsClient(name, aud) {
			clientID = aud
			break
		}
	}
	if clientID == "" {
		return login{}, errUnsupportedProvider
	}
	if c.tokenUse != tokenUseID {
		return login{}, errNotOpenIDToken
	}
	if now := s.now().Unix(); now >= c.expires {
		return login{}, errTokenExpired(now, c.expires)
	}
	return login{provider: name, clientID: clientID, sub: c.sub, claims: c}, nil
}

// providerForKey returns the provider name a Logins key stands for: the key
// itself, or for a user pool of the configuration that overrides its
// issuer, that issuer without its scheme.
func (s *Service) providerForKey(key string) string {
	if name, ok := s.keyAliases[key]; ok {
		return name
	}
	return key
}

// issuerMatches reports whether iss is the issuer of the provider's tokens:
// https:// and the provider name, or the issuer the configuration gives its
// user pool.
func (s *Service) issuerMatches(name, iss string) bool {
	if override, ok := s.issuers[name]; ok && iss == override {
		return true
	}
	rest, ok := strings.CutPrefix(iss, "https://")
	return ok && rest == name
}

// parseLoginClaims decodes a token payload, or returns nil when it is not a
// JSON object with a string sub and a numeric exp.
func parseLoginClaims(payload []byte) *loginClaims {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var all map[string]any
	if err := dec.Decode(&all); err != nil || all == nil || dec.More() {
		return nil
	}
	c := &loginClaims{all: all}
	c.issuer, _ = all["iss"].(string)
	c.tokenUse, _ = all["token_use"].(string)
	c.sub, _ = all["sub"].(string)
	c.preferredRole, _ = all["cognito:preferred_role"].(string)
	switch aud := all["aud"].(type) {
	case string:
		c.audience, c.hasAudience = []string{aud}, true
	case []any:
		c.audience, c.hasAudience = stringsOf(aud), true
	}
	if roles, ok := all["cognito:roles"].([]any); ok {
		c.roles = stringsOf(roles)
	}
	exp, ok := all["exp"].(json.Number)
	if !ok || c.sub == "" {
		return nil
	}
	f, err := exp.Float64()
	if err != nil || math.IsNaN(f) || f < math.MinInt64 || f > math.MaxInt64 {
		return nil
	}
	c.expires = int64(f)
	return c
}

// stringsOf returns the strings of a JSON array, skipping other values.
func stringsOf(values []any) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

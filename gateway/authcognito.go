package gateway

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/jws"
	"github.com/gatehouse-dev/gatehouse/internal/tokencache"
)

// maxTokenSize bounds the tokens the Cognito authorizer looks at.
const maxTokenSize = 16 << 10

// cognitoAuthorizer is a COGNITO_USER_POOLS authorizer: the header its
// token comes in and the issuers of its pools. Like API Gateway's, it
// accepts the tokens of every app client of those pools (those of the
// configuration and those created through the API alike).
type cognitoAuthorizer struct {
	header  string
	issuers map[string]bool
}

func newCognitoAuthorizer(cfg *config.Config, au *config.Authorizer) *cognitoAuthorizer {
	header := "Authorization"
	if name, ok := strings.CutPrefix(au.IdentitySource, "method.request.header."); ok && name != "" {
		header = name
	}
	c := &cognitoAuthorizer{header: http.CanonicalHeaderKey(header), issuers: map[string]bool{}}
	for _, id := range au.UserPools {
		if pool := cfg.UserPool(id); pool != nil {
			c.issuers[pool.IssuerURL()] = true
		}
	}
	return c
}

// verifiedToken is what the gateway keeps of a token whose signature
// verified: its key, the claims it checks, and the claims as strings.
type verifiedToken struct {
	kid      string
	iss      string
	tokenUse string
	aud      string
	clientID string
	scopes   []string
	exp      int64
	claims   map[string]string
}

// authorizeCognito checks the route's token like API Gateway: from the
// authorizer's header, raw or after "Bearer ", an RS256 signature by the
// key ring, an issuer among the authorizer's pools, an ID token of any of
// the pool's clients (or, when the route lists scopes, an access token
// with one of them), not expired. It returns the claims as strings.
func (g *Gateway) authorizeCognito(r *http.Request, route *Route, now time.Time) (map[string]string, *Error) {
	au := route.authorizer
	token := r.Header.Get(au.header)
	if len(token) > 7 && strings.EqualFold(token[:7], "Bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	if token == "" || len(token) > maxTokenSize {
		return nil, errUnauthorized
	}
	v := g.verifyToken(token)
	if v == nil {
		return nil, errUnauthorized
	}
	if !au.issuers[v.iss] {
		return nil, errUnauthorized
	}
	if len(route.scopes) == 0 {
		if v.tokenUse != "id" || v.aud == "" {
			return nil, errUnauthorized
		}
	} else {
		if v.tokenUse != "access" || v.clientID == "" || !anyScope(v.scopes, route.scopes) {
			return nil, errUnauthorized
		}
	}
	if now.Unix() >= v.exp {
		return nil, errTokenExpired
	}
	return v.claims, nil
}

func anyScope(have, want []string) bool {
	for _, w := range want {
		for _, h := range have {
			if h == w {
				return true
			}
		}
	}
	return false
}

// verifyToken verifies the signature of token with the key ring, once per
// token: later calls find it in the cache as long as its key has not
// retired. It returns nil for a token that does not verify.
func (g *Gateway) verifyToken(token string) *verifiedToken {
	if g.ring == nil {
		return nil
	}
	sum := tokencache.Key(token)
	if v, ok := g.tokens.Get(sum); ok {
		if g.ring.VerificationKey(v.kid) == nil {
			return nil
		}
		return v
	}
	tok, err := jws.Parse(token)
	if err != nil {
		return nil
	}
	payload, err := tok.Verify(g.ring)
	if err != nil {
		return nil
	}
	v := parseClaims(payload)
	if v == nil {
		return nil
	}
	v.kid = tok.Kid
	g.tokens.Add(sum, v)
	return v
}

// parseClaims reads a token's payload: the claims the authorizer checks,
// and every claim as API Gateway hands it to the integration, a string:
// numbers as written, booleans "true"/"false", exp and iat as dates like
// "Mon Jan 02 15:04:05 UTC 2006", lists joined with ",", objects as JSON.
func parseClaims(payload []byte) *verifiedToken {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil
	}
	v := &verifiedToken{claims: make(map[string]string, len(raw))}
	for k, val := range raw {
		v.claims[k] = claimString(k, val)
	}
	v.iss, _ = raw["iss"].(string)
	v.tokenUse, _ = raw["token_use"].(string)
	v.aud, _ = raw["aud"].(string)
	v.clientID, _ = raw["client_id"].(string)
	if s, ok := raw["scope"].(string); ok {
		v.scopes = strings.Fields(s)
	}
	exp, ok := raw["exp"].(json.Number)
	if !ok {
		return nil
	}
	if v.exp, ok = numberSeconds(exp); !ok {
		return nil
	}
	return v
}

func numberSeconds(n json.Number) (int64, bool) {
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	f, err := n.Float64()
	if err != nil {
		return 0, false
	}
	return int64(f), true
}

// claimDate is how API Gateway writes the exp and iat claims.
const claimDate = "Mon Jan 02 15:04:05 UTC 2006"

func claimString(name string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		if name == "exp" || name == "iat" {
			if s, ok := numberSeconds(x); ok {
				return time.Unix(s, 0).UTC().Format(claimDate)
			}
		}
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = claimString("", e)
		}
		return strings.Join(parts, ",")
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

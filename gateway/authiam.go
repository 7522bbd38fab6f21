package gateway

import (
	"fmt"
	"net/http"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/policy"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// iamAuthorizer authorizes AWS_IAM routes: a SigV4 signature for service
// execute-api in the configured region, by an IAM user's key or temporary
// credentials, then the principal's IAM policies for execute-api:Invoke on
// the method ARN.
type iamAuthorizer struct {
	verifier *sigv4.Verifier
	// policies are the compiled policies of each IAM user (by user ARN)
	// and role (by role ARN).
	policies map[string]*policy.Set
}

// signingKeyCacheSize bounds the cache of derived SigV4 signing keys.
const signingKeyCacheSize = 4096

func newIAMAuthorizer(cfg *config.Config, minter *creds.Minter) (*iamAuthorizer, error) {
	var lookupOpts []creds.LookupOption
	if minter != nil {
		lookupOpts = append(lookupOpts, creds.WithSessions(minter))
	}
	a := &iamAuthorizer{
		verifier: sigv4.NewVerifier(creds.NewLookup(cfg, lookupOpts...),
			sigv4.WithService("execute-api"), sigv4.WithRegions(cfg.Region),
			sigv4.WithMaxBodySize(MaxPayload), sigv4.WithKeyCache(sigv4.NewKeyCache(signingKeyCacheSize))),
		policies: map[string]*policy.Set{},
	}
	for _, u := range cfg.IAMUsers {
		arn := "arn:aws:iam::" + cfg.AccountID + ":user/" + u.Name
		set, err := policy.Compile(u.Policies)
		if err != nil {
			return nil, fmt.Errorf("gateway: policies of IAM user %s: %w", u.Name, err)
		}
		a.policies[arn] = set
	}
	for _, r := range cfg.Roles {
		set, err := policy.Compile(r.Policies)
		if err != nil {
			return nil, fmt.Errorf("gateway: policies of role %s: %w", r.ARN, err)
		}
		a.policies[r.ARN] = set
	}
	return a, nil
}

// authorize verifies the signature of r and evaluates the signer's
// policies for the call's method ARN.
func (a *iamAuthorizer) authorize(r *http.Request, call *Call, now time.Time) (*creds.Principal, *Error) {
	res, err := a.verifier.Verify(r, now)
	if err != nil {
		return nil, signatureError(err)
	}
	p, ok := res.Principal.(*creds.Principal)
	if !ok {
		return nil, ErrInternalServerError
	}
	key := p.ARN
	if p.Type == creds.AssumedRole {
		key = p.RoleARN
	}
	arn := call.MethodARN()
	set := a.policies[key]
	if set == nil {
		return nil, errAccessDenied(p.ARN, arn, false)
	}
	switch set.Evaluate(&policy.Request{Action: actionInvoke, Resource: arn, Context: requestContext(p, call, now)}) {
	case policy.Allow:
		return p, nil
	case policy.ExplicitDeny:
		return nil, errAccessDenied(p.ARN, arn, true)
	default:
		return nil, errAccessDenied(p.ARN, arn, false)
	}
}

// actionInvoke is the IAM action of calling an API.
const actionInvoke = "execute-api:Invoke"

// requestContext is the IAM request context of a call: the keys policy
// conditions and variables refer to, lower-cased. For identity pool
// credentials, cognito-identity.amazonaws.com:sub is the identity id, :aud
// the identity pool id and :amr the authentication type and providers, as
// AWS sets them.
func requestContext(p *creds.Principal, call *Call, now time.Time) map[string][]string {
	ctx := map[string][]string{
		"aws:sourceip":         {call.SourceIP},
		"aws:currenttime":      {now.UTC().Format(time.RFC3339)},
		"aws:epochtime":        {fmt.Sprint(now.Unix())},
		"aws:userid":           {p.UserID()},
		"aws:principalarn":     {p.ARN},
		"aws:principalaccount": {p.AccountID},
		"aws:principaltype":    {principalType(p)},
		"aws:securetransport":  {boolString(call.secure)},
	}
	if p.Type == creds.IAMUser {
		ctx["aws:username"] = []string{p.Name}
	}
	if p.IdentityID != "" {
		ctx["cognito-identity.amazonaws.com:sub"] = []string{p.IdentityID}
		ctx["cognito-identity.amazonaws.com:aud"] = []string{p.IdentityPoolID}
		amr := []string{p.AuthType}
		if p.Provider != "" {
			amr = append(amr, p.Provider)
			if p.Sub != "" {
				amr = append(amr, p.Provider+":CognitoSignIn:"+p.Sub)
			}
		}
		ctx["cognito-identity.amazonaws.com:amr"] = amr
	}
	return ctx
}

func principalType(p *creds.Principal) string {
	if p.Type == creds.IAMUser {
		return "User"
	}
	return "AssumedRole"
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

package gateway

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

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
	// contexts recycles the requests' policy contexts.
	contexts sync.Pool
	clock    secondClock
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
		contexts: sync.Pool{New: newRequestContext},
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
	rc := a.contexts.Get().(*requestContext)
	defer a.contexts.Put(rc)
	defer rc.release()
	if err := a.verifier.VerifyInto(r, now, &rc.res); err != nil {
		return nil, signatureError(err)
	}
	p, ok := rc.res.Principal.(*creds.Principal)
	if !ok {
		return nil, ErrInternalServerError
	}
	key := p.ARN
	if p.Type == creds.AssumedRole {
		key = p.RoleARN
	}
	set := a.policies[key]
	if set == nil {
		return nil, errAccessDenied(p.ARN, call.MethodARN(), false)
	}
	rc.fill(p, call, a.clock.strings(now))
	// The method ARN in rc's buffer: policy evaluation keeps no reference
	// to it, and the error messages below copy it.
	rc.arn = appendMethodARN(rc.arn[:0], call)
	arn := unsafe.String(unsafe.SliceData(rc.arn), len(rc.arn))
	switch set.Evaluate(&policy.Request{Action: actionInvoke, Resource: arn, Context: rc.keys}) {
	case policy.Allow:
		return p, nil
	case policy.ExplicitDeny:
		return nil, errAccessDenied(p.ARN, strings.Clone(arn), true)
	default:
		return nil, errAccessDenied(p.ARN, strings.Clone(arn), false)
	}
}

// appendMethodARN appends call.MethodARN() to b.
func appendMethodARN(b []byte, call *Call) []byte {
	b = append(b, "arn:aws:execute-api:"...)
	b = append(b, call.Region...)
	b = append(b, ':')
	b = append(b, call.AccountID...)
	b = append(b, ':')
	b = append(b, call.APIID...)
	b = append(b, '/')
	b = append(b, call.Stage...)
	b = append(b, '/')
	b = append(b, call.Method...)
	b = append(b, '/')
	return append(b, strings.TrimPrefix(call.Path, "/")...)
}

// actionInvoke is the IAM action of calling an API.
const actionInvoke = "execute-api:Invoke"

// requestContext is the IAM request context of a call: the keys policy
// conditions and variables refer to, lower-cased. For identity pool
// credentials, cognito-identity.amazonaws.com:sub is the identity id, :aud
// the identity pool id and :amr the authentication type and providers, as
// AWS sets them. Its map and the room for its values are reused from
// request to request (through a sync.Pool): it is filled anew for each.
type requestContext struct {
	keys map[string][]string
	// vals backs the single values of keys; amr the values of
	// cognito-identity.amazonaws.com:amr.
	vals [11][1]string
	amr  [3]string
	// shape is the set of keys in keys (see contextShape); -1 before the
	// first fill.
	shape int
	// arn holds the method ARN of the call.
	arn []byte
	// res is the result of the signature's verification, with room for
	// the signed header names.
	res sigv4.Result
}

func newRequestContext() any {
	return &requestContext{keys: make(map[string][]string, 12), shape: -1, arn: make([]byte, 0, 256),
		res: sigv4.Result{SignedHeaders: make([]string, 0, 8)}}
}

// release readies c for the pool: it drops the references res has to the
// request, and the room a request with many signed headers or a long
// path grew, keeping the usual room.
func (c *requestContext) release() {
	names := c.res.SignedHeaders[:cap(c.res.SignedHeaders)]
	if len(names) > 16 {
		names = make([]string, 8)
	}
	clear(names)
	c.res = sigv4.Result{SignedHeaders: names[:0]}
	if cap(c.arn) > 1024 {
		c.arn = make([]byte, 0, 256)
	}
}

// contextShape numbers the sets of keys fill sets for p: which keys there
// are and how many values amr has. Two calls of the same shape set the
// same keys in the same order, each to a slice of the same array.
func contextShape(p *creds.Principal) int {
	shape := 0
	if p.Type == creds.IAMUser {
		shape |= 1
	}
	if p.IdentityID != "" {
		shape |= 2
		if p.Provider != "" {
			shape |= 4
			if p.Sub != "" {
				shape |= 8
			}
		}
	}
	return shape
}

// fill sets the context of a call by p, at the time of ts. When the
// previous call had the same shape, the map already holds every key, each
// to its slice of vals or amr, and only the values are written.
func (c *requestContext) fill(p *creds.Principal, call *Call, ts *timeStrings) {
	shape := contextShape(p)
	rebuild := shape != c.shape
	if rebuild {
		clear(c.keys)
		c.shape = shape
	}
	n := 0
	set := func(key, value string) {
		c.vals[n][0] = value
		if rebuild {
			c.keys[key] = c.vals[n][:]
		}
		n++
	}
	set("aws:sourceip", call.SourceIP)
	set("aws:currenttime", ts.current)
	set("aws:epochtime", ts.epoch)
	set("aws:userid", p.UserID())
	set("aws:principalarn", p.ARN)
	set("aws:principalaccount", p.AccountID)
	set("aws:principaltype", principalType(p))
	set("aws:securetransport", boolString(call.secure))
	if p.Type == creds.IAMUser {
		set("aws:username", p.Name)
	}
	if p.IdentityID != "" {
		set("cognito-identity.amazonaws.com:sub", p.IdentityID)
		set("cognito-identity.amazonaws.com:aud", p.IdentityPoolID)
		amr := append(c.amr[:0], p.AuthType)
		if p.Provider != "" {
			amr = append(amr, p.Provider)
			if p.Sub != "" {
				amr = append(amr, p.CognitoSignIn())
			}
		}
		if rebuild {
			c.keys["cognito-identity.amazonaws.com:amr"] = amr
		}
	}
}

// timeStrings are the aws:CurrentTime and aws:EpochTime of one second.
type timeStrings struct {
	unix    int64
	current string
	epoch   string
}

// secondClock formats aws:CurrentTime and aws:EpochTime once a second, not
// once a request: both have a precision of one second.
type secondClock struct {
	last atomic.Pointer[timeStrings]
}

// strings returns the time strings of now.
func (c *secondClock) strings(now time.Time) *timeStrings {
	unix := now.Unix()
	if ts := c.last.Load(); ts != nil && ts.unix == unix {
		return ts
	}
	ts := &timeStrings{unix: unix, current: now.UTC().Format(time.RFC3339), epoch: strconv.FormatInt(unix, 10)}
	c.last.Store(ts)
	return ts
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

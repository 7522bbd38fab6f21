package creds

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/policy"
)

// AuthorizeService decides whether p may perform action (such as
// "cognito-idp:AdminCreateUser") on resource (an ARN, or "*") by evaluating
// p's identity-based policies as IAM does. A denial is the
// AccessDeniedException that AWS's JSON 1.1 services answer, with IAM's
// message for an implicit or an explicit deny. It serves the
// administrative operations, which are not on a hot path: policies are
// compiled on each call.
func AuthorizeService(p *Principal, action, resource string, now time.Time) error {
	req := &policy.Request{Action: action, Resource: resource, Context: principalContext(p, now)}
	switch policy.Evaluate(p.Policies, req) {
	case policy.Allow:
		return nil
	case policy.ExplicitDeny:
		return accessDenied(p, action, resource, "with an explicit deny in an identity-based policy")
	default:
		return accessDenied(p, action, resource, "because no identity-based policy allows the "+action+" action")
	}
}

func accessDenied(p *Principal, action, resource, why string) error {
	return awsproto.NewError(http.StatusBadRequest, "AccessDeniedException",
		"User: "+p.ARN+" is not authorized to perform: "+action+" on resource: "+resource+" "+why)
}

// principalContext returns the global condition keys IAM sets for a
// request by p, lower-cased as policy.Request wants them.
func principalContext(p *Principal, now time.Time) map[string][]string {
	ctx := map[string][]string{
		"aws:currenttime":      {now.UTC().Format(time.RFC3339)},
		"aws:epochtime":        {strconv.FormatInt(now.Unix(), 10)},
		"aws:principalarn":     {p.ARN},
		"aws:principalaccount": {p.AccountID},
		"aws:userid":           {p.UserID()},
	}
	if p.Type == IAMUser {
		ctx["aws:username"] = []string{p.Name}
		ctx["aws:principaltype"] = []string{"User"}
	} else {
		ctx["aws:principaltype"] = []string{"AssumedRole"}
	}
	return ctx
}

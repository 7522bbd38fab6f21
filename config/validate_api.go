package config

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

var (
	apiIDPattern          = regexp.MustCompile(`^[a-z0-9]{10}$`)
	stagePattern          = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
	identitySourcePattern = regexp.MustCompile("^method\\.request\\.header\\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	apiKeyValuePattern    = regexp.MustCompile(`^[\x20-\x7e]{20,128}$`)
)

// corsMethods are the methods a CORS allow_methods entry may name.
var corsMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

func (v *validator) apis() {
	ids := map[string]string{}
	for i := range v.c.APIs {
		a := &v.c.APIs[i]
		p := fieldpath.Index("apis", i)
		if v.matches(field(p, "id"), a.ID, apiIDPattern, "must be 10 lowercase letters or digits") {
			v.claim(ids, a.ID, p, field(p, "id"), strconv.Quote(a.ID))
		}
		v.required(field(p, "name"), a.Name)
		v.stages(field(p, "stages"), a.Stages)
		if a.CORS != nil {
			v.cors(field(p, "cors"), a.CORS)
		}
		v.authorizers(field(p, "authorizers"), a.Authorizers)
		v.routes(field(p, "routes"), a)
		if a.Throttle != nil {
			v.throttle(field(p, "throttle"), a.Throttle)
		}
		v.apiKeys(field(p, "api_keys"), a.APIKeys)
		v.usagePlans(field(p, "usage_plans"), a)
	}
}

func (v *validator) stages(p string, stages []string) {
	if len(stages) == 0 {
		v.add(p, "must list at least one stage")
	}
	seen := map[string]bool{}
	for i, s := range stages {
		switch {
		case !stagePattern.MatchString(s):
			v.add(fieldpath.Index(p, i), "must be 1 to 128 letters, digits, hyphens or underscores")
		case seen[s]:
			v.add(fieldpath.Index(p, i), "duplicate "+strconv.Quote(s))
		}
		seen[s] = true
	}
}

func (v *validator) cors(p string, c *CORS) {
	for i, o := range c.AllowOrigins {
		if o != "*" && !validOrigin(o) {
			v.add(fieldpath.Index(field(p, "allow_origins"), i), `must be "*" or an origin like https://example.com`)
		}
	}
	for i, h := range c.AllowHeaders {
		if h != "*" && !tokenPattern.MatchString(h) {
			v.add(fieldpath.Index(field(p, "allow_headers"), i), `must be "*" or a header name`)
		}
	}
	for i, m := range c.AllowMethods {
		if m != "*" && !slices.Contains(corsMethods, m) {
			v.add(fieldpath.Index(field(p, "allow_methods"), i), `must be "*" or one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS`)
		}
	}
	for i, h := range c.ExposeHeaders {
		if h != "*" && !tokenPattern.MatchString(h) {
			v.add(fieldpath.Index(field(p, "expose_headers"), i), `must be "*" or a header name`)
		}
	}
	v.durationBetween(field(p, "max_age"), c.MaxAge, 0, 24*time.Hour, "0s and 24h")
	// No allow_origins means any origin: with credentials, every site
	// could read a signed-in user's responses.
	if c.AllowCredentials && (len(c.AllowOrigins) == 0 || slices.Contains(c.AllowOrigins, "*")) {
		v.add(field(p, "allow_credentials"), `cannot be true unless allow_origins lists the allowed origins (not "*")`)
	}
}

// validOrigin accepts scheme://host[:port], without path, query or fragment.
func validOrigin(o string) bool {
	u, err := url.Parse(o)
	return err == nil && u.Scheme != "" && u.Host != "" && u.User == nil &&
		u.Path == "" && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery &&
		o == u.Scheme+"://"+u.Host
}

func (v *validator) authorizers(p string, list []Authorizer) {
	names := map[string]string{}
	for i, au := range list {
		ap := fieldpath.Index(p, i)
		if v.required(field(ap, "name"), au.Name) {
			v.claim(names, au.Name, ap, field(ap, "name"), strconv.Quote(au.Name))
		}
		if au.Type != AuthorizerCognitoUserPools {
			v.add(field(ap, "type"), "must be COGNITO_USER_POOLS (the only authorizer type supported)")
		}
		up := field(ap, "user_pools")
		if len(au.UserPools) == 0 {
			v.add(up, "must list at least one user pool")
		}
		seen := map[string]bool{}
		for j, id := range au.UserPools {
			switch {
			case v.pools[id] == nil:
				v.add(fieldpath.Index(up, j), "unknown user pool "+strconv.Quote(id)+" (not declared in user_pools)")
			case seen[id]:
				v.add(fieldpath.Index(up, j), "duplicate "+strconv.Quote(id))
			}
			seen[id] = true
		}
		if !identitySourcePattern.MatchString(au.IdentitySource) {
			v.add(field(ap, "identity_source"), "must be method.request.header.<Name>")
		}
	}
}

func (v *validator) throttle(p string, t *Throttle) {
	if !(t.RateLimit > 0) {
		v.add(field(p, "rate_limit"), "must be greater than 0")
	}
	if t.BurstLimit < 1 {
		v.add(field(p, "burst_limit"), "must be at least 1")
	}
}

func (v *validator) apiKeys(p string, keys []APIKey) {
	ids, names, values := map[string]string{}, map[string]string{}, map[string]string{}
	for i, k := range keys {
		kp := fieldpath.Index(p, i)
		if v.matches(field(kp, "id"), k.ID, apiIDPattern, "must be 10 lowercase letters or digits") {
			v.claim(ids, k.ID, kp, field(kp, "id"), strconv.Quote(k.ID))
		}
		if v.required(field(kp, "name"), k.Name) {
			v.claim(names, k.Name, kp, field(kp, "name"), strconv.Quote(k.Name))
		}
		if v.matches(field(kp, "value"), k.Value, apiKeyValuePattern, "must be 20 to 128 printable ASCII characters") {
			v.claim(values, k.Value, kp, field(kp, "value"), "")
		}
	}
}

func (v *validator) usagePlans(p string, a *API) {
	keys := map[string]bool{}
	for _, k := range a.APIKeys {
		keys[k.ID] = true
	}
	names, planOf := map[string]string{}, map[string]string{}
	for i, plan := range a.UsagePlans {
		pp := fieldpath.Index(p, i)
		if v.required(field(pp, "name"), plan.Name) {
			v.claim(names, plan.Name, pp, field(pp, "name"), strconv.Quote(plan.Name))
		}
		for j, id := range plan.APIKeys {
			kp := fieldpath.Index(field(pp, "api_keys"), j)
			if !keys[id] {
				v.add(kp, "unknown API key "+strconv.Quote(id)+" (not an id in api_keys)")
				continue
			}
			v.claim(planOf, id, pp, kp, "API key "+strconv.Quote(id))
		}
		if plan.Throttle != nil {
			v.throttle(field(pp, "throttle"), plan.Throttle)
		}
		if q := plan.Quota; q != nil {
			qp := field(pp, "quota")
			if q.Limit < 1 {
				v.add(field(qp, "limit"), "must be at least 1")
			}
			v.oneOf(field(qp, "period"), q.Period, PeriodDay, PeriodWeek, PeriodMonth)
		}
	}
}

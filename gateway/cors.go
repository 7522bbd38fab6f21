package gateway

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
)

// defaultCORSHeaders are the headers API Gateway's "Enable CORS" allows.
const defaultCORSHeaders = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"

// corsPolicy is an API's CORS configuration, with its header values
// computed once.
type corsPolicy struct {
	anyOrigin   bool
	origins     []string
	headers     string
	methods     string
	expose      string
	maxAge      string
	credentials bool
}

func newCORSPolicy(c *config.CORS) *corsPolicy {
	if c == nil {
		return nil
	}
	p := &corsPolicy{
		anyOrigin:   slices.Contains(c.AllowOrigins, "*"),
		origins:     c.AllowOrigins,
		headers:     strings.Join(c.AllowHeaders, ","),
		methods:     strings.Join(c.AllowMethods, ","),
		expose:      strings.Join(c.ExposeHeaders, ","),
		credentials: c.AllowCredentials,
	}
	if len(c.AllowOrigins) == 0 {
		p.anyOrigin = true
	}
	if p.headers == "" {
		p.headers = defaultCORSHeaders
	}
	if c.MaxAge > 0 {
		p.maxAge = strconv.FormatInt(int64(time.Duration(c.MaxAge)/time.Second), 10)
	}
	return p
}

// allowOrigin is the Access-Control-Allow-Origin for a request from
// origin, or "" when the origin is not allowed.
func (p *corsPolicy) allowOrigin(origin string) string {
	if p.anyOrigin && !p.credentials {
		return "*"
	}
	if origin == "" {
		return ""
	}
	if p.anyOrigin || slices.Contains(p.origins, origin) {
		return origin
	}
	return ""
}

// apply sets the CORS headers of every response of the API (errors
// included) and answers a preflight of a known resource, reporting true
// when it did.
func (p *corsPolicy) apply(w http.ResponseWriter, r *http.Request, root *resource, path string) bool {
	h := w.Header()
	origin := r.Header.Get("Origin")
	allow := p.allowOrigin(origin)
	if allow != "" {
		h["Access-Control-Allow-Origin"] = []string{allow}
		if allow != "*" {
			h.Add("Vary", "Origin")
		}
		if p.credentials {
			h["Access-Control-Allow-Credentials"] = []string{"true"}
		}
		if p.expose != "" {
			h["Access-Control-Expose-Headers"] = []string{p.expose}
		}
	}
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	methods := root.methodsAt(path)
	if methods == nil {
		return false
	}
	allowMethods := p.methods
	if allowMethods == "" {
		allowMethods = methodList(methods)
	}
	h["Access-Control-Allow-Methods"] = []string{allowMethods}
	h["Access-Control-Allow-Headers"] = []string{p.headers}
	if p.maxAge != "" {
		h["Access-Control-Max-Age"] = []string{p.maxAge}
	}
	h["Content-Length"] = []string{"0"}
	w.WriteHeader(http.StatusOK)
	return true
}

// methodList lists the methods of a resource for Access-Control-Allow-Methods.
func methodList(methods map[string]*Route) string {
	if _, ok := methods[methodAny]; ok {
		return "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"
	}
	list := make([]string, 0, len(methods)+1)
	for m := range methods {
		list = append(list, m)
	}
	if !slices.Contains(list, http.MethodOptions) {
		list = append(list, http.MethodOptions)
	}
	slices.Sort(list)
	return strings.Join(list, ",")
}

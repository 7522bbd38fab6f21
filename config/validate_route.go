package config

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

var (
	literalSegmentPattern  = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	variableSegmentPattern = regexp.MustCompile(`^\{([A-Za-z0-9._-]+)(\+?)\}$`)
	functionNamePattern    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	placeholderPattern     = regexp.MustCompile(`\{([^{}]*)\}`)
	// scopePattern is an OAuth scope token (RFC 6749).
	scopePattern             = regexp.MustCompile(`^[\x21\x23-\x5b\x5d-\x7e]+$`)
	requestParamKeyPattern   = regexp.MustCompile("^integration\\.request\\.(?:header|querystring|path)\\.[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	requestParamValuePattern = regexp.MustCompile("^(?:method\\.request\\.(header|querystring|path|multivalueheader|multivaluequerystring)\\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)|context\\.[A-Za-z0-9.]+|stageVariables\\.[A-Za-z0-9_]+|'[^']*')$")
)

// Route values.
var (
	routeMethods     = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"}
	routeAuths       = []string{AuthAWSIAM, AuthCognitoUserPools, AuthNone}
	integrationTypes = []string{IntegrationLambda, IntegrationHTTPProxy, IntegrationMock, IntegrationMockEcho}
)

// API Gateway's integration timeout bounds.
const (
	minIntegrationTimeout = 50 * time.Millisecond
	maxIntegrationTimeout = 29 * time.Second
)

// variableAt is the variable segment seen under a parent resource path, and
// the route that declared it.
type variableAt struct {
	segment, route string
}

func (v *validator) routes(p string, a *API) {
	authorizers := map[string]bool{}
	for _, au := range a.Authorizers {
		authorizers[au.Name] = true
	}
	declared := map[string]string{}
	variables := map[string]variableAt{}
	for i, r := range a.Routes {
		rp := fieldpath.Index(p, i)
		methodOK := v.oneOf(field(rp, "method"), r.Method, routeMethods...)
		params, pathOK := v.routePath(field(rp, "path"), r.Path)
		if pathOK {
			v.siblingVariables(rp, r.Path, variables)
		}
		if methodOK && pathOK {
			key := r.Method + " " + r.Path
			if first, dup := declared[key]; dup {
				v.add(rp, "route "+key+" is already declared by "+first)
			} else {
				declared[key] = rp
			}
		}
		v.oneOf(field(rp, "auth"), r.Auth, routeAuths...)
		ap := field(rp, "authorizer")
		switch {
		case r.Auth == AuthCognitoUserPools && r.Authorizer == "":
			v.add(ap, "is required when auth is COGNITO_USER_POOLS")
		case r.Auth == AuthCognitoUserPools && !authorizers[r.Authorizer]:
			v.add(ap, "unknown authorizer "+strconv.Quote(r.Authorizer))
		case r.Auth != AuthCognitoUserPools && r.Authorizer != "":
			v.add(ap, "only allowed when auth is COGNITO_USER_POOLS")
		}
		sp := field(rp, "authorization_scopes")
		if len(r.AuthorizationScopes) > 0 && r.Auth != AuthCognitoUserPools {
			v.add(sp, "only allowed when auth is COGNITO_USER_POOLS")
		} else {
			for j, s := range r.AuthorizationScopes {
				if !scopePattern.MatchString(s) {
					v.add(fieldpath.Index(sp, j), "must be an OAuth scope (no spaces, quotes or backslashes)")
				}
			}
		}
		if r.APIKeyRequired && len(a.APIKeys) == 0 {
			v.add(field(rp, "api_key_required"), "requires at least one key in api_keys")
		}
		v.integration(field(rp, "integration"), r.Integration, params, pathOK)
	}
}

// routePath checks a resource path and returns its parameter names (a
// greedy {proxy+} is "proxy").
func (v *validator) routePath(p, path string) ([]string, bool) {
	switch {
	case path == "":
		v.add(p, "is required")
		return nil, false
	case path[0] != '/':
		v.add(p, `must start with "/"`)
		return nil, false
	case path == "/":
		return nil, true
	}
	segments := strings.Split(path[1:], "/")
	var params []string
	for i, s := range segments {
		if s == "" {
			v.add(p, `must not have empty segments or end with "/"`)
			return nil, false
		}
		if literalSegmentPattern.MatchString(s) {
			continue
		}
		m := variableSegmentPattern.FindStringSubmatch(s)
		switch {
		case m == nil:
			v.add(p, "segment "+strconv.Quote(s)+` must be literal (letters, digits, ".", "_", "-"), {name} or a final {name+}`)
			return nil, false
		case m[2] == "+" && i != len(segments)-1:
			v.add(p, "greedy segment "+s+" must be the last")
			return nil, false
		case slices.Contains(params, m[1]):
			v.add(p, "parameter {"+m[1]+"} appears twice")
			return nil, false
		}
		params = append(params, m[1])
	}
	return params, true
}

// siblingVariables reports a route whose variable segment differs from one
// another route declared under the same parent: as in API Gateway, a
// resource has at most one variable child ("/notes/{id}" and
// "/notes/{noteId}/x" conflict).
func (v *validator) siblingVariables(rp, path string, variables map[string]variableAt) {
	segments := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segments {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		parent := "/" + strings.Join(segments[:i], "/")
		seen, ok := variables[parent]
		switch {
		case !ok:
			variables[parent] = variableAt{segment: s, route: rp}
		case seen.segment != s:
			v.add(field(rp, "path"), s+" conflicts with "+seen.segment+" of "+seen.route+
				": a path level has at most one variable")
			return
		}
	}
}

func (v *validator) integration(p string, in Integration, params []string, pathOK bool) {
	v.oneOf(field(p, "type"), in.Type, integrationTypes...)
	notFor := func(name string, set bool) {
		if set {
			v.add(field(p, name), "not allowed for type "+in.Type)
		}
	}
	switch in.Type {
	case IntegrationLambda:
		switch {
		case (in.Function == "") == (in.URI == ""):
			v.add(p, "must set exactly one of function and uri for type lambda")
		case in.Function != "" && !functionNamePattern.MatchString(in.Function):
			v.add(field(p, "function"), "must be a Lambda function name: 1 to 64 letters, digits, - or _")
		case in.URI != "":
			if _, ok := httpURL(in.URI); !ok {
				v.add(field(p, "uri"), "must be an absolute http(s) URL")
			}
		}
		notFor("status", in.Status != 0)
		notFor("body", in.Body != "")
		notFor("headers", in.Headers != nil)
		notFor("request_parameters", in.RequestParameters != nil)
	case IntegrationHTTPProxy:
		v.proxyURI(field(p, "uri"), in, params, pathOK)
		notFor("function", in.Function != "")
		notFor("status", in.Status != 0)
		notFor("body", in.Body != "")
		notFor("headers", in.Headers != nil)
		v.requestParameters(field(p, "request_parameters"), in.RequestParameters, params, pathOK)
	case IntegrationMock:
		if in.Status < 100 || in.Status > 599 {
			v.add(field(p, "status"), "must be an HTTP status between 100 and 599")
		}
		notFor("function", in.Function != "")
		notFor("uri", in.URI != "")
		notFor("request_parameters", in.RequestParameters != nil)
		v.headers(field(p, "headers"), in.Headers)
	case IntegrationMockEcho:
		notFor("function", in.Function != "")
		notFor("uri", in.URI != "")
		notFor("status", in.Status != 0)
		notFor("body", in.Body != "")
		notFor("request_parameters", in.RequestParameters != nil)
		v.headers(field(p, "headers"), in.Headers)
	}
	v.durationIn(field(p, "timeout"), in.Timeout, minIntegrationTimeout, maxIntegrationTimeout,
		"50ms and 29s", time.Millisecond, "milliseconds")
}

// proxyURI checks an http_proxy URI and that each of its {name}
// placeholders is a parameter of the route's path (which fills it by
// default) or is mapped by an integration.request.path.<name> request
// parameter.
func (v *validator) proxyURI(p string, in Integration, params []string, pathOK bool) {
	uri := in.URI
	if !v.required(p, uri) {
		return
	}
	if _, ok := httpURL(uri); !ok {
		v.add(p, "must be an absolute http(s) URL")
		return
	}
	if !pathOK {
		return
	}
	for _, m := range placeholderPattern.FindAllStringSubmatch(uri, -1) {
		if _, mapped := in.RequestParameters["integration.request.path."+m[1]]; !mapped && !slices.Contains(params, m[1]) {
			v.add(p, "{"+m[1]+"} is neither a parameter of the route's path nor mapped by request_parameters")
		}
	}
}

func (v *validator) requestParameters(p string, rps map[string]string, params []string, pathOK bool) {
	for _, k := range slices.Sorted(maps.Keys(rps)) {
		kp := field(p, k)
		if !requestParamKeyPattern.MatchString(k) {
			v.add(kp, "key must be integration.request.{header|querystring|path}.<name>")
			continue
		}
		m := requestParamValuePattern.FindStringSubmatch(rps[k])
		switch {
		case m == nil:
			v.add(kp, "must be method.request.{header|querystring|path}.<name>, context.<name>, stageVariables.<name> or a 'static' value")
		case m[1] == "path" && pathOK && !slices.Contains(params, m[2]):
			v.add(kp, "{"+m[2]+"} is not a parameter of the route's path")
		}
	}
}

func (v *validator) headers(p string, h map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		switch {
		case !tokenPattern.MatchString(k):
			v.add(field(p, k), "is not a valid header name")
		case strings.ContainsAny(h[k], "\r\n\x00"):
			v.add(field(p, k), "must not contain line breaks or NUL")
		}
	}
}

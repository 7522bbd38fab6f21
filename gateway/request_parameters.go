package gateway

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// requestParameters are an http_proxy route's request_parameters, as API
// Gateway maps method request values into the integration request:
//
//	integration.request.header.<name>       ← a header of the backend request
//	integration.request.querystring.<name>  ← a query parameter (added)
//	integration.request.path.<name>         ← the value of {name} in the URI
//
// from method.request.{header|multivalueheader|querystring|
// multivaluequerystring|path}.<name>, context.<path> (the proxy event's
// requestContext, like context.identity.cognitoIdentityId or
// context.authorizer.claims.sub), stageVariables.<name> or a 'static'
// value. A source without a value sets nothing.
type requestParameters struct {
	headers []requestParameter
	queries []requestParameter
	paths   map[string]paramSource
}

type requestParameter struct {
	name   string
	source paramSource
}

// paramSource returns the values of a request parameter's source for one
// request; ctx caches the request context between sources.
type paramSource func(call *Call, r *http.Request, ctx *contextValues) []string

func parseRequestParameters(m map[string]string) (*requestParameters, error) {
	if len(m) == 0 {
		return nil, nil
	}
	rp := &requestParameters{}
	for _, key := range slices.Sorted(maps.Keys(m)) {
		src, err := parseParamSource(m[key])
		if err != nil {
			return nil, fmt.Errorf("request_parameters %s: %w", key, err)
		}
		rest, ok := strings.CutPrefix(key, "integration.request.")
		kind, name, _ := strings.Cut(rest, ".")
		switch {
		case !ok || name == "":
			return nil, fmt.Errorf("request_parameters %s: not integration.request.{header|querystring|path}.<name>", key)
		case kind == "header":
			rp.headers = append(rp.headers, requestParameter{name: http.CanonicalHeaderKey(name), source: src})
		case kind == "querystring":
			rp.queries = append(rp.queries, requestParameter{name: name, source: src})
		case kind == "path":
			if rp.paths == nil {
				rp.paths = map[string]paramSource{}
			}
			rp.paths[name] = src
		default:
			return nil, fmt.Errorf("request_parameters %s: not integration.request.{header|querystring|path}.<name>", key)
		}
	}
	return rp, nil
}

func parseParamSource(v string) (paramSource, error) {
	if len(v) >= 2 && strings.HasPrefix(v, "'") && strings.HasSuffix(v, "'") {
		static := []string{v[1 : len(v)-1]}
		return func(*Call, *http.Request, *contextValues) []string { return static }, nil
	}
	if path, ok := strings.CutPrefix(v, "context."); ok && path != "" {
		return func(call *Call, r *http.Request, ctx *contextValues) []string {
			if s, ok := ctx.lookup(call, r, path); ok {
				return []string{s}
			}
			return nil
		}, nil
	}
	if _, ok := strings.CutPrefix(v, "stageVariables."); ok {
		// Stages have no variables in the configuration: no value.
		return func(*Call, *http.Request, *contextValues) []string { return nil }, nil
	}
	rest, ok := strings.CutPrefix(v, "method.request.")
	kind, name, _ := strings.Cut(rest, ".")
	if !ok || name == "" {
		return nil, fmt.Errorf("%q is not method.request.<location>.<name>, context.<name>, stageVariables.<name> or a 'static' value", v)
	}
	switch kind {
	case "header":
		return func(_ *Call, r *http.Request, _ *contextValues) []string { return last(r.Header.Values(name)) }, nil
	case "multivalueheader":
		return func(_ *Call, r *http.Request, _ *contextValues) []string { return r.Header.Values(name) }, nil
	case "querystring":
		return func(_ *Call, r *http.Request, _ *contextValues) []string { return last(r.URL.Query()[name]) }, nil
	case "multivaluequerystring":
		return func(_ *Call, r *http.Request, _ *contextValues) []string { return r.URL.Query()[name] }, nil
	case "path":
		return func(call *Call, _ *http.Request, _ *contextValues) []string {
			if v, ok := call.PathParameters[name]; ok {
				return []string{v}
			}
			return nil
		}, nil
	}
	return nil, fmt.Errorf("%q: unknown location %q", v, kind)
}

func last(vs []string) []string {
	if len(vs) <= 1 {
		return vs
	}
	return vs[len(vs)-1:]
}

// apply sets the header and query parameters on the outbound request out
// of the inbound request in.
func (rp *requestParameters) apply(out *http.Request, call *Call, in *http.Request) {
	if rp == nil || (len(rp.headers) == 0 && len(rp.queries) == 0) {
		return
	}
	var ctx contextValues
	for _, p := range rp.headers {
		if vs := p.source(call, in, &ctx); len(vs) > 0 {
			out.Header[p.name] = []string{strings.Join(vs, ",")}
		}
	}
	if len(rp.queries) > 0 {
		q := out.URL.Query()
		for _, p := range rp.queries {
			if vs := p.source(call, in, &ctx); len(vs) > 0 {
				q[p.name] = vs
			}
		}
		out.URL.RawQuery = q.Encode()
	}
}

// path returns the value mapped to the URI's {name} by an
// integration.request.path.<name> parameter; ok is false when none is.
func (rp *requestParameters) path(name string, call *Call, r *http.Request) (string, bool) {
	if rp == nil {
		return "", false
	}
	src, ok := rp.paths[name]
	if !ok {
		return "", false
	}
	var ctx contextValues
	if vs := src(call, r, &ctx); len(vs) > 0 {
		return vs[len(vs)-1], true
	}
	return "", true
}

// contextValues resolves context.<path> values: the authorizer's claims
// directly, everything else from the proxy event's requestContext, built
// once per request when first needed.
type contextValues struct {
	doc map[string]any
}

func (c *contextValues) lookup(call *Call, r *http.Request, path string) (string, bool) {
	if claim, ok := strings.CutPrefix(path, "authorizer.claims."); ok {
		v, ok := call.Claims[claim]
		return v, ok
	}
	if c.doc == nil {
		b, err := json.Marshal(call.ProxyRequest(r, nil).RequestContext)
		if err != nil || json.Unmarshal(b, &c.doc) != nil {
			return "", false
		}
	}
	var cur any = c.doc
	for seg := range strings.SplitSeq(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if cur, ok = m[seg]; !ok {
			return "", false
		}
	}
	switch v := cur.(type) {
	case string:
		return v, v != ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

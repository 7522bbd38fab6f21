package gateway

import (
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
)

// methodAny is the route method that matches every HTTP method.
const methodAny = "ANY"

// Route is one method of a resource, as configured and compiled.
type Route struct {
	// Method is the configured method: GET, POST ... or ANY.
	Method string
	// Resource is the resource path template, like "/notes/{id}"; it is
	// API Gateway's resource and requestContext.resourcePath.
	Resource string
	// Config is the route's configuration.
	Config *config.Route

	integration Integration
	// params are the names of the path parameters, in path order.
	params []string
	// scopes are the authorization scopes of a COGNITO_USER_POOLS route.
	scopes     []string
	authorizer *cognitoAuthorizer
	// owner is the resource the route belongs to.
	owner *resource
}

// resource is a node of an API's resource tree: one path segment.
type resource struct {
	literals map[string]*resource
	// param is the {name} child, greedy the final {name+} child.
	param  *resource
	greedy *resource
	// methods maps GET, POST ... and ANY to the resource's routes.
	methods map[string]*Route
	// path is the resource path template of this node.
	path string
}

func newResource(path string) *resource {
	return &resource{path: path}
}

// add puts route at the resource of its path (validated by config: every
// segment literal, {name} or a final {name+}).
func (n *resource) add(route *Route) {
	cur := n
	for seg := range strings.SplitSeq(strings.Trim(route.Resource, "/"), "/") {
		if seg == "" {
			continue
		}
		prefix := cur.path
		if prefix == "/" {
			prefix = ""
		}
		switch {
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}"):
			if cur.greedy == nil {
				cur.greedy = newResource(prefix + "/" + seg)
			}
			route.params = append(route.params, seg[1:len(seg)-2])
			cur = cur.greedy
		case strings.HasPrefix(seg, "{"):
			if cur.param == nil {
				cur.param = newResource(prefix + "/" + seg)
			}
			route.params = append(route.params, seg[1:len(seg)-1])
			cur = cur.param
		default:
			if cur.literals == nil {
				cur.literals = map[string]*resource{}
			}
			next, ok := cur.literals[seg]
			if !ok {
				next = newResource(prefix + "/" + seg)
				cur.literals[seg] = next
			}
			cur = next
		}
	}
	if cur.methods == nil {
		cur.methods = map[string]*Route{}
	}
	cur.methods[route.Method] = route
	route.owner = cur
}

// route returns the route of method at the resource, the exact method
// before ANY.
func (n *resource) route(method string) *Route {
	if r, ok := n.methods[method]; ok {
		return r
	}
	return n.methods[methodAny]
}

// maxParams bounds the path parameters a match records without allocating.
const maxParams = 8

// match is the result of matching a request path: the route and the
// values of its path parameters, in the order of Route.params.
type match struct {
	route  *Route
	values [maxParams]string
	n      int
}

// lookup finds the route of method and path (which starts with "/"). At
// each segment a literal child is tried before {param}, and {param} before
// a greedy {proxy+} (which takes one or more segments); the first resource
// along that order with the method (or ANY) wins. A trailing slash is
// ignored; an empty segment inside the path matches only a greedy
// parameter.
func (n *resource) lookup(method, path string, m *match) bool {
	rest := strings.TrimPrefix(path, "/")
	rest = strings.TrimSuffix(rest, "/")
	return n.walk(method, rest, m)
}

func (n *resource) walk(method, rest string, m *match) bool {
	if rest == "" {
		if r := n.route(method); r != nil {
			m.route = r
			return true
		}
		return false
	}
	seg, tail, more := strings.Cut(rest, "/")
	if seg != "" {
		if child, ok := n.literals[seg]; ok && (!more || tail != "") {
			if child.walk(method, tail, m) {
				return true
			}
		}
		if n.param != nil && (!more || tail != "") && m.n < maxParams {
			m.values[m.n] = seg
			m.n++
			if n.param.walk(method, tail, m) {
				return true
			}
			m.n--
		}
	}
	if n.greedy != nil && m.n < maxParams {
		if r := n.greedy.route(method); r != nil {
			m.values[m.n] = rest
			m.n++
			m.route = r
			return true
		}
	}
	return false
}

// pathParameters returns the path parameters of m by name, or nil.
func (m *match) pathParameters() map[string]string {
	if m.n == 0 {
		return nil
	}
	out := make(map[string]string, m.n)
	for i, name := range m.route.params {
		if i < m.n {
			out[name] = m.values[i]
		}
	}
	return out
}

// methodsAt returns the methods of the resource matching path (for CORS
// preflights), or nil when no resource matches.
func (n *resource) methodsAt(path string) map[string]*Route {
	var m match
	for _, method := range []string{methodAny, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"} {
		m = match{}
		if n.lookup(method, path, &m) {
			return m.route.owner.methods
		}
	}
	return nil
}

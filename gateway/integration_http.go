package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
)

// httpProxy is the http_proxy integration: the request goes to the route's
// URI, its {name} placeholders filled from the path parameters (or from
// integration.request.path.<name> request parameters), with the caller's
// query string, through an httputil.ReverseProxy that streams the bodies
// both ways. Only the time to the backend's response headers is bounded by
// the integration's timeout; a streamed response body then takes as long
// as it takes.
type httpProxy struct {
	uri    *uriTemplate
	params *requestParameters
	proxy  *httputil.ReverseProxy
	log    *slog.Logger
}

// proxyState is what the ReverseProxy's hooks need of one request, carried
// in the outbound request's context.
type proxyState struct {
	target *url.URL
	call   *Call
	params *requestParameters
	// gatewayHeader is the header of the gateway's response, whose names an
	// integration's headers replace.
	gatewayHeader http.Header
	timer         *time.Timer
}

type proxyStateKey struct{}

// bufferPool is an httputil.BufferPool of 32 KiB buffers: the http_proxy
// routes copy response bodies through them, which would otherwise cost
// 32 KiB of garbage a request.
type bufferPool struct{ pool sync.Pool }

// copyBufferSize is the size of ReverseProxy's own copy buffers.
const copyBufferSize = 32 << 10

func (p *bufferPool) Get() []byte {
	if b, ok := p.pool.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, copyBufferSize)
}

func (p *bufferPool) Put(b []byte) {
	if cap(b) >= copyBufferSize {
		b = b[:copyBufferSize]
		p.pool.Put(&b)
	}
}

// errIntegrationTimedOut is the cause of a request cancelled by its
// integration timeout.
var errIntegrationTimedOut = errors.New("integration timed out")

func newHTTPProxy(transport http.RoundTripper, log *slog.Logger) IntegrationBuilder {
	buffers := &bufferPool{}
	return func(_ *config.API, route *config.Route) (Integration, error) {
		in := route.Integration
		uri, err := parseURITemplate(in.URI, greedyParam(route.Path))
		if err != nil {
			return nil, err
		}
		params, err := parseRequestParameters(in.RequestParameters)
		if err != nil {
			return nil, err
		}
		p := &httpProxy{uri: uri, params: params, log: log}
		p.proxy = &httputil.ReverseProxy{
			Rewrite:        rewrite,
			Transport:      transport,
			ModifyResponse: modifyResponse,
			ErrorHandler:   p.errorHandler,
			// FlushInterval 0: responses of unknown length (chunked,
			// streamed) and text/event-stream are flushed after every
			// write; others are written as they are copied.
			ErrorLog:   slog.NewLogLogger(log.Handler(), slog.LevelWarn),
			BufferPool: buffers,
		}
		return p, nil
	}
}

func (p *httpProxy) Serve(w http.ResponseWriter, r *http.Request, call *Call) {
	target, err := p.uri.expand(call, p.params, r)
	if err != nil {
		WriteError(w, ErrInternalServerError)
		return
	}
	ctx, cancel := context.WithCancelCause(r.Context())
	defer cancel(nil)
	st := &proxyState{target: target, call: call, params: p.params, gatewayHeader: w.Header()}
	st.timer = time.AfterFunc(call.Timeout, func() { cancel(errIntegrationTimedOut) })
	defer st.timer.Stop()
	out := r.WithContext(context.WithValue(ctx, proxyStateKey{}, st))
	if out.Body != nil && out.Body != http.NoBody {
		out.Body = http.MaxBytesReader(w, out.Body, MaxPayload)
		// The backend may answer before it has read the whole body (an
		// echo, an early error): keep the caller's body readable after the
		// response has started, as the body is streamed, not buffered.
		_ = http.NewResponseController(w).EnableFullDuplex()
	}
	p.proxy.ServeHTTP(w, out)
}

// rewrite addresses the outbound request to the expanded URI (with the
// URI's query and the caller's), sets X-Forwarded-For, -Host and -Proto,
// and applies the request parameters.
func rewrite(pr *httputil.ProxyRequest) {
	st := pr.In.Context().Value(proxyStateKey{}).(*proxyState)
	pr.SetURL(st.target)
	// SetURL joins the target's path with the inbound one; the target is
	// the whole path.
	pr.Out.URL.Path, pr.Out.URL.RawPath = st.target.Path, st.target.RawPath
	pr.SetXForwarded()
	// The caller's IP, resolved through trusted_proxies, not the peer's.
	pr.Out.Header.Set("X-Forwarded-For", st.call.SourceIP)
	st.params.apply(pr.Out, st.call, pr.In)
}

// modifyResponse stops the integration timeout once the backend answered,
// and lets the backend's headers replace the gateway's of the same name,
// except those the gateway owns, which the backend's go to as
// x-amzn-Remapped-<name>.
func modifyResponse(res *http.Response) error {
	st := res.Request.Context().Value(proxyStateKey{}).(*proxyState)
	if !st.timer.Stop() {
		return errIntegrationTimedOut
	}
	for name, values := range res.Header {
		if remappedHeaders[name] {
			delete(res.Header, name)
			res.Header["X-Amzn-Remapped-"+name] = values
			continue
		}
		delete(st.gatewayHeader, name)
	}
	return nil
}

// errorHandler answers a failed proxy request: 504 when the integration
// timed out, 413 for a body above MaxPayload, else 502.
func (p *httpProxy) errorHandler(w http.ResponseWriter, r *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, errIntegrationTimedOut) || errors.Is(context.Cause(r.Context()), errIntegrationTimedOut):
		WriteError(w, ErrIntegrationTimeout)
	case errors.As(err, &tooLarge):
		WriteError(w, ErrRequestTooLarge)
	default:
		if r.Context().Err() == nil {
			p.log.WarnContext(r.Context(), "http_proxy integration failed", "target", redactURL(r.URL), "err", err)
		}
		WriteError(w, ErrInternalServerError)
	}
}

// redactURL is u without its query string, for logs.
func redactURL(u *url.URL) string {
	c := *u
	c.RawQuery = ""
	c.User = nil
	return c.String()
}

// greedyParam returns the name of a route path's final {name+}, or "".
func greedyParam(path string) string {
	i := strings.LastIndex(path, "/{")
	if i < 0 || !strings.HasSuffix(path, "+}") {
		return ""
	}
	return path[i+2 : len(path)-2]
}

var uriPlaceholder = regexp.MustCompile(`\{([^{}]*)\}`)

// uriTemplate is an http_proxy URI split at its {name} placeholders.
type uriTemplate struct {
	// parts alternate literal text and placeholder names, literal first.
	parts []string
	// fixed is the parsed URI when it has no placeholders.
	fixed *url.URL
	// greedy is the route's {name+} parameter, whose value keeps its
	// slashes.
	greedy string
}

func parseURITemplate(uri, greedy string) (*uriTemplate, error) {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("http_proxy uri %q is not an absolute http(s) URL", uri)
	}
	t := &uriTemplate{greedy: greedy}
	last := 0
	for _, m := range uriPlaceholder.FindAllStringSubmatchIndex(uri, -1) {
		t.parts = append(t.parts, uri[last:m[0]], uri[m[2]:m[3]])
		last = m[1]
	}
	t.parts = append(t.parts, uri[last:])
	if len(t.parts) == 1 {
		t.fixed = u
	}
	return t, nil
}

// expand fills the placeholders: an integration.request.path.<name>
// parameter when mapped, else the path parameter <name>. Values are
// escaped as path segments; the greedy parameter's slashes stay.
func (t *uriTemplate) expand(call *Call, params *requestParameters, r *http.Request) (*url.URL, error) {
	if t.fixed != nil {
		return t.fixed, nil
	}
	var b strings.Builder
	for i, part := range t.parts {
		if i%2 == 0 {
			b.WriteString(part)
			continue
		}
		if v, ok := params.path(part, call, r); ok {
			b.WriteString(url.PathEscape(v))
			continue
		}
		v := call.PathParameters[part]
		if part == t.greedy {
			for j, seg := range strings.Split(v, "/") {
				if j > 0 {
					b.WriteByte('/')
				}
				b.WriteString(url.PathEscape(seg))
			}
			continue
		}
		b.WriteString(url.PathEscape(v))
	}
	return url.Parse(b.String())
}

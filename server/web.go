package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/web"
)

// routeWeb labels the browser app's requests (/_gatehouse/ and the
// redirect of GET /).
const routeWeb = "web"

// Paths of the browser app (package web).
const (
	webRoot   = "/_gatehouse"
	webPrefix = webRoot + "/"
	webConfig = webPrefix + "config.json"
)

// isWebPath reports whether p is the browser app's: /_gatehouse and
// everything under /_gatehouse/ that no other route takes.
func isWebPath(p string) bool {
	return p == webRoot || strings.HasPrefix(p, webPrefix)
}

// isBrowserRoot reports whether r is a browser opening the server's root:
// a GET or HEAD of / with no X-Amz-Target and no Action parameter. The STS
// query protocol (GET /?Action=...) and the JSON 1.1 services are not.
func isBrowserRoot(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	return r.Header.Get("X-Amz-Target") == "" && !r.URL.Query().Has("Action")
}

// redirectToWeb answers a browser's GET / with 302 to the app.
func (s *Server) redirectToWeb(w http.ResponseWriter, r *http.Request) {
	setRoute(r, routeWeb)
	w.Header().Set("Cache-Control", "no-cache")
	http.Redirect(w, r, webPrefix, http.StatusFound)
}

// serveWeb serves the browser app: its files and config.json under
// /_gatehouse/, and /_gatehouse redirected to /_gatehouse/.
func (s *Server) serveWeb(w http.ResponseWriter, r *http.Request) {
	setRoute(r, routeWeb)
	switch r.URL.Path {
	case webRoot:
		http.Redirect(w, r, webPrefix, http.StatusMovedPermanently)
	case webConfig:
		s.serveWebConfig(w, r)
	default:
		notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeNotFound(w) })
		http.StripPrefix(webRoot, web.Handler(notFound)).ServeHTTP(w, r)
	}
}

// webAppConfig is /_gatehouse/config.json: what the browser app needs of
// the loaded configuration. Every URL is same-origin: the app puts its own
// origin before APIBasePath and uses its origin as the AWS endpoint.
type webAppConfig struct {
	Region string `json:"region"`
	// UserPoolID and ClientID are the first user pool and its first app
	// client without a secret (a browser cannot keep one), or "".
	UserPoolID string `json:"userPoolId"`
	ClientID   string `json:"clientId"`
	// IdentityPoolID is the first identity pool that accepts the client's
	// tokens, else the first identity pool, or "".
	IdentityPoolID string `json:"identityPoolId"`
	// APIBasePath is the path-style invoke URL of the first API's first
	// stage, /restapis/{apiId}/{stage}/_user_request_, or "".
	APIID       string `json:"apiId"`
	Stage       string `json:"stage"`
	APIBasePath string `json:"apiBasePath"`
	// Outbox says whether GET /_gatehouse/outbox lists the codes.
	Outbox bool `json:"outbox"`
}

// newWebAppConfig computes the app's configuration from cfg.
func newWebAppConfig(cfg *config.Config, outbox bool) webAppConfig {
	out := webAppConfig{Region: cfg.Region, Outbox: outbox}
	if len(cfg.UserPools) > 0 {
		pool := cfg.UserPools[0]
		for _, c := range pool.Clients {
			if c.Secret == "" {
				out.UserPoolID, out.ClientID = pool.ID, c.ID
				break
			}
		}
	}
	for _, ip := range cfg.IdentityPools {
		for _, p := range ip.Providers {
			if out.ClientID != "" && p.UserPool == out.UserPoolID && p.ClientID == out.ClientID {
				out.IdentityPoolID = ip.ID
				break
			}
		}
		if out.IdentityPoolID != "" {
			break
		}
	}
	if out.IdentityPoolID == "" && len(cfg.IdentityPools) > 0 {
		out.IdentityPoolID = cfg.IdentityPools[0].ID
	}
	if len(cfg.APIs) > 0 && len(cfg.APIs[0].Stages) > 0 {
		api := cfg.APIs[0]
		out.APIID, out.Stage = api.ID, api.Stages[0]
		out.APIBasePath = "/restapis/" + url.PathEscape(api.ID) + "/" + url.PathEscape(api.Stages[0]) + "/_user_request_"
	}
	return out
}

// serveWebConfig answers GET /_gatehouse/config.json.
func (s *Server) serveWebConfig(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSONStatus(w, http.StatusMethodNotAllowed, map[string]string{"message": "Method Not Allowed"})
		return
	}
	web.SetHeaders(w.Header())
	writeJSONStatus(w, http.StatusOK, newWebAppConfig(s.cfg, s.outbox != nil))
}

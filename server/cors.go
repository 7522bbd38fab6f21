package server

import (
	"net/http"
	"strings"
)

// routeCORS labels CORS preflight requests to the AWS service endpoints.
const routeCORS = "cors-preflight"

// AWS service endpoints (cognito-idp, cognito-identity, sts) answer browsers
// from any origin: apps built with amazon-cognito-identity-js or Amplify call
// them straight from the page. These are the headers they send.
const (
	corsAllowMethods  = "POST, GET, OPTIONS"
	corsExposeHeaders = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date"
	corsMaxAge        = "172800"
)

// serviceCORS adds the CORS headers of AWS's service endpoints to a
// response to a browser. For a preflight (OPTIONS with
// Access-Control-Request-Method) it also answers the request, allowing the
// headers the browser asks for, and reports true.
func serviceCORS(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	setRoute(r, routeCORS)
	h.Set("Access-Control-Allow-Methods", corsAllowMethods)
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", sanitizeHeaderList(req))
	}
	h.Set("Access-Control-Max-Age", corsMaxAge)
	h.Add("Vary", "Access-Control-Request-Headers")
	w.WriteHeader(http.StatusOK)
	return true
}

// sanitizeHeaderList keeps the header names of a comma-separated list that
// are tokens, so a hostile request header cannot inject anything.
func sanitizeHeaderList(list string) string {
	var out []string
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name != "" && len(name) <= 128 && isToken(name) {
			out = append(out, name)
		}
		if len(out) == 64 {
			break
		}
	}
	return strings.Join(out, ", ")
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

package creds

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzSTSRequest posts arbitrary form bodies to STS: it never panics and
// never fails internally (every answer is an STS error of the 4xx class or a
// success), and a success is only ever for the demo user's subject, whose
// ID token the seed carries.
func FuzzSTSRequest(f *testing.F) {
	e := newSTSEnv(f)
	valid := url.Values{"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"}, "RoleArn": {demoAuthRole},
		"RoleSessionName": {"fuzz"}, "WebIdentityToken": {e.idToken(f, nil)}}.Encode()
	f.Add(valid)
	f.Add(strings.Replace(valid, "Version=2011-06-15", "Version=2011-06-16", 1))
	f.Add("Action=GetCallerIdentity&Version=2011-06-15")
	f.Add("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&DurationSeconds=99999999999999999999")
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		e.sts.ServeHTTP(w, r)
		switch {
		case w.Code == http.StatusOK:
			if !strings.Contains(w.Body.String(), "<SubjectFromWebIdentityToken>"+demoSub+"</SubjectFromWebIdentityToken>") {
				t.Fatalf("accepted %q:\n%s", body, w.Body)
			}
		case w.Code < 400 || w.Code >= 500:
			t.Fatalf("status %d for %q:\n%s", w.Code, body, w.Body)
		}
	})
}

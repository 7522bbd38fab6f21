package sigv4_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/sigv4"
)

func Example() {
	creds := sigv4.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	now := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

	// The server: verify, then handle the request with its body intact.
	verifier := sigv4.NewVerifier(
		sigv4.StaticCredentials{creds.AccessKeyID: creds.SecretAccessKey},
		sigv4.WithService("execute-api"),
		sigv4.WithRegions("us-east-1"),
		sigv4.WithKeyCache(sigv4.NewKeyCache(0)),
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := verifier.Verify(r, now)
		var e *sigv4.Error
		if errors.As(err, &e) {
			w.Header().Set("X-Amzn-ErrorType", e.Code)
			w.WriteHeader(e.Status)
			fmt.Fprintf(w, "%s: %s", e.Code, e.Message)
			return
		}
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s sent %s", res.AccessKeyID, body)
	}))
	defer srv.Close()

	call := func(r *http.Request) {
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			fmt.Println(err)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, string(b))
	}

	// The client: sign and send.
	r, _ := http.NewRequest("POST", srv.URL+"/prod/notes", strings.NewReader(`{"text":"hi"}`))
	if err := sigv4.Sign(r, creds, "", "execute-api", "us-east-1", now); err != nil {
		fmt.Println(err)
		return
	}
	call(r)

	// An unsigned request.
	r, _ = http.NewRequest("GET", srv.URL+"/prod/notes", nil)
	call(r)

	// Output:
	// 200 AKIDEXAMPLE sent {"text":"hi"}
	// 403 MissingAuthenticationTokenException: Missing Authentication Token
}

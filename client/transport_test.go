package client_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/gatehouse-dev/gatehouse/client"
	"github.com/gatehouse-dev/gatehouse/sigv4"
)

// SigningTransport signs requests that sigv4.Verify accepts, with the body
// sent intact whether it comes with GetBody or as a plain reader, from
// many goroutines at once, and leaves the caller's request unchanged.
func TestSigningTransport(t *testing.T) {
	const keyID, secret = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := sigv4.Verify(r, sigv4.StaticCredentials{keyID: secret}, time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		io.Copy(w, r.Body)
	}))
	defer ts.Close()
	hc := &http.Client{Transport: &client.SigningTransport{
		Credentials: credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		Region:      "us-east-1",
	}}

	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			body := fmt.Sprintf(`{"n":%d}`, i)
			var rd io.Reader = strings.NewReader(body) // GetBody set
			if i%2 == 1 {
				rd = io.MultiReader(strings.NewReader(body)) // no GetBody
			}
			req, err := http.NewRequest("POST", ts.URL+"/prod/a%20b?x=1&y=2", rd)
			if err != nil {
				t.Error(err)
				return
			}
			res, err := hc.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			got, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusOK || !bytes.Equal(got, []byte(body)) {
				t.Errorf("request %d: %d %s", i, res.StatusCode, got)
			}
			if req.Header.Get("Authorization") != "" || req.Header.Get("X-Amz-Date") != "" {
				t.Errorf("request %d: the caller's request was changed: %v", i, req.Header)
			}
		})
	}
	wg.Wait()
}

package identitypool

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// The request bodies and the Logins tokens are untrusted: decoding and
// validating them must never panic, must fail only with a 4xx AWS error,
// and must return only requests that pass the API model's checks. The seed
// corpora are in testdata/fuzz.

func FuzzDecodeRequests(f *testing.F) {
	f.Add([]byte(`{"IdentityPoolId":"us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b","Logins":{"cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo":"eyJ.a.b"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if in, err := decode(body, (*getIDInput).check); err != nil {
			requireClientError(t, err)
		} else if !idPattern.MatchString(in.IdentityPoolId) || !loginsValid(in.Logins) {
			t.Fatalf("GetId accepted %+v", in)
		}
		if in, err := decode(body, (*getCredentialsInput).check); err != nil {
			requireClientError(t, err)
		} else if !idPattern.MatchString(in.IdentityId) || !loginsValid(in.Logins) ||
			(in.CustomRoleArn != "" && len([]rune(in.CustomRoleArn)) < minRoleARNLength) {
			t.Fatalf("GetCredentialsForIdentity accepted %+v", in)
		}
		if in, err := decode(body, (*listIdentitiesInput).check); err != nil {
			requireClientError(t, err)
		} else if in.MaxResults == nil || *in.MaxResults < 1 || *in.MaxResults > maxPageSize {
			t.Fatalf("ListIdentities accepted %+v", in)
		}
		if in, err := decode(body, (*deleteIdentitiesInput).check); err != nil {
			requireClientError(t, err)
		} else if n := len(in.IdentityIdsToDelete); n < 1 || n > maxIdentitiesDelete {
			t.Fatalf("DeleteIdentities accepted %+v", in)
		}
		if in, err := decode(body, func(in *poolInput, v *validation) { in.check(v, false) }); err != nil {
			requireClientError(t, err)
		} else if in.IdentityPoolName == "" || in.AllowUnauthenticatedIdentities == nil {
			t.Fatalf("CreateIdentityPool accepted %+v", in)
		} else if _, err := in.pool("us-east-1:x"); err != nil {
			requireClientError(t, err)
		}
		if in, err := decode(body, (*setRolesInput).check); err != nil {
			requireClientError(t, err)
		} else if in.Roles == nil {
			t.Fatalf("SetIdentityPoolRoles accepted %+v", in)
		}
	})
}

func loginsValid(logins map[string]string) bool {
	if len(logins) > maxLogins {
		return false
	}
	for k, v := range logins {
		if k == "" || v == "" || len(v) > maxLoginTokenLength {
			return false
		}
	}
	return true
}

// FuzzLogins validates a Logins entry for an identity pool of the demo
// configuration: no token the fuzzer makes is signed by the ring, so every
// one fails with a NotAuthorizedException.
func FuzzLogins(f *testing.F) {
	s := fuzzService(f)
	p := s.configPools[config.Demo().IdentityPools[0].ID]
	f.Add("cognito-idp.us-east-1.amazonaws.com/us-east-1_NotesDemo", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
	f.Fuzz(func(t *testing.T, key, token string) {
		logins, err := s.validateLogins(t.Context(), p, map[string]string{key: token})
		var e *awsproto.Error
		if err == nil || !errors.As(err, &e) || e.Code != codeNotAuthorized || logins != nil {
			t.Fatalf("validateLogins(%q, %q) = %v, %v", key, token, logins, err)
		}
	})
}

// fuzzService returns a Service of the demo configuration on a fresh store
// and key ring.
func fuzzService(f *testing.F) *Service {
	st, err := sqlite.Open(filepath.Join(f.TempDir(), "gatehouse.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	mk, err := keys.NewMasterKey(bytes.Repeat([]byte{5}, 32))
	if err != nil {
		f.Fatal(err)
	}
	ring, err := keys.Open(context.Background(), st, mk, time.Now, rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	s, err := New(Options{Config: config.Demo(), Store: st, Ring: ring})
	if err != nil {
		f.Fatal(err)
	}
	return s
}

func requireClientError(t *testing.T, err error) {
	t.Helper()
	var e *awsproto.Error
	if !errors.As(err, &e) || e.Status/100 != 4 || e.Code == "" {
		t.Fatalf("error %v is not a 4xx AWS error", err)
	}
}

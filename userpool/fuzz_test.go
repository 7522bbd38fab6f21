package userpool

import (
	"errors"
	"slices"
	"testing"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The decoders of InitiateAuth and RespondToAuthChallenge read untrusted
// bodies: they must never panic, must fail only with a 4xx AWS error, and
// must return only validated requests. The seed corpora are in
// testdata/fuzz.

func FuzzDecodeInitiateAuth(f *testing.F) {
	f.Add([]byte(`{"AuthFlow":"USER_SRP_AUTH","ClientId":"gatehousenotesdemoclient01","AuthParameters":{"USERNAME":"a","SRP_A":"02"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeRequest(body, (*initiateAuthInput).check)
		if err != nil {
			requireClientError(t, err)
			return
		}
		if in.ClientId == "" || !slices.Contains(authFlows, in.AuthFlow) {
			t.Fatalf("accepted an invalid request: %+v", in)
		}
	})
}

func FuzzDecodeRespondToAuthChallenge(f *testing.F) {
	f.Add([]byte(`{"ChallengeName":"PASSWORD_VERIFIER","ClientId":"c","ChallengeResponses":{"USERNAME":"u","TIMESTAMP":"Tue Mar 5 09:04:05 UTC 2024"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeRequest(body, (*respondToAuthChallengeInput).check)
		if err != nil {
			requireClientError(t, err)
			return
		}
		if in.ClientId == "" || !slices.Contains(challengeNames, in.ChallengeName) {
			t.Fatalf("accepted an invalid request: %+v", in)
		}
	})
}

func requireClientError(t *testing.T, err error) {
	t.Helper()
	var e *awsproto.Error
	if !errors.As(err, &e) || e.Status/100 != 4 || e.Code == "" {
		t.Fatalf("error %v is not a 4xx AWS error", err)
	}
}

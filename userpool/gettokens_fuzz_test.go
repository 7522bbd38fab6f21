package userpool

import "testing"

// The decoder of GetTokensFromRefreshToken reads untrusted bodies: it must
// never panic, must fail only with a 4xx AWS error, and must return only
// requests with both required members.
func FuzzDecodeGetTokensFromRefreshToken(f *testing.F) {
	f.Add([]byte(`{"ClientId":"gatehousenotesdemoclient01","RefreshToken":"abc","DeviceKey":"k","ClientMetadata":{"a":"b"}}`))
	f.Add([]byte(`{"ClientId":"c","RefreshToken":null,"ClientSecret":"s"}`))
	f.Add([]byte(`{"RefreshToken":["x"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeRequest(body, (*getTokensFromRefreshTokenInput).check)
		if err != nil {
			requireClientError(t, err)
			return
		}
		if in.ClientId == "" || in.RefreshToken == "" {
			t.Fatalf("accepted an invalid request: %+v", in)
		}
	})
}

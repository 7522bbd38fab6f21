package srp

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"slices"
	"testing"
	"time"
)

// jsVectors is testdata/vectors.json, made by testdata/gen-vectors.js with
// amazon-cognito-identity-js.
type jsVectors struct {
	Library string `json:"library"`
	K       string `json:"k"`
	Vectors []struct {
		Name         string `json:"name"`
		PoolID       string `json:"poolId"`
		PoolName     string `json:"poolName"`
		UserIDForSRP string `json:"userIdForSRP"`
		Password     string `json:"password"`
		Salt         string `json:"salt"`
		A            string `json:"a"`
		B            string `json:"b"`
		SecretBlock  string `json:"secretBlock"`
		TimeMs       int64  `json:"timeMs"`
		V            string `json:"v"`
		SRPA         string `json:"srpA"`
		SRPB         string `json:"srpB"`
		U            string `json:"u"`
		S            string `json:"S"`
		PadHex       struct {
			Salt, A, B, U, S string
		} `json:"padHex"`
		Key       string   `json:"key"`
		Timestamp string   `json:"timestamp"`
		Signature string   `json:"signature"`
		Flags     []string `json:"flags"`
	} `json:"vectors"`
	PadHex []struct {
		N   int64  `json:"n"`
		Hex string `json:"hex"`
	} `json:"padHex"`
	Timestamps []struct {
		TimeMs int64  `json:"timeMs"`
		Text   string `json:"text"`
	} `json:"timestamps"`
}

func loadVectors(t testing.TB) *jsVectors {
	t.Helper()
	data, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v jsVectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Vectors) < 10 {
		t.Fatalf("only %d vectors", len(v.Vectors))
	}
	return &v
}

func mustHex(t testing.TB, s string) *big.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		t.Fatalf("bad hex %q", s)
	}
	return n
}

func TestVectorsK(t *testing.T) {
	v := loadVectors(t)
	if got := srpGroup().k.Text(16); got != v.K {
		t.Errorf("k = %s, %s has %s", got, v.Library, v.K)
	}
}

// TestVectorsClient replays each sign-in of the JS client with the same a:
// same SRP_A, same key, same PASSWORD_CLAIM_SIGNATURE.
func TestVectorsClient(t *testing.T) {
	v := loadVectors(t)
	for _, vec := range v.Vectors {
		t.Run(vec.Name, func(t *testing.T) {
			c, err := clientSessionFromSecret(mustHex(t, vec.A))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.A(); got != vec.SRPA {
				t.Errorf("A() = %s…, want %s…", head(got), head(vec.SRPA))
			}
			if got := PoolName(vec.PoolID); got != vec.PoolName {
				t.Errorf("PoolName(%q) = %q, want %q", vec.PoolID, got, vec.PoolName)
			}
			key, err := c.PasswordKey(vec.PoolName, vec.UserIDForSRP, vec.Password, vec.Salt, vec.SRPB)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(key); got != vec.Key {
				t.Errorf("key = %s, want %s", got, vec.Key)
			}
			ts := FormatTimestamp(time.UnixMilli(vec.TimeMs))
			if ts != vec.Timestamp {
				t.Errorf("FormatTimestamp = %q, want %q", ts, vec.Timestamp)
			}
			block, err := base64.StdEncoding.DecodeString(vec.SecretBlock)
			if err != nil {
				t.Fatal(err)
			}
			if got := ClaimSignature(key, vec.PoolName, vec.UserIDForSRP, block, ts); got != vec.Signature {
				t.Errorf("ClaimSignature = %s, want %s", got, vec.Signature)
			}
		})
	}
}

// TestVectorsServer checks that the server, given the verifier of the
// same password and the b that made SRP_B, reaches the JS client's key and
// accepts its claim.
func TestVectorsServer(t *testing.T) {
	v := loadVectors(t)
	for _, vec := range v.Vectors {
		t.Run(vec.Name, func(t *testing.T) {
			ver, err := Verifier(vec.PoolName, vec.UserIDForSRP, vec.Password, vec.Salt)
			if err != nil {
				t.Fatal(err)
			}
			if got := ver.Text(16); got != vec.V {
				t.Errorf("v = %s…, want %s…", head(got), head(vec.V))
			}
			s, err := ServerSessionFromSecret(mustHex(t, vec.B).FillBytes(make([]byte, SecretSize)), ver)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.B(); got != vec.SRPB {
				t.Errorf("B() = %s…, want %s…", head(got), head(vec.SRPB))
			}
			key, err := s.PasswordKey(vec.SRPA)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(key); got != vec.Key {
				t.Errorf("key = %s, want %s", got, vec.Key)
			}
			block, _ := base64.StdEncoding.DecodeString(vec.SecretBlock)
			if !VerifyClaim(key, vec.PoolName, vec.UserIDForSRP, block, vec.Timestamp, vec.Signature) {
				t.Error("the JS client's claim does not verify")
			}
			if _, err := ParseTimestamp(vec.Timestamp); err != nil {
				t.Errorf("ParseTimestamp(%q): %v", vec.Timestamp, err)
			}
		})
	}
}

// TestVectorsPad checks PadHex and the intermediate values u and S.
func TestVectorsPad(t *testing.T) {
	v := loadVectors(t)
	for _, vec := range v.Vectors {
		t.Run(vec.Name, func(t *testing.T) {
			salt, err := parseSalt(vec.Salt)
			if err != nil {
				t.Fatal(err)
			}
			A, B := mustHex(t, vec.SRPA), mustHex(t, vec.SRPB)
			u := scrambler(A, B)
			if u.Text(16) != vec.U {
				t.Errorf("u = %s, want %s", u.Text(16), vec.U)
			}
			for _, c := range []struct {
				name string
				n    *big.Int
				want string
			}{
				{"salt", salt, vec.PadHex.Salt},
				{"A", A, vec.PadHex.A},
				{"B", B, vec.PadHex.B},
				{"u", u, vec.PadHex.U},
				{"S", mustHex(t, vec.S), vec.PadHex.S},
			} {
				if got := PadHex(c.n); got != c.want {
					t.Errorf("PadHex(%s) = %s…, want %s…", c.name, head(got), head(c.want))
				}
				if got := hex.EncodeToString(padBytes(c.n)); got != c.want {
					t.Errorf("padBytes(%s) = %s…, want %s…", c.name, head(got), head(c.want))
				}
			}
		})
	}
	for _, c := range v.PadHex {
		if got := PadHex(big.NewInt(c.N)); got != c.Hex {
			t.Errorf("PadHex(%d) = %s, want %s", c.N, got, c.Hex)
		}
		if got := padBytes(big.NewInt(c.N)); !bytes.Equal(got, mustDecode(t, c.Hex)) {
			t.Errorf("padBytes(%d) = %x, want %s", c.N, got, c.Hex)
		}
	}
}

// TestVectorsCoverage makes sure the vectors exercise every padding case.
func TestVectorsCoverage(t *testing.T) {
	v := loadVectors(t)
	var flags []string
	for _, vec := range v.Vectors {
		flags = append(flags, vec.Flags...)
	}
	for _, want := range []string{"A_msb", "A_odd", "B_msb", "B_odd", "u_msb", "u_short", "S_msb", "S_odd"} {
		if !slices.Contains(flags, want) {
			t.Errorf("no vector has %s", want)
		}
	}
}

func TestVectorsTimestamps(t *testing.T) {
	v := loadVectors(t)
	if len(v.Timestamps) < 31 {
		t.Fatalf("only %d timestamps", len(v.Timestamps))
	}
	for _, c := range v.Timestamps {
		tm := time.UnixMilli(c.TimeMs)
		if got := FormatTimestamp(tm); got != c.Text {
			t.Errorf("FormatTimestamp(%s) = %q, JS getNowString %q", tm.UTC(), got, c.Text)
		}
		got, err := ParseTimestamp(c.Text)
		if err != nil || !got.Equal(tm.Truncate(time.Second)) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", c.Text, got, err, tm.Truncate(time.Second).UTC())
		}
	}
}

func head(s string) string {
	if len(s) > 16 {
		return s[:16]
	}
	return s
}

func mustDecode(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

package srp

import (
	"crypto/sha256"
	"math/big"
	"sync"
)

// nHex is the 3072-bit MODP prime of RFC 3526 section 4, as initN in
// amazon-cognito-identity-js's AuthenticationHelper.js.
const nHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

// expBits is the longest exponent that powers of g are tabulated for: the
// secret exponent b and x, a SHA-256 value, have at most 256 bits.
const expBits = 256

// group holds the SRP parameters. It is built once and never modified, so
// it is shared by every session without locking.
type group struct {
	N *big.Int
	g *big.Int
	k *big.Int // H(pad(N) ‖ pad(g))
}

// srpGroup returns the group, built on first use.
var srpGroup = sync.OnceValue(newGroup)

// gPowers returns the table of powers of g, built on first use. Only the
// server side uses it: a server computes g^b for every sign-in and g^x for
// every new password, so the table (built in milliseconds) pays for itself
// within a few dozen of them; a client signs in once or twice in its life,
// and computes its two powers of g with big.Int.Exp.
var gPowers = sync.OnceValue(func() *fixedBase {
	p := srpGroup()
	return newFixedBase(p.g, p.N, expBits)
})

func newGroup() *group {
	N, _ := new(big.Int).SetString(nHex, 16)
	g := big.NewInt(2)
	h := sha256.New()
	h.Write(padBytes(N))
	h.Write(padBytes(g))
	return &group{N: N, g: g, k: new(big.Int).SetBytes(h.Sum(nil))}
}

// expG returns g^e mod N for e ≥ 0 with the table of powers of g: for the
// server side.
func (p *group) expG(e *big.Int) *big.Int {
	return gPowers().exp(e)
}

// expGOnce returns g^e mod N without the table: for the client side.
func (p *group) expGOnce(e *big.Int) *big.Int {
	return new(big.Int).Exp(p.g, e, p.N)
}

// zeroModN reports whether n ≡ 0 (mod N).
func (p *group) zeroModN(n *big.Int) bool {
	return new(big.Int).Mod(n, p.N).Sign() == 0
}

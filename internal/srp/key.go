package srp

import (
	"crypto/hkdf"
	"crypto/sha256"
	"math/big"
)

// PasswordKeySize is the length of the key that signs the password claim.
const PasswordKeySize = 16

// hkdfInfo is the HKDF info of Cognito's password key; HKDF-Expand appends
// the block counter 0x01 to it, and one block is all the key needs.
const hkdfInfo = "Caldera Derived Key"

// scrambler returns u = H(pad(A) ‖ pad(B)).
func scrambler(A, B *big.Int) *big.Int {
	h := sha256.New()
	h.Write(padBytes(A))
	h.Write(padBytes(B))
	return new(big.Int).SetBytes(h.Sum(nil))
}

// passwordKey derives the 16-byte key from the premaster secret S:
// HKDF-SHA256 with salt pad(u), input key material pad(S) and info
// "Caldera Derived Key", which is HMAC(HMAC(pad(u), pad(S)), info ‖ 0x01)
// truncated to 16 bytes.
func passwordKey(S, u *big.Int) []byte {
	key, err := hkdf.Key(sha256.New, padBytes(S), padBytes(u), hkdfInfo, PasswordKeySize)
	if err != nil { // only for lengths over 255 blocks
		panic("srp: " + err.Error())
	}
	return key
}

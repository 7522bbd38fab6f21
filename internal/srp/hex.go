package srp

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// MaxHexDigits bounds the length of an SRP number read from the network.
// N has 768 hex digits; 1024 leaves room for unreduced values and for
// leading zeros without letting a request make the server hash or multiply
// arbitrarily large numbers.
const MaxHexDigits = 1024

// PadHex returns the hex encoding that Cognito hashes: lowercase, an even
// number of digits, and the minimal two's-complement form, so a
// non-negative number whose top bit would be set gets a leading "00".
// It is a port of padHex in amazon-cognito-identity-js's
// AuthenticationHelper.js, negative numbers included (they occur only as
// legacy salts, see ClientSession.PasswordKey). PadHex(0) is "00".
func PadHex(n *big.Int) string {
	if n.Sign() < 0 {
		return padNegativeHex(n)
	}
	h := n.Text(16)
	if len(h)%2 == 1 {
		return "0" + h
	}
	if h[0] >= '8' { // '8'–'9' and 'a'–'f': the top bit is set
		return "00" + h
	}
	return h
}

// padNegativeHex follows the JS step by step: pad |n| like a positive
// number, flip every bit, add one, and drop a redundant "ff" before "8".
func padNegativeHex(n *big.Int) string {
	abs := PadHex(new(big.Int).Abs(n))
	b, _ := hex.DecodeString(abs) // PadHex output is always valid hex
	for i := range b {
		b[i] = ^b[i]
	}
	h := new(big.Int).Add(new(big.Int).SetBytes(b), big.NewInt(1)).Text(16)
	if strings.HasPrefix(h, "ff8") {
		h = h[2:]
	}
	return h
}

// padBytes returns the bytes that PadHex(n) encodes.
func padBytes(n *big.Int) []byte {
	if n.Sign() < 0 {
		b, _ := hex.DecodeString(padNegativeHex(n))
		return b
	}
	b := n.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		return append([]byte{0}, b...)
	}
	return b
}

// ParseHexInt reads a non-negative SRP number as sent on the wire (SRP_A,
// SRP_B, SALT): one to MaxHexDigits hexadecimal digits of either case,
// leading zeros allowed, nothing else: no sign, "0x" prefix, whitespace or
// underscore. Errors wrap ErrMalformedNumber and never quote the input.
func ParseHexInt(s string) (*big.Int, error) {
	switch {
	case s == "":
		return nil, fmt.Errorf("%w: empty", ErrMalformedNumber)
	case len(s) > MaxHexDigits:
		return nil, fmt.Errorf("%w: %d characters, more than %d", ErrMalformedNumber, len(s), MaxHexDigits)
	}
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return nil, fmt.Errorf("%w: not a hex digit at offset %d", ErrMalformedNumber, i)
		}
	}
	n, ok := new(big.Int).SetString(s, 16)
	if !ok { // unreachable after the checks above
		return nil, ErrMalformedNumber
	}
	return n, nil
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

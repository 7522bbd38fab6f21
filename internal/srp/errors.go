package srp

import "errors"

var (
	// ErrMalformedNumber reports an SRP number (SRP_A, SRP_B, SALT) that is
	// not a non-empty string of at most MaxHexDigits hexadecimal digits.
	ErrMalformedNumber = errors.New("srp: malformed hex number")

	// ErrZeroModN reports a public value, SRP_A on the server or SRP_B on
	// the client, that is congruent to 0 modulo N. Accepting it would let
	// the peer know the shared secret without the password.
	ErrZeroModN = errors.New("srp: public value is 0 mod N")

	// ErrZeroScrambler reports u = H(pad(A) ‖ pad(B)) = 0.
	ErrZeroScrambler = errors.New("srp: u is 0")

	// ErrInvalidVerifier reports a verifier outside [1, N−1].
	ErrInvalidVerifier = errors.New("srp: verifier out of range")

	// ErrInvalidSecret reports a secret exponent that is 0, too long, or
	// that produces a public value of 0.
	ErrInvalidSecret = errors.New("srp: invalid secret exponent")
)

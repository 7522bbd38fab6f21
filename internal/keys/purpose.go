package keys

import "fmt"

// Purpose is what a key of the ring is for.
type Purpose string

const (
	// Signing keys are RSA-2048 keys that sign RS256 JWTs.
	Signing Purpose = "signing"
	// Sealing keys are AES-256-GCM keys for Seal and Open.
	Sealing Purpose = "sealing"
)

// purposes are the purposes every ring has an active key for.
func purposes() []Purpose { return []Purpose{Signing, Sealing} }

func (p Purpose) check() error {
	switch p {
	case Signing, Sealing:
		return nil
	}
	return fmt.Errorf("keys: unknown key purpose %q", string(p))
}

package userpool

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gatehouse-dev/gatehouse/store"
)

// secretFakeUsers names the secret that derives the salts and verifiers
// shown for unknown users.
const secretFakeUsers = "fake-users"

// secretSize is the size of the service's secrets.
const secretSize = 32

// secretRecord is a secret of the service shared by all nodes, kind
// kindSecret, its value encrypted at rest.
type secretRecord struct {
	Value []byte `json:"value"`
}

func secretAD(name string) []byte { return []byte("userpool-secret\x00" + name) }

// loadSecret returns the named secret, creating it if no node has yet.
func (s *Service) loadSecret(ctx context.Context, name string) ([]byte, error) {
	for range 2 {
		rec, err := s.secrets.Get(ctx, name)
		if err == nil {
			return s.ring.DecryptAtRest(rec.Value, secretAD(name))
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		raw := make([]byte, secretSize)
		if _, err := io.ReadFull(s.rand, raw); err != nil {
			return nil, fmt.Errorf("userpool: read random secret: %w", err)
		}
		enc, err := s.ring.EncryptAtRest(raw, secretAD(name))
		if err != nil {
			return nil, err
		}
		err = s.secrets.Create(ctx, name, secretRecord{Value: enc})
		if err == nil {
			return raw, nil
		}
		if !errors.Is(err, store.ErrAlreadyExists) {
			return nil, err
		}
		// Another node created it first: read theirs.
	}
	return nil, fmt.Errorf("userpool: secret %s could not be created or read", name)
}

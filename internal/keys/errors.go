package keys

import "errors"

var (
	// ErrInvalid: sealed data that Open refuses: malformed, truncated,
	// tampered with, sealed for other associated data, or under a key this
	// ring does not have or has retired.
	ErrInvalid = errors.New("keys: invalid sealed data")
	// ErrWrongMasterKey: a key of the ring in the store does not decrypt
	// under the master key given: the ring was made with another master
	// key, or the record was altered.
	ErrWrongMasterKey = errors.New("keys: key ring does not decrypt under this master key")
	// ErrNoMasterKey: ReadMasterKey found neither GATEHOUSE_MASTER_KEY nor
	// the master key file.
	ErrNoMasterKey = errors.New("keys: no master key")
	// ErrNoRing: Load found no key ring in the store.
	ErrNoRing = errors.New("keys: the store has no key ring")
)

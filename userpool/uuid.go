package userpool

import (
	"encoding/binary"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
)

// newUUID returns a random (version 4) UUID read from random: subs, jti,
// event_id.
func newUUID(random io.Reader) (string, error) {
	id, err := uuid.NewRandomFromReader(random)
	if err != nil {
		return "", fmt.Errorf("userpool: read random UUID: %w", err)
	}
	return id.String(), nil
}

// newSessionID returns a version 7 UUID: 48 bits of Unix milliseconds at
// now, then random bits. Tokens carry it as origin_jti, so that the time a
// session began can be compared with a user's GlobalSignOut without a
// store read.
func newSessionID(random io.Reader, now time.Time) (string, error) {
	var id uuid.UUID
	if _, err := io.ReadFull(random, id[6:]); err != nil {
		return "", fmt.Errorf("userpool: read random UUID: %w", err)
	}
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(now.UnixMilli()))
	copy(id[:6], ms[2:])
	id[6] = id[6]&0x0f | 0x70 // version 7
	id[8] = id[8]&0x3f | 0x80 // RFC 9562 variant
	return id.String(), nil
}

// sessionStart returns the time encoded in a version 7 session id, to the
// millisecond, and whether id is one.
func sessionStart(id string) (time.Time, bool) {
	u, err := uuid.Parse(id)
	if err != nil || u.Version() != 7 {
		return time.Time{}, false
	}
	var ms [8]byte
	copy(ms[2:], u[:6])
	return time.UnixMilli(int64(binary.BigEndian.Uint64(ms[:]))), true
}

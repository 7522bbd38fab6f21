package userpool

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strings"

	"github.com/google/uuid"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/internal/srp"
)

// fakeUsers stands in for users that do not exist, as Cognito does when it
// prevents user existence errors: USER_SRP_AUTH for an unknown name gets a
// normal-looking challenge whose salt, USER_ID_FOR_SRP and verifier are
// derived from a secret shared by all nodes, so that repeated attempts see
// the same values, and the answer fails like a wrong password.
type fakeUsers struct {
	key []byte
}

func (f fakeUsers) derive(label, pool, name string) []byte {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte(label + "\x00" + pool + "\x00" + strings.ToLower(name)))
	return m.Sum(nil)
}

// salt returns the SALT of an unknown user, in the form of real ones.
func (f fakeUsers) salt(pool, name string) string {
	return new(big.Int).SetBytes(f.derive("salt", pool, name)[:srp.SaltSize]).Text(16)
}

// userIDForSRP returns the USER_ID_FOR_SRP of an unknown user: in a pool
// with username_attributes, where real users get their sub, a UUID;
// elsewhere the name as given.
func (f fakeUsers) userIDForSRP(p *config.UserPool, name string) string {
	if len(p.UsernameAttributes) == 0 {
		return name
	}
	var id uuid.UUID
	copy(id[:], f.derive("sub", p.ID, name))
	id[6] = id[6]&0x0f | 0x40
	id[8] = id[8]&0x3f | 0x80
	return id.String()
}

// verifier returns the verifier of an unknown user: that of a password
// nobody knows.
func (f fakeUsers) verifier(pool, userIDForSRP, name string) (*big.Int, error) {
	password := hex.EncodeToString(f.derive("password", pool, name))
	return srp.Verifier(srp.PoolName(pool), userIDForSRP, password, f.salt(pool, name))
}

// checkPassword does the work of checking a password of an unknown user.
func (f fakeUsers) checkPassword(pool, name, password string) {
	_, _ = srp.Verifier(srp.PoolName(pool), name, password, f.salt(pool, name))
}

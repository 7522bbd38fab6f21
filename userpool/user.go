package userpool

import (
	"sort"
	"strings"
	"time"
)

// Store kinds of the service's records.
const (
	kindUser         = "userpool-user"
	kindAlias        = "userpool-alias"
	kindRefreshToken = "userpool-refresh-token"
	kindSecret       = "userpool-secret"
)

// UserStatus is a user's status, in Cognito's words (UserStatusType).
type UserStatus string

// The statuses this version gives users.
const (
	StatusUnconfirmed         UserStatus = "UNCONFIRMED"
	StatusConfirmed           UserStatus = "CONFIRMED"
	StatusForceChangePassword UserStatus = "FORCE_CHANGE_PASSWORD"
	StatusResetRequired       UserStatus = "RESET_REQUIRED"
)

// userRecord is a user as stored, kind kindUser, id userID(pool, username).
type userRecord struct {
	Pool string `json:"pool"`
	// Username is the internal username, as created (case kept). In pools
	// with username_attributes it is the user's sub.
	Username   string            `json:"username"`
	Sub        string            `json:"sub"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Status     UserStatus        `json:"status"`
	Enabled    bool              `json:"enabled"`
	Groups     []string          `json:"groups,omitempty"`
	Created    time.Time         `json:"created"`
	Modified   time.Time         `json:"modified"`

	// Salt is the SRP salt, in the hex form of the SALT challenge
	// parameter; Verifier is v = g^x, encrypted at rest (verifierAD).
	Salt     string `json:"salt"`
	Verifier []byte `json:"verifier"`
	// PasswordSet is when the password was last set; a sign-in challenge
	// issued before it does not complete.
	PasswordSet time.Time `json:"password_set"`

	// FailedSignIns counts consecutive failed password checks;
	// LockedUntil is the end of the lockout they caused.
	FailedSignIns int       `json:"failed_sign_ins,omitempty"`
	LockedUntil   time.Time `json:"locked_until,omitzero"`

	// TokensRevoked is when GlobalSignOut last ran: tokens of sessions that
	// began before it are revoked. RevokedOrigins are the origin_jti of
	// sessions ended by RevokeToken, with when (kept while their access
	// tokens may live).
	TokensRevoked  time.Time            `json:"tokens_revoked,omitzero"`
	RevokedOrigins map[string]time.Time `json:"revoked_origins,omitempty"`
}

// aliasRecord maps a sign-in alias (an email address or phone number, in a
// pool with username_attributes) to the internal username. Kind kindAlias,
// id aliasID(pool, attribute, value).
type aliasRecord struct {
	Username string `json:"username"`
}

// userID is the store id of a user: usernames are case-insensitive.
func userID(pool, username string) string {
	return pool + "/" + strings.ToLower(username)
}

// aliasID is the store id of an alias; aliases are case-insensitive too.
func aliasID(pool, attribute, value string) string {
	return pool + "/" + attribute + "/" + strings.ToLower(value)
}

// verifierAD binds an encrypted verifier to its pool and user.
func verifierAD(pool, username string) []byte {
	return []byte("srp-verifier\x00" + pool + "\x00" + strings.ToLower(username))
}

// User is a user of a pool, without its secrets.
type User struct {
	Pool       string
	Username   string
	Sub        string
	Status     UserStatus
	Enabled    bool
	Attributes map[string]string
	Groups     []string
	Created    time.Time
	Modified   time.Time
}

func (u *userRecord) public() User {
	return User{
		Pool: u.Pool, Username: u.Username, Sub: u.Sub, Status: u.Status, Enabled: u.Enabled,
		Attributes: cloneMap(u.Attributes), Groups: append([]string(nil), u.Groups...),
		Created: u.Created, Modified: u.Modified,
	}
}

// attributeType is Cognito's AttributeType.
type attributeType struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// attributeList returns the user's attributes as Cognito lists them: sub
// first, then the others by name.
func (u *userRecord) attributeList() []attributeType {
	out := make([]attributeType, 0, len(u.Attributes)+1)
	out = append(out, attributeType{Name: "sub", Value: u.Sub})
	names := make([]string, 0, len(u.Attributes))
	for name := range u.Attributes {
		if name != "sub" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, attributeType{Name: name, Value: u.Attributes[name]})
	}
	return out
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

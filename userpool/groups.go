package userpool

import "time"

// kindGroup is the store kind of groups created through the API.
const kindGroup = "userpool-group"

// groupRecord is a group created through CreateGroup: kind kindGroup, id
// groupID(pool, name).
type groupRecord struct {
	Pool        string    `json:"pool"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	RoleARN     string    `json:"role_arn,omitempty"`
	Precedence  *int      `json:"precedence,omitempty"`
	Created     time.Time `json:"created"`
	Modified    time.Time `json:"modified"`
}

// groupID is the store id of a group; group names are case-sensitive.
func groupID(pool, name string) string { return pool + "/" + name }

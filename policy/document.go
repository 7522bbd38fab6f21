package policy

// Policy language versions. Version2012 is the current one; Version2008 is
// accepted as AWS does (it has no policy variables).
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Effect is what a matching statement does to a request.
type Effect string

// The two effects of a statement.
const (
	EffectAllow Effect = "Allow"
	EffectDeny  Effect = "Deny"
)

// Document is an identity-based IAM policy: the JSON attached to an IAM user
// or role.
type Document struct {
	// Version is "2012-10-17" or "2008-10-17".
	Version string
	// ID is the optional "Id" element.
	ID string
	// Statements holds "Statement", given as one object or a list of them.
	Statements []Statement
}

// Statement is one element of a document's "Statement". The string lists
// accept a single string or a list of strings in JSON. A nil list means the
// element is absent; exactly one of Action and NotAction, and one of Resource
// and NotResource, is present in a valid statement.
type Statement struct {
	Sid         string
	Effect      Effect
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	// Condition maps an operator ("StringEquals", "ForAnyValue:StringLike",
	// "DateLessThanIfExists" ...) to condition keys and their values.
	// Numbers and booleans given in JSON are kept as their literal text.
	Condition map[string]map[string][]string
}

package identitypool

import (
	"regexp"
	"sort"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// The request and response shapes of the operations, with AWS's member
// names, and their model validation (the constraints of the Cognito
// Identity API model, reported as ValidationException like AWS does).

// Patterns of the API model.
const (
	patternID       = `[\w-]+:[0-9a-f-]+`
	patternAccount  = `\d+`
	patternPoolName = `[\w\s+=,.@-]+`
	patternToken    = `[\S]+`
)

var (
	idPattern       = regexp.MustCompile(`^` + patternID + `$`)
	accountPattern  = regexp.MustCompile(`^` + patternAccount + `$`)
	poolNamePattern = regexp.MustCompile(`^` + patternPoolName + `$`)
	tokenPattern    = regexp.MustCompile(`^` + patternToken + `$`)
)

// Bounds of the API model.
const (
	maxIDLength         = 55
	maxLogins           = 10
	maxLoginKeyLength   = 128
	maxLoginTokenLength = 50000
	minRoleARNLength    = 20
	maxRoleARNLength    = 2048
	maxPoolNameLength   = 128
	maxPageSize         = 60
	maxNextTokenLength  = 65535
	maxIdentitiesDelete = 60
)

type getIDInput struct {
	AccountId      string            `json:"AccountId"`
	IdentityPoolId string            `json:"IdentityPoolId"`
	Logins         map[string]string `json:"Logins"`
}

type getIDOutput struct {
	IdentityId string `json:"IdentityId"`
}

type getCredentialsInput struct {
	IdentityId    string            `json:"IdentityId"`
	Logins        map[string]string `json:"Logins"`
	CustomRoleArn string            `json:"CustomRoleArn"`
}

type getCredentialsOutput struct {
	Credentials credentialsOutput `json:"Credentials"`
	IdentityId  string            `json:"IdentityId"`
}

// credentialsOutput is Cognito Identity's Credentials: SecretKey (not
// SecretAccessKey), and Expiration in epoch seconds, a JSON number.
type credentialsOutput struct {
	AccessKeyId  string `json:"AccessKeyId"`
	SecretKey    string `json:"SecretKey"`
	SessionToken string `json:"SessionToken"`
	Expiration   int64  `json:"Expiration"`
}

type getOpenIDTokenInput struct {
	IdentityId string            `json:"IdentityId"`
	Logins     map[string]string `json:"Logins"`
}

type getOpenIDTokenOutput struct {
	IdentityId string `json:"IdentityId"`
	Token      string `json:"Token"`
}

type identityIDInput struct {
	IdentityId string `json:"IdentityId"`
}

// identityDescription is DescribeIdentity's output and an entry of
// ListIdentities: dates in epoch seconds (fractional, as AWS's).
type identityDescription struct {
	IdentityId       string   `json:"IdentityId"`
	Logins           []string `json:"Logins"`
	CreationDate     float64  `json:"CreationDate"`
	LastModifiedDate float64  `json:"LastModifiedDate"`
}

type listIdentitiesInput struct {
	IdentityPoolId string `json:"IdentityPoolId"`
	MaxResults     *int   `json:"MaxResults"`
	NextToken      string `json:"NextToken"`
	HideDisabled   bool   `json:"HideDisabled"`
}

type listIdentitiesOutput struct {
	IdentityPoolId string                `json:"IdentityPoolId"`
	Identities     []identityDescription `json:"Identities"`
	NextToken      string                `json:"NextToken,omitempty"`
}

type deleteIdentitiesInput struct {
	IdentityIdsToDelete []string `json:"IdentityIdsToDelete"`
}

type unprocessedIdentityID struct {
	IdentityId string `json:"IdentityId"`
	ErrorCode  string `json:"ErrorCode"`
}

type deleteIdentitiesOutput struct {
	UnprocessedIdentityIds []unprocessedIdentityID `json:"UnprocessedIdentityIds"`
}

type poolIDInput struct {
	IdentityPoolId string `json:"IdentityPoolId"`
}

type listPoolsInput struct {
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

type poolShortDescription struct {
	IdentityPoolId   string `json:"IdentityPoolId"`
	IdentityPoolName string `json:"IdentityPoolName"`
}

type listPoolsOutput struct {
	IdentityPools []poolShortDescription `json:"IdentityPools"`
	NextToken     string                 `json:"NextToken,omitempty"`
}

type getRolesOutput struct {
	IdentityPoolId string                 `json:"IdentityPoolId"`
	Roles          map[string]string      `json:"Roles,omitempty"`
	RoleMappings   map[string]roleMapping `json:"RoleMappings,omitempty"`
}

type setRolesInput struct {
	IdentityPoolId string                 `json:"IdentityPoolId"`
	Roles          map[string]string      `json:"Roles"`
	RoleMappings   map[string]roleMapping `json:"RoleMappings"`
}

// empty is the output of operations that return nothing: {}.
type empty struct{}

// decode reads a request body into in and runs its model validation.
func decode[T any](body []byte, check func(*T, *validation)) (*T, error) {
	in := new(T)
	if err := awsproto.UnmarshalJSON(body, in); err != nil {
		return nil, err
	}
	var v validation
	check(in, &v)
	if err := v.err(); err != nil {
		return nil, err
	}
	return in, nil
}

func (in *getIDInput) check(v *validation) {
	if in.AccountId != "" {
		v.length("accountId", in.AccountId, 1, 15)
		v.pattern("accountId", in.AccountId, accountPattern, patternAccount)
	}
	v.id("identityPoolId", in.IdentityPoolId)
	v.logins(in.Logins)
}

func (in *getCredentialsInput) check(v *validation) {
	v.id("identityId", in.IdentityId)
	v.logins(in.Logins)
	if in.CustomRoleArn != "" {
		v.length("customRoleArn", in.CustomRoleArn, minRoleARNLength, maxRoleARNLength)
	}
}

func (in *getOpenIDTokenInput) check(v *validation) {
	v.id("identityId", in.IdentityId)
	v.logins(in.Logins)
}

func (in *identityIDInput) check(v *validation) { v.id("identityId", in.IdentityId) }

func (in *poolIDInput) check(v *validation) { v.id("identityPoolId", in.IdentityPoolId) }

func (in *listIdentitiesInput) check(v *validation) {
	v.id("identityPoolId", in.IdentityPoolId)
	v.pageSize(in.MaxResults)
	v.nextToken(in.NextToken)
}

func (in *listPoolsInput) check(v *validation) {
	v.pageSize(in.MaxResults)
	v.nextToken(in.NextToken)
}

func (in *deleteIdentitiesInput) check(v *validation) {
	switch n := len(in.IdentityIdsToDelete); {
	case in.IdentityIdsToDelete == nil:
		v.notNull("identityIdsToDelete", false)
	case n == 0:
		*v = append(*v, "Value '[]' at 'identityIdsToDelete' failed to satisfy constraint: Member must have length greater than or equal to 1")
	case n > maxIdentitiesDelete:
		*v = append(*v, "Value at 'identityIdsToDelete' failed to satisfy constraint: Member must have length less than or equal to 60")
	}
}

func (in *setRolesInput) check(v *validation) {
	v.id("identityPoolId", in.IdentityPoolId)
	v.notNull("roles", in.Roles != nil)
}

// validation collects model validation failures (errValidation).
type validation []string

func (v *validation) notNull(member string, present bool) {
	if !present {
		*v = append(*v, notNullFailure(member))
	}
}

// id checks a required identity or identity pool id.
func (v *validation) id(member, value string) {
	if value == "" {
		v.notNull(member, false)
		return
	}
	v.length(member, value, 1, maxIDLength)
	v.pattern(member, value, idPattern, patternID)
}

func (v *validation) length(member, value string, lo, hi int) {
	switch n := utf8.RuneCountInString(value); {
	case n < lo:
		*v = append(*v, minLengthFailure(member, value, lo))
	case n > hi:
		*v = append(*v, maxLengthFailure(member, value, hi))
	}
}

func (v *validation) pattern(member, value string, re *regexp.Regexp, pattern string) {
	if !re.MatchString(value) {
		*v = append(*v, patternFailure(member, value, pattern))
	}
}

// logins checks the Logins map: at most 10 entries, keys of 1 to 128
// characters, tokens of 1 to 50000. A failing map is quoted without its
// tokens, which are credentials.
func (v *validation) logins(logins map[string]string) {
	if len(logins) > maxLogins {
		*v = append(*v, "Value at 'logins' failed to satisfy constraint: Member must have length less than or equal to 10")
		return
	}
	for _, k := range sortedKeys(logins) {
		if n := utf8.RuneCountInString(k); n < 1 || n > maxLoginKeyLength {
			*v = append(*v, "Value at 'logins' failed to satisfy constraint: Map keys must satisfy constraint: "+
				"[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]")
			return
		}
		if n := len(logins[k]); n < 1 || n > maxLoginTokenLength {
			*v = append(*v, "Value at 'logins' failed to satisfy constraint: Map value must satisfy constraint: "+
				"[Member must have length less than or equal to 50000, Member must have length greater than or equal to 1]")
			return
		}
	}
}

func (v *validation) pageSize(n *int) {
	if n == nil {
		v.notNull("maxResults", false)
		return
	}
	if *n < 1 || *n > maxPageSize {
		*v = append(*v, rangeFailure("maxResults", *n, 1, maxPageSize))
	}
}

func (v *validation) nextToken(t string) {
	if t == "" {
		return
	}
	v.length("nextToken", t, 1, maxNextTokenLength)
	v.pattern("nextToken", t, tokenPattern, patternToken)
}

func (v validation) err() error {
	if len(v) == 0 {
		return nil
	}
	return errValidation(v)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

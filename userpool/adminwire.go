package userpool

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gatehouse-dev/gatehouse/config"
)

// Shapes and checks shared by the administrative operations.

// epochTime is a timestamp as AWS JSON 1.1 writes it: seconds since the
// epoch, a number with millisecond decimals (1700000000.123).
type epochTime time.Time

// MarshalJSON implements json.Marshaler.
func (t epochTime) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// userType is Cognito's UserType, the user in AdminCreateUser and ListUsers.
type userType struct {
	Username             string          `json:"Username"`
	Attributes           []attributeType `json:"Attributes"`
	UserCreateDate       epochTime       `json:"UserCreateDate"`
	UserLastModifiedDate epochTime       `json:"UserLastModifiedDate"`
	Enabled              bool            `json:"Enabled"`
	UserStatus           UserStatus      `json:"UserStatus"`
}

func (u *userRecord) userType() userType {
	return userType{
		Username: u.Username, Attributes: u.attributeList(),
		UserCreateDate: epochTime(u.Created), UserLastModifiedDate: epochTime(u.Modified),
		Enabled: u.Enabled, UserStatus: u.Status,
	}
}

// adminGetUserOutput is AdminGetUser's output.
type adminGetUserOutput struct {
	Username             string          `json:"Username"`
	UserAttributes       []attributeType `json:"UserAttributes"`
	UserCreateDate       epochTime       `json:"UserCreateDate"`
	UserLastModifiedDate epochTime       `json:"UserLastModifiedDate"`
	Enabled              bool            `json:"Enabled"`
	UserStatus           UserStatus      `json:"UserStatus"`
}

// adminUserInput is the input of the operations on one user.
type adminUserInput struct {
	UserPoolId string `json:"UserPoolId"`
	Username   string `json:"Username"`
}

func (in *adminUserInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("username", in.Username, ruleUsername)
}

// adminPool returns the pool an administrative request names.
func (s *Service) adminPool(ctx context.Context, poolID string) (*config.UserPool, error) {
	p, err := s.userPool(ctx, poolID)
	if errors.Is(err, ErrPoolNotFound) {
		return nil, errPoolNotFound(poolID)
	}
	return p, err
}

// adminUser returns the pool and the user an administrative request names
// (by username, alias or sub).
func (s *Service) adminUser(ctx context.Context, in adminUserInput) (*config.UserPool, *userRecord, error) {
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.findUser(ctx, p, in.Username)
	if errors.Is(err, ErrUserNotFound) {
		return nil, nil, errUserNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	return p, u, nil
}

// decodeAdminUser reads the request of an operation on one user
// (adminUserInput) and returns the pool and the user it names.
func (s *Service) decodeAdminUser(ctx context.Context, body []byte) (*config.UserPool, *userRecord, error) {
	in, err := decodeRequest(body, (*adminUserInput).check)
	if err != nil {
		return nil, nil, err
	}
	return s.adminUser(ctx, in)
}

// stringRule is the model's constraint on a string member.
type stringRule struct {
	min, max  int
	pattern   string // as the model writes it, for the message
	re        *regexp.Regexp
	sensitive bool // the message leaves the value out
}

func newRule(min, max int, pattern string, sensitive bool) stringRule {
	r := stringRule{min: min, max: max, pattern: pattern, sensitive: sensitive}
	if pattern != "" {
		r.re = regexp.MustCompile(`^(?:` + pattern + `)$`)
	}
	return r
}

// The constraints of the model's string shapes.
var (
	ruleUserPoolID  = newRule(1, 55, `[\w-]+_[0-9a-zA-Z]+`, false)
	ruleUsername    = newRule(1, 128, `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, true)
	ruleClientID    = newRule(1, 128, `[\w+]+`, true)
	ruleGroupName   = newRule(1, 128, `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, false)
	rulePassword    = newRule(0, 256, `[\S]+`, true)
	ruleName        = newRule(1, 128, `[\w\s+=,.@-]+`, false)
	ruleDescription = newRule(0, 2048, "", false)
	ruleRoleARN     = newRule(20, 2048, `arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`, false)
	ruleFilter      = newRule(0, 256, "", false)
	rulePageToken   = newRule(1, 0, `[\S]+`, false)
)

// required checks a required string member: present, and within rule.
func (v *validation) required(member, value string, rule stringRule) {
	if value == "" {
		*v = append(*v, notNullFailure(member))
		return
	}
	v.str(member, value, rule)
}

// str checks an optional string member against rule (an absent member,
// "", passes).
func (v *validation) str(member, value string, rule stringRule) {
	if value == "" {
		return
	}
	n := utf8.RuneCountInString(value)
	if rule.min > 0 && n < rule.min {
		*v = append(*v, valueAt(member, value, rule.sensitive)+"Member must have length greater than or equal to "+strconv.Itoa(rule.min))
	}
	if rule.max > 0 && n > rule.max {
		*v = append(*v, valueAt(member, value, rule.sensitive)+"Member must have length less than or equal to "+strconv.Itoa(rule.max))
	}
	if rule.re != nil && !rule.re.MatchString(value) {
		*v = append(*v, valueAt(member, value, rule.sensitive)+"Member must satisfy regular expression pattern: "+rule.pattern)
	}
}

// intRange checks an optional integer member.
func (v *validation) intRange(member string, value *int, min, max int) {
	if value == nil {
		return
	}
	if *value < min {
		*v = append(*v, valueAt(member, strconv.Itoa(*value), false)+"Member must have value greater than or equal to "+strconv.Itoa(min))
	}
	if *value > max {
		*v = append(*v, valueAt(member, strconv.Itoa(*value), false)+"Member must have value less than or equal to "+strconv.Itoa(max))
	}
}

// valueAt begins a constraint failure: "Value 'x' at 'member' failed to
// satisfy constraint: ", without the value for a sensitive member.
func valueAt(member, value string, sensitive bool) string {
	if sensitive {
		return "Value at '" + member + "' failed to satisfy constraint: "
	}
	return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: "
}

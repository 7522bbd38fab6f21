package config

import (
	"regexp"
	"strconv"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

var (
	iamUserNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	accessKeyPattern   = regexp.MustCompile(`^AKIA[A-Z0-9]{16}$`)
	secretKeyPattern   = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
	// roleARNPattern: an optional path, then the role name.
	roleARNPattern = regexp.MustCompile(`^arn:aws:iam::([0-9]{12}):role/(?:[!-~]*/)?([\w+=,.@-]{1,64})$`)
)

// Role session bounds: IAM's longest session, and STS's shortest one (IAM
// requires a role's maximum to be at least 1h), so that tests can see
// credentials expire.
const (
	minMaxSession = 15 * time.Minute
	maxMaxSession = 12 * time.Hour
)

func (v *validator) iamUsers() {
	names, keys := map[string]string{}, map[string]string{}
	for i, u := range v.c.IAMUsers {
		p := fieldpath.Index("iam_users", i)
		if v.matches(field(p, "name"), u.Name, iamUserNamePattern, "must be 1 to 64 letters, digits or +=,.@_-") {
			v.claim(names, u.Name, p, field(p, "name"), strconv.Quote(u.Name))
		}
		if v.matches(field(p, "access_key_id"), u.AccessKeyID, accessKeyPattern, `must be "AKIA" followed by 16 uppercase letters or digits`) {
			v.claim(keys, u.AccessKeyID, p, field(p, "access_key_id"), strconv.Quote(u.AccessKeyID))
		}
		v.matches(field(p, "secret_access_key"), u.SecretAccessKey, secretKeyPattern, `must be 40 characters: letters, digits, "/" and "+"`)
		v.policies(field(p, "policies"), u.Policies)
	}
}

func (v *validator) rolesSection() {
	arns := map[string]string{}
	for i, r := range v.c.Roles {
		p := fieldpath.Index("roles", i)
		ap := field(p, "arn")
		m := roleARNPattern.FindStringSubmatch(r.ARN)
		switch {
		case r.ARN == "":
			v.add(ap, "is required")
		case m == nil:
			v.add(ap, "must be an IAM role ARN like arn:aws:iam::"+v.accountForExample()+":role/name")
		case m[1] != v.c.AccountID && accountPattern.MatchString(v.c.AccountID):
			v.add(ap, "must be in account "+v.c.AccountID+" (account_id), not "+m[1])
		default:
			v.claim(arns, r.ARN, p, ap, strconv.Quote(r.ARN))
		}
		v.durationBetween(field(p, "max_session"), r.MaxSession, minMaxSession, maxMaxSession, "15m and 12h")
		v.policies(field(p, "policies"), r.Policies)
	}
}

// accountForExample is the configured account when valid, for messages.
func (v *validator) accountForExample() string {
	if accountPattern.MatchString(v.c.AccountID) {
		return v.c.AccountID
	}
	return "123456789012"
}

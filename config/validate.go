package config

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/clientip"
	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
	"github.com/gatehouse-dev/gatehouse/policy"
)

// Patterns shared by the validations.
var (
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$`)
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	// tokenPattern is an HTTP token (RFC 9110), as in header names.
	tokenPattern = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
)

// Validate checks every rule of the configuration and returns Errors listing
// every problem, or nil. Parse calls it; call it again after building or
// changing a Config in code (which gets no defaults).
func (c *Config) Validate() error {
	if errs := c.validate(); len(errs) > 0 {
		return errs
	}
	return nil
}

// validator walks a configuration in document order, collecting problems.
type validator struct {
	c    *Config
	errs errorList
	// roles holds the declared role ARNs, pools the declared user pools by
	// id: what other sections refer to.
	roles map[string]bool
	pools map[string]*UserPool
}

func (c *Config) validate() Errors {
	v := validator{c: c, roles: map[string]bool{}, pools: map[string]*UserPool{}}
	for _, r := range c.Roles {
		v.roles[r.ARN] = true
	}
	for i := range c.UserPools {
		if _, dup := v.pools[c.UserPools[i].ID]; !dup {
			v.pools[c.UserPools[i].ID] = &c.UserPools[i]
		}
	}
	v.top()
	v.iamUsers()
	v.userPools()
	v.identityPools()
	v.rolesSection()
	v.apis()
	return v.errs.errs
}

func (v *validator) add(path, message string) {
	v.errs.add(path, message)
}

// top checks the fields that are not a list of resources.
func (v *validator) top() {
	c := v.c
	v.matches("region", c.Region, regionPattern, "must be an AWS region like us-east-1")
	v.matches("account_id", c.AccountID, accountPattern, "must be 12 digits")
	if c.Store != "" && !validStore(c.Store) {
		v.add("store", `must be "sqlite:<path>" or a "postgres://" URL`)
	}
	for i, p := range c.TrustedProxies {
		if _, ok := clientip.ParsePrefix(p); !ok {
			v.add("trusted_proxies["+strconv.Itoa(i)+"]", "must be an IP address or CIDR like 10.0.0.0/8")
		}
	}
	if c.Messaging != nil && c.Messaging.SMTP != nil {
		v.smtp("messaging.smtp", c.Messaging.SMTP)
	}
}

func validStore(dsn string) bool {
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		return path != ""
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return false
	}
	// The host is in the authority, or in a host= parameter as libpq takes
	// it (postgres:///gatehouse?host=/run/postgresql for a unix socket).
	u, err := url.Parse(dsn)
	return err == nil && (u.Host != "" || u.Query().Get("host") != "")
}

func (v *validator) smtp(path string, s *SMTP) {
	v.required(field(path, "host"), s.Host)
	if s.Port < 1 || s.Port > 65535 {
		v.add(field(path, "port"), "must be between 1 and 65535")
	}
	if s.Password != "" && s.Username == "" {
		v.add(field(path, "password"), "requires username")
	}
	if s.From == "" {
		v.add(field(path, "from"), "is required")
	} else if _, err := mail.ParseAddress(s.From); err != nil {
		v.add(field(path, "from"), `must be an email address like "Name <name@example.com>"`)
	}
}

// required reports an empty s and returns whether it is set.
func (v *validator) required(path, s string) bool {
	if s == "" {
		v.add(path, "is required")
		return false
	}
	return true
}

// matches reports s when it is empty or does not match re, in which case
// message says what it must be, and returns whether it is valid.
func (v *validator) matches(path, s string, re *regexp.Regexp, message string) bool {
	if !v.required(path, s) {
		return false
	}
	if !re.MatchString(s) {
		v.add(path, message)
		return false
	}
	return true
}

// oneOf reports s when it is not one of allowed.
func (v *validator) oneOf(path, s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	v.add(path, mustBeOneOf(allowed))
	return false
}

func mustBeOneOf(allowed []string) string {
	if len(allowed) == 2 {
		return "must be " + allowed[0] + " or " + allowed[1]
	}
	return "must be one of " + strings.Join(allowed, ", ")
}

// claim records that owner uses key in seen. When another owner already did,
// it reports path and returns false; shown is how the key appears in the
// message (empty for secrets, which are not repeated).
func (v *validator) claim(seen map[string]string, key, owner, path, shown string) bool {
	if first, dup := seen[key]; dup {
		if shown == "" {
			v.add(path, "is already used by "+first)
		} else {
			v.add(path, shown+" is already used by "+first)
		}
		return false
	}
	seen[key] = owner
	return true
}

// regionalID checks the id of the user or identity pool at p, whose region
// is the first submatch of re, and returns whether it is valid and unique.
// invalid says what an id that re does not match must be.
func (v *validator) regionalID(p, id string, re *regexp.Regexp, invalid string, ids map[string]string) bool {
	ip := field(p, "id")
	m := re.FindStringSubmatch(id)
	switch {
	case id == "":
		v.add(ip, "is required")
	case m == nil:
		v.add(ip, invalid)
	case m[1] != v.c.Region && regionPattern.MatchString(v.c.Region):
		v.add(ip, "must be in region "+strconv.Quote(v.c.Region)+" (region), not "+strconv.Quote(m[1]))
	default:
		return v.claim(ids, id, p, ip, strconv.Quote(id))
	}
	return false
}

// role checks a reference to a role.
func (v *validator) role(path, arn string) {
	if arn != "" && !v.roles[arn] {
		v.add(path, "unknown role "+strconv.Quote(arn)+" (not declared in roles)")
	}
}

// policies checks documents. Those that Parse could not read were reported
// then and are filtered out of the result.
func (v *validator) policies(path string, docs []policy.Document) {
	for i, d := range docs {
		p := fieldpath.Index(path, i)
		for _, e := range d.Validate() {
			v.add(joinPath(p, e.Path), e.Message)
		}
	}
}

// durationBetween reports d outside [lo, hi] or not a whole number of
// seconds; bounds names them as the user writes them.
func (v *validator) durationBetween(path string, d Duration, lo, hi time.Duration, bounds string) {
	v.durationIn(path, d, lo, hi, bounds, time.Second, "seconds")
}

// durationIn reports d outside [lo, hi] or not a whole number of units.
func (v *validator) durationIn(path string, d Duration, lo, hi time.Duration, bounds string, unit time.Duration, units string) {
	switch {
	case d.Std() < lo || d.Std() > hi:
		v.add(path, "must be between "+bounds)
	case d.Std()%unit != 0:
		v.add(path, "must be a whole number of "+units)
	}
}

// httpURL reports whether s is an absolute http or https URL with a host.
func httpURL(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, false
	}
	return u, true
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

var phonePattern = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// validPhone accepts an E.164 phone number, as Cognito does.
func validPhone(s string) bool {
	return phonePattern.MatchString(s)
}

package policy

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
)

var (
	sidPattern    = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	actionPattern = regexp.MustCompile(`^[A-Za-z0-9-]+:[A-Za-z0-9_*?-]+$`)
)

// Validate checks the meaning of a document that has the right shape: the
// version, that every statement has an effect, exactly one of Action and
// NotAction and one of Resource and NotResource, well-formed actions and
// resources, unique Sids and known condition operators. It returns nil when
// the document is valid.
func (d Document) Validate() Errors {
	var errs errorList
	switch d.Version {
	case Version2012, Version2008, "":
		// IAM treats a document without Version as 2008-10-17 (which has no
		// policy variables).
	default:
		errs.add("Version", `must be "2012-10-17" or "2008-10-17"`)
	}
	switch {
	case d.Statements == nil:
		errs.add("Statement", "is required")
	case len(d.Statements) == 0:
		errs.add("Statement", "must not be empty")
	}
	sids := map[string]string{}
	for i, s := range d.Statements {
		s.validate(fieldpath.Index("Statement", i), sids, &errs)
	}
	return errs.errs
}

func (s Statement) validate(path string, sids map[string]string, errs *errorList) {
	if s.Sid != "" {
		p := child(path, "Sid")
		if !sidPattern.MatchString(s.Sid) {
			errs.add(p, "must contain only letters and digits")
		} else if first, dup := sids[s.Sid]; dup {
			errs.add(p, strconv.Quote(s.Sid)+" is already used by "+first)
		} else {
			sids[s.Sid] = path
		}
	}
	if s.Effect != EffectAllow && s.Effect != EffectDeny {
		errs.add(child(path, "Effect"), "must be Allow or Deny")
	}
	validatePair(path, "Action", s.Action, "NotAction", s.NotAction, validAction,
		`must be "*" or "<service>:<action>"`, errs)
	validatePair(path, "Resource", s.Resource, "NotResource", s.NotResource, validResource,
		`must be "*" or an ARN`, errs)
	validateCondition(child(path, "Condition"), s.Condition, errs)
}

// validatePair checks that exactly one of two exclusive elements is present,
// not empty, and that each of its values is well formed. A one-value list is
// reported without an index, as it is usually written as a plain string.
func validatePair(path, name string, list []string, notName string, notList []string, valid func(string) bool, message string, errs *errorList) {
	switch {
	case list == nil && notList == nil:
		errs.add(path, "must have "+name+" or "+notName)
		return
	case list != nil && notList != nil:
		errs.add(path, "must not have both "+name+" and "+notName)
		return
	case notList != nil:
		name, list = notName, notList
	}
	p := child(path, name)
	if len(list) == 0 {
		errs.add(p, "must not be empty")
		return
	}
	for i, v := range list {
		if valid(v) {
			continue
		}
		if len(list) == 1 {
			errs.add(p, message)
		} else {
			errs.add(fieldpath.Index(p, i), message)
		}
	}
}

func validAction(a string) bool {
	return a == "*" || actionPattern.MatchString(a)
}

// validResource accepts "*" or an ARN: "arn:partition:service:region:account:resource"
// (region and account may be empty, as in S3 ARNs).
func validResource(r string) bool {
	if r == "*" {
		return true
	}
	parts := strings.SplitN(r, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] != "" && parts[5] != ""
}

func validateCondition(path string, cond map[string]map[string][]string, errs *errorList) {
	for _, op := range slices.Sorted(maps.Keys(cond)) {
		opPath := child(path, op)
		if _, ok := ParseOperator(op); !ok {
			errs.add(opPath, "unknown condition operator")
			continue
		}
		block := cond[op]
		if len(block) == 0 {
			errs.add(opPath, "must not be empty")
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(block)) {
			keyPath := child(opPath, key)
			if key == "" {
				errs.add(keyPath, "condition key must not be empty")
				continue
			}
			if len(block[key]) == 0 {
				errs.add(keyPath, "must not be empty")
			}
		}
	}
}

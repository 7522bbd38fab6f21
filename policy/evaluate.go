package policy

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Request is what a policy is evaluated against.
type Request struct {
	// Action is the action requested, "service:Action", such as
	// "execute-api:Invoke". It is compared case-insensitively.
	Action string
	// Resource is the ARN of the resource, such as
	// "arn:aws:execute-api:us-east-1:123456789012:notesapi01/prod/GET/notes/abc".
	// It is compared case-sensitively.
	Resource string
	// Context holds the condition keys of the request and their values.
	// Condition keys are case-insensitive in IAM, so the names here must be
	// lower case: "aws:sourceip", "aws:currenttime", "aws:userid",
	// "aws:username", "aws:principaltag/team",
	// "cognito-identity.amazonaws.com:sub", "aws:securetransport" ...
	// A key that is absent or has no values is not in the request.
	Context map[string][]string
}

// Decision is the outcome of evaluating policies against a request.
type Decision int

const (
	// Deny is the implicit deny: no statement allows the request. It is the
	// zero value.
	Deny Decision = iota
	// Allow: a statement allows the request and none denies it.
	Allow
	// ExplicitDeny: a Deny statement applies to the request. It overrides
	// every Allow.
	ExplicitDeny
)

func (d Decision) String() string {
	switch d {
	case Deny:
		return "Deny"
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "Decision(" + strconv.Itoa(int(d)) + ")"
}

// Set is a list of policy documents compiled for evaluation. It is
// immutable and safe for concurrent use.
type Set struct {
	deny  []statement
	allow []statement
}

// statement is a Statement compiled: its patterns and conditions are read
// once, so that evaluating it does not allocate.
type statement struct {
	actions     []pattern
	notAction   bool
	resources   []pattern
	notResource bool
	conditions  []condition
}

// condition is one condition key under one operator.
type condition struct {
	set      string // "", "ForAnyValue" or "ForAllValues"
	ifExists bool
	info     operatorInfo
	key      string // lower case
	values   []value
}

// Compile checks the documents with Validate and compiles them. Its error
// is the Errors of the first invalid document.
func Compile(docs []Document) (*Set, error) {
	for _, d := range docs {
		if errs := d.Validate(); errs != nil {
			return nil, errs
		}
	}
	s := &Set{}
	for _, d := range docs {
		variables := d.Version == Version2012
		for _, st := range d.Statements {
			c := compileStatement(st, variables)
			if st.Effect == EffectDeny {
				s.deny = append(s.deny, c)
			} else {
				s.allow = append(s.allow, c)
			}
		}
	}
	return s, nil
}

// Evaluate compiles docs and evaluates them against req. Documents that do
// not validate grant nothing: the result is Deny. Callers that evaluate the
// same documents often should Compile them once.
func Evaluate(docs []Document, req *Request) Decision {
	s, err := Compile(docs)
	if err != nil {
		return Deny
	}
	return s.Evaluate(req)
}

// Evaluate applies IAM's evaluation logic for identity-based policies: an
// applicable Deny statement wins (ExplicitDeny), otherwise an applicable
// Allow statement allows, otherwise the request is implicitly denied.
func (s *Set) Evaluate(req *Request) Decision {
	if s == nil || req == nil {
		return Deny
	}
	for i := range s.deny {
		if s.deny[i].applies(req) {
			return ExplicitDeny
		}
	}
	for i := range s.allow {
		if s.allow[i].applies(req) {
			return Allow
		}
	}
	return Deny
}

func compileStatement(st Statement, variables bool) statement {
	var c statement
	actions := st.Action
	if st.NotAction != nil {
		actions, c.notAction = st.NotAction, true
	}
	for _, a := range actions {
		c.actions = append(c.actions, compilePattern(a, patternOptions{wildcards: true, fold: true}))
	}
	resources := st.Resource
	if st.NotResource != nil {
		resources, c.notResource = st.NotResource, true
	}
	for _, r := range resources {
		c.resources = append(c.resources, compilePattern(r, patternOptions{wildcards: true, variables: variables}))
	}
	for _, opName := range slices.Sorted(maps.Keys(st.Condition)) {
		op, ok := ParseOperator(opName)
		info := infoOf(op.Base)
		if !ok {
			info = operatorInfo{family: familyUnknown}
		}
		block := st.Condition[opName]
		for _, key := range slices.Sorted(maps.Keys(block)) {
			cond := condition{set: op.Set, ifExists: op.IfExists, info: info, key: strings.ToLower(key)}
			for _, v := range block[key] {
				cond.values = append(cond.values, compileValue(v, info, variables))
			}
			c.conditions = append(c.conditions, cond)
		}
		if len(block) == 0 {
			// An operator without keys cannot be satisfied.
			c.conditions = append(c.conditions, condition{info: operatorInfo{family: familyUnknown}})
		}
	}
	return c
}

// applies reports whether the statement's Action, Resource and Condition
// all match the request.
func (st *statement) applies(req *Request) bool {
	return st.matchAction(req.Action) && st.matchResource(req) && st.matchConditions(req.Context)
}

func (st *statement) matchAction(action string) bool {
	for i := range st.actions {
		if st.actions[i].match(action, nil) {
			return !st.notAction
		}
	}
	return st.notAction
}

// matchResource matches Resource or NotResource. A Resource entry whose
// policy variable has no value matches nothing; a NotResource entry whose
// variable has no value makes the statement not apply.
func (st *statement) matchResource(req *Request) bool {
	for i := range st.resources {
		p := &st.resources[i]
		if !p.resolvable(req.Context) {
			if st.notResource {
				return false
			}
			continue
		}
		if p.match(req.Resource, req.Context) {
			return !st.notResource
		}
	}
	return st.notResource
}

func (st *statement) matchConditions(ctx map[string][]string) bool {
	for i := range st.conditions {
		if !st.conditions[i].holds(ctx) {
			return false
		}
	}
	return true
}

// holds evaluates one condition key:
//   - Null is true when the key's absence is what the value says.
//   - A key absent from the request (or without values) makes an ...IfExists
//     condition true, ForAllValues true, ForAnyValue false, a negated
//     operator true and any other false.
//   - Otherwise the values of the policy are ORed: a request value matches
//     when it matches any of them (a negated operator: none of them). A
//     single request value is matched by any of the forms; several request
//     values need ForAllValues (each must match) or ForAnyValue (one must
//     match); without a set operator, a positive operator needs one request
//     value to match and a negated one needs none to.
//   - A policy variable without a value makes the condition false.
func (c *condition) holds(ctx map[string][]string) bool {
	if c.info.family == familyUnknown {
		return false
	}
	got := ctx[c.key]
	present := len(got) > 0
	if c.info.family == familyNull {
		for i := range c.values {
			if c.values[i].valid && c.values[i].bool != present {
				return true
			}
		}
		return false
	}
	if !present {
		switch {
		case c.ifExists, c.set == "ForAllValues":
			return true
		case c.set == "ForAnyValue":
			return false
		}
		return c.info.negated
	}
	for i := range c.values {
		if !c.values[i].resolvable(ctx) {
			return false
		}
	}
	switch c.set {
	case "ForAllValues":
		for _, s := range got {
			if c.matchesAny(s, ctx) == c.info.negated {
				return false
			}
		}
		return true
	case "ForAnyValue":
		for _, s := range got {
			if c.matchesAny(s, ctx) != c.info.negated {
				return true
			}
		}
		return false
	}
	for _, s := range got {
		if c.matchesAny(s, ctx) {
			return !c.info.negated
		}
	}
	return c.info.negated
}

// matchesAny reports whether the request value s matches one of the
// policy's values under the positive form of the operator.
func (c *condition) matchesAny(s string, ctx map[string][]string) bool {
	for i := range c.values {
		if c.values[i].matches(s, c.info, ctx) {
			return true
		}
	}
	return false
}

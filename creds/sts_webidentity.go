package creds

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
)

// Bounds of AssumeRoleWithWebIdentity's parameters, from STS's API.
const (
	minRoleARN             = 20
	maxRoleARN             = 2048
	minRoleSessionName     = 2
	maxRoleSessionName     = 64
	minWebIdentityToken    = 4
	maxWebIdentityToken    = 20000
	minDurationSeconds     = 900
	maxDurationSeconds     = 43200
	defaultSessionDuration = time.Hour
)

// roleSessionNamePattern is STS's pattern of RoleSessionName, and
// roleSessionNameRE the anchored regexp of it.
const roleSessionNamePattern = `[\w+=,.@-]*`

var roleSessionNameRE = regexp.MustCompile(`^` + roleSessionNamePattern + `$`)

// webIdentityInput is AssumeRoleWithWebIdentity's request.
type webIdentityInput struct {
	roleARN     string
	sessionName string
	token       string
	// duration is DurationSeconds, or 0 when absent.
	duration time.Duration
}

// parseWebIdentityInput checks the parameters' constraints, reporting
// every violation at once as AWS does.
func parseWebIdentityInput(p url.Values) (*webIdentityInput, error) {
	var v validationErrors
	roleARN := stringParam(p, "RoleArn")
	if roleARN == nil {
		v.add("roleArn", nil, false, "not be null")
	} else {
		lengthBetween(&v, "roleArn", *roleARN, false, minRoleARN, maxRoleARN)
	}
	name := stringParam(p, "RoleSessionName")
	if name == nil {
		v.add("roleSessionName", nil, false, "not be null")
	} else {
		lengthBetween(&v, "roleSessionName", *name, false, minRoleSessionName, maxRoleSessionName)
		if !roleSessionNameRE.MatchString(*name) {
			v.add("roleSessionName", name, false, "satisfy regular expression pattern: "+roleSessionNamePattern)
		}
	}
	token := stringParam(p, "WebIdentityToken")
	if token == nil {
		v.add("webIdentityToken", nil, true, "not be null")
	} else {
		lengthBetween(&v, "webIdentityToken", *token, true, minWebIdentityToken, maxWebIdentityToken)
	}
	var duration time.Duration
	if ds := stringParam(p, "DurationSeconds"); ds != nil {
		n, err := strconv.ParseInt(*ds, 10, 32)
		switch {
		case err != nil:
			v.add("durationSeconds", ds, false, "be a number")
		case n < minDurationSeconds:
			v.add("durationSeconds", ds, false, "have value greater than or equal to "+strconv.Itoa(minDurationSeconds))
		case n > maxDurationSeconds:
			v.add("durationSeconds", ds, false, "have value less than or equal to "+strconv.Itoa(maxDurationSeconds))
		default:
			duration = time.Duration(n) * time.Second
		}
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	if p.Has("Policy") || hasPrefixedParam(p, "PolicyArns.") {
		return nil, errSessionPolicies
	}
	return &webIdentityInput{roleARN: *roleARN, sessionName: *name, token: *token, duration: duration}, nil
}

// stringParam returns the parameter's first value, or nil when absent.
func stringParam(p url.Values, name string) *string {
	v, ok := p[name]
	if !ok || len(v) == 0 {
		return nil
	}
	return &v[0]
}

func hasPrefixedParam(p url.Values, prefix string) bool {
	for k := range p {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// lengthBetween records a length outside [min, max] (in characters).
func lengthBetween(v *validationErrors, member, value string, sensitive bool, lo, hi int) {
	n := len([]rune(value))
	if n < lo {
		v.add(member, &value, sensitive, "have length greater than or equal to "+strconv.Itoa(lo))
	}
	if n > hi {
		v.add(member, &value, sensitive, "have length less than or equal to "+strconv.Itoa(hi))
	}
}

// assumeRoleWithWebIdentity trades a web identity token for temporary
// credentials of a role the token's issuer may assume.
func (s *STS) assumeRoleWithWebIdentity(req *stsRequest) (stsResponse, error) {
	in, err := parseWebIdentityInput(req.params)
	if err != nil {
		return nil, err
	}
	id, err := s.verifyWebIdentity(req.r.Context(), in.token)
	if err != nil {
		return nil, err
	}
	maxSession, known := s.minter.MaxSession(in.roleARN)
	if !known || !s.trust.allows(id, in.roleARN) {
		return nil, errNotAuthorizedWebIdentity
	}
	duration := in.duration
	if duration > maxSession {
		return nil, errDurationExceedsMax
	}
	if duration == 0 {
		duration = min(defaultSessionDuration, maxSession)
	}
	spec := id.spec
	spec.RoleARN, spec.SessionName, spec.Duration = in.roleARN, in.sessionName, duration
	c, err := s.minter.Mint(spec)
	if err != nil {
		return nil, err
	}
	return &assumeRoleWithWebIdentityResponse{
		Xmlns: awsproto.STSNamespace,
		Result: assumeRoleWithWebIdentityResult{
			Credentials: xmlCredentials{
				AccessKeyID:     c.AccessKeyID,
				SecretAccessKey: c.SecretAccessKey,
				SessionToken:    c.SessionToken,
				Expiration:      c.Expiration.UTC().Format(time.RFC3339),
			},
			SubjectFromWebIdentityToken: id.subject,
			AssumedRoleUser: assumedRoleUser{
				Arn:           s.minter.AssumedRoleARN(in.roleARN, in.sessionName),
				AssumedRoleID: RoleID(in.roleARN) + ":" + in.sessionName,
			},
			Provider: id.provider,
			Audience: id.audience,
		},
	}, nil
}

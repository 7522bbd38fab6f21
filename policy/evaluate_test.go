package policy

import (
	"testing"
)

// evalCase is one request evaluated against documents given as JSON.
type evalCase struct {
	name     string
	docs     []string
	action   string
	resource string
	ctx      map[string][]string
	want     Decision
}

const (
	notesARN = "arn:aws:execute-api:us-east-1:123456789012:notesapi01/prod/GET/notes/"
	subA     = "us-east-1:11111111-2222-3333-4444-555555555555"
	subB     = "us-east-1:99999999-8888-7777-6666-555555555555"
)

// Every group below is taken from the page of AWS's IAM User Guide (or the
// Amazon Cognito Developer Guide) named in its comment; the documents are
// those pages' examples, with their account ids and names.
var evalCases = []evalCase{
	// Policy evaluation logic — explicit deny, allow, implicit deny:
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policies_identity.html
	{
		name:     "no statement applies: implicit deny",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "x",
		want:     Deny,
	},
	{
		name:     "allow applies",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "x",
		want:     Allow,
	},
	{
		name: "explicit deny in a second document overrides the allow of the first",
		docs: []string{
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:*:notesapi01/prod/DELETE/*"}}`,
		},
		action:   "execute-api:Invoke",
		resource: "arn:aws:execute-api:us-east-1:123456789012:notesapi01/prod/DELETE/notes/1",
		want:     ExplicitDeny,
	},
	{
		name: "the deny of the second document does not apply to another method",
		docs: []string{
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:*:notesapi01/prod/DELETE/*"}}`,
		},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "an explicit deny without any allow is still an explicit deny",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     ExplicitDeny,
	},

	// Action: case-insensitive, with wildcards in the action name.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
	{
		name:     "action names are case-insensitive",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"Execute-API:invoke","Resource":"*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     `"iam:*AccessKey*" matches iam:UpdateAccessKey`,
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"*"}}`},
		action:   "iam:UpdateAccessKey",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Allow,
	},
	{
		name:     `"iam:*AccessKey*" does not match iam:CreateUser`,
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"*"}}`},
		action:   "iam:CreateUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Deny,
	},
	{
		name:     `"?" matches exactly one character of the action`,
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:?etObject","Resource":"*"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/a",
		want:     Allow,
	},
	{
		name:     "a list of actions is ORed",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":"*"}}`},
		action:   "sqs:ReceiveMessage",
		resource: "arn:aws:sqs:us-east-2:123456789012:queue1",
		want:     Allow,
	},

	// NotAction: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
	{
		name:     "Allow NotAction iam:* allows a non-IAM action",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "Allow NotAction iam:* does not allow an IAM action",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`},
		action:   "IAM:CreateUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Deny,
	},
	{
		name: "Deny NotAction iam:* without MFA denies everything but IAM",
		docs: []string{
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}}`,
		},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     ExplicitDeny,
	},
	{
		name: "Deny NotAction iam:* lets an MFA-authenticated request through",
		docs: []string{
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}}`,
		},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		ctx:      map[string][]string{"aws:multifactorauthpresent": {"true"}},
		want:     Allow,
	},

	// Resource: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
	{
		name:     "users under the /accounting/ path",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/accounting/*"}}`},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/accounting/Alice",
		want:     Allow,
	},
	{
		name:     "resource ARNs are case-sensitive (user name Bob)",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/Bob"}}`},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/bob",
		want:     Deny,
	},
	{
		name:     `"*" expands across "/" in the resource part`,
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/*"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/1/test/object.jpg",
		want:     Allow,
	},
	{
		name:     "wildcards in the region and account segments",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:notesapi01/prod/GET/*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "abc",
		want:     Allow,
	},
	{
		name:     "a trailing * of a segment expands to the end of the ARN",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:*:*:*"}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "abc",
		want:     Allow,
	},
	{
		name:     `"?" matches one character of the resource`,
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-?:*:notesapi01/prod/*"}}`},
		action:   "execute-api:Invoke",
		resource: "arn:aws:execute-api:us-east-12:123456789012:notesapi01/prod/GET/x",
		want:     Deny,
	},

	// NotResource: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
	{
		name: "Deny NotResource denies every resource but the listed one",
		docs: []string{
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:Invoke","NotResource":["arn:aws:execute-api:us-east-1:123456789012:notesapi01/prod/*"]}}`,
		},
		action:   "execute-api:Invoke",
		resource: "arn:aws:execute-api:us-east-1:123456789012:otherapi/prod/GET/x",
		want:     ExplicitDeny,
	},
	{
		name: "Deny NotResource leaves the listed resource allowed",
		docs: []string{
			`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"execute-api:Invoke","NotResource":["arn:aws:execute-api:us-east-1:123456789012:notesapi01/prod/*"]}}`,
		},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "Allow NotResource applies to resources not listed",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::HRBucket/Benefits/a",
		want:     Allow,
	},
	{
		name:     "Allow NotResource does not apply to a listed resource",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::HRBucket/Payroll/june",
		want:     Deny,
	},

	// Policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
	// and the identity pools' role policies: https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
	{
		name:     "${cognito-identity.amazonaws.com:sub} scopes the caller to its own notes",
		docs:     []string{cognitoNotesPolicy},
		action:   "execute-api:Invoke",
		resource: notesARN + subA,
		ctx:      map[string][]string{"cognito-identity.amazonaws.com:sub": {subA}},
		want:     Allow,
	},
	{
		name:     "${cognito-identity.amazonaws.com:sub} does not reach another identity's notes",
		docs:     []string{cognitoNotesPolicy},
		action:   "execute-api:Invoke",
		resource: notesARN + subB,
		ctx:      map[string][]string{"cognito-identity.amazonaws.com:sub": {subA}},
		want:     Deny,
	},
	{
		name:     "a policy variable without a value matches no resource",
		docs:     []string{cognitoNotesPolicy},
		action:   "execute-api:Invoke",
		resource: notesARN + "${cognito-identity.amazonaws.com:sub}",
		want:     Deny,
	},
	{
		name:     "${aws:username} in the home folder of a user",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}}`},
		action:   "s3:PutObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/Alice/notes.txt",
		ctx:      map[string][]string{"aws:username": {"Alice"}},
		want:     Allow,
	},
	{
		name:     "variables are not substituted in a 2008-10-17 document",
		docs:     []string{`{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/Alice/notes.txt",
		ctx:      map[string][]string{"aws:username": {"Alice"}},
		want:     Deny,
	},
	{
		name:     "without Version a document is read as 2008-10-17: ${...} is literal text",
		docs:     []string{`{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/notes.txt",
		ctx:      map[string][]string{"aws:username": {"Alice"}},
		want:     Allow,
	},
	{
		name:     "${*} is a literal asterisk, not a wildcard",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${*}"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/anything",
		want:     Deny,
	},
	{
		name:     "${*}, ${?} and ${$} match those characters",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${*}${?}${$}"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/*?$",
		want:     Allow,
	},
	{
		name:     "a variable's default value is used when the key is missing",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*"}}`},
		action:   "s3:GetObject",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket/company-wide/doc",
		want:     Allow,
	},
	{
		name:     "${aws:PrincipalTag/team} in a condition value (tag keys are case-insensitive)",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Team":"${aws:PrincipalTag/Team}"}}}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		ctx:      map[string][]string{"aws:principaltag/team": {"blue"}, "aws:resourcetag/team": {"blue"}},
		want:     Allow,
	},
	{
		name:     "a condition value whose variable has no value makes the statement not apply",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/Team":"${aws:PrincipalTag/Team}"}}}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		ctx:      map[string][]string{"aws:resourcetag/team": {"blue"}},
		want:     Deny,
	},

	// Identity pool roles: the trust-policy conditions on aud and amr, here
	// as permissions conditions.
	// https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html
	{
		name:     "StringEquals on cognito-identity.amazonaws.com:aud",
		docs:     []string{cognitoAudPolicy},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		ctx: map[string][]string{
			"cognito-identity.amazonaws.com:aud": {"us-east-1:12345678-dead-beef-cafe-123456790ab"},
			"cognito-identity.amazonaws.com:amr": {"authenticated", "cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE"},
		},
		want: Allow,
	},
	{
		name:     "ForAnyValue:StringLike on amr rejects an unauthenticated identity",
		docs:     []string{cognitoAudPolicy},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		ctx: map[string][]string{
			"cognito-identity.amazonaws.com:aud": {"us-east-1:12345678-dead-beef-cafe-123456790ab"},
			"cognito-identity.amazonaws.com:amr": {"unauthenticated"},
		},
		want: Deny,
	},
	{
		name:     "ForAnyValue with the key missing is false",
		docs:     []string{cognitoAudPolicy},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		ctx:      map[string][]string{"cognito-identity.amazonaws.com:aud": {"us-east-1:12345678-dead-beef-cafe-123456790ab"}},
		want:     Deny,
	},

	// Condition operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
	// with the date window of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws-dates.html
	{
		name:     "StringEquals is case-sensitive",
		docs:     []string{stringPolicy("StringEquals", "aws:PrincipalTag/job-category", `"iamuser-admin"`)},
		ctx:      map[string][]string{"aws:principaltag/job-category": {"IAMUser-Admin"}},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Deny,
	},
	{
		name:     "StringEqualsIgnoreCase is not",
		docs:     []string{stringPolicy("StringEqualsIgnoreCase", "aws:PrincipalTag/job-category", `"iamuser-admin"`)},
		ctx:      map[string][]string{"aws:principaltag/job-category": {"IAMUser-Admin"}},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Allow,
	},
	{
		name:     "condition key names are case-insensitive",
		docs:     []string{stringPolicy("StringEquals", "AWS:PrincipalTag/Job-Category", `"iamuser-admin"`)},
		ctx:      map[string][]string{"aws:principaltag/job-category": {"iamuser-admin"}},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Allow,
	},
	{
		name:     "values of one key are ORed",
		docs:     []string{stringPolicy("StringEquals", "aws:username", `["johndoe","janedoe"]`)},
		ctx:      map[string][]string{"aws:username": {"janedoe"}},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Allow,
	},
	{
		name:     "StringNotEquals with several values is a NOR",
		docs:     []string{stringPolicy("StringNotEquals", "aws:username", `["johndoe","janedoe"]`)},
		ctx:      map[string][]string{"aws:username": {"janedoe"}},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Deny,
	},
	{
		name:     "a negated operator with the key missing is true",
		docs:     []string{stringPolicy("StringNotEquals", "aws:username", `["johndoe","janedoe"]`)},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Allow,
	},
	{
		name:     "a positive operator with the key missing is false",
		docs:     []string{stringPolicy("StringEquals", "aws:username", `"johndoe"`)},
		action:   "iam:GetUser",
		resource: "arn:aws:iam::123456789012:user/Bob",
		want:     Deny,
	},
	{
		name:     "StringLike with a ${aws:username} prefix and a wildcard",
		docs:     []string{stringPolicy("StringLike", "s3:prefix", `["","home/","home/${aws:username}/*"]`)},
		ctx:      map[string][]string{"s3:prefix": {"home/Alice/photos"}, "aws:username": {"Alice"}},
		action:   "s3:ListBucket",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket",
		want:     Allow,
	},
	{
		name:     "StringNotLike",
		docs:     []string{stringPolicy("StringNotLike", "s3:prefix", `"private/*"`)},
		ctx:      map[string][]string{"s3:prefix": {"private/keys"}},
		action:   "s3:ListBucket",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket",
		want:     Deny,
	},
	{
		name:     "StringEquals with the key of several conditions ANDed",
		docs:     []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}}}}`},
		ctx:      map[string][]string{"aws:username": {"alice"}, "aws:securetransport": {"false"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Deny,
	},
	{
		name:     "NumericLessThanEquals s3:max-keys 10",
		docs:     []string{stringPolicy("NumericLessThanEquals", "s3:max-keys", `"10"`)},
		ctx:      map[string][]string{"s3:max-keys": {"10"}},
		action:   "s3:ListBucket",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket",
		want:     Allow,
	},
	{
		name:     "NumericLessThanEquals s3:max-keys 11 does not match",
		docs:     []string{stringPolicy("NumericLessThanEquals", "s3:max-keys", `10`)},
		ctx:      map[string][]string{"s3:max-keys": {"11"}},
		action:   "s3:ListBucket",
		resource: "arn:aws:s3:::amzn-s3-demo-bucket",
		want:     Deny,
	},
	{
		name:     "DateGreaterThan and DateLessThan on aws:CurrentTime: inside the window",
		docs:     []string{datePolicy},
		ctx:      map[string][]string{"aws:currenttime": {"2020-05-01T12:00:00Z"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "DateGreaterThan and DateLessThan on aws:CurrentTime: before the window",
		docs:     []string{datePolicy},
		ctx:      map[string][]string{"aws:currenttime": {"2020-03-31T23:59:59Z"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Deny,
	},
	{
		name:     "DateGreaterThan and DateLessThan on aws:CurrentTime: after the window",
		docs:     []string{datePolicy},
		ctx:      map[string][]string{"aws:currenttime": {"2020-07-01T00:00:00Z"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Deny,
	},
	{
		name:     "DateGreaterThan aws:CurrentTime with the date in epoch seconds",
		docs:     []string{stringPolicy("DateGreaterThan", "aws:CurrentTime", `"1585699200"`)},
		ctx:      map[string][]string{"aws:currenttime": {"2020-04-01T00:00:01Z"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "DateGreaterThanEquals with a date without a time",
		docs:     []string{stringPolicy("DateGreaterThanEquals", "aws:TokenIssueTime", `"2020-01-01"`)},
		ctx:      map[string][]string{"aws:tokenissuetime": {"2019-12-31T23:59:59+00:00"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Deny,
	},
	{
		name:     "Bool aws:SecureTransport false denies plain HTTP",
		docs:     []string{allowAll, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`},
		ctx:      map[string][]string{"aws:securetransport": {"false"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     ExplicitDeny,
	},
	{
		name:     "Bool with the key missing is false",
		docs:     []string{allowAll, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}}`},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "IpAddress in an IPv4 range",
		docs:     []string{ipPolicy("IpAddress")},
		ctx:      map[string][]string{"aws:sourceip": {"203.0.113.77"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "IpAddress in an IPv6 range",
		docs:     []string{ipPolicy("IpAddress")},
		ctx:      map[string][]string{"aws:sourceip": {"2001:db8:1234:5678::1"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "IpAddress outside the ranges",
		docs:     []string{ipPolicy("IpAddress")},
		ctx:      map[string][]string{"aws:sourceip": {"198.51.100.7"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Deny,
	},
	{
		name:     "NotIpAddress denies a request from outside the ranges",
		docs:     []string{allowAll, ipDenyPolicy},
		ctx:      map[string][]string{"aws:sourceip": {"198.51.100.7"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     ExplicitDeny,
	},
	{
		name:     "NotIpAddress lets a request from the range through",
		docs:     []string{allowAll, ipDenyPolicy},
		ctx:      map[string][]string{"aws:sourceip": {"203.0.113.1"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     "ArnLike aws:SourceArn, part by part",
		docs:     []string{stringPolicy("ArnLike", "aws:SourceArn", `"arn:aws:sns:REGION:123456789012:TOPIC-ID"`)},
		ctx:      map[string][]string{"aws:sourcearn": {"arn:aws:sns:REGION:123456789012:TOPIC-ID"}},
		action:   "sqs:SendMessage",
		resource: "arn:aws:sqs:us-east-2:123456789012:queue1",
		want:     Allow,
	},
	{
		name:     "ArnLike with a wildcard does not cross a colon of the first parts",
		docs:     []string{stringPolicy("ArnLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/admin"`)},
		ctx:      map[string][]string{"aws:principalarn": {"arn:aws:iam::123:456:role/admin"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Deny,
	},
	{
		name:     "ArnNotEquals",
		docs:     []string{stringPolicy("ArnNotEquals", "aws:PrincipalArn", `"arn:aws:iam::123456789012:role/admin"`)},
		ctx:      map[string][]string{"aws:principalarn": {"arn:aws:iam::123456789012:role/dev"}},
		action:   "execute-api:Invoke",
		resource: notesARN + "1",
		want:     Allow,
	},
	{
		name:     `Null "true" on aws:TokenIssueTime: only long-term credentials`,
		docs:     []string{stringPolicy("Null", "aws:TokenIssueTime", `"true"`)},
		action:   "ec2:RunInstances",
		resource: "*",
		want:     Allow,
	},
	{
		name:     `Null "true" with temporary credentials does not match`,
		docs:     []string{stringPolicy("Null", "aws:TokenIssueTime", `"true"`)},
		ctx:      map[string][]string{"aws:tokenissuetime": {"2020-01-01T00:00:00Z"}},
		action:   "ec2:RunInstances",
		resource: "*",
		want:     Deny,
	},
	{
		name:     `Null "false" requires the key`,
		docs:     []string{stringPolicy("Null", "aws:PrincipalTag/team", `false`)},
		ctx:      map[string][]string{"aws:principaltag/team": {"blue"}},
		action:   "ec2:RunInstances",
		resource: "*",
		want:     Allow,
	},
	{
		name:     "StringEqualsIfExists with the key missing is true",
		docs:     []string{stringPolicy("StringEqualsIfExists", "ec2:InstanceType", `["t1.*","t2.*","m3.*"]`)},
		action:   "ec2:RunInstances",
		resource: "*",
		want:     Allow,
	},
	{
		name:     "StringLikeIfExists with the key present is evaluated",
		docs:     []string{stringPolicy("StringLikeIfExists", "ec2:InstanceType", `["t1.*","t2.*","m3.*"]`)},
		ctx:      map[string][]string{"ec2:instancetype": {"p4d.24xlarge"}},
		action:   "ec2:RunInstances",
		resource: "*",
		want:     Deny,
	},
	{
		name:     "StringLikeIfExists with a matching value",
		docs:     []string{stringPolicy("StringLikeIfExists", "ec2:InstanceType", `["t1.*","t2.*","m3.*"]`)},
		ctx:      map[string][]string{"ec2:instancetype": {"t2.micro"}},
		action:   "ec2:RunInstances",
		resource: "*",
		want:     Allow,
	},

	// Single-valued vs multivalued context keys, ForAllValues/ForAnyValue:
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
	{
		name:     "ForAllValues: every tag key is allowed",
		docs:     []string{stringPolicy("ForAllValues:StringEquals", "aws:TagKeys", `["environment","cost-center"]`)},
		ctx:      map[string][]string{"aws:tagkeys": {"environment", "cost-center"}},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Allow,
	},
	{
		name:     "ForAllValues: one tag key outside the list fails",
		docs:     []string{stringPolicy("ForAllValues:StringEquals", "aws:TagKeys", `["environment","cost-center"]`)},
		ctx:      map[string][]string{"aws:tagkeys": {"environment", "owner"}},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Deny,
	},
	{
		name:     "ForAllValues with the key missing is true",
		docs:     []string{stringPolicy("ForAllValues:StringEquals", "aws:TagKeys", `["environment","cost-center"]`)},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Allow,
	},
	{
		name:     "ForAllValues with an empty list of values is true",
		docs:     []string{stringPolicy("ForAllValues:StringEquals", "aws:TagKeys", `["environment","cost-center"]`)},
		ctx:      map[string][]string{"aws:tagkeys": {}},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Allow,
	},
	{
		name:     "ForAnyValue: one matching tag key is enough",
		docs:     []string{stringPolicy("ForAnyValue:StringEquals", "aws:TagKeys", `["environment","cost-center"]`)},
		ctx:      map[string][]string{"aws:tagkeys": {"owner", "cost-center"}},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Allow,
	},
	{
		name:     "ForAnyValue with the key missing is false",
		docs:     []string{stringPolicy("ForAnyValue:StringEquals", "aws:TagKeys", `["environment","cost-center"]`)},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Deny,
	},
	{
		name:     "ForAllValues:StringNotEquals: no request value may be listed",
		docs:     []string{stringPolicy("ForAllValues:StringNotEquals", "aws:TagKeys", `["secret"]`)},
		ctx:      map[string][]string{"aws:tagkeys": {"environment", "secret"}},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Deny,
	},
	{
		name:     "ForAnyValue:StringNotEquals: one request value not listed is enough",
		docs:     []string{stringPolicy("ForAnyValue:StringNotEquals", "aws:TagKeys", `["secret"]`)},
		ctx:      map[string][]string{"aws:tagkeys": {"environment", "secret"}},
		action:   "ec2:CreateTags",
		resource: "*",
		want:     Allow,
	},
}

const (
	allowAll = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`

	cognitoNotesPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke",
		"Resource":["arn:aws:execute-api:us-east-1:*:notesapi01/prod/*/notes",
		"arn:aws:execute-api:us-east-1:*:notesapi01/prod/*/notes/${cognito-identity.amazonaws.com:sub}"]}]}`

	cognitoAudPolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*",
		"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-dead-beef-cafe-123456790ab"},
		"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}}`

	datePolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",
		"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"},
		"DateLessThan":{"aws:CurrentTime":"2020-06-30T23:59:59Z"}}}}`

	ipDenyPolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*",
		"Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}}}`
)

func stringPolicy(op, key, values string) string {
	return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"` +
		op + `":{"` + key + `":` + values + `}}}}`
}

func ipPolicy(op string) string {
	return stringPolicy(op, "aws:SourceIp", `["203.0.113.0/24","2001:DB8:1234:5678::/64"]`)
}

func parseDocs(t testing.TB, docs []string) []Document {
	t.Helper()
	out := make([]Document, len(docs))
	for i, j := range docs {
		d, err := Parse([]byte(j))
		if err != nil {
			t.Fatalf("Parse(docs[%d]): %v", i, err)
		}
		out[i] = d
	}
	return out
}

func TestEvaluate(t *testing.T) {
	if len(evalCases) < 40 {
		t.Fatalf("only %d cases", len(evalCases))
	}
	for _, tt := range evalCases {
		t.Run(tt.name, func(t *testing.T) {
			docs := parseDocs(t, tt.docs)
			req := &Request{Action: tt.action, Resource: tt.resource, Context: tt.ctx}
			if got := Evaluate(docs, req); got != tt.want {
				t.Errorf("Evaluate = %v, want %v", got, tt.want)
			}
			s, err := Compile(docs)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := s.Evaluate(req); got != tt.want {
				t.Errorf("Set.Evaluate = %v, want %v", got, tt.want)
			}
		})
	}
}

package policy

import "testing"

// benchPolicy is a role policy of ten statements; the request below is
// allowed by the eighth, which has wildcards, a policy variable and an
// IpAddress condition.
const benchPolicy = `{"Version":"2012-10-17","Statement":[
	{"Sid":"S1","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"},
	{"Sid":"S2","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::amzn-s3-demo-bucket","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}},
	{"Sid":"S3","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/notes"},
	{"Sid":"S4","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:*:adminapi/*"},
	{"Sid":"S5","Effect":"Allow","Action":"execute-api:ManageConnections","Resource":"arn:aws:execute-api:us-east-1:*:notesapi01/*"},
	{"Sid":"S6","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-west-2:*:notesapi01/*"},
	{"Sid":"S7","Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:*:notesapi01/prod/POST/admin/*"},
	{"Sid":"S8","Effect":"Allow","Action":"execute-api:Invoke","Resource":["arn:aws:execute-api:us-east-1:*:notesapi01/prod/*/notes","arn:aws:execute-api:us-east-1:*:notesapi01/prod/*/notes/${cognito-identity.amazonaws.com:sub}"],"Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}},
	{"Sid":"S9","Effect":"Allow","Action":"cognito-sync:*","Resource":"arn:aws:cognito-sync:us-east-1:123456789012:identitypool/*"},
	{"Sid":"S10","Effect":"Allow","Action":"mobileanalytics:PutEvents","Resource":"*"}
]}`

func BenchmarkEvaluate10Statements(b *testing.B) {
	docs := parseDocs(b, []string{benchPolicy})
	s, err := Compile(docs)
	if err != nil {
		b.Fatal(err)
	}
	req := &Request{
		Action:   "execute-api:Invoke",
		Resource: notesARN + subA,
		Context: map[string][]string{
			"aws:sourceip":                       {"203.0.113.42"},
			"aws:currenttime":                    {"2026-01-02T15:04:05Z"},
			"aws:securetransport":                {"true"},
			"aws:userid":                         {"AROAEXAMPLE:CognitoIdentityCredentials"},
			"cognito-identity.amazonaws.com:sub": {subA},
			"cognito-identity.amazonaws.com:aud": {"us-east-1:12345678-dead-beef-cafe-123456790ab"},
			"cognito-identity.amazonaws.com:amr": {"authenticated"},
		},
	}
	if got := s.Evaluate(req); got != Allow {
		b.Fatalf("Evaluate = %v, want Allow", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.Evaluate(req)
	}
}

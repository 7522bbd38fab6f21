// Package policy owns the IAM policy language: the JSON documents attached to
// IAM users and roles ("Version", "Statement", "Effect", "Action",
// "Resource", "Condition" ...), and their evaluation against a request.
//
// Parse reads and validates a document, accepting the flexible forms AWS
// accepts (a single statement object or a list of them; a string or a list of
// strings for Action, NotAction, Resource, NotResource and condition values),
// and MarshalJSON renders it back. Every problem is reported with the path of
// the offending element relative to the document, for example
// "Statement[1].Effect: must be Allow or Deny".
//
// Compile turns documents into a Set whose Evaluate applies IAM's logic for
// identity-based policies: an explicit Deny wins, then an Allow, and the
// default is an implicit Deny. Actions match case-insensitively and
// resources case-sensitively, both with the '*' and '?' wildcards; policy
// variables (${aws:username}, ${cognito-identity.amazonaws.com:sub} ...) are
// substituted in resources and condition values of 2012-10-17 documents;
// every condition operator of IAM is evaluated, with ...IfExists,
// ForAnyValue: and ForAllValues:. Evaluate compiles on every call; the hot
// path compiles once and evaluates without allocating.
package policy

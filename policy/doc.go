// Package policy owns the IAM policy language: the JSON documents attached to
// IAM users and roles ("Version", "Statement", "Effect", "Action",
// "Resource", "Condition" ...).
//
// For now it parses and validates documents, accepting the flexible forms AWS
// accepts (a single statement object or a list of them; a string or a list of
// strings for Action, NotAction, Resource, NotResource and condition values),
// and renders them back as JSON. Evaluation (Allow/Deny, wildcards, condition
// operators, policy variables) is added here later.
//
// Every problem is reported with the path of the offending element relative
// to the document, for example "Statement[1].Effect: must be Allow or Deny".
package policy

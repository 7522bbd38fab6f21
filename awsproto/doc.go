// Package awsproto owns the AWS wire envelopes Gatehouse speaks: the JSON 1.1
// protocol of Cognito (X-Amz-Target dispatch, bounded request decoding, the
// {"__type","message"} error envelope with x-amzn-ErrorType) and the query
// protocol of STS (form-encoded requests, XML responses and XML errors), and
// the request id every response carries in x-amzn-RequestId.
//
// Handlers return *Error values; the writers here render them.
package awsproto

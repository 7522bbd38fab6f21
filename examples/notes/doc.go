// Package notes is the notes function of Gatehouse's demo: an ordinary
// AWS Lambda handler for API Gateway's proxy integration
// (events.APIGatewayProxyRequest in, events.APIGatewayProxyResponse out).
//
// Gatehouse runs it in-process as the function "notes" of the demo
// configuration; cmd/notes-lambda runs the same handler with lambda.Start,
// so it deploys to AWS Lambda, or runs under the Lambda Runtime Interface
// Emulator, unchanged.
//
// Operations (the resource paths of the demo API):
//
//	POST   /notes       {"content": "...", "attachment": "..."} → 201 the new note
//	GET    /notes       → 200 [note, ...], oldest first
//	GET    /notes/{id}  → 200 note, or 404
//	PUT    /notes/{id}  {"content": "...", "attachment": "..."} → 200 the updated note, or 404
//	DELETE /notes/{id}  → 200 {"status": true}, or 404
//	GET    /items       → 200 [note, ...] (the Cognito user pool route)
//
// A note is {"noteId", "content", "attachment" (omitted when empty),
// "createdAt"} with createdAt in milliseconds since the epoch, as in the
// serverless notes-app guides.
//
// Notes belong to the caller: on AWS_IAM routes the caller is
// requestContext.identity.cognitoIdentityId (the identity pool's identity
// whose credentials signed the request); on COGNITO_USER_POOLS routes, where
// there is no identity, the sub claim in requestContext.authorizer.claims.
// A request with neither is refused (403). No caller sees or changes another
// caller's notes.
//
// Storage is the function's own SQLite file (modernc.org/sqlite, WAL), apart
// from Gatehouse's store: Gatehouse opens notes.db in its data directory. On
// AWS Lambda the file must be on a writable path: /tmp (the default of
// cmd/notes-lambda) is local to one execution environment and lost when it is
// recycled, so notes there are neither durable nor shared between concurrent
// instances — good for trying the function, not for keeping data. A path on
// an EFS mount keeps them. This package has no DynamoDB backend.
package notes

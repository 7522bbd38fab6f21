// Command notes-lambda runs the notes function of Gatehouse's demo
// (package examples/notes) as an AWS Lambda function behind API Gateway's
// proxy integration, or under the Lambda Runtime Interface Emulator:
//
//	GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o bootstrap ./cmd/notes-lambda
//	zip notes.zip bootstrap   # runtime provided.al2023, handler bootstrap
//
// Environment:
//
//	NOTES_DB      the SQLite file of the notes (default /tmp/notes.db). /tmp
//	              lives only as long as one execution environment and is not
//	              shared between concurrent ones: notes there are for trying
//	              the function. Mount EFS and point NOTES_DB into it to keep them.
//	ALLOW_ORIGIN  the Access-Control-Allow-Origin of the responses (default
//	              "*"; "-" sends none), since API Gateway leaves CORS headers of
//	              proxy integrations to the function.
package main

import (
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/gatehouse-dev/gatehouse/examples/notes"
)

func main() {
	path := os.Getenv("NOTES_DB")
	if path == "" {
		path = "/tmp/notes.db"
	}
	origin, ok := os.LookupEnv("ALLOW_ORIGIN")
	switch {
	case !ok:
		origin = "*"
	case origin == "-":
		origin = ""
	}
	n, err := notes.Open(notes.Options{Path: path, AllowOrigin: origin})
	if err != nil {
		log.Fatal(err)
	}
	defer n.Close()
	lambda.Start(n.Handler)
}

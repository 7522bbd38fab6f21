package notes

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// maxContent bounds a note's content and attachment, in bytes.
const maxContent = 64 << 10

// input is the body of POST /notes and PUT /notes/{id}.
type input struct {
	Content    *string `json:"content"`
	Attachment string  `json:"attachment"`
}

// Handler serves one API Gateway proxy request: the Lambda function.
// Failures of the storage are returned as errors, which API Gateway answers
// with 502 {"message": "Internal server error"}.
func (n *Notes) Handler(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	owner := Caller(req)
	if owner == "" {
		return n.message(http.StatusForbidden, "the request carries no caller identity (cognitoIdentityId or the sub claim)"), nil
	}
	resource, id := resourceOf(req)
	switch resource {
	case "/notes":
		switch req.HTTPMethod {
		case http.MethodPost:
			in, bad := n.input(req)
			if bad != nil {
				return *bad, nil
			}
			note, err := n.create(ctx, owner, *in.Content, in.Attachment)
			if err != nil {
				return events.APIGatewayProxyResponse{}, err
			}
			return n.json(http.StatusCreated, note)
		case http.MethodGet:
			return n.listResponse(ctx, owner)
		}
	case "/items":
		if req.HTTPMethod == http.MethodGet {
			return n.listResponse(ctx, owner)
		}
	case "/notes/{id}":
		if id == "" {
			return n.message(http.StatusNotFound, "note not found"), nil
		}
		switch req.HTTPMethod {
		case http.MethodGet:
			note, err := n.get(ctx, owner, id)
			return n.noteResponse(http.StatusOK, note, err)
		case http.MethodPut:
			in, bad := n.input(req)
			if bad != nil {
				return *bad, nil
			}
			note, err := n.update(ctx, owner, id, *in.Content, in.Attachment)
			return n.noteResponse(http.StatusOK, note, err)
		case http.MethodDelete:
			if err := n.delete(ctx, owner, id); err != nil {
				return n.noteResponse(0, Note{}, err)
			}
			return n.json(http.StatusOK, map[string]bool{"status": true})
		}
	default:
		return n.message(http.StatusNotFound, "no such resource: "+req.HTTPMethod+" "+req.Path), nil
	}
	return n.message(http.StatusMethodNotAllowed, "method "+req.HTTPMethod+" is not allowed on "+resource), nil
}

// Caller returns whose notes a request reads and writes: the identity pool
// identity of an AWS_IAM request, else the sub claim of a Cognito user pool
// token; "" when the request has neither.
func Caller(req events.APIGatewayProxyRequest) string {
	if id := req.RequestContext.Identity.CognitoIdentityID; id != "" {
		return id
	}
	switch claims := req.RequestContext.Authorizer["claims"].(type) {
	case map[string]any:
		sub, _ := claims["sub"].(string)
		return sub
	case map[string]string:
		return claims["sub"]
	}
	return ""
}

// resourceOf returns the resource path of the request ("/notes",
// "/notes/{id}", "/items", or another) and the note id. It takes the
// resource of the event when it is one of the function's, and otherwise
// reads the request path, so that the function also serves a catch-all
// {proxy+} resource.
func resourceOf(req events.APIGatewayProxyRequest) (resource, id string) {
	switch req.Resource {
	case "/notes", "/items":
		return req.Resource, ""
	case "/notes/{id}":
		return req.Resource, req.PathParameters["id"]
	}
	p := strings.TrimSuffix(req.Path, "/")
	switch {
	case p == "/notes" || p == "/items":
		return p, ""
	case strings.HasPrefix(p, "/notes/") && !strings.Contains(p[len("/notes/"):], "/"):
		return "/notes/{id}", p[len("/notes/"):]
	}
	return req.Resource, ""
}

// input decodes and checks a note's body, or returns the 400 response.
func (n *Notes) input(req events.APIGatewayProxyRequest) (input, *events.APIGatewayProxyResponse) {
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(req.Body)
		if err != nil {
			r := n.message(http.StatusBadRequest, "the body is not valid base64")
			return input{}, &r
		}
		body = b
	}
	var in input
	if err := json.Unmarshal(body, &in); err != nil {
		r := n.message(http.StatusBadRequest, "the body must be a JSON object {\"content\": \"...\"}")
		return input{}, &r
	}
	if in.Content == nil {
		r := n.message(http.StatusBadRequest, "content is required")
		return input{}, &r
	}
	if len(*in.Content) > maxContent || len(in.Attachment) > maxContent {
		r := n.message(http.StatusRequestEntityTooLarge, "content and attachment are limited to 64 KiB each")
		return input{}, &r
	}
	return in, nil
}

func (n *Notes) listResponse(ctx context.Context, owner string) (events.APIGatewayProxyResponse, error) {
	notes, err := n.list(ctx, owner)
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	return n.json(http.StatusOK, notes)
}

// noteResponse answers with note, 404 when err is errNotFound, or err.
func (n *Notes) noteResponse(status int, note Note, err error) (events.APIGatewayProxyResponse, error) {
	switch {
	case errors.Is(err, errNotFound):
		return n.message(http.StatusNotFound, "note not found"), nil
	case err != nil:
		return events.APIGatewayProxyResponse{}, err
	}
	return n.json(status, note)
}

func (n *Notes) message(status int, msg string) events.APIGatewayProxyResponse {
	r, _ := n.json(status, map[string]string{"message": msg})
	return r
}

func (n *Notes) json(status int, v any) (events.APIGatewayProxyResponse, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	h := map[string]string{"Content-Type": "application/json"}
	if n.allowOrigin != "" {
		h["Access-Control-Allow-Origin"] = n.allowOrigin
	}
	return events.APIGatewayProxyResponse{StatusCode: status, Headers: h, Body: string(b)}, nil
}

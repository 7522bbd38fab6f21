package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/gatehouse-dev/gatehouse/config"
)

// Function is a Lambda function for API Gateway's proxy integration,
// written as for aws-lambda-go's lambda.Start.
type Function func(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// Functions are the in-process Lambda functions by name, for routes with
// integration {type: lambda, function: NAME}.
type Functions map[string]Function

// newLambda returns the builder of lambda integrations: an in-process
// function of fns for function:, the Lambda invoke protocol over HTTP with
// client for uri:. A function name that fns lacks is an error at start.
func newLambda(fns Functions, client *http.Client) IntegrationBuilder {
	return func(api *config.API, route *config.Route) (Integration, error) {
		in := route.Integration
		if in.URI != "" {
			return newRemoteFunction(client, in.URI)
		}
		fn, ok := fns[in.Function]
		if !ok || fn == nil {
			return nil, fmt.Errorf("lambda function %q is not registered", in.Function)
		}
		return &localFunction{name: in.Function, fn: fn}, nil
	}
}

// localFunction is a Function called in-process, the way Lambda calls it:
// with a deadline, a lambdacontext.LambdaContext, and a panic turned into a
// function error.
type localFunction struct {
	name string
	fn   Function
}

// errFunctionPanic is a function that panicked.
var errFunctionPanic = errors.New("function panicked")

func (f *localFunction) Serve(w http.ResponseWriter, r *http.Request, call *Call) {
	body, err := call.ReadBody(r)
	if err != nil {
		writeReadError(w, err)
		return
	}
	ev := call.ProxyRequest(r, body)
	ctx, cancel := context.WithTimeout(r.Context(), call.Timeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       call.RequestID,
		InvokedFunctionArn: "arn:aws:lambda:" + call.Region + ":" + call.AccountID + ":function:" + f.name,
	})
	type result struct {
		resp events.APIGatewayProxyResponse
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- result{err: fmt.Errorf("%w: %v\n%s", errFunctionPanic, v, debug.Stack())}
			}
		}()
		resp, err := f.fn(ctx, *ev)
		done <- result{resp: resp, err: err}
	}()
	select {
	case res := <-done:
		if res.err != nil {
			WriteError(w, ErrInternalServerError)
			return
		}
		writeProxyResponse(w, &res.resp)
	case <-ctx.Done():
		// The function keeps running until it returns, as on Lambda; its
		// late answer is dropped.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			WriteError(w, ErrIntegrationTimeout)
			return
		}
		WriteError(w, ErrInternalServerError)
	}
}

// writeReadError answers a failure to read the request body: 413 for a
// body above MaxPayload, else 502.
func writeReadError(w http.ResponseWriter, err error) {
	var e *Error
	if errors.As(err, &e) {
		WriteError(w, e)
		return
	}
	WriteError(w, ErrInternalServerError)
}

// addBackendIntegrations adds the lambda and http_proxy integration types
// to builders, sharing one transport (NewTransport when nil).
func addBackendIntegrations(builders map[string]IntegrationBuilder, fns Functions, transport http.RoundTripper, log *slog.Logger) {
	if transport == nil {
		transport = NewTransport()
	}
	client := &http.Client{Transport: transport,
		// A redirect is the function endpoint's answer, not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	builders[config.IntegrationLambda] = newLambda(fns, client)
	builders[config.IntegrationHTTPProxy] = newHTTPProxy(transport, log)
}

package gateway

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// rieInvocations is the invoke path of the Lambda Runtime Interface
// Emulator.
const rieInvocations = "/2015-03-31/functions/function/invocations"

// functionServer is a small function behind the RIE protocol: POST
// rieInvocations with the proxy event; it answers by the event's path.
type functionServer struct {
	mu     sync.Mutex
	events []events.APIGatewayProxyRequest
}

func (f *functionServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != rieInvocations {
		http.Error(w, "not the invoke path", http.StatusNotFound)
		return
	}
	var ev events.APIGatewayProxyRequest
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.events = append(f.events, ev)
	f.mu.Unlock()
	switch ev.Path {
	case "/ok":
		json.NewEncoder(w).Encode(events.APIGatewayProxyResponse{
			StatusCode:        201,
			Headers:           map[string]string{"X-Single": "one", "X-Both": "single", "x-amzn-RequestId": "function's"},
			MultiValueHeaders: map[string][]string{"Set-Cookie": {"a=1", "b=2"}, "x-both": {"m1", "m2"}},
			Body:              base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 0xff}),
			IsBase64Encoded:   true,
		})
	case "/text":
		fmt.Fprint(w, `{"statusCode":200,"body":"plain"}`)
	case "/error":
		// The RIE's answer to a function that returned an error.
		fmt.Fprint(w, `{"errorMessage":"boom","errorType":"errorString"}`)
	case "/flagged":
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		fmt.Fprint(w, `{"statusCode":200,"body":"ignored"}`)
	case "/refused":
		http.Error(w, "no such function", http.StatusInternalServerError)
	case "/malformed":
		fmt.Fprint(w, `not json`)
	case "/extra":
		fmt.Fprint(w, `{"statusCode":200,"body":"x","extra":true}`)
	case "/no-status":
		fmt.Fprint(w, `{"body":"x"}`)
	case "/body-object":
		fmt.Fprint(w, `{"statusCode":200,"body":{"a":1}}`)
	case "/bad-base64":
		fmt.Fprint(w, `{"statusCode":200,"body":"!!!","isBase64Encoded":true}`)
	case "/slow":
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		fmt.Fprint(w, `{"statusCode":200,"body":"late"}`)
	default:
		http.Error(w, "unexpected path "+ev.Path, http.StatusBadRequest)
	}
}

func TestRemoteFunction(t *testing.T) {
	fs := &functionServer{}
	rie := httptest.NewServer(fs)
	t.Cleanup(rie.Close)
	gw := serveRoutes(t, fmt.Sprintf(`      - {method: ANY, path: "/{proxy+}", auth: NONE, integration: {type: lambda, uri: "%s%s", timeout: 200ms}}
`, rie.URL, rieInvocations), nil)

	res := do(t, "POST", gw.URL+"/test/ok?q=1&q=2", strings.NewReader(`{"hello":"world"}`),
		http.Header{"Content-Type": {"application/json"}, "Authorization": {"secret"}, "X-Amz-Date": {"20250101T000000Z"}})
	if res.status != 201 || res.body != "\x00\x01\x02\xff" {
		t.Fatalf("got %d %q", res.status, res.body)
	}
	for name, want := range map[string][]string{
		"X-Single":                         {"one"},
		"X-Both":                           {"m1", "m2"},
		"Set-Cookie":                       {"a=1", "b=2"},
		"Content-Type":                     {"application/json"},
		"X-Amzn-Requestid":                 {"c0ffee00-0000-4000-8000-000000000001"},
		"X-Amzn-Remapped-X-Amzn-Requestid": {"function's"},
	} {
		if got := res.header.Values(name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	ev := fs.events[0]
	if ev.HTTPMethod != "POST" || ev.Path != "/ok" || ev.Resource != "/{proxy+}" || ev.PathParameters["proxy"] != "ok" ||
		ev.Body != `{"hello":"world"}` || ev.IsBase64Encoded ||
		!reflect.DeepEqual(ev.MultiValueQueryStringParameters["q"], []string{"1", "2"}) ||
		ev.RequestContext.RequestID != "c0ffee00-0000-4000-8000-000000000001" || ev.RequestContext.Stage != "test" {
		t.Errorf("event = %+v", ev)
	}
	if _, ok := ev.Headers["Authorization"]; ok {
		t.Errorf("the function got the caller's Authorization")
	}
	if _, ok := ev.Headers["X-Amz-Date"]; ok {
		t.Errorf("the function got the caller's X-Amz-Date")
	}

	res = do(t, "GET", gw.URL+"/test/text", nil, nil)
	if res.status != 200 || res.body != "plain" || res.header.Get("Content-Type") != "application/json" {
		t.Errorf("text: %d %q %v", res.status, res.body, res.header)
	}

	for _, path := range []string{"error", "flagged", "refused", "malformed", "extra", "no-status", "body-object", "bad-base64"} {
		t.Run(path, func(t *testing.T) {
			wantGatewayError(t, do(t, "GET", gw.URL+"/test/"+path, nil, nil), ErrInternalServerError)
		})
	}
	t.Run("timeout", func(t *testing.T) {
		wantGatewayError(t, do(t, "GET", gw.URL+"/test/slow", nil, nil), ErrIntegrationTimeout)
	})
	t.Run("down", func(t *testing.T) {
		down := httptest.NewServer(fs)
		down.Close()
		gw := serveRoutes(t, fmt.Sprintf(`      - {method: GET, path: /f, auth: NONE, integration: {type: lambda, uri: "%s%s"}}
`, down.URL, rieInvocations), nil)
		wantGatewayError(t, do(t, "GET", gw.URL+"/test/f", nil, nil), ErrInternalServerError)
	})
}

func TestLocalFunction(t *testing.T) {
	var got events.APIGatewayProxyRequest
	var gotLC *lambdacontext.LambdaContext
	fns := Functions{
		"ok": func(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			got = req
			gotLC, _ = lambdacontext.FromContext(ctx)
			return events.APIGatewayProxyResponse{StatusCode: 200, Body: "hi " + req.PathParameters["id"],
				Headers:           map[string]string{"Content-Type": "text/plain"},
				MultiValueHeaders: map[string][]string{"X-Multi": {"1", "2"}}}, nil
		},
		"fail": func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return events.APIGatewayProxyResponse{StatusCode: 200}, errors.New("boom")
		},
		"panic": func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			panic("boom")
		},
		"slow": func(ctx context.Context, _ events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			<-ctx.Done()
			return events.APIGatewayProxyResponse{StatusCode: 200}, nil
		},
		"bad-status": func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return events.APIGatewayProxyResponse{}, nil
		},
	}
	gw := serveRoutes(t, `      - {method: GET, path: "/ok/{id}", auth: NONE, integration: {type: lambda, function: ok}}
      - {method: GET, path: /fail, auth: NONE, integration: {type: lambda, function: fail}}
      - {method: GET, path: /panic, auth: NONE, integration: {type: lambda, function: panic}}
      - {method: GET, path: /slow, auth: NONE, integration: {type: lambda, function: slow, timeout: 100ms}}
      - {method: GET, path: /bad-status, auth: NONE, integration: {type: lambda, function: bad-status}}
`, fns)

	res := do(t, "GET", gw.URL+"/test/ok/42", nil, nil)
	if res.status != 200 || res.body != "hi 42" || res.header.Get("Content-Type") != "text/plain" ||
		!reflect.DeepEqual(res.header.Values("X-Multi"), []string{"1", "2"}) {
		t.Fatalf("got %d %q %v", res.status, res.body, res.header)
	}
	if got.Resource != "/ok/{id}" || got.RequestContext.ResourcePath != "/ok/{id}" || got.RequestContext.Path != "/test/ok/42" {
		t.Errorf("event = %+v", got)
	}
	if gotLC == nil || gotLC.AwsRequestID != "c0ffee00-0000-4000-8000-000000000001" ||
		gotLC.InvokedFunctionArn != "arn:aws:lambda:us-east-1:123456789012:function:ok" {
		t.Errorf("lambda context = %+v", gotLC)
	}
	wantGatewayError(t, do(t, "GET", gw.URL+"/test/fail", nil, nil), ErrInternalServerError)
	wantGatewayError(t, do(t, "GET", gw.URL+"/test/panic", nil, nil), ErrInternalServerError)
	wantGatewayError(t, do(t, "GET", gw.URL+"/test/slow", nil, nil), ErrIntegrationTimeout)
	wantGatewayError(t, do(t, "GET", gw.URL+"/test/bad-status", nil, nil), ErrInternalServerError)
}

// TestUnknownFunction: a route naming a function that is not registered is
// an error at start.
func TestUnknownFunction(t *testing.T) {
	cfg := integrationAPI + `      - {method: GET, path: /f, auth: NONE, integration: {type: lambda, function: missing}}
`
	c, err := parseConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(Options{Config: c, Functions: Functions{"other": nil}})
	if err == nil || !strings.Contains(err.Error(), `lambda function "missing" is not registered`) ||
		!strings.Contains(err.Error(), "route GET /f") {
		t.Fatalf("err = %v", err)
	}
}

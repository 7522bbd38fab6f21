package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/gatehouse-dev/gatehouse/client"
)

// maxResponse bounds the response body invoke reads.
const maxResponse = 64 << 20

type invokeFlags struct {
	profile           string
	endpoint          string
	username          string
	password          string
	userPoolID        string
	appClientID       string
	clientSecret      string
	cognitoRegion     string
	identityPoolID    string
	invokeURL         string
	apiGatewayRegion  string
	apiKey            string
	pathTemplate      string
	method            string
	params            string
	additionalParams  string
	body              string
	accessTokenHeader string
	auth              string
	raw               bool
}

// invokeAliases are further environment variables of invoke's flags,
// named as login's flags are.
var invokeAliases = map[string][]string{
	"app-client-id":  {envName("client-id")},
	"cognito-region": {envName("region")},
}

func newInvokeCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f invokeFlags
	cmd := &cobra.Command{
		Use:   "invoke",
		Short: "Call an API Gateway method as the user (the flags of apig-test)",
		Long: `Call a method of an API Gateway REST API as a user of the user pool, taking the
flags of the aws-api-gateway-cli-test (apig-test) tool:

  --auth iam      (default) sign the request with SigV4 for execute-api, with the
                  identity pool's temporary credentials for the user (AWS_IAM)
  --auth cognito  send the user's ID token in the Authorization header
                  (COGNITO_USER_POOLS authorizers)
  --auth none     send the request unsigned

With --username (and --password, else asked on the terminal) it signs in for this
call only; without, it uses the session of the profile's gatehouse login
(refreshed when needed). Settings missing from the flags and the environment
come from the profile.

--path-template is expanded with --params (RFC 6570: "/notes/{id}" with
{"id":"a b"} is "/notes/a%20b") and appended to --invoke-url.
--additional-params is {"headers":{...},"queryParams":{...}}. --body is a JSON
document, or @FILE to read it from a file; as with apig-test, an empty body ({},
[], "" or null) sends no body, and a JSON body is sent with Content-Type
application/json.

It prints {"status":...,"statusText":...,"data":...} on stdout (data is the
body, as JSON when it is JSON), or the body alone with --raw. A status other than
2xx exits 1 with the API's message on stderr.`,
		Example: `  # the demo's AWS_IAM route, as the user of gatehouse login
  gatehouse invoke --invoke-url http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_ \
      --path-template /notes --method POST --body '{"content":"hello"}'
  gatehouse invoke --invoke-url http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_ \
      --path-template '/notes/{id}' --params '{"id":"NOTE_ID"}'

  # the demo's Cognito authorizer route
  gatehouse invoke --auth cognito --path-template /items \
      --invoke-url http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_

  # apig-test's flags, with one endpoint for the Cognito services
  gatehouse invoke --endpoint http://127.0.0.1:8080 --username demo@example.com --password 'Passw0rd!' \
      --user-pool-id us-east-1_NotesDemo --app-client-id gatehousenotesdemoclient01 \
      --cognito-region us-east-1 --identity-pool-id us-east-1:0f2a4c6e-8b1d-4e3f-9a5b-7c9d1e2f3a4b \
      --invoke-url http://127.0.0.1:8080/restapis/notesapi01/prod/_user_request_ \
      --api-gateway-region us-east-1 --path-template /notes --method GET \
      --additional-params '{"queryParams":{"limit":"10"}}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return invoke(cmd, &f, getenv)
		},
	}
	fl := cmd.Flags()
	addProfileFlag(fl, &f.profile)
	fl.StringVar(&f.endpoint, "endpoint", "", "base URL of the Cognito services, e.g. http://127.0.0.1:8080 (empty: AWS)")
	fl.StringVar(&f.username, "username", "", "sign in as this user for this call (default: the profile's session)")
	fl.StringVar(&f.password, "password", "", "the user's password (prefer GATEHOUSE_PASSWORD, or the terminal prompt)")
	fl.StringVar(&f.userPoolID, "user-pool-id", "", "user pool id")
	fl.StringVar(&f.appClientID, "app-client-id", "", "app client id (env also GATEHOUSE_CLIENT_ID)")
	fl.StringVar(&f.clientSecret, "client-secret", "", "app client secret, when the client has one")
	fl.StringVar(&f.cognitoRegion, "cognito-region", "", "region of the user pool (env also GATEHOUSE_REGION; default: the prefix of the user pool id)")
	fl.StringVar(&f.identityPoolID, "identity-pool-id", "", "identity pool id (for --auth iam)")
	fl.StringVar(&f.invokeURL, "invoke-url", "", "the API's URL with its stage: https://{api}.execute-api.{region}.amazonaws.com/{stage}, or {endpoint}/restapis/{api}/{stage}/_user_request_ (required)")
	fl.StringVar(&f.apiGatewayRegion, "api-gateway-region", "", "region of the API's signatures (default: the Cognito region, else us-east-1)")
	fl.StringVar(&f.apiKey, "api-key", "", "API key, sent as x-api-key")
	fl.StringVar(&f.pathTemplate, "path-template", "/", "path of the method, with {param} placeholders")
	fl.StringVar(&f.method, "method", "GET", "HTTP method")
	fl.StringVar(&f.params, "params", "{}", "JSON object of the path template's parameters")
	fl.StringVar(&f.additionalParams, "additional-params", "{}", `JSON {"headers":{...},"queryParams":{...}}`)
	fl.StringVar(&f.body, "body", "{}", "request body: JSON, or @FILE")
	fl.StringVar(&f.accessTokenHeader, "access-token-header", "", "also send the user's access token in this header")
	fl.StringVar(&f.auth, "auth", "iam", "authorization: iam (SigV4), cognito (ID token) or none")
	fl.BoolVar(&f.raw, "raw", false, "print only the response body")
	return cmd
}

func invoke(cmd *cobra.Command, f *invokeFlags, getenv func(string) (string, bool)) error {
	if err := applyEnv(cmd, getenv, invokeAliases); err != nil {
		return err
	}
	switch f.auth {
	case "iam", "cognito", "none":
	default:
		return fmt.Errorf("--auth %q: must be iam, cognito or none", f.auth)
	}
	if f.invokeURL == "" {
		return errors.New("missing --invoke-url")
	}
	req, err := buildInvokeRequest(cmd.Context(), f)
	if err != nil {
		return err
	}

	needUser := f.auth != "none" || f.accessTokenHeader != ""
	var (
		c    *client.Client
		toks *storedTokens
		p    profile
	)
	if needUser {
		c, p, toks, err = invokeSession(cmd, f, getenv)
		if err != nil {
			return err
		}
		if f.accessTokenHeader != "" {
			req.Header.Set(f.accessTokenHeader, toks.AccessToken)
		}
	}
	apiRegion := f.apiGatewayRegion
	if apiRegion == "" {
		apiRegion = regionOf(p.Region, "")
	}
	if apiRegion == "" {
		apiRegion = "us-east-1"
	}

	hc := &http.Client{Timeout: httpTimeout}
	switch f.auth {
	case "cognito":
		req.Header.Set("Authorization", toks.IDToken)
	case "iam":
		if p.IdentityPoolID == "" {
			return errors.New("missing --identity-pool-id (needed by --auth iam)")
		}
		idToken := toks.IDToken
		creds := aws.NewCredentialsCache(c.CredentialsProvider(func(context.Context) (string, error) { return idToken, nil }))
		hc.Transport = &client.SigningTransport{Credentials: creds, Region: apiRegion}
	}
	res, err := hc.Do(req)
	if err != nil {
		// The URL (no secrets in it) and the cause: the connection's, or
		// AWS's error of the credentials.
		return fmt.Errorf("invoke: %s", awsError(err))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxResponse+1))
	if err != nil {
		return fmt.Errorf("invoke: reading the response: %w", err)
	}
	if len(body) > maxResponse {
		return fmt.Errorf("invoke: the response body is larger than %d bytes", maxResponse)
	}
	if err := printResponse(cmd.OutOrStdout(), res, body, f.raw); err != nil {
		return err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return &exitError{code: 1, err: invokeError(res, body)}
	}
	return nil
}

// invokeSession signs in for the call (--username) or opens the profile's
// session, and returns a client of the user pool and identity pool with the
// user's tokens.
func invokeSession(cmd *cobra.Command, f *invokeFlags, getenv func(string) (string, bool)) (*client.Client, profile, *storedTokens, error) {
	if err := checkProfileName(f.profile); err != nil {
		return nil, profile{}, nil, err
	}
	st, err := openCLIStore(getenv)
	if err != nil {
		return nil, profile{}, nil, err
	}
	stored, err := st.profile(f.profile)
	if err != nil {
		return nil, profile{}, nil, err
	}
	p := *stored
	set := func(flag string, dst *string, v string) { setIfGiven(cmd, flag, dst, v) }
	set("endpoint", &p.Endpoint, f.endpoint)
	set("user-pool-id", &p.UserPoolID, f.userPoolID)
	set("app-client-id", &p.ClientID, f.appClientID)
	set("client-secret", &p.ClientSecret, f.clientSecret)
	set("cognito-region", &p.Region, f.cognitoRegion)
	set("identity-pool-id", &p.IdentityPoolID, f.identityPoolID)
	p.Region = regionOf(p.Region, p.UserPoolID)
	if err := requireFields(p, false); err != nil {
		return nil, p, nil, fmt.Errorf("%s (--app-client-id is invoke's --client-id, --cognito-region its --region)", err)
	}
	c, err := newSDKClient(p, "")
	if err != nil {
		return nil, p, nil, err
	}
	if !cmd.Flags().Changed("username") {
		t, err := validTokens(cmd.Context(), st, f.profile, c, p, time.Now())
		return c, p, t, err
	}
	password := f.password
	if password == "" {
		if password, err = readSecretLine(cmd.InOrStdin(), cmd.ErrOrStderr(), false, "Password for "+f.username+": "); err != nil {
			return nil, p, nil, err
		}
	}
	tok, err := c.Login(cmd.Context(), f.username, password)
	if err != nil {
		return nil, p, nil, &opError{"login", err}
	}
	return c, p, &storedTokens{IDToken: tok.IDToken, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		ExpiresAt: tok.ExpiresAt, Username: tok.Username}, nil
}

// additionalParams is apig-test's --additional-params.
type additionalParams struct {
	Headers     map[string]any `json:"headers"`
	QueryParams map[string]any `json:"queryParams"`
}

// buildInvokeRequest builds the unsigned request of the flags, as
// aws-api-gateway-client's invokeApi does.
func buildInvokeRequest(ctx context.Context, f *invokeFlags) (*http.Request, error) {
	var params map[string]any
	if err := decodeJSONFlag("--params", f.params, &params); err != nil {
		return nil, err
	}
	var extra additionalParams
	if err := decodeJSONFlag("--additional-params", f.additionalParams, &extra); err != nil {
		return nil, err
	}
	path, err := expandTemplate(f.pathTemplate, params)
	if err != nil {
		return nil, fmt.Errorf("--path-template: %w", err)
	}
	u := strings.TrimRight(f.invokeURL, "/")
	if !strings.HasPrefix(path, "/") {
		u += "/"
	}
	u += path
	if q := encodeQuery(extra.QueryParams); q != "" {
		u += "?" + q
	}

	header := http.Header{}
	for k, v := range extra.Headers {
		for _, s := range flagValues(v) {
			header.Add(k, s)
		}
	}
	if f.apiKey != "" {
		header.Set("X-Api-Key", f.apiKey)
	}
	if header.Get("Accept") == "" {
		header.Set("Accept", "application/json")
	}
	body, err := requestBody(f.body, header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	if body != nil && header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}

	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, strings.ToUpper(f.method), u, r)
	if err != nil {
		return nil, fmt.Errorf("--invoke-url: %w", err)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" || req.URL.Host == "" {
		return nil, fmt.Errorf("--invoke-url %q: not an http or https URL", f.invokeURL)
	}
	req.Header = header
	return req, nil
}

func decodeJSONFlag(name, s string, v any) error {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%s: not a JSON object: %w", name, err)
	}
	if d.More() {
		return fmt.Errorf("%s: more than one JSON value", name)
	}
	return nil
}

// requestBody is the body of --body: the JSON given (or read from @FILE),
// nothing for an empty one ({}, [], "", null, or a number or boolean, which
// apig-test drops too), and a JSON string's text for a Content-Type other
// than JSON.
func requestBody(flag, contentType string) ([]byte, error) {
	raw := []byte(flag)
	if name, ok := strings.CutPrefix(flag, "@"); ok {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("--body: %w", err)
		}
		raw = b
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("--body: not JSON: %w", err)
	}
	if d.More() {
		return nil, errors.New("--body: more than one JSON value")
	}
	switch x := v.(type) {
	case nil, bool, json.Number:
		return nil, nil
	case map[string]any:
		if len(x) == 0 {
			return nil, nil
		}
	case []any:
		if len(x) == 0 {
			return nil, nil
		}
	case string:
		if x == "" {
			return nil, nil
		}
		if mt, _, _ := mime.ParseMediaType(contentType); contentType != "" && mt != "application/json" {
			return []byte(x), nil
		}
	}
	var out bytes.Buffer
	if err := json.Compact(&out, raw); err != nil {
		return nil, fmt.Errorf("--body: %w", err)
	}
	return out.Bytes(), nil
}

// flagValues renders a JSON value of headers or queryParams as strings: an
// array as its elements, null as nothing.
func flagValues(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, flagValues(e)...)
		}
		return out
	case map[string]any:
		b, _ := json.Marshal(x)
		return []string{string(b)}
	default:
		return []string{fmt.Sprint(x)}
	}
}

// encodeQuery encodes query parameters as encodeURIComponent does (a space
// is %20), sorted by name.
func encodeQuery(q map[string]any) string {
	var parts []string
	for k, v := range q {
		for _, s := range flagValues(v) {
			parts = append(parts, uriComponent(k)+"="+uriComponent(s))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "&")
}

// printResponse prints the response as apig-test does, as JSON, or its
// body alone.
func printResponse(w io.Writer, res *http.Response, body []byte, raw bool) error {
	if raw {
		_, err := w.Write(body)
		return err
	}
	var data any = string(body)
	if len(bytes.TrimSpace(body)) > 0 && json.Valid(body) {
		data = json.RawMessage(body)
	}
	b, err := json.MarshalIndent(struct {
		Status     int    `json:"status"`
		StatusText string `json:"statusText"`
		Data       any    `json:"data"`
	}{res.StatusCode, http.StatusText(res.StatusCode), data}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// invokeError is the error of a non-2xx answer: its status, the
// x-amzn-ErrorType and the body's message, as API Gateway gives them.
func invokeError(res *http.Response, body []byte) error {
	e := client.NewAPIError(res, body)
	s := fmt.Sprintf("invoke: %d %s", res.StatusCode, http.StatusText(res.StatusCode))
	if e.Type != "" {
		s += " (" + printable(e.Type) + ")"
	}
	if e.Message != "" {
		s += ": " + printable(e.Message)
	}
	return errors.New(s)
}

// printable is s for a terminal: control characters dropped, at most 1000
// bytes.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
	if len(s) > 1000 {
		s = strings.ToValidUTF8(s[:1000], "") + "..."
	}
	return s
}

package userpool

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/store"
)

// App clients through the API: CreateUserPoolClient,
// DescribeUserPoolClient, ListUserPoolClients and DeleteUserPoolClient. A
// client created here (also in a pool of the configuration) is a store
// record that sign-in finds like a client of the configuration (see
// appClient). Its secret is stored encrypted under the master key and
// returned only by Create and Describe, as Cognito does.

// Sizes of generated client ids and secrets, as Cognito's.
const (
	clientIDLength     = 26
	clientSecretLength = 51
)

// clientEchoMembers are the CreateUserPoolClient members kept as given and
// described back, without effect on sign-in.
var clientEchoMembers = []string{
	"ReadAttributes", "WriteAttributes", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs",
	"DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
	"AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
	"EnablePropagateAdditionalUserContextData", "AuthSessionValidity",
}

// clientEchoDefaults are what Cognito describes for members not given.
var clientEchoDefaults = map[string]string{
	"AllowedOAuthFlowsUserPoolClient":          `false`,
	"EnableTokenRevocation":                    `true`,
	"EnablePropagateAdditionalUserContextData": `false`,
	"AuthSessionValidity":                      `3`,
}

// clientSettings are the settings of an app client created through the
// API that sign-in does not use, kept to be described back as given.
type clientSettings struct {
	// The validities as given, in their units; nil when not given.
	RefreshTokenValidity *int                       `json:"refresh_token_validity,omitempty"`
	AccessTokenValidity  *int                       `json:"access_token_validity,omitempty"`
	IdTokenValidity      *int                       `json:"id_token_validity,omitempty"`
	TokenValidityUnits   *tokenValidityUnits        `json:"token_validity_units,omitempty"`
	ExplicitAuthFlows    []string                   `json:"explicit_auth_flows,omitempty"`
	Echo                 map[string]json.RawMessage `json:"echo,omitempty"`
}

// tokenValidityUnits is Cognito's TokenValidityUnitsType.
type tokenValidityUnits struct {
	AccessToken  string `json:"AccessToken,omitempty"`
	IdToken      string `json:"IdToken,omitempty"`
	RefreshToken string `json:"RefreshToken,omitempty"`
}

var timeUnits = []string{"seconds", "minutes", "hours", "days"}

type createUserPoolClientInput struct {
	UserPoolId           string              `json:"UserPoolId"`
	ClientName           string              `json:"ClientName"`
	GenerateSecret       bool                `json:"GenerateSecret"`
	RefreshTokenValidity *int                `json:"RefreshTokenValidity"`
	AccessTokenValidity  *int                `json:"AccessTokenValidity"`
	IdTokenValidity      *int                `json:"IdTokenValidity"`
	TokenValidityUnits   *tokenValidityUnits `json:"TokenValidityUnits"`
	ExplicitAuthFlows    []string            `json:"ExplicitAuthFlows"`
	AuthSessionValidity  *int                `json:"AuthSessionValidity"`
}

// explicitAuthFlowValues are Cognito's ExplicitAuthFlowsType values.
var explicitAuthFlowValues = []string{
	config.FlowLegacyAdminNoSRPAuth, config.FlowLegacyCustomAuthOnly, config.FlowLegacyUserPassword,
	config.FlowAdminUserPasswordAuth, config.FlowCustomAuth, config.FlowUserPasswordAuth,
	config.FlowUserSRPAuth, config.FlowRefreshTokenAuth,
}

func (in *createUserPoolClientInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("clientName", in.ClientName, ruleName)
	v.intRange("refreshTokenValidity", in.RefreshTokenValidity, 0, 315360000)
	v.intRange("accessTokenValidity", in.AccessTokenValidity, 1, 86400)
	v.intRange("idTokenValidity", in.IdTokenValidity, 1, 86400)
	if u := in.TokenValidityUnits; u != nil {
		v.enum("tokenValidityUnits.accessToken", u.AccessToken, timeUnits)
		v.enum("tokenValidityUnits.idToken", u.IdToken, timeUnits)
		v.enum("tokenValidityUnits.refreshToken", u.RefreshToken, timeUnits)
	}
	v.enumList("explicitAuthFlows", in.ExplicitAuthFlows, explicitAuthFlowValues)
	v.intRange("authSessionValidity", in.AuthSessionValidity, 3, 15)
}

// validity returns a validity given in unit, or def when not given.
func validity(n *int, unit string, defUnit string, def time.Duration) time.Duration {
	if n == nil {
		return def
	}
	if unit == "" {
		unit = defUnit
	}
	d := time.Duration(*n)
	switch unit {
	case "seconds":
		return d * time.Second
	case "minutes":
		return d * time.Minute
	case "hours":
		return d * time.Hour
	}
	return d * 24 * time.Hour
}

// createUserPoolClient is the CreateUserPoolClient operation.
func (s *Service) createUserPoolClient(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*createUserPoolClientInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	var units tokenValidityUnits
	if in.TokenValidityUnits != nil {
		units = *in.TokenValidityUnits
	}
	c := config.UserPoolClient{
		Name:                 in.ClientName,
		ExplicitAuthFlows:    slices.Clone(in.ExplicitAuthFlows),
		AccessTokenValidity:  config.Duration(validity(in.AccessTokenValidity, units.AccessToken, "hours", config.DefaultTokenValidity.Std())),
		IDTokenValidity:      config.Duration(validity(in.IdTokenValidity, units.IdToken, "hours", config.DefaultTokenValidity.Std())),
		RefreshTokenValidity: config.Duration(validity(in.RefreshTokenValidity, units.RefreshToken, "days", config.DefaultRefreshTokenValidity.Std())),
	}
	if in.RefreshTokenValidity != nil && *in.RefreshTokenValidity == 0 {
		c.RefreshTokenValidity = config.DefaultRefreshTokenValidity
	}
	if err := checkClientValidities(c); err != nil {
		return nil, err
	}
	if len(c.ExplicitAuthFlows) == 0 {
		c.ExplicitAuthFlows = config.DefaultExplicitAuthFlows()
	} else if mixesLegacyFlows(c.ExplicitAuthFlows) {
		return nil, errMixedAuthFlows
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, awsproto.ErrSerialization("The request body is not valid JSON.")
	}
	now := s.now()
	rec := clientRecord{
		Pool:   p.ID,
		Client: c,
		Settings: clientSettings{
			RefreshTokenValidity: in.RefreshTokenValidity, AccessTokenValidity: in.AccessTokenValidity,
			IdTokenValidity: in.IdTokenValidity, TokenValidityUnits: in.TokenValidityUnits,
			ExplicitAuthFlows: slices.Clone(in.ExplicitAuthFlows), Echo: map[string]json.RawMessage{},
		},
		Created: now, Modified: now,
	}
	for _, name := range clientEchoMembers {
		if v, ok := raw[name]; ok && string(v) != "null" {
			rec.Settings.Echo[name] = v
		}
	}
	secret := ""
	if in.GenerateSecret {
		if secret, err = randomString(s.rand, clientSecretLength, lowerAlphanumeric); err != nil {
			return nil, err
		}
	}
	for {
		id, err := randomString(s.rand, clientIDLength, lowerAlphanumeric)
		if err != nil {
			return nil, err
		}
		if _, cc := s.cfg.UserPoolClient(id); cc != nil {
			continue
		}
		rec.Client.ID = id
		if secret != "" {
			if rec.SecretEncrypted, err = s.ring.EncryptAtRest([]byte(secret), clientSecretAD(id)); err != nil {
				return nil, err
			}
		}
		err = s.storedClients.Create(ctx, id, rec)
		if errors.Is(err, store.ErrAlreadyExists) {
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	s.catalog.forget("", rec.Client.ID)
	s.event(ctx, "user pool client created", slog.String("user_pool", p.ID), slog.String("client_id", rec.Client.ID))
	rec.Client.Secret = secret
	return map[string]any{"UserPoolClient": describeClient(&rec.Client, p.ID, &rec)}, nil
}

// checkClientValidities applies Cognito's bounds on token validities.
func checkClientValidities(c config.UserPoolClient) error {
	access, id, refresh := c.AccessTokenValidity.Std(), c.IDTokenValidity.Std(), c.RefreshTokenValidity.Std()
	switch {
	case access < 5*time.Minute || access > 24*time.Hour,
		id < 5*time.Minute || id > 24*time.Hour,
		refresh < time.Hour || refresh > 3650*24*time.Hour,
		access > refresh || id > refresh:
		return errTokenValidityRange
	}
	return nil
}

// mixesLegacyFlows reports whether flows mixes legacy names with ALLOW_ ones.
func mixesLegacyFlows(flows []string) bool {
	legacy, current := false, false
	for _, f := range flows {
		if strings.HasPrefix(f, "ALLOW_") {
			current = true
		} else {
			legacy = true
		}
	}
	return legacy && current
}

// describeClient returns Cognito's UserPoolClientType of a client; rec is
// nil for a client of the configuration, whose validities are described in
// minutes (refresh tokens in days when they are whole days).
func describeClient(c *config.UserPoolClient, poolID string, rec *clientRecord) map[string]any {
	out := map[string]any{
		"UserPoolId": poolID,
		"ClientName": c.Name,
		"ClientId":   c.ID,
	}
	if c.Secret != "" {
		out["ClientSecret"] = c.Secret
	}
	for name, def := range clientEchoDefaults {
		out[name] = json.RawMessage(def)
	}
	if rec == nil {
		out["AccessTokenValidity"] = int(c.AccessTokenValidity.Std() / time.Minute)
		out["IdTokenValidity"] = int(c.IDTokenValidity.Std() / time.Minute)
		refresh, unit := int(c.RefreshTokenValidity.Std()/time.Minute), "minutes"
		if c.RefreshTokenValidity.Std()%(24*time.Hour) == 0 {
			refresh, unit = int(c.RefreshTokenValidity.Std()/(24*time.Hour)), "days"
		}
		out["RefreshTokenValidity"] = refresh
		out["TokenValidityUnits"] = tokenValidityUnits{AccessToken: "minutes", IdToken: "minutes", RefreshToken: unit}
		out["ExplicitAuthFlows"] = c.ExplicitAuthFlows
		return out
	}
	out["CreationDate"] = epochTime(rec.Created)
	out["LastModifiedDate"] = epochTime(rec.Modified)
	out["RefreshTokenValidity"] = 30
	if st := rec.Settings; st.RefreshTokenValidity != nil && *st.RefreshTokenValidity != 0 {
		out["RefreshTokenValidity"] = *st.RefreshTokenValidity
	}
	if st := rec.Settings; st.AccessTokenValidity != nil {
		out["AccessTokenValidity"] = *st.AccessTokenValidity
	}
	if st := rec.Settings; st.IdTokenValidity != nil {
		out["IdTokenValidity"] = *st.IdTokenValidity
	}
	if u := rec.Settings.TokenValidityUnits; u != nil {
		out["TokenValidityUnits"] = u
	}
	if len(rec.Settings.ExplicitAuthFlows) > 0 {
		out["ExplicitAuthFlows"] = rec.Settings.ExplicitAuthFlows
	}
	for name, v := range rec.Settings.Echo {
		out[name] = v
	}
	return out
}

// poolClientRecord returns the record of a client created through the API
// in the pool, or errClientNotFound.
func (s *Service) poolClientRecord(ctx context.Context, poolID, clientID string) (clientRecord, error) {
	rec, err := s.storedClients.Get(ctx, clientID)
	if errors.Is(err, store.ErrNotFound) || err == nil && rec.Pool != poolID {
		return clientRecord{}, errClientNotFound(clientID)
	}
	return rec, err
}

type userPoolClientInput struct {
	UserPoolId string `json:"UserPoolId"`
	ClientId   string `json:"ClientId"`
}

func (in *userPoolClientInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.required("clientId", in.ClientId, ruleClientID)
}

// describeUserPoolClient is the DescribeUserPoolClient operation.
func (s *Service) describeUserPoolClient(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*userPoolClientInput).check)
	if err != nil {
		return nil, err
	}
	if _, err := s.adminPool(ctx, in.UserPoolId); err != nil {
		return nil, err
	}
	if p, c := s.cfg.UserPoolClient(in.ClientId); c != nil && p.ID == in.UserPoolId {
		return map[string]any{"UserPoolClient": describeClient(c, p.ID, nil)}, nil
	}
	rec, err := s.poolClientRecord(ctx, in.UserPoolId, in.ClientId)
	if err != nil {
		return nil, err
	}
	c, _, err := s.storedClient(ctx, in.ClientId)
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPoolClient": describeClient(c, rec.Pool, &rec)}, nil
}

type listUserPoolClientsInput struct {
	UserPoolId string `json:"UserPoolId"`
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

func (in *listUserPoolClientsInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
	v.intRange("maxResults", in.MaxResults, 1, 60)
	v.str("nextToken", in.NextToken, rulePageToken)
}

// userPoolClientDescription is Cognito's UserPoolClientDescription.
type userPoolClientDescription struct {
	ClientId   string `json:"ClientId"`
	UserPoolId string `json:"UserPoolId"`
	ClientName string `json:"ClientName"`
}

// listUserPoolClients is the ListUserPoolClients operation: the pool's
// clients of the configuration and of the store, by id.
func (s *Service) listUserPoolClients(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*listUserPoolClientsInput).check)
	if err != nil {
		return nil, err
	}
	p, err := s.adminPool(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	var all []userPoolClientDescription
	for _, c := range p.Clients {
		all = append(all, userPoolClientDescription{ClientId: c.ID, UserPoolId: p.ID, ClientName: c.Name})
	}
	recs, _, err := s.storedClients.List(ctx, store.ListOptions{})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if rec.Pool == p.ID {
			all = append(all, userPoolClientDescription{ClientId: rec.Client.ID, UserPoolId: p.ID, ClientName: rec.Client.Name})
		}
	}
	slices.SortFunc(all, func(a, b userPoolClientDescription) int { return strings.Compare(a.ClientId, b.ClientId) })
	limit := 60
	if in.MaxResults != nil {
		limit = *in.MaxResults
	}
	page, next, err := pageOf(all, func(d userPoolClientDescription) string { return d.ClientId }, "clients:"+p.ID, in.NextToken, limit)
	if err != nil {
		return nil, err
	}
	return listPage("UserPoolClients", page, "NextToken", next), nil
}

// deleteUserPoolClient is the DeleteUserPoolClient operation. Clients of
// the configuration cannot be deleted. The client's refresh tokens stop
// working with it.
func (s *Service) deleteUserPoolClient(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*userPoolClientInput).check)
	if err != nil {
		return nil, err
	}
	if _, err := s.adminPool(ctx, in.UserPoolId); err != nil {
		return nil, err
	}
	if p, c := s.cfg.UserPoolClient(in.ClientId); c != nil && p.ID == in.UserPoolId {
		return nil, errConfigClientReadOnly(in.ClientId)
	}
	if _, err := s.poolClientRecord(ctx, in.UserPoolId, in.ClientId); err != nil {
		return nil, err
	}
	if err := s.storedClients.Delete(ctx, in.ClientId); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	s.catalog.forget("", in.ClientId)
	s.event(ctx, "user pool client deleted", slog.String("user_pool", in.UserPoolId), slog.String("client_id", in.ClientId))
	return empty{}, nil
}

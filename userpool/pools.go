package userpool

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/store"
)

// User pools through the API: CreateUserPool, DescribeUserPool,
// ListUserPools and DeleteUserPool. A pool created here is a store record
// that sign-in finds like a pool of the configuration (see userPool); the
// pools of the configuration are listed and described, but cannot be
// deleted.

// poolIDLength is the length of the part of a pool id after "{region}_".
const poolIDLength = 9

// defaultTemporaryPasswordValidityDays is Cognito's default.
const defaultTemporaryPasswordValidityDays = 7

// Deletion protection values.
const (
	deletionProtectionActive   = "ACTIVE"
	deletionProtectionInactive = "INACTIVE"
)

// poolEchoMembers are the CreateUserPool members that Gatehouse keeps as
// given and describes back, without acting on them.
var poolEchoMembers = []string{
	"LambdaConfig", "AliasAttributes", "SmsVerificationMessage", "EmailVerificationMessage",
	"EmailVerificationSubject", "VerificationMessageTemplate", "SmsAuthenticationMessage",
	"UserAttributeUpdateSettings", "DeviceConfiguration", "EmailConfiguration", "SmsConfiguration",
	"UserPoolTags", "AdminCreateUserConfig", "UserPoolAddOns", "UsernameConfiguration",
	"AccountRecoverySetting",
}

// poolEchoDefaults are what Cognito describes for members not given.
var poolEchoDefaults = map[string]string{
	"LambdaConfig":                `{}`,
	"EmailConfiguration":          `{"EmailSendingAccount":"COGNITO_DEFAULT"}`,
	"VerificationMessageTemplate": `{"DefaultEmailOption":"CONFIRM_WITH_CODE"}`,
	"AdminCreateUserConfig":       `{"AllowAdminCreateUserOnly":false,"UnusedAccountValidityDays":7}`,
	"UserPoolTags":                `{}`,
}

// poolSettings are the settings of a pool created through the API that
// sign-in does not use, kept to be described back as they were given.
type poolSettings struct {
	TemporaryPasswordValidityDays int                        `json:"temporary_password_validity_days"`
	DeletionProtection            string                     `json:"deletion_protection"`
	Schema                        []schemaAttribute          `json:"schema,omitempty"`
	Echo                          map[string]json.RawMessage `json:"echo,omitempty"`
}

// schemaAttribute is Cognito's SchemaAttributeType.
type schemaAttribute struct {
	Name                       string          `json:"Name"`
	AttributeDataType          string          `json:"AttributeDataType,omitempty"`
	DeveloperOnlyAttribute     bool            `json:"DeveloperOnlyAttribute"`
	Mutable                    *bool           `json:"Mutable,omitempty"`
	Required                   bool            `json:"Required"`
	NumberAttributeConstraints json.RawMessage `json:"NumberAttributeConstraints,omitempty"`
	StringAttributeConstraints json.RawMessage `json:"StringAttributeConstraints,omitempty"`
}

// passwordPolicyType is Cognito's PasswordPolicyType.
type passwordPolicyType struct {
	MinimumLength                 *int `json:"MinimumLength,omitempty"`
	RequireUppercase              bool `json:"RequireUppercase"`
	RequireLowercase              bool `json:"RequireLowercase"`
	RequireNumbers                bool `json:"RequireNumbers"`
	RequireSymbols                bool `json:"RequireSymbols"`
	TemporaryPasswordValidityDays *int `json:"TemporaryPasswordValidityDays,omitempty"`
}

type poolPolicies struct {
	PasswordPolicy *passwordPolicyType `json:"PasswordPolicy,omitempty"`
}

type createUserPoolInput struct {
	PoolName               string            `json:"PoolName"`
	Policies               *poolPolicies     `json:"Policies"`
	DeletionProtection     string            `json:"DeletionProtection"`
	AutoVerifiedAttributes []string          `json:"AutoVerifiedAttributes"`
	AliasAttributes        []string          `json:"AliasAttributes"`
	UsernameAttributes     []string          `json:"UsernameAttributes"`
	MfaConfiguration       string            `json:"MfaConfiguration"`
	Schema                 []schemaAttribute `json:"Schema"`
}

var (
	mfaValues                = []string{config.MFAOff, config.MFAOn, config.MFAOptional}
	deletionProtectionValues = []string{deletionProtectionActive, deletionProtectionInactive}
	verifiedAttributeValues  = []string{config.AttributePhoneNumber, config.AttributeEmail}
	aliasAttributeValues     = []string{config.AttributePhoneNumber, config.AttributeEmail, "preferred_username"}
	attributeDataTypes       = []string{"String", "Number", "DateTime", "Boolean"}
)

func (in *createUserPoolInput) check(v *validation) {
	v.required("poolName", in.PoolName, ruleName)
	if in.Policies != nil && in.Policies.PasswordPolicy != nil {
		pp := in.Policies.PasswordPolicy
		v.intRange("policies.passwordPolicy.minimumLength", pp.MinimumLength, 6, 99)
		v.intRange("policies.passwordPolicy.temporaryPasswordValidityDays", pp.TemporaryPasswordValidityDays, 0, 365)
	}
	v.enum("deletionProtection", in.DeletionProtection, deletionProtectionValues)
	v.enumList("autoVerifiedAttributes", in.AutoVerifiedAttributes, verifiedAttributeValues)
	v.enumList("aliasAttributes", in.AliasAttributes, aliasAttributeValues)
	v.enumList("usernameAttributes", in.UsernameAttributes, verifiedAttributeValues)
	v.enum("mfaConfiguration", in.MfaConfiguration, mfaValues)
	for i, a := range in.Schema {
		v.enum("schema."+itoa(i+1)+".member.attributeDataType", a.AttributeDataType, attributeDataTypes)
	}
}

// enumList checks a list member whose elements are enumerated.
func (v *validation) enumList(member string, values, allowed []string) {
	for _, x := range values {
		if !slices.Contains(allowed, x) {
			*v = append(*v, "Value '["+strings.Join(values, ", ")+"]' at '"+member+
				"' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: ["+
				strings.Join(allowed, ", ")+"]]")
			return
		}
	}
}

// createUserPool is the CreateUserPool operation.
func (s *Service) createUserPool(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*createUserPoolInput).check)
	if err != nil {
		return nil, err
	}
	if len(in.AliasAttributes) > 0 && len(in.UsernameAttributes) > 0 {
		return nil, errAliasAndUsernameAttributes
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, awsproto.ErrSerialization("The request body is not valid JSON.")
	}
	if in.MfaConfiguration == config.MFAOn || in.MfaConfiguration == config.MFAOptional {
		// As on AWS, where CreateUserPool can only give SMS as a factor.
		if sms, ok := raw["SmsConfiguration"]; !ok || string(sms) == "null" ||
			!slices.Contains(in.AutoVerifiedAttributes, config.AttributePhoneNumber) {
			return nil, errMFANeedsSMS
		}
	}
	now := s.now()
	rec := poolRecord{
		Pool: config.UserPool{
			Name: in.PoolName, UsernameAttributes: slices.Clone(in.UsernameAttributes),
			AutoVerifiedAttributes: slices.Clone(in.AutoVerifiedAttributes), MFA: in.MfaConfiguration,
			PasswordPolicy: config.DefaultPasswordPolicy(),
		},
		Settings: poolSettings{
			TemporaryPasswordValidityDays: defaultTemporaryPasswordValidityDays,
			DeletionProtection:            in.DeletionProtection,
			Echo:                          map[string]json.RawMessage{},
		},
		Created: now, Modified: now,
	}
	if rec.Pool.MFA == "" {
		rec.Pool.MFA = config.MFAOff
	}
	if rec.Settings.DeletionProtection == "" {
		rec.Settings.DeletionProtection = deletionProtectionInactive
	}
	if in.Policies != nil && in.Policies.PasswordPolicy != nil {
		pp := in.Policies.PasswordPolicy
		rec.Pool.PasswordPolicy = config.PasswordPolicy{
			MinimumLength: 8, RequireLowercase: pp.RequireLowercase, RequireUppercase: pp.RequireUppercase,
			RequireNumbers: pp.RequireNumbers, RequireSymbols: pp.RequireSymbols,
		}
		if pp.MinimumLength != nil {
			rec.Pool.PasswordPolicy.MinimumLength = *pp.MinimumLength
		}
		if pp.TemporaryPasswordValidityDays != nil {
			rec.Settings.TemporaryPasswordValidityDays = *pp.TemporaryPasswordValidityDays
		}
	}
	for _, a := range in.Schema {
		if standardAttributes[a.Name] || a.Name == "sub" {
			continue // the standard attributes are always there
		}
		a.Name = "custom:" + strings.TrimPrefix(a.Name, "custom:")
		rec.Settings.Schema = append(rec.Settings.Schema, a)
	}
	for _, name := range poolEchoMembers {
		if v, ok := raw[name]; ok && string(v) != "null" {
			rec.Settings.Echo[name] = v
		}
	}
	for {
		id, err := randomString(s.rand, poolIDLength, alphanumeric)
		if err != nil {
			return nil, err
		}
		rec.Pool.ID = s.cfg.Region + "_" + id
		if s.cfg.UserPool(rec.Pool.ID) != nil {
			continue
		}
		err = s.storedPools.Create(ctx, rec.Pool.ID, rec)
		if errors.Is(err, store.ErrAlreadyExists) {
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	s.catalog.forget(rec.Pool.ID, "")
	s.event(ctx, "user pool created", slog.String("user_pool", rec.Pool.ID))
	if rec.Pool.MFA != config.MFAOff {
		s.log.WarnContext(ctx, config.MFANotEnforced,
			"user_pool", rec.Pool.ID, "mfa", rec.Pool.MFA)
	}
	desc, err := s.describePool(ctx, &rec.Pool, &rec)
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPool": desc}, nil
}

type userPoolIDInput struct {
	UserPoolId string `json:"UserPoolId"`
}

func (in *userPoolIDInput) check(v *validation) {
	v.required("userPoolId", in.UserPoolId, ruleUserPoolID)
}

// describeUserPool is the DescribeUserPool operation.
func (s *Service) describeUserPool(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*userPoolIDInput).check)
	if err != nil {
		return nil, err
	}
	p, rec, err := s.poolForManagement(ctx, in.UserPoolId)
	if err != nil {
		return nil, err
	}
	desc, err := s.describePool(ctx, p, rec)
	if err != nil {
		return nil, err
	}
	return map[string]any{"UserPool": desc}, nil
}

// poolForManagement returns a pool and, for one created through the API,
// its record (nil for a pool of the configuration).
func (s *Service) poolForManagement(ctx context.Context, poolID string) (*config.UserPool, *poolRecord, error) {
	if p := s.cfg.UserPool(poolID); p != nil {
		return p, nil, nil
	}
	rec, err := s.storedPools.Get(ctx, poolID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errPoolNotFound(poolID)
	}
	if err != nil {
		return nil, nil, err
	}
	return &rec.Pool, &rec, nil
}

// describePool returns Cognito's UserPoolType of a pool; rec is nil for a
// pool of the configuration.
func (s *Service) describePool(ctx context.Context, p *config.UserPool, rec *poolRecord) (map[string]any, error) {
	users, err := s.store.List(ctx, kindUser, store.ListOptions{Prefix: p.ID + "/"})
	if err != nil {
		return nil, err
	}
	tempDays := defaultTemporaryPasswordValidityDays
	protection := deletionProtectionInactive
	var custom []schemaAttribute
	if rec != nil {
		tempDays, protection, custom = rec.Settings.TemporaryPasswordValidityDays, rec.Settings.DeletionProtection, rec.Settings.Schema
	}
	pp := p.PasswordPolicy
	out := map[string]any{
		"Id":   p.ID,
		"Name": p.Name,
		"Arn":  s.poolARN(p.ID),
		"Policies": map[string]any{"PasswordPolicy": map[string]any{
			"MinimumLength": pp.MinimumLength, "RequireUppercase": pp.RequireUppercase,
			"RequireLowercase": pp.RequireLowercase, "RequireNumbers": pp.RequireNumbers,
			"RequireSymbols": pp.RequireSymbols, "TemporaryPasswordValidityDays": tempDays,
		}},
		"DeletionProtection":     protection,
		"SchemaAttributes":       append(standardSchema(), custom...),
		"MfaConfiguration":       p.MFA,
		"EstimatedNumberOfUsers": len(users),
	}
	if len(p.UsernameAttributes) > 0 {
		out["UsernameAttributes"] = p.UsernameAttributes
	}
	if len(p.AutoVerifiedAttributes) > 0 {
		out["AutoVerifiedAttributes"] = p.AutoVerifiedAttributes
	}
	for name, def := range poolEchoDefaults {
		out[name] = json.RawMessage(def)
	}
	if rec != nil {
		out["CreationDate"] = epochTime(rec.Created)
		out["LastModifiedDate"] = epochTime(rec.Modified)
		for name, v := range rec.Settings.Echo {
			out[name] = v
		}
	}
	return out, nil
}

// standardSchema returns the SchemaAttributes of Cognito's standard
// attributes.
func standardSchema() []schemaAttribute {
	names := []string{"sub"}
	for name := range standardAttributes {
		names = append(names, name)
	}
	slices.Sort(names[1:])
	out := make([]schemaAttribute, 0, len(names))
	for _, name := range names {
		a := schemaAttribute{Name: name, AttributeDataType: "String", Mutable: boolPtr(true),
			StringAttributeConstraints: json.RawMessage(`{"MinLength":"0","MaxLength":"2048"}`)}
		switch name {
		case "sub":
			a.Mutable, a.Required = boolPtr(false), true
			a.StringAttributeConstraints = json.RawMessage(`{"MinLength":"1","MaxLength":"2048"}`)
		case "email_verified", "phone_number_verified":
			a.AttributeDataType, a.StringAttributeConstraints = "Boolean", nil
		case "updated_at":
			a.AttributeDataType, a.StringAttributeConstraints = "Number", nil
			a.NumberAttributeConstraints = json.RawMessage(`{"MinValue":"0"}`)
		}
		out = append(out, a)
	}
	return out
}

func boolPtr(b bool) *bool { return &b }

type listUserPoolsInput struct {
	MaxResults *int   `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

func (in *listUserPoolsInput) check(v *validation) {
	v.notNull("maxResults", in.MaxResults != nil)
	v.intRange("maxResults", in.MaxResults, 1, 60)
	v.str("nextToken", in.NextToken, rulePageToken)
}

// userPoolDescription is Cognito's UserPoolDescriptionType.
type userPoolDescription struct {
	Id               string          `json:"Id"`
	Name             string          `json:"Name"`
	LambdaConfig     json.RawMessage `json:"LambdaConfig"`
	CreationDate     *epochTime      `json:"CreationDate,omitempty"`
	LastModifiedDate *epochTime      `json:"LastModifiedDate,omitempty"`
}

// listUserPools is the ListUserPools operation: the pools of the
// configuration, then those created through the API, by id.
func (s *Service) listUserPools(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*listUserPoolsInput).check)
	if err != nil {
		return nil, err
	}
	var all []userPoolDescription
	for _, p := range s.cfg.UserPools {
		all = append(all, userPoolDescription{Id: p.ID, Name: p.Name, LambdaConfig: json.RawMessage(`{}`)})
	}
	recs, _, err := s.storedPools.List(ctx, store.ListOptions{})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		created, modified := epochTime(rec.Created), epochTime(rec.Modified)
		lambda := json.RawMessage(`{}`)
		if v, ok := rec.Settings.Echo["LambdaConfig"]; ok {
			lambda = v
		}
		all = append(all, userPoolDescription{Id: rec.Pool.ID, Name: rec.Pool.Name, LambdaConfig: lambda,
			CreationDate: &created, LastModifiedDate: &modified})
	}
	slices.SortFunc(all, func(a, b userPoolDescription) int { return strings.Compare(a.Id, b.Id) })
	page, next, err := pageOf(all, func(d userPoolDescription) string { return d.Id }, "pools", in.NextToken, *in.MaxResults)
	if err != nil {
		return nil, err
	}
	return listPage("UserPools", page, "NextToken", next), nil
}

// deleteUserPool is the DeleteUserPool operation: the pool goes with its
// app clients, groups, users and their aliases. Pools of the configuration
// cannot be deleted.
func (s *Service) deleteUserPool(ctx context.Context, _ *creds.Principal, body []byte) (any, error) {
	in, err := decodeRequest(body, (*userPoolIDInput).check)
	if err != nil {
		return nil, err
	}
	if s.cfg.UserPool(in.UserPoolId) != nil {
		return nil, errConfigPoolReadOnly(in.UserPoolId)
	}
	rec, err := s.storedPools.Get(ctx, in.UserPoolId)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errPoolNotFound(in.UserPoolId)
	}
	if err != nil {
		return nil, err
	}
	if rec.Settings.DeletionProtection == deletionProtectionActive {
		return nil, errDeletionProtected(in.UserPoolId)
	}
	if err := s.storedPools.Delete(ctx, in.UserPoolId); err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	s.catalog.forget(in.UserPoolId, "")
	// What belonged to the pool: nothing finds it once the pool is gone,
	// so a failure here leaves only unreachable records.
	clients, ids, err := s.storedClients.List(ctx, store.ListOptions{})
	if err != nil {
		return nil, err
	}
	for i, c := range clients {
		if c.Pool == in.UserPoolId {
			if err := s.storedClients.Delete(ctx, ids[i]); err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
			s.catalog.forget("", ids[i])
		}
	}
	for _, kind := range []string{kindGroup, kindUser, kindAlias} {
		if err := s.deleteByPrefix(ctx, kind, in.UserPoolId+"/"); err != nil {
			return nil, err
		}
	}
	s.event(ctx, "user pool deleted", slog.String("user_pool", in.UserPoolId))
	return empty{}, nil
}

// deleteByPrefix deletes every record of kind whose id starts with prefix.
func (s *Service) deleteByPrefix(ctx context.Context, kind, prefix string) error {
	for {
		recs, err := s.store.List(ctx, kind, store.ListOptions{Prefix: prefix, Limit: 500})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		for _, r := range recs {
			if err := s.store.Delete(ctx, kind, r.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
	}
}

package config

import (
	"reflect"
	"time"
)

// Defaults, applied by Parse to the fields a configuration omits (an
// explicit null counts as omitted). They are AWS's own where AWS has one.
const (
	// DefaultTokenValidity is Cognito's access and ID token validity.
	DefaultTokenValidity = Duration(time.Hour)
	// DefaultRefreshTokenValidity is Cognito's refresh token validity,
	// 30 days.
	DefaultRefreshTokenValidity = Duration(30 * 24 * time.Hour)
	// DefaultMaxSession is IAM's default maximum session of a role.
	DefaultMaxSession = Duration(time.Hour)
	// DefaultIntegrationTimeout is API Gateway's integration timeout.
	DefaultIntegrationTimeout = Duration(29 * time.Second)
	// DefaultIdentitySource is where a Cognito authorizer finds the token.
	DefaultIdentitySource = "method.request.header.Authorization"
	// DefaultSMTPPort is the mail submission port.
	DefaultSMTPPort = 587
)

// DefaultExplicitAuthFlows returns the flows of a client that lists none, as
// Cognito documents for ExplicitAuthFlows.
func DefaultExplicitAuthFlows() []string {
	return []string{FlowRefreshTokenAuth, FlowUserSRPAuth, FlowCustomAuth}
}

// DefaultPasswordPolicy returns Cognito's default password policy.
func DefaultPasswordPolicy() PasswordPolicy {
	return PasswordPolicy{MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true}
}

// defaulter is implemented by the types with defaults. setDefaults is called
// on a zero value before its fields are read, so that the fields present
// override the defaults and the omitted ones keep them.
type defaulter interface {
	setDefaults()
}

func (p *UserPool) setDefaults()       { p.MFA = MFAOff }
func (p *PasswordPolicy) setDefaults() { *p = DefaultPasswordPolicy() }
func (r *Role) setDefaults()           { r.MaxSession = DefaultMaxSession }
func (a *Authorizer) setDefaults()     { a.IdentitySource = DefaultIdentitySource }
func (i *Integration) setDefaults()    { i.Timeout = DefaultIntegrationTimeout }
func (k *APIKey) setDefaults()         { k.Enabled = true }
func (s *SMTP) setDefaults()           { s.Port = DefaultSMTPPort }

func (c *UserPoolClient) setDefaults() {
	c.ExplicitAuthFlows = DefaultExplicitAuthFlows()
	c.AccessTokenValidity = DefaultTokenValidity
	c.IDTokenValidity = DefaultTokenValidity
	c.RefreshTokenValidity = DefaultRefreshTokenValidity
}

// applyDefaults sets the defaults of the zero struct v and of the structs it
// holds by value (not those behind pointers, slices or maps, which get
// theirs when they are read).
func applyDefaults(v reflect.Value) {
	if v.Kind() != reflect.Struct || !v.CanAddr() {
		return
	}
	if d, ok := v.Addr().Interface().(defaulter); ok {
		d.setDefaults()
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).IsExported() && t.Field(i).Type.Kind() == reflect.Struct {
			applyDefaults(v.Field(i))
		}
	}
}

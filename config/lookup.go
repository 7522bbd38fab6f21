package config

import (
	"crypto/subtle"
	"slices"
	"strings"
)

// Lookups by the ids that requests carry. Each returns nil when nothing
// matches; ids are unique in a valid configuration.

// UserPool returns the user pool with the given id.
func (c *Config) UserPool(id string) *UserPool {
	for i := range c.UserPools {
		if c.UserPools[i].ID == id {
			return &c.UserPools[i]
		}
	}
	return nil
}

// UserPoolByIssuer returns the user pool whose tokens carry the given "iss".
func (c *Config) UserPoolByIssuer(iss string) *UserPool {
	for i := range c.UserPools {
		if c.UserPools[i].IssuerURL() == iss {
			return &c.UserPools[i]
		}
	}
	return nil
}

// UserPoolClient returns the app client with the given id and its pool.
func (c *Config) UserPoolClient(clientID string) (*UserPool, *UserPoolClient) {
	for i := range c.UserPools {
		if cl := c.UserPools[i].Client(clientID); cl != nil {
			return &c.UserPools[i], cl
		}
	}
	return nil, nil
}

// IdentityPool returns the identity pool with the given id.
func (c *Config) IdentityPool(id string) *IdentityPool {
	for i := range c.IdentityPools {
		if c.IdentityPools[i].ID == id {
			return &c.IdentityPools[i]
		}
	}
	return nil
}

// Role returns the role with the given ARN.
func (c *Config) Role(arn string) *Role {
	for i := range c.Roles {
		if c.Roles[i].ARN == arn {
			return &c.Roles[i]
		}
	}
	return nil
}

// IAMUser returns the IAM user with the given name.
func (c *Config) IAMUser(name string) *IAMUser {
	for i := range c.IAMUsers {
		if c.IAMUsers[i].Name == name {
			return &c.IAMUsers[i]
		}
	}
	return nil
}

// IAMUserByAccessKey returns the IAM user whose access key id is given.
func (c *Config) IAMUserByAccessKey(accessKeyID string) *IAMUser {
	for i := range c.IAMUsers {
		if c.IAMUsers[i].AccessKeyID == accessKeyID {
			return &c.IAMUsers[i]
		}
	}
	return nil
}

// API returns the API with the given id.
func (c *Config) API(id string) *API {
	for i := range c.APIs {
		if c.APIs[i].ID == id {
			return &c.APIs[i]
		}
	}
	return nil
}

// Region returns the region part of the pool's id ("us-east-1").
func (p *UserPool) Region() string {
	region, _, _ := strings.Cut(p.ID, "_")
	return region
}

// IssuerURL returns the "iss" of the pool's tokens: Issuer when set, else
// AWS's https://cognito-idp.<region>.amazonaws.com/<id>.
func (p *UserPool) IssuerURL() string {
	if p.Issuer != "" {
		return p.Issuer
	}
	return "https://cognito-idp." + p.Region() + ".amazonaws.com/" + p.ID
}

// Client returns the pool's app client with the given id.
func (p *UserPool) Client(id string) *UserPoolClient {
	for i := range p.Clients {
		if p.Clients[i].ID == id {
			return &p.Clients[i]
		}
	}
	return nil
}

// Group returns the pool's group with the given name.
func (p *UserPool) Group(name string) *Group {
	for i := range p.Groups {
		if p.Groups[i].Name == name {
			return &p.Groups[i]
		}
	}
	return nil
}

// Name returns the role's name: the ARN's last path segment.
func (r *Role) Name() string {
	return r.ARN[strings.LastIndexByte(r.ARN, '/')+1:]
}

// Authorizer returns the API's authorizer with the given name.
func (a *API) Authorizer(name string) *Authorizer {
	for i := range a.Authorizers {
		if a.Authorizers[i].Name == name {
			return &a.Authorizers[i]
		}
	}
	return nil
}

// APIKey returns the API's key with the given id.
func (a *API) APIKey(id string) *APIKey {
	for i := range a.APIKeys {
		if a.APIKeys[i].ID == id {
			return &a.APIKeys[i]
		}
	}
	return nil
}

// APIKeyByValue returns the API's key with the given value, as sent in
// X-Api-Key. It compares every key in constant time.
func (a *API) APIKeyByValue(value string) *APIKey {
	var found *APIKey
	for i := range a.APIKeys {
		if subtle.ConstantTimeCompare([]byte(a.APIKeys[i].Value), []byte(value)) == 1 && found == nil {
			found = &a.APIKeys[i]
		}
	}
	return found
}

// HasStage reports whether the API is deployed to the stage.
func (a *API) HasStage(stage string) bool {
	return slices.Contains(a.Stages, stage)
}

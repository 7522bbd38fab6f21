package userpool

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/store"
)

// The pools and app clients the service serves come from two places: the
// configuration (fixed ids, read-only) and the store (created through
// CreateUserPool and CreateUserPoolClient). userPool and appClient are the
// one lookup of both, configuration first; every operation finds its pool
// or client through them.

// Store kinds of pools and clients created through the API.
const (
	kindPool   = "userpool-pool"
	kindClient = "userpool-client"
)

// catalogTTL is how long a pool or client read from the store is reused
// without reading it again. A change made on this node is seen at once; a
// change made on another node sharing the store, within catalogTTL.
const catalogTTL = 5 * time.Second

// catalogMaxEntries bounds each cache; when full it is emptied.
const catalogMaxEntries = 1024

// poolRecord is a user pool created through the API: kind kindPool, id the
// pool id. Pool holds the settings sign-in uses (its Clients, Users and
// Groups are always empty: those are records of their own); Settings the
// rest of what DescribeUserPool returns.
type poolRecord struct {
	Pool     config.UserPool `json:"pool"`
	Settings poolSettings    `json:"settings"`
	Created  time.Time       `json:"created"`
	Modified time.Time       `json:"modified"`
}

// clientRecord is an app client created through the API: kind kindClient,
// id the client id. Client.Secret is always empty in the store: the secret
// is in SecretEncrypted, encrypted at rest (clientSecretAD).
type clientRecord struct {
	Pool            string                `json:"pool"`
	Client          config.UserPoolClient `json:"client"`
	SecretEncrypted []byte                `json:"secret_encrypted,omitempty"`
	Settings        clientSettings        `json:"settings"`
	Created         time.Time             `json:"created"`
	Modified        time.Time             `json:"modified"`
}

// clientSecretAD binds an encrypted client secret to its client.
func clientSecretAD(clientID string) []byte {
	return []byte("userpool-client-secret\x00" + clientID)
}

// catalog caches the pools and clients read from the store.
type catalog struct {
	mu      sync.Mutex
	pools   map[string]cachedPool
	clients map[string]cachedClient
}

type cachedPool struct {
	pool    *config.UserPool
	expires time.Time
}

type cachedClient struct {
	pool    string
	client  *config.UserPoolClient
	expires time.Time
}

// forget drops a pool or client from the cache after this node changed it.
func (c *catalog) forget(poolID, clientID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if poolID != "" {
		delete(c.pools, poolID)
	}
	if clientID != "" {
		delete(c.clients, clientID)
	}
}

// userPool returns the pool with the given id: the configuration's, else
// one created through the API. It returns ErrPoolNotFound.
func (s *Service) userPool(ctx context.Context, id string) (*config.UserPool, error) {
	if p := s.cfg.UserPool(id); p != nil {
		return p, nil
	}
	if id == "" {
		return nil, ErrPoolNotFound
	}
	now := s.now()
	s.catalog.mu.Lock()
	cp, ok := s.catalog.pools[id]
	s.catalog.mu.Unlock()
	if ok && now.Before(cp.expires) {
		return cp.pool, nil
	}
	rec, err := s.storedPools.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrPoolNotFound
	}
	if err != nil {
		return nil, err
	}
	p := &rec.Pool
	s.catalog.mu.Lock()
	if s.catalog.pools == nil || len(s.catalog.pools) >= catalogMaxEntries {
		s.catalog.pools = map[string]cachedPool{}
	}
	s.catalog.pools[id] = cachedPool{pool: p, expires: now.Add(catalogTTL)}
	s.catalog.mu.Unlock()
	return p, nil
}

// appClient returns the app client with the given id and its pool: the
// configuration's, else one created through the API. It returns the
// ResourceNotFoundException Cognito gives for an unknown client.
func (s *Service) appClient(ctx context.Context, clientID string) (appClient, error) {
	if p, c := s.cfg.UserPoolClient(clientID); c != nil {
		return appClient{pool: p, client: c}, nil
	}
	c, poolID, err := s.storedClient(ctx, clientID)
	if err != nil {
		return appClient{}, err
	}
	p, err := s.userPool(ctx, poolID)
	if errors.Is(err, ErrPoolNotFound) {
		return appClient{}, errClientNotFound(clientID) // deleted with its pool
	}
	if err != nil {
		return appClient{}, err
	}
	return appClient{pool: p, client: c}, nil
}

// storedClient reads a client created through the API, with its secret
// decrypted, through the cache.
func (s *Service) storedClient(ctx context.Context, clientID string) (*config.UserPoolClient, string, error) {
	if clientID == "" {
		return nil, "", errClientNotFound(clientID)
	}
	now := s.now()
	s.catalog.mu.Lock()
	cc, ok := s.catalog.clients[clientID]
	s.catalog.mu.Unlock()
	if ok && now.Before(cc.expires) {
		return cc.client, cc.pool, nil
	}
	rec, err := s.storedClients.Get(ctx, clientID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", errClientNotFound(clientID)
	}
	if err != nil {
		return nil, "", err
	}
	c := rec.Client
	if len(rec.SecretEncrypted) > 0 {
		secret, err := s.ring.DecryptAtRest(rec.SecretEncrypted, clientSecretAD(clientID))
		if err != nil {
			return nil, "", err
		}
		c.Secret = string(secret)
	}
	s.catalog.mu.Lock()
	if s.catalog.clients == nil || len(s.catalog.clients) >= catalogMaxEntries {
		s.catalog.clients = map[string]cachedClient{}
	}
	s.catalog.clients[clientID] = cachedClient{pool: rec.Pool, client: &c, expires: now.Add(catalogTTL)}
	s.catalog.mu.Unlock()
	return &c, rec.Pool, nil
}

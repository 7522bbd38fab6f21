package gateway

import (
	"net"
	"net/http"
	"time"
)

// Tuning of the transport to Lambda endpoints and HTTP backends. Idle
// connections are kept generously: a gateway under load talks to few
// backends over many concurrent connections, and a connection closed for
// lack of idle room costs a new TCP (and TLS) handshake on the next request.
const (
	backendMaxIdleConns        = 4096
	backendMaxIdleConnsPerHost = 1024
	backendIdleConnTimeout     = 90 * time.Second
	backendDialTimeout         = 10 * time.Second
	backendKeepAlive           = 30 * time.Second
	backendTLSHandshakeTimeout = 10 * time.Second
)

// NewTransport returns the transport the gateway's lambda (uri:) and
// http_proxy integrations share. Each request is bounded by its
// integration's timeout, so the transport sets none of its own beyond dial
// and TLS handshake. Proxies from the environment are not used: backends
// are addressed directly.
func NewTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: backendDialTimeout, KeepAlive: backendKeepAlive}
	return &http.Transport{
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          backendMaxIdleConns,
		MaxIdleConnsPerHost:   backendMaxIdleConnsPerHost,
		IdleConnTimeout:       backendIdleConnTimeout,
		TLSHandshakeTimeout:   backendTLSHandshakeTimeout,
		ExpectContinueTimeout: time.Second,
	}
}

// Command bareproxy is the benchmarks' reference reverse proxy: a bare
// httputil.ReverseProxy to the backend, with the Transport Gatehouse's
// http_proxy integration uses (gateway.NewTransport), and nothing else.
package main

import (
	"flag"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"

	"github.com/gatehouse-dev/gatehouse/gateway"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "address to listen on")
	backend := flag.String("backend", "http://127.0.0.1:18081", "backend URL")
	flag.Parse()
	target, err := url.Parse(*backend)
	if err != nil {
		log.Fatal(err)
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.SetXForwarded()
		},
		Transport: gateway.NewTransport(),
	}
	log.Fatal(http.ListenAndServe(*addr, proxy))
}

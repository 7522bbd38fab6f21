// Command backend is the benchmarks' HTTP backend: every request is answered
// 200 with the same small JSON body, whatever its method and path.
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"
)

// body is the backend's response.
var body = []byte(`{"ok":true}`)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "address to listen on")
	flag.Parse()
	length := strconv.Itoa(len(body))
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hd := w.Header()
		hd["Content-Type"] = []string{"application/json"}
		hd["Content-Length"] = []string{length}
		_, _ = w.Write(body)
	})
	log.Fatal(http.ListenAndServe(*addr, h))
}

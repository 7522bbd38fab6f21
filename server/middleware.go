package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gatehouse-dev/gatehouse/awsproto"
	"github.com/gatehouse-dev/gatehouse/internal/clientip"
)

// requestInfo is what handlers tell the middleware about a request.
type requestInfo struct {
	route string
}

type requestInfoKey struct{}

// setRoute records the route label of r for the log and metrics.
func setRoute(r *http.Request, route string) {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		info.route = route
	}
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware gives every request an id (x-amzn-RequestId), recovers panics
// into a generic 500, and logs one line at Info with id, route, status and
// latency. Query strings are never logged: presigned URLs carry credentials.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		reqID := awsproto.NewRequestID()
		info := &requestInfo{route: routeNotFound}
		ctx := context.WithValue(awsproto.WithRequestID(r.Context(), reqID), requestInfoKey{}, info)
		r = r.WithContext(ctx)
		w.Header().Set(awsproto.HeaderRequestID, reqID)
		sw := &statusWriter{ResponseWriter: w}

		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(ctx, "panic serving request", "request_id", reqID,
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeJSONStatus(sw, http.StatusInternalServerError, map[string]string{"message": "Internal server error"})
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			latency := s.now().Sub(start)
			s.metrics.observe(info.route, r.Method, status, latency)
			s.log.LogAttrs(ctx, slog.LevelInfo, "request",
				slog.String("request_id", reqID),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("route", info.route),
				slog.Int("status", status),
				slog.Int64("bytes", sw.bytes),
				slog.Duration("latency", latency),
				slog.String("remote", clientip.FromRequest(r)),
			)
		}()
		next.ServeHTTP(sw, r)
	})
}

// Timeouts and limits of the HTTP server that serves a Server.
const (
	ReadHeaderTimeout = 10 * time.Second
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 64 << 10
)

// HTTPServer returns an *http.Server for h on addr with Gatehouse's timeouts
// and limits. Write and read timeouts stay unset: gateway integrations may
// stream, and each service bounds its own bodies and time.
func HTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

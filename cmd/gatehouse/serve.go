package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/creds"
	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/messaging"
	"github.com/gatehouse-dev/gatehouse/server"
	"github.com/gatehouse-dev/gatehouse/store"
)

// drainTimeout bounds how long a shutdown waits for in-flight requests.
const drainTimeout = 10 * time.Second

type serveFlags struct {
	config    string
	addr      string
	data      string
	logFormat string
	logLevel  string
	store     string
}

func newServeCommand(getenv func(string) (string, bool)) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Gatehouse server",
		Long: `Run the Gatehouse server: user pools, identity pools, STS and the API gateway
on one listener. Without --config it runs the built-in demo configuration.`,
		Example: `  gatehouse serve
  gatehouse serve --config gatehouse.yaml --addr 0.0.0.0:8080 --data /var/lib/gatehouse
  GATEHOUSE_MASTER_KEY=$(head -c32 /dev/urandom | base64) gatehouse serve --config gatehouse.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), f, getenv, cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.config, "config", "", "configuration file (default: the built-in demo)")
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&f.data, "data", "./gatehouse-data", "data directory (database and master key)")
	fl.StringVar(&f.store, "store", "", "storage: sqlite:PATH or a postgres:// URL; overrides the configuration's store: (env "+storeEnv+")")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fl.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}

func serve(ctx context.Context, f serveFlags, getenv func(string) (string, bool), stderr io.Writer) error {
	log, err := newLogger(f.logFormat, f.logLevel, stderr)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	cfg, source, err := loadConfig(f.config, getenv)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	for _, p := range cfg.UserPools {
		if p.MFA != config.MFAOff {
			log.Warn(config.MFANotEnforced, "user_pool", p.ID, "mfa", p.MFA)
		}
	}
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	st, storeDesc, err := openServerStore(ctx, cfg, f.data, storeSetting(f.store, getenv))
	if err != nil {
		return err
	}
	defer st.Close()
	mk, err := keys.LoadMasterKey(f.data, getenv)
	if err != nil {
		return fmt.Errorf("master key: %w", err)
	}
	ring, err := keys.Open(ctx, st, mk, time.Now, rand.Reader)
	if err != nil {
		return fmt.Errorf("key ring: %w", err)
	}
	reloadEvery, err := keyReloadInterval(getenv)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	defer startKeyReload(ctx, ring, reloadEvery, log)()
	sink, outbox := newSink(cfg, st, log)
	minter := creds.NewMinter(cfg, ring, time.Now)
	functions, closeFunctions, err := builtinFunctions(cfg, f.data)
	if err != nil {
		return err
	}
	defer closeFunctions()
	h, err := server.New(server.Options{Config: cfg, Store: st, Ring: ring, Logger: log, Now: time.Now, Rand: rand.Reader,
		Sink: sink, Outbox: outbox, Minter: minter, Functions: functions})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return err
	}
	srv := server.HTTPServer(f.addr, h, log)
	log.Info("gatehouse listening", "url", "http://"+ln.Addr().String(), "config", source,
		"store", storeDesc, "region", cfg.Region, "user_pools", len(cfg.UserPools),
		"identity_pools", len(cfg.IdentityPools), "apis", len(cfg.APIs))
	if f.logFormat == "text" {
		writeBanner(stderr, bannerInfo{cfg: cfg, base: bannerBase(ln.Addr()), demo: f.config == "", self: selfCommand()})
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests", "timeout", drainTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("drain did not finish in time", "err", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// newSink returns where the user pools' messages go: always the log (without
// codes), the outbox when the configuration keeps one (also returned, to be
// served at /_gatehouse/outbox; nil otherwise), and the SMTP relay when one
// is configured.
func newSink(cfg *config.Config, st store.Store, log *slog.Logger) (messaging.Sink, http.Handler) {
	sinks := messaging.Multi{messaging.Log{Logger: log}}
	var outbox http.Handler
	if cfg.OutboxEnabled() {
		o := messaging.Outbox{Store: st, Now: time.Now}
		sinks = append(sinks, o)
		outbox = o
	}
	if m := cfg.Messaging; m != nil && m.SMTP != nil {
		sinks = append(sinks, messaging.SMTP{Host: m.SMTP.Host, Port: m.SMTP.Port, Username: m.SMTP.Username,
			Password: m.SMTP.Password, From: m.SMTP.From})
	}
	return sinks, outbox
}

// loadConfig returns the configuration in use and a description of where it
// came from for the start-up log.
func loadConfig(path string, getenv func(string) (string, bool)) (*config.Config, string, error) {
	if path == "" {
		return config.Demo(), "built-in demo", nil
	}
	cfg, err := config.Load(path, getenv)
	if err != nil {
		return nil, "", fmt.Errorf("invalid configuration %s:\n%w", path, err)
	}
	return cfg, path, nil
}

func newLogger(format, level string, w io.Writer) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %q is not one of debug, info, warn, error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format: %q is not one of text, json", format)
}

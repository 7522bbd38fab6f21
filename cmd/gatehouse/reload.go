package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
)

const (
	// keyReloadEnv overrides how often serve reloads the key ring (a Go
	// duration such as "10s" or "250ms").
	keyReloadEnv = "GATEHOUSE_KEY_RELOAD_INTERVAL"
	// defaultKeyReloadInterval is how often serve reloads the key ring: a
	// rotation made elsewhere is used within this time, far below the
	// hours for which the replaced keys keep verifying.
	defaultKeyReloadInterval = 10 * time.Second
	// keyReloadTimeout bounds one reload's store read.
	keyReloadTimeout = 5 * time.Second
)

// keyReloadInterval returns the reload interval: keyReloadEnv when set,
// else the default.
func keyReloadInterval(getenv func(string) (string, bool)) (time.Duration, error) {
	v, ok := getenv(keyReloadEnv)
	if !ok || v == "" {
		return defaultKeyReloadInterval, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is not a positive duration such as 10s", keyReloadEnv, v)
	}
	return d, nil
}

// startKeyReload reloads ring from its store every interval until the
// returned stop is called, so that the node signs, seals, verifies and
// opens with the keys of rotations made by other nodes or by
// `gatehouse keys rotate`. A reload costs one read of the ring's record;
// keys are decrypted again only when it changed. A failed reload keeps the
// ring the node has and is logged once until a reload succeeds again. A new
// generation is logged once, whether this loop installed it or the ring
// reloaded by itself for a key id it did not have.
func startKeyReload(ctx context.Context, ring *keys.Ring, interval time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		failing := false
		logged := ring.Generation()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rctx, rcancel := context.WithTimeout(ctx, keyReloadTimeout)
			err := ring.Reload(rctx)
			rcancel()
			switch {
			case err != nil && ctx.Err() != nil:
				return
			case err != nil:
				if !failing {
					log.Warn("key ring reload failed; the node keeps its keys", "err", err)
				}
				failing = true
				continue
			case failing:
				log.Info("key ring reload works again")
				failing = false
			}
			if gen := ring.Generation(); gen != logged {
				kid, _ := ring.SigningKey()
				log.Info("key ring reloaded", "generation", gen, "signing_kid", kid)
				logged = gen
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

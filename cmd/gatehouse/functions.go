package main

import (
	"fmt"
	"path/filepath"

	"github.com/gatehouse-dev/gatehouse/config"
	"github.com/gatehouse-dev/gatehouse/examples/notes"
	"github.com/gatehouse-dev/gatehouse/gateway"
)

// notesFunction is the name of the demo's notes function in configurations.
const notesFunction = "notes"

// builtinFunctions returns the in-process Lambda functions this binary
// provides to the configuration's lambda integrations: the demo's notes
// function, with its data in notes.db of the data directory, when a route
// names it. close releases what they hold.
func builtinFunctions(cfg *config.Config, dataDir string) (fns gateway.Functions, close func() error, err error) {
	close = func() error { return nil }
	if !usesFunction(cfg, notesFunction) {
		return nil, close, nil
	}
	n, err := notes.Open(notes.Options{Path: filepath.Join(dataDir, "notes.db")})
	if err != nil {
		return nil, close, fmt.Errorf("notes function: %w", err)
	}
	return gateway.Functions{notesFunction: n.Handler}, n.Close, nil
}

// usesFunction reports whether a route of cfg integrates the in-process
// function name.
func usesFunction(cfg *config.Config, name string) bool {
	for _, api := range cfg.APIs {
		for _, r := range api.Routes {
			if r.Integration.Type == config.IntegrationLambda && r.Integration.Function == name {
				return true
			}
		}
	}
	return false
}

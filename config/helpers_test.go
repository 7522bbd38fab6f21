package config

import (
	"errors"
	"strings"
	"testing"
)

// mutate returns the demo with the first occurrence of old replaced by new;
// old must occur in the demo.
func mutate(t *testing.T, old, new string) []byte {
	t.Helper()
	return []byte(replaceOnce(t, string(DemoYAML()), old, new))
}

// replaceOnce replaces the first occurrence of old in s, which must exist.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// parseError parses data and returns its error, which must be an Errors.
func parseError(t *testing.T, data []byte, getenv func(string) (string, bool)) string {
	t.Helper()
	cfg, err := Parse(data, getenv)
	if err == nil {
		t.Fatalf("Parse succeeded")
	}
	if cfg != nil {
		t.Errorf("Parse returned a Config with its error")
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T is not Errors: %v", err, err)
	}
	return err.Error()
}

func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gatehouse.yaml")
	data := mutate(t, "secret_access_key: "+adminSecret, "secret_access_key: ${ADMIN_SECRET}")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, env(map[string]string{"ADMIN_SECRET": adminSecret}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(cfg, Demo()) {
		t.Fatal("Load of the demo differs from Demo")
	}

	// Problems in the file are Errors, unwrapped.
	_, err = Load(path, nil)
	var errs Errors
	if !errors.As(err, &errs) || err.Error() != "iam_users[0].secret_access_key: environment variable ADMIN_SECRET is not set" {
		t.Fatalf("Load without the variable: %v", err)
	}

	if _, err := Load(filepath.Join(dir, "missing.yaml"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load of a missing file: %v", err)
	}
}

func TestLoadTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(strings.Repeat("# padding\n", MaxSize/10+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, nil)
	if err == nil || err.Error() != "the configuration is larger than 4194304 bytes" {
		t.Fatalf("Load: %v", err)
	}
}

func TestErrorsFormat(t *testing.T) {
	errs := Errors{
		{Message: "line 3: duplicate key \"region\""},
		{Path: "apis[0].routes[3].auth", Message: "must be one of AWS_IAM, COGNITO_USER_POOLS, NONE"},
	}
	want := "line 3: duplicate key \"region\"\napis[0].routes[3].auth: must be one of AWS_IAM, COGNITO_USER_POOLS, NONE"
	if errs.Error() != want {
		t.Fatalf("Error() = %q", errs.Error())
	}
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"time"

	"sigs.k8s.io/yaml"
)

// The client commands keep their state under the user's configuration
// directory (os.UserConfigDir, e.g. ~/.config on Linux):
//
//	gatehouse/            mode 0700
//	  config.yaml         mode 0600: the profiles (they may hold a client secret)
//	  tokens/             mode 0700
//	    {profile}.json    mode 0600: the tokens of the profile's last login
const (
	defaultProfile = "default"
	configFileName = "config.yaml"
	tokensDirName  = "tokens"
	dirMode        = 0o700
	secretFileMode = 0o600
)

// profile is what `gatehouse login` records so that later commands need no
// flags.
type profile struct {
	Endpoint       string `json:"endpoint,omitempty"`
	Region         string `json:"region,omitempty"`
	UserPoolID     string `json:"user_pool_id,omitempty"`
	ClientID       string `json:"client_id,omitempty"`
	ClientSecret   string `json:"client_secret,omitempty"`
	IdentityPoolID string `json:"identity_pool_id,omitempty"`
	Username       string `json:"username,omitempty"`
}

// configFile is config.yaml.
type configFile struct {
	Profiles map[string]*profile `json:"profiles"`
}

// storedTokens is a profile's tokens file.
type storedTokens struct {
	IDToken      string    `json:"id_token"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresAt    time.Time `json:"expires_at"`
	// Username is the user's name in the pool (USER_ID_FOR_SRP), which
	// SECRET_HASH needs on refresh when the app client has a secret.
	Username string `json:"username,omitempty"`
}

var profileNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// checkProfileName refuses names that are not safe as file names.
func checkProfileName(name string) error {
	if !profileNameRE.MatchString(name) {
		return fmt.Errorf("profile %q: a profile name is 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit", name)
	}
	return nil
}

// cliStore is the client commands' state directory.
type cliStore struct {
	dir string // .../gatehouse
}

// userConfigDir is os.UserConfigDir reading the environment through getenv,
// so that tests can redirect it.
func userConfigDir(getenv func(string) (string, bool)) (string, error) {
	env := func(k string) string { v, _ := getenv(k); return v }
	switch runtime.GOOS {
	case "windows":
		if d := env("AppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%AppData% is not set")
	case "darwin", "ios":
		if h := env("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support"), nil
		}
		return "", errors.New("$HOME is not set")
	case "plan9":
		if h := env("home"); h != "" {
			return filepath.Join(h, "lib"), nil
		}
		return "", errors.New("$home is not set")
	}
	if d := env("XDG_CONFIG_HOME"); d != "" {
		if !filepath.IsAbs(d) {
			return "", errors.New("$XDG_CONFIG_HOME is not an absolute path")
		}
		return d, nil
	}
	if h := env("HOME"); h != "" {
		return filepath.Join(h, ".config"), nil
	}
	return "", errors.New("neither $XDG_CONFIG_HOME nor $HOME is set")
}

func openCLIStore(getenv func(string) (string, bool)) (*cliStore, error) {
	d, err := userConfigDir(getenv)
	if err != nil {
		return nil, fmt.Errorf("user configuration directory: %w", err)
	}
	return &cliStore{dir: filepath.Join(d, "gatehouse")}, nil
}

func (s *cliStore) configPath() string { return filepath.Join(s.dir, configFileName) }

func (s *cliStore) tokensPath(name string) string {
	return filepath.Join(s.dir, tokensDirName, name+".json")
}

// readConfig reads config.yaml; a missing file is an empty configuration.
func (s *cliStore) readConfig() (*configFile, error) {
	b, err := os.ReadFile(s.configPath())
	if errors.Is(err, fs.ErrNotExist) {
		return &configFile{Profiles: map[string]*profile{}}, nil
	}
	if err != nil {
		return nil, err
	}
	var c configFile
	if err := yaml.UnmarshalStrict(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", s.configPath(), err)
	}
	if c.Profiles == nil {
		c.Profiles = map[string]*profile{}
	}
	return &c, nil
}

// profile returns the named profile, or an empty one when it does not
// exist.
func (s *cliStore) profile(name string) (*profile, error) {
	c, err := s.readConfig()
	if err != nil {
		return nil, err
	}
	if p := c.Profiles[name]; p != nil {
		return p, nil
	}
	return &profile{}, nil
}

// saveProfile writes p as the named profile, keeping the others.
func (s *cliStore) saveProfile(name string, p *profile) error {
	c, err := s.readConfig()
	if err != nil {
		return err
	}
	c.Profiles[name] = p
	b, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	return writeSecretFile(s.configPath(), b)
}

// readTokens reads the profile's tokens; it refuses a file that group or
// others can read.
func (s *cliStore) readTokens(name string) (*storedTokens, error) {
	path := s.tokensPath(name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("profile %q is not logged in: run gatehouse login --profile %s", name, name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if runtime.GOOS != "windows" {
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("%s: mode %v lets others read the tokens: chmod 600 it, or log in again", path, fi.Mode().Perm())
		}
	}
	var t storedTokens
	if err := json.NewDecoder(f).Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if t.RefreshToken == "" && t.IDToken == "" {
		return nil, fmt.Errorf("%s holds no tokens: run gatehouse login --profile %s", path, name)
	}
	return &t, nil
}

func (s *cliStore) saveTokens(name string, t *storedTokens) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return writeSecretFile(s.tokensPath(name), append(b, '\n'))
}

// removeTokens deletes the profile's tokens; it reports whether there were
// any.
func (s *cliStore) removeTokens(name string) (bool, error) {
	err := os.Remove(s.tokensPath(name))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// writeSecretFile replaces path with b atomically (a temporary file renamed
// over it), with mode 0600, creating its directories with mode 0700.
func writeSecretFile(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return err
	}
	// MkdirAll leaves existing directories alone: make ours private.
	for d := dir; ; d = filepath.Dir(d) {
		if err := os.Chmod(d, dirMode); err != nil {
			return err
		}
		if filepath.Base(d) == "gatehouse" || d == filepath.Dir(d) {
			break
		}
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing to remove
	if err := f.Chmod(secretFileMode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

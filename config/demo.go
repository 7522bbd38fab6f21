package config

import _ "embed"

//go:embed demo.yaml
var demoYAML []byte

// DemoYAML returns the built-in demo configuration, the schema by example.
func DemoYAML() []byte {
	return append([]byte(nil), demoYAML...)
}

// Demo returns the built-in demo configuration, parsed. Every call returns a
// new Config. It panics only if the embedded file is invalid, which the
// package's tests rule out.
func Demo() *Config {
	cfg, err := Parse(demoYAML, nil)
	if err != nil {
		panic("config: the embedded demo.yaml is invalid:\n" + err.Error())
	}
	return cfg
}

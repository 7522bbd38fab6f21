package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/gatehouse-dev/gatehouse/internal/fieldpath"
	"github.com/gatehouse-dev/gatehouse/internal/jsonlimit"
)

// Bounds on what Parse reads.
const (
	// MaxSize is the largest configuration Parse and Load accept, in bytes.
	MaxSize = 4 << 20
	// maxDepth bounds the nesting of the document. The schema nests eight
	// levels deep; deeper documents are refused before they are walked.
	maxDepth = 64
	// maxExpandedSize bounds the document once YAML aliases are expanded.
	maxExpandedSize = 16 << 20
)

// Load reads the configuration file at path (at most MaxSize bytes) and
// parses it with Parse. Problems with the file's content are returned as
// Errors, unwrapped, so that the caller can name the file.
func Load(path string, getenv func(string) (string, bool)) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(data, getenv)
}

// Parse reads a YAML configuration strictly, expands ${ENV} references in
// its string values with getenv (nil means no variable is set), applies the
// defaults and validates the result. Its error is an Errors listing every
// problem found.
func Parse(data []byte, getenv func(string) (string, bool)) (*Config, error) {
	generic, errs := readYAML(data)
	if errs != nil {
		return nil, errs
	}
	cfg := new(Config)
	rv := reflect.ValueOf(cfg).Elem()
	applyDefaults(rv)
	var l errorList
	switch generic.(type) {
	case nil, map[string]any:
		d := decoder{getenv: getenv, errs: &l}
		d.decode(generic, rv, "")
	default:
		return nil, Errors{{Message: "the configuration must be a YAML mapping, not " + kindOf(generic)}}
	}
	l.errs = append(l.errs, fieldpath.WithoutUnder(cfg.validate(), l.failed)...)
	if err := l.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// readYAML converts one YAML document to its generic JSON form, rejecting
// duplicate keys, several documents and documents too large or too deep.
func readYAML(data []byte) (any, Errors) {
	if len(data) > MaxSize {
		return nil, Errors{{Message: fmt.Sprintf("the configuration is larger than %d bytes", MaxSize)}}
	}
	if line := secondDocument(data); line > 0 {
		return nil, Errors{{Message: fmt.Sprintf("line %d: only one YAML document is allowed", line)}}
	}
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, yamlErrors(err)
	}
	if len(js) > maxExpandedSize {
		return nil, Errors{{Message: fmt.Sprintf("the configuration is larger than %d bytes once its aliases are expanded", maxExpandedSize)}}
	}
	if jsonlimit.Exceeds(js, maxDepth) {
		return nil, Errors{{Message: fmt.Sprintf("the configuration nests deeper than %d levels", maxDepth)}}
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, Errors{{Message: "the configuration cannot be read: " + err.Error()}}
	}
	return generic, nil
}

var duplicateKey = regexp.MustCompile(`^line (\d+): key (.*) already set in map$`)

// yamlErrors turns the errors of the YAML reader into Errors, one per line,
// with their line numbers.
func yamlErrors(err error) Errors {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	switch {
	case strings.HasPrefix(msg, "unmarshal errors:\n"):
		var errs Errors
		for _, line := range strings.Split(msg, "\n")[1:] {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if m := duplicateKey.FindStringSubmatch(line); m != nil {
				line = "line " + m[1] + ": duplicate key " + m[2]
			}
			errs = append(errs, FieldError{Message: line})
		}
		return errs
	case strings.HasPrefix(msg, "json: unsupported value: "):
		return Errors{{Message: "unsupported value " + strings.TrimPrefix(msg, "json: unsupported value: ") + " (.nan and .inf are not allowed)"}}
	case strings.HasPrefix(msg, "unsupported map key"):
		return Errors{{Message: "mapping keys must be strings, numbers or booleans"}}
	}
	return Errors{{Message: msg}}
}

// secondDocument returns the line of the marker ("---" or "...") that ends
// the first YAML document when content follows it, or 0. (The YAML reader
// would silently read only the first document.)
func secondDocument(data []byte) int {
	content, marker := false, 0
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case isDocumentMarker(line, "---"):
			rest := strings.TrimSpace(line[3:])
			inline := rest != "" && !strings.HasPrefix(rest, "#")
			if content {
				if marker == 0 {
					marker = i + 1
				}
				if inline {
					return marker
				}
			}
			content = content || inline
		case isDocumentMarker(line, "..."):
			if content && marker == 0 {
				marker = i + 1
			}
		case trimmed == "", strings.HasPrefix(trimmed, "#"):
		case strings.HasPrefix(line, "%") && !content:
			// A directive.
		default:
			if marker > 0 {
				return marker
			}
			content = true
		}
	}
	return 0
}

func isDocumentMarker(line, marker string) bool {
	rest, ok := strings.CutPrefix(line, marker)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

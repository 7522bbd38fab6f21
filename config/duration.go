package config

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Duration is a time.Duration written as a Go duration string in YAML and
// JSON: "1h", "720h", "90s", "1h30m".
type Duration time.Duration

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String renders d compactly: "1h", "720h", "1h30m", "90s" as "1m30s";
// durations that are not whole seconds as time.Duration does.
func (d Duration) String() string {
	td := time.Duration(d)
	if td == 0 {
		return "0s"
	}
	if td%time.Second != 0 || td < 0 {
		return td.String()
	}
	h, m, s := td/time.Hour, td%time.Hour/time.Minute, td%time.Minute/time.Second
	out := ""
	if h > 0 {
		out += strconv.FormatInt(int64(h), 10) + "h"
	}
	if m > 0 {
		out += strconv.FormatInt(int64(m), 10) + "m"
	}
	if s > 0 {
		out += strconv.FormatInt(int64(s), 10) + "s"
	}
	return out
}

// MarshalJSON renders d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("duration must be a string like \"1h\": %w", err)
	}
	v, err := parseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func parseDuration(s string) (Duration, error) {
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	return Duration(v), nil
}

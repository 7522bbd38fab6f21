package srp

import (
	"errors"
	"strconv"
	"time"
)

// timestampLayout is the Go layout of the TIMESTAMP challenge response.
// Go's "2" reads the day with or without a leading zero, so ParseTimestamp
// checks the text against FormatTimestamp afterwards.
const timestampLayout = "Mon Jan 2 15:04:05 UTC 2006"

// FormatTimestamp returns t in UTC as the TIMESTAMP challenge response:
// "Tue Mar 5 09:04:05 UTC 2024": English weekday and month abbreviations,
// the day of the month without leading zero, hours, minutes and seconds
// with two digits each, and the year. It matches getNowString of
// amazon-cognito-identity-js's DateHelper.js, including its year, which
// is printed without padding.
func FormatTimestamp(t time.Time) string {
	t = t.UTC()
	return t.Weekday().String()[:3] + " " + t.Month().String()[:3] + " " +
		strconv.Itoa(t.Day()) + " " + t.Format("15:04:05") + " UTC " + strconv.Itoa(t.Year())
}

// ErrMalformedTimestamp reports a TIMESTAMP not in FormatTimestamp's form.
var ErrMalformedTimestamp = errors.New("srp: malformed TIMESTAMP")

// ParseTimestamp reads a TIMESTAMP challenge response. It accepts only the
// exact text FormatTimestamp would produce: no leading zero in the day, a
// weekday that matches the date, years 1000 to 9999. (Cognito refuses a
// zero-padded day and a wrong weekday.)
func ParseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(timestampLayout, s)
	if err != nil || FormatTimestamp(t) != s {
		return time.Time{}, ErrMalformedTimestamp
	}
	return t, nil
}

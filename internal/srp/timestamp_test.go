package srp

import (
	"errors"
	"testing"
	"time"
)

func TestFormatTimestamp(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC), "Mon Jan 2 15:04:05 UTC 2006"},
		{time.Date(2024, 3, 5, 9, 4, 5, 999_999_999, time.UTC), "Tue Mar 5 09:04:05 UTC 2024"},
		{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "Mon Jan 1 00:00:00 UTC 2024"},
		{time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC), "Sun Dec 31 23:59:59 UTC 2023"},
		{time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), "Thu Feb 29 12:00:00 UTC 2024"},
		{time.Date(2025, 4, 10, 1, 2, 3, 0, time.UTC), "Thu Apr 10 01:02:03 UTC 2025"},
		{time.Date(2025, 5, 9, 0, 0, 0, 0, time.UTC), "Fri May 9 00:00:00 UTC 2025"},
		{time.Date(2025, 6, 14, 0, 0, 0, 0, time.UTC), "Sat Jun 14 00:00:00 UTC 2025"},
		{time.Date(2025, 7, 20, 0, 0, 0, 0, time.UTC), "Sun Jul 20 00:00:00 UTC 2025"},
		{time.Date(2025, 8, 25, 0, 0, 0, 0, time.UTC), "Mon Aug 25 00:00:00 UTC 2025"},
		{time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC), "Tue Sep 30 00:00:00 UTC 2025"},
		{time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), "Wed Oct 1 00:00:00 UTC 2025"},
		{time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC), "Thu Nov 6 00:00:00 UTC 2025"},
		// Another zone: printed in UTC, where it is already the next day.
		{time.Date(2024, 3, 5, 20, 30, 0, 0, time.FixedZone("PST", -8*3600)), "Wed Mar 6 04:30:00 UTC 2024"},
		{time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC), "Tue Jan 1 00:00:00 UTC 999"}, // as JS prints the year
	} {
		if got := FormatTimestamp(c.t); got != c.want {
			t.Errorf("FormatTimestamp(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

// TestFormatTimestampDays covers every day of a month and every weekday:
// the day has no leading zero, the time always has two digits.
func TestFormatTimestampDays(t *testing.T) {
	weekdays := []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"} // 2024-01-01 was a Monday
	for d := 1; d <= 31; d++ {
		tm := time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC)
		want := weekdays[(d-1)%7] + " Jan " + itoa(d) + " 00:00:00 UTC 2024"
		if got := FormatTimestamp(tm); got != want {
			t.Errorf("day %d: %q, want %q", d, got, want)
		}
	}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for m, name := range months {
		got := FormatTimestamp(time.Date(2024, time.Month(m+1), 15, 7, 8, 9, 0, time.UTC))
		if got[4:7] != name || got[8:] != "15 07:08:09 UTC 2024" {
			t.Errorf("month %d: %q", m+1, got)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func TestParseTimestamp(t *testing.T) {
	got, err := ParseTimestamp("Tue Mar 5 09:04:05 UTC 2024")
	if want := time.Date(2024, 3, 5, 9, 4, 5, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Errorf("ParseTimestamp = %v, %v; want %v", got, err, want)
	}
	for _, in := range []string{
		"",
		"Tue Mar 05 09:04:05 UTC 2024", // zero-padded day
		"Tue Mar  5 09:04:05 UTC 2024", // space-padded day
		"Wed Mar 5 09:04:05 UTC 2024",  // wrong weekday
		"Tue Mar 5 9:04:05 UTC 2024",   // one-digit hour
		"Tue Mar 5 09:04:05 GMT 2024",  // other zone
		"Tue Mar 5 09:04:05 UTC 24",    // short year
		"Tuesday Mar 5 09:04:05 UTC 2024",
		"Tue March 5 09:04:05 UTC 2024",
		"tue mar 5 09:04:05 utc 2024",
		"Tue Mar 5 09:04:05 UTC 2024 ",
		" Tue Mar 5 09:04:05 UTC 2024",
		"Tue Mar 5 09:04:05.000 UTC 2024",
		"Tue Feb 30 09:04:05 UTC 2024",
		"Tue Mar 5 24:04:05 UTC 2024",
		"2024-03-05T09:04:05Z",
	} {
		if _, err := ParseTimestamp(in); !errors.Is(err, ErrMalformedTimestamp) {
			t.Errorf("ParseTimestamp(%q): %v, want ErrMalformedTimestamp", in, err)
		}
	}
}

package rules

import (
	"fmt"
	"strings"
	"time"
)

// Wording shared by the messages of several rules: names, times and
// durations.

// gapDuration formats a gap between HAR times: "38 ms", "1.25 s".
func gapDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Round(time.Millisecond)/time.Millisecond)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// quotedNames renders names for a message: `"a", "b" and 3 more`.
func quotedNames(names []string, limit int) string {
	var qs []string
	for i, n := range names {
		if i == limit {
			return strings.Join(qs, ", ") + fmt.Sprintf(" and %d more", len(names)-limit)
		}
		qs = append(qs, fmt.Sprintf("%q", n))
	}
	return strings.Join(qs, ", ")
}

// utc formats a time for messages: RFC 3339 in UTC.
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// humanDuration formats a duration for messages, to the second: "45s",
// "1h2m3s", and "3d4h" from two days on.
func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	const day = 24 * time.Hour
	if d >= 2*day {
		return fmt.Sprintf("%dd%dh", d/day, (d%day)/time.Hour)
	}
	return d.String()
}

// inParens returns " (s)", or "" for an empty s.
func inParens(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

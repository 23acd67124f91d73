package har

import (
	"strings"
	"time"
)

// timeLayouts are the forms of startedDateTime accepted, tried in order.
// HAR 1.2 asks for ISO 8601 with a time zone; real files also have 7-digit
// fractions and +05:30 offsets (Fiddler 5: corpus file fiddler-5.0-navmenu.har),
// and, conservatively, offsets without a colon, no time zone at all (read as
// UTC) and a space instead of the "T" are accepted too.
var timeLayouts = []string{
	time.RFC3339Nano, // any number of fraction digits, "Z" or "+05:30"
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseTime parses a startedDateTime. Times without a zone are UTC; the
// result never depends on the local time zone. It returns the zero time and
// false for anything it cannot read.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < len("2006-01-02") {
		return time.Time{}, false
	}
	if len(s) > 10 && (s[10] == ' ' || s[10] == 't') {
		s = s[:10] + "T" + s[11:]
	}
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

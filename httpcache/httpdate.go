package httpcache

import (
	"strings"
	"time"

	"github.com/authlint/authlint/internal/ascii"
)

// HTTP-date layouts (RFC 9110 §5.6.7): the preferred IMF-fixdate and the two
// obsolete forms recipients must still accept.
const (
	layoutIMF     = "Mon, 02 Jan 2006 15:04:05 GMT"
	layoutRFC850  = "Monday, 02-Jan-06 15:04:05 GMT"
	layoutAsctime = "Mon Jan _2 15:04:05 2006"
)

// ParseHTTPDate parses an HTTP-date in any of the three RFC 9110 §5.6.7
// formats. Day, month and zone names match case-insensitively (RFC 9111 §4.2
// says a cache SHOULD), and only the zone GMT is accepted (RFC 9111 §4.2: a
// cache SHOULD consider other zone abbreviations invalid).
//
// An rfc850-date has a two-digit year; with a non-zero ref, a year that would
// be more than 50 years after ref is read as the most recent past year with
// the same last two digits (RFC 9110 §5.6.7). With a zero ref, Go's pivot
// (69-99 → 19xx) applies.
func ParseHTTPDate(s string, ref time.Time) (time.Time, bool) {
	s = trimOWS(s)
	if len(s) < len("Sun Nov 6 08:49:37 1994") || len(s) > 64 {
		return time.Time{}, false
	}
	if ascii.HasSuffixFold(s, " gmt") {
		if !strings.HasSuffix(s, " GMT") {
			s = s[:len(s)-3] + "GMT"
		}
		if t, err := time.Parse(layoutIMF, s); err == nil {
			return t, true
		}
		if t, err := time.Parse(layoutRFC850, s); err == nil {
			return fixTwoDigitYear(t, ref), true
		}
		return time.Time{}, false
	}
	if t, err := time.Parse(layoutAsctime, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

func fixTwoDigitYear(t, ref time.Time) time.Time {
	if ref.IsZero() {
		return t
	}
	yy := t.Year() % 100
	year := ref.Year() - ref.Year()%100 + yy
	if year > ref.Year()+50 {
		year -= 100
	}
	return t.AddDate(year-t.Year(), 0, 0)
}

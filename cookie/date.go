package cookie

import "time"

// ParseDate parses a cookie date (the value of an Expires attribute) with the
// algorithm of RFC 6265 §5.1.1, which every browser implements in some form.
// It accepts the formats real servers send, among them
//
//	Wed, 21 Oct 2015 07:28:00 GMT      (RFC 1123)
//	Wed, 21-Oct-2015 07:28:00 GMT      (Netscape)
//	Sun, 07-Aug-22 16:57:53 GMT        (two-digit year)
//	Sun Apr 01 2018 00:00:00 GMT       (JavaScript Date.toString)
//
// The result is in UTC. It reports false when a time, day, month or year is
// missing, when a field is out of range, when the year is before 1601, or
// when the date does not exist (30 February).
func ParseDate(s string) (time.Time, bool) {
	var (
		foundTime, foundDay, foundMonth, foundYear bool
		hour, minute, second, day, year            int
		month                                      time.Month
	)
	for i := 0; i < len(s); {
		// Skip delimiters, then take one run of non-delimiters.
		for i < len(s) && isDateDelimiter(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isDateDelimiter(s[j]) {
			j++
		}
		tok := s[i:j]
		i = j
		if tok == "" {
			continue
		}
		if !foundTime {
			if h, m, sec, ok := parseTimeToken(tok); ok {
				foundTime, hour, minute, second = true, h, m, sec
				continue
			}
		}
		if !foundDay {
			if d, ok := parseDigitsToken(tok, 1, 2); ok {
				foundDay, day = true, d
				continue
			}
		}
		if !foundMonth {
			if m, ok := parseMonthToken(tok); ok {
				foundMonth, month = true, m
				continue
			}
		}
		if !foundYear {
			if y, ok := parseDigitsToken(tok, 2, 4); ok {
				foundYear, year = true, y
				continue
			}
		}
	}
	if !foundTime || !foundDay || !foundMonth || !foundYear {
		return time.Time{}, false
	}
	switch {
	case year >= 70 && year <= 99:
		year += 1900
	case year >= 0 && year <= 69:
		year += 2000
	}
	if day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, month, day, hour, minute, second, 0, time.UTC)
	if t.Day() != day { // time.Date normalised a date that does not exist
		return time.Time{}, false
	}
	return t, true
}

// isDateDelimiter reports whether b is a delimiter of RFC 6265 §5.1.1:
// %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
func isDateDelimiter(b byte) bool {
	return b == 0x09 ||
		(b >= 0x20 && b <= 0x2F) ||
		(b >= 0x3B && b <= 0x40) ||
		(b >= 0x5B && b <= 0x60) ||
		(b >= 0x7B && b <= 0x7E)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// leadingDigits returns the value of the run of digits at the start of s and
// its length, reading at most limit digits.
func leadingDigits(s string, limit int) (v, n int) {
	for n < len(s) && n < limit && isDigit(s[n]) {
		v = v*10 + int(s[n]-'0')
		n++
	}
	return v, n
}

// parseDigitsToken matches lo*hiDIGIT ( non-digit *OCTET ).
func parseDigitsToken(tok string, lo, hi int) (int, bool) {
	v, n := leadingDigits(tok, hi)
	if n < lo || (n < len(tok) && isDigit(tok[n])) {
		return 0, false
	}
	return v, true
}

// parseTimeToken matches hms-time ( non-digit *OCTET ) where
// hms-time = time-field ":" time-field ":" time-field and
// time-field = 1*2DIGIT.
func parseTimeToken(tok string) (h, m, s int, ok bool) {
	var fields [3]int
	rest := tok
	for k := range fields {
		v, n := leadingDigits(rest, 2)
		if n == 0 {
			return 0, 0, 0, false
		}
		fields[k] = v
		rest = rest[n:]
		if k < 2 {
			if rest == "" || rest[0] != ':' {
				return 0, 0, 0, false
			}
			rest = rest[1:]
		}
	}
	if rest != "" && isDigit(rest[0]) {
		return 0, 0, 0, false
	}
	return fields[0], fields[1], fields[2], true
}

var monthNames = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// parseMonthToken matches a token whose first three characters are a month
// name, case-insensitively.
func parseMonthToken(tok string) (time.Month, bool) {
	if len(tok) < 3 {
		return 0, false
	}
	var p [3]byte
	for i := range p {
		c := tok[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		p[i] = c
	}
	for i, name := range monthNames {
		if string(p[:]) == name {
			return time.Month(i + 1), true
		}
	}
	return 0, false
}

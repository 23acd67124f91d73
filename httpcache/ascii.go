package httpcache

import (
	"strconv"
	"strings"
)

// isTchar reports whether c is an RFC 9110 §5.6.2 tchar.
func isTchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// isToken reports whether s is a non-empty RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

// isOWS reports whether c is whitespace a tolerant header parser skips: SP
// and HTAB (RFC 9110 OWS), plus CR and LF left over from obs-fold.
func isOWS(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// trimOWS trims isOWS bytes from both ends without allocating.
func trimOWS(s string) string {
	i, j := 0, len(s)
	for i < j && isOWS(s[i]) {
		i++
	}
	for j > i && isOWS(s[j-1]) {
		j--
	}
	return s[i:j]
}

// parseDigits parses 1*DIGIT, saturating at max. ok is false for an empty
// string or any non-digit.
func parseDigits(s string, max int64) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < max {
			n = n*10 + int64(c-'0')
			if n > max {
				n = max
			}
		}
	}
	return n, true
}

// splitList calls fn for each trimmed, non-empty member of a comma-separated
// header list, ignoring quoting (used for Vary and hop lists whose members
// never contain commas). fn returns false to stop.
func splitList(s string, fn func(member string) bool) bool {
	for s != "" {
		var m string
		if i := strings.IndexByte(s, ','); i >= 0 {
			m, s = s[:i], s[i+1:]
		} else {
			m, s = s, ""
		}
		if m = trimOWS(m); m != "" && !fn(m) {
			return false
		}
	}
	return true
}

// fieldQuote renders a header field for evidence: name: "value", as
// fmt's "%s: %q" does, without fmt (it runs for every response).
func fieldQuote(name, value string) string {
	return name + ": " + strconv.Quote(value)
}

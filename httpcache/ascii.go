package httpcache

import "strings"

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

// lowerASCII lower-cases ASCII letters; it returns s itself (no allocation)
// when s has no upper-case letter.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// equalFold reports whether a and b are equal ignoring ASCII case (header
// names and directives are ASCII; strings.EqualFold would also fold
// Unicode letters such as U+212A KELVIN SIGN to ASCII ones).
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if c, d := a[i], b[i]; c != d && (c|0x20 != d|0x20 || c|0x20 < 'a' || c|0x20 > 'z') {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether s starts with prefix, ASCII case-insensitively.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

// hasSuffixFold reports whether s ends with suffix, ASCII case-insensitively.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalFold(s[len(s)-len(suffix):], suffix)
}

// containsFold reports whether substr occurs in s, ASCII case-insensitively.
func containsFold(s, substr string) bool {
	n := len(substr)
	if n == 0 {
		return true
	}
	first := substr[0] | 0x20
	for i := 0; i+n <= len(s); i++ {
		if s[i]|0x20 == first && equalFold(s[i:i+n], substr) {
			return true
		}
	}
	return false
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

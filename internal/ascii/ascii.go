// Package ascii compares and lower-cases strings the way HTTP compares
// field names, tokens, cookie attributes and path literals: ignoring the
// case of ASCII letters only. strings.EqualFold and strings.ToLower also
// fold Unicode, so that "K" (U+212A KELVIN SIGN) would equal "k" and "ſ"
// (U+017F) "s": a header named "Coo\u212aie" is no Cookie header to a
// browser, and must not be one to authlint.
package ascii

// LowerByte lower-cases an ASCII letter and returns any other byte as it is.
func LowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// EqualFold reports whether a and b are equal ignoring ASCII case.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if c, d := a[i], b[i]; c != d && LowerByte(c) != LowerByte(d) {
			return false
		}
	}
	return true
}

// HasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func HasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && EqualFold(s[:len(prefix)], prefix)
}

// HasSuffixFold reports whether s ends with suffix, ignoring ASCII case.
func HasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && EqualFold(s[len(s)-len(suffix):], suffix)
}

// ContainsFold reports whether substr occurs in s, ignoring ASCII case.
func ContainsFold(s, substr string) bool {
	n := len(substr)
	if n == 0 {
		return true
	}
	first := LowerByte(substr[0])
	for i := 0; i+n <= len(s); i++ {
		if LowerByte(s[i]) == first && EqualFold(s[i:i+n], substr) {
			return true
		}
	}
	return false
}

// HasUpper reports whether s has an upper-case ASCII letter.
func HasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// Lower lower-cases the ASCII letters of s; it returns s itself (no
// allocation) when it has none in upper case.
func Lower(s string) string {
	if !HasUpper(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = LowerByte(c)
	}
	return string(b)
}

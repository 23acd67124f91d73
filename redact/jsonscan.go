package redact

import (
	"strings"
	"unicode/utf8"
)

// Hand-written equivalents of two regular expressions that LearnJSON runs
// over every JSON body (up to the body limit, 16 KiB by default):
//
//	jsonHint `(?i)token|secret|passw|pwd|sess|sid|csrf|xsrf|key|code|jwt|auth|sig|ticket|assertion|bearer`
//	jsonPair `"([A-Za-z0-9_.$-]{1,64})"\s*:\s*"([^"\\]{8,})"`
//
// Go's regexp runs a case-folded alternation through its NFA, a rune at a
// time: on a HAR of text bodies that was 86% of analyze's CPU. The scanners
// here give the same answers (jsonscan_test.go checks them against the
// expressions) at memory speed.

// hintWords are jsonHint's alternatives, lower-case.
var hintWords = [...]string{"token", "secret", "passw", "pwd", "sess", "sid", "csrf", "xsrf", "key", "code", "jwt", "auth", "sig", "ticket", "assertion", "bearer"}

// hintByFirst lists, by first byte in either case, the hintWords that
// start with it.
var hintByFirst = func() (t [256][]string) {
	for _, w := range hintWords {
		t[w[0]] = append(t[w[0]], w)
		t[w[0]-'a'+'A'] = append(t[w[0]-'a'+'A'], w)
	}
	return t
}()

// hasJSONHint reports whether jsonHint matches s. Under (?i) only two
// non-ASCII runes fold to ASCII letters of the words: U+212A KELVIN SIGN
// (k) and U+017F LATIN SMALL LETTER LONG S (s); a body holding either is
// left to the expression itself.
func hasJSONHint(s string) bool {
	if strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f") {
		return jsonHint.MatchString(s)
	}
	for i := 0; i+2 < len(s); i++ {
		ws := hintByFirst[s[i]]
		if ws == nil {
			continue
		}
		second := s[i+1] | 0x20
		for _, w := range ws {
			if w[1] == second && len(s)-i >= len(w) && foldEqualASCII(s[i+2:i+len(w)], w[2:]) {
				return true
			}
		}
	}
	return false
}

// foldEqualASCII reports whether s equals the lower-case ASCII word w,
// ignoring ASCII case.
func foldEqualASCII(s, w string) bool {
	for j := 0; j < len(w); j++ {
		if s[j]|0x20 != w[j] {
			return false
		}
	}
	return true
}

// jsonKeyByte marks the bytes of jsonPair's name class [A-Za-z0-9_.$-].
var jsonKeyByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "_.$-" {
		t[c] = true
	}
	return t
}()

// jsonSpace reports whether c is in regexp's \s: [\t\n\f\r ].
func jsonSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// jsonPairs calls fn with the name and value of each of the first n
// non-overlapping, leftmost matches of jsonPair in s, as
// jsonPair.FindAllStringSubmatch(s, n) finds them.
func jsonPairs(s string, n int, fn func(name, value string)) {
	for i, found := 0, 0; found < n; found++ {
		_, end, name, value, ok := nextJSONPair(s, i)
		if !ok {
			return
		}
		fn(name, value)
		i = end
	}
}

// nextJSONPair finds the leftmost match of jsonPair in s at or after i and
// returns its start, its end and its two groups. Every part of the
// expression is followed by a byte its own class excludes, so a match that
// starts at a quote is unique and needs no backtracking: when the quote
// starts none, the next quote is tried.
func nextJSONPair(s string, i int) (start, end int, name, value string, ok bool) {
	for {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return 0, 0, "", "", false
		}
		start = i + q
		if end, name, value, ok = jsonPairAt(s, start); ok {
			return start, end, name, value, true
		}
		i = start + 1
	}
}

// jsonPairAt matches jsonPair at s[start] (a quote) and returns the end of
// the match and its two groups.
func jsonPairAt(s string, start int) (end int, name, value string, ok bool) {
	// A name longer than 64 bytes matches nothing: stop reading it there
	// (the caller's next quote is found by IndexByte, at memory speed).
	j, stop := start+1, min(len(s), start+66)
	for j < stop && jsonKeyByte[s[j]] {
		j++
	}
	if k := j - start - 1; k < 1 || k > 64 || j >= len(s) || s[j] != '"' {
		return 0, "", "", false
	}
	name = s[start+1 : j]
	j++
	for j < len(s) && jsonSpace(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != ':' {
		return 0, "", "", false
	}
	j++
	for j < len(s) && jsonSpace(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != '"' {
		return 0, "", "", false
	}
	v := j + 1
	k := strings.IndexByte(s[v:], '"')
	if k < 0 || strings.IndexByte(s[v:v+k], '\\') >= 0 {
		return 0, "", "", false
	}
	value = s[v : v+k]
	// {8,} counts runes; regexp reads each invalid byte as one U+FFFD, as
	// utf8.RuneCountInString counts it.
	if len(value) < 8 || utf8.RuneCountInString(value) < 8 {
		return 0, "", "", false
	}
	return v + k + 1, name, value, true
}

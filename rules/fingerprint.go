package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
)

// fingerprint identifies a finding across re-recordings of the same flow:
// rule, method, host, path template and the rule's key (a cookie or header
// name). It never uses entry index, time, query values or cookie values.
func fingerprint(f Finding) string {
	method, host, path := "", "", ""
	if len(f.Entries) > 0 {
		e := f.Entries[0]
		method = strings.ToUpper(e.Method)
		if u, err := url.Parse(e.URL); err == nil {
			host = strings.ToLower(u.Host)
			path = PathTemplate(u.EscapedPath())
		}
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{f.Rule, method, host, path, f.Key}, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// PathTemplate replaces the variable segments of a URL path (numbers, UUIDs,
// hashes, long random tokens) with ":id" and drops path parameters
// (";jsessionid=..."), so that /users/123/orders and
// /users/456/orders share a template.
func PathTemplate(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		// Path parameters (";jsessionid=...") are not part of the route.
		s, _, _ = strings.Cut(s, ";")
		segs[i] = s
		if variableSegment(s) {
			segs[i] = ":id"
		}
	}
	return strings.Join(segs, "/")
}

// variableSegment reports whether a path segment looks generated rather than
// named: all digits, a UUID, 8+ hex digits, or a 16+ character token that
// mixes letters and digits.
func variableSegment(s string) bool {
	if s == "" {
		return false
	}
	digits, hexOnly, letters := 0, true, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			letters++
		case c == '-' || c == '_':
			hexOnly = hexOnly && c == '-'
		default:
			hexOnly = false
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				letters++
			}
		}
	}
	switch {
	case digits == len(s):
		return true
	case hexOnly && digits > 0 && len(s) >= 8:
		return true
	case len(s) >= 16 && digits > 0 && letters > 0:
		return true
	}
	return false
}

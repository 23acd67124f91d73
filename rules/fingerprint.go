package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode"

	"github.com/authlint/authlint/redact"
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
// hashes, dates, versions, slugs that carry an id, long random tokens) with
// ":id", so that /users/123/orders and /users/456/orders share a template.
// Path parameters (";jsessionid=...") are dropped. Named segments ("api",
// "v1", "oauth2", "callback", "sign-in") are kept.
func PathTemplate(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		s, _, _ = strings.Cut(s, ";")
		if variableSegment(s) {
			s = ":id"
		}
		segs[i] = s
	}
	return strings.Join(segs, "/")
}

// pathPattern returns the path pattern that covers every URL of path's
// route, for fixes that name a cache or proxy setting: the path template
// with each variable segment as "*" ("/org/repo/pull/5" -> "/org/repo/pull/*",
// "/users/42/orders" -> "/users/*/orders"). A path without variable segments
// is its own route.
func pathPattern(path string) string {
	if path == "" {
		return "/"
	}
	return strings.ReplaceAll(PathTemplate(path), ":id", "*")
}

// variableSegment reports whether a path segment looks generated rather than
// named.
func variableSegment(s string) bool {
	if s == "" || s == ":id" {
		return false
	}
	if strings.ContainsAny(s, "%@=,~") {
		// Percent-encoded text, e-mail addresses, base64 padding and
		// key=value or list syntax are data, not route names.
		return true
	}
	if len(s) >= 64 {
		return true
	}
	// A segment made of parts ("main.3f2a9c1b.js", "product-12345",
	// "2024-05-01", "2.48.2", "x_0a1b2c3d4e") is variable when one of its
	// parts is; "sign-in" and "openid-configuration" are not.
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	if len(parts) == 0 {
		return false
	}
	if redact.IsUUID(s) || versionLike(s) {
		return true
	}
	if v, n, ok := strings.Cut(s, "."); ok && versionMarker(v) && allDigits(n) {
		return false // an API version: "v2.0"
	}
	if len(parts) > 1 {
		for i, p := range parts {
			// The last part of a file name is its extension.
			if i == len(parts)-1 && strings.Contains(s, ".") && !allDigits(p) {
				continue
			}
			if allDigits(p) || variableWord(p) {
				return true
			}
		}
		return false
	}
	return allDigits(s) || variableWord(s)
}

// variableWord reports whether one part of a segment (no separators) looks
// generated: 8 or more hex digits with a digit among them, a 16+ character
// token mixing letters and digits, a shorter token whose letters and digits
// alternate (a short id such as "B3xYz9"), or a long mixed-case run of
// letters. Version markers ("v1", "v2beta1") and names with a number
// ("oauth2", "base64", "h264") are not.
func variableWord(s string) bool {
	digits, letters, upper, lower, hexOnly, switches := 0, 0, 0, 0, true, 0
	prevDigit := false
	for i, c := range s {
		isDigit := c >= '0' && c <= '9'
		switch {
		case isDigit:
			digits++
		case unicode.IsLetter(c):
			letters++
			if unicode.IsUpper(c) {
				upper++
			} else {
				lower++
			}
			if !(c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				hexOnly = false
			}
		default:
			return false
		}
		if i > 0 && isDigit != prevDigit {
			switches++
		}
		prevDigit = isDigit
	}
	if versionMarker(s) {
		return false
	}
	switch {
	case digits == len(s):
		return true
	case hexOnly && digits > 0 && len(s) >= 8:
		return true
	case len(s) >= 16 && digits > 0 && letters > 0:
		return true
	case len(s) >= 6 && digits >= 2 && letters >= 2 && switches >= 3:
		return true
	case len(s) >= 20 && digits == 0 && upper >= 2 && lower >= 2 && hasInnerUpper(s):
		return true
	}
	return false
}

// hasInnerUpper reports whether s has an upper-case letter after a
// lower-case one at least three times, as random tokens do and names
// ("AuthorizationCallback") rarely do.
func hasInnerUpper(s string) bool {
	n := 0
	prevLower := false
	for _, c := range s {
		if unicode.IsUpper(c) && prevLower {
			n++
		}
		prevLower = unicode.IsLower(c)
	}
	return n >= 4
}

// versionMarker reports whether s is an API version name: "v1", "v2beta1",
// "V3alpha".
func versionMarker(s string) bool {
	if len(s) < 2 || s[0] != 'v' && s[0] != 'V' || s[1] < '0' || s[1] > '9' {
		return false
	}
	rest := strings.TrimLeft(s[1:], "0123456789")
	for _, tag := range []string{"alpha", "beta", "rc"} {
		if t, ok := strings.CutPrefix(rest, tag); ok {
			rest = strings.TrimLeft(t, "0123456789")
		}
	}
	return rest == ""
}

// versionLike reports whether s is a dotted version ("2.48.2", "v1.2.3",
// "3.0.0-rc.1"): a release number in a path of versioned assets. An API
// version with a "v" and two numbers ("v2.0" in /oauth2/v2.0/authorize) is
// part of the route, not a release.
func versionLike(s string) bool {
	v := strings.HasPrefix(s, "v") || strings.HasPrefix(s, "V")
	if v {
		s = s[1:]
	}
	core, _, _ := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if len(parts) < 2 || v && len(parts) == 2 && core == s {
		return false // see variableSegment for "v2.0"
	}
	for _, p := range parts {
		if !allDigits(p) {
			return false
		}
	}
	return true
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

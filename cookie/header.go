package cookie

import "strings"

// Pair is one cookie of a Cookie request header.
type Pair struct {
	Name, Value string
}

// ParseCookieHeader splits a Cookie request header value into its cookies,
// in order. Browsers write "a=1; b=2"; the parser also accepts missing
// spaces, empty parts and surrounding spaces or tabs. Duplicate names are
// kept: browsers send several cookies with the same name when their paths or
// domains differ, longest path first (RFC 6265 §5.4). A part without '=' is
// a nameless cookie (the 6265bis retrieval algorithm writes those as the bare
// value), so it becomes a Pair with an empty Name. Double quotes around a
// value are kept, as in [ParseSetCookie], so values compare equal across the
// two.
func ParseCookieHeader(v string) []Pair {
	var pairs []Pair
	for v != "" {
		var part string
		part, v, _ = strings.Cut(v, ";")
		part = trimWSP(part)
		if part == "" {
			continue
		}
		name, value, hasEq := strings.Cut(part, "=")
		if !hasEq {
			name, value = "", part
		}
		name, value = trimWSP(name), trimWSP(value)
		if name == "" && value == "" {
			continue
		}
		pairs = append(pairs, Pair{Name: name, Value: value})
	}
	return pairs
}

// ParseCookieHeaders parses several Cookie header lines of one request (an
// HTTP/2 client may split the header into one line per cookie, RFC 9113
// §8.2.3) and returns all their cookies in order. Use it instead of joining
// the lines with ", ", which would corrupt the values.
func ParseCookieHeaders(values []string) []Pair {
	var pairs []Pair
	for _, v := range values {
		pairs = append(pairs, ParseCookieHeader(v)...)
	}
	return pairs
}

// SplitSetCookie returns the Set-Cookie lines held by the given header
// values, in order. Some tools and proxies (Firebug, chrome-har-capturer,
// some HAR exporters) join several Set-Cookie headers into one value
// separated by "\n"; this undoes that. It never splits on commas, because
// Expires dates contain commas. Empty lines are dropped and a trailing "\r"
// is removed.
func SplitSetCookie(values []string) []string {
	var lines []string
	for _, v := range values {
		for v != "" {
			var line string
			line, v, _ = strings.Cut(v, "\n")
			line = strings.TrimSpace(line)
			if line != "" {
				lines = append(lines, line)
			}
		}
	}
	return lines
}

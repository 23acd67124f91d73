package auth

import (
	"errors"
	"fmt"
	"strings"

	"github.com/authlint/authlint/internal/ascii"
)

// globMatch reports whether s matches pattern, where '*' matches any run of
// bytes (possibly empty) and every other byte matches itself, ignoring ASCII
// case when fold is set. It runs in O(len(pattern)*len(s)) at worst and
// allocates nothing.
func globMatch(pattern, s string, fold bool) bool {
	px, sx := 0, 0
	starPx, starSx := -1, 0
	for px < len(pattern) || sx < len(s) {
		if px < len(pattern) {
			c := pattern[px]
			if c == '*' {
				starPx, starSx = px, sx
				px++
				continue
			}
			if sx < len(s) && byteEq(c, s[sx], fold) {
				px++
				sx++
				continue
			}
		}
		if starPx >= 0 && starSx < len(s) {
			starSx++
			px, sx = starPx+1, starSx
			continue
		}
		return false
	}
	return true
}

func byteEq(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	return fold && ascii.LowerByte(a) == ascii.LowerByte(b)
}

// segKind is the kind of one segment of a route pattern.
type segKind uint8

const (
	segLiteral segKind = iota // "session": matches itself, ignoring ASCII case
	segParam                  // ":provider": matches any one non-empty segment
	segGlob                   // "signin-*": '*' matches within one segment
	segAny                    // "**": matches zero or more segments
)

type segment struct {
	kind segKind
	text string // literal text or glob pattern
}

// routePattern is a compiled route path pattern.
type routePattern struct {
	raw  string
	segs []segment
}

// errPattern is wrapped by every pattern error.
var errPattern = errors.New("bad pattern")

// compileRoutePattern compiles a path pattern: it starts with '/', its
// segments are separated by '/', and each segment is a literal, ":name" (one
// segment), a glob where '*' matches within the segment, or "**" (any number
// of segments, including none). Empty segments (a trailing '/', "//") are
// ignored, as they are in request paths. ';' is refused because request
// segments are cut at ';' (matrix parameters), so it could never match.
func compileRoutePattern(p string) (routePattern, error) {
	rp := routePattern{raw: p}
	if !strings.HasPrefix(p, "/") {
		return rp, fmt.Errorf("%w %q: must start with /", errPattern, p)
	}
	for i := 0; i < len(p); i++ {
		if b := p[i]; b <= ' ' || b == 0x7F || b == '?' || b == '#' || b == ';' {
			return rp, fmt.Errorf("%w %q: %q is not allowed in a path pattern", errPattern, p, b)
		}
	}
	for s := range strings.SplitSeq(p[1:], "/") {
		switch {
		case s == "":
			continue
		case s == "**":
			rp.segs = append(rp.segs, segment{kind: segAny})
		case strings.Contains(s, "**"):
			return rp, fmt.Errorf("%w %q: ** must be a whole segment", errPattern, p)
		case s[0] == ':':
			name := s[1:]
			if name == "" || strings.ContainsFunc(name, func(r rune) bool {
				return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
			}) {
				return rp, fmt.Errorf("%w %q: parameter %q must be ':' and a name of letters, digits or '_'", errPattern, p, s)
			}
			rp.segs = append(rp.segs, segment{kind: segParam, text: name})
		case strings.Contains(s, "*"):
			rp.segs = append(rp.segs, segment{kind: segGlob, text: s})
		default:
			rp.segs = append(rp.segs, segment{kind: segLiteral, text: s})
		}
	}
	return rp, nil
}

// firstLiteral returns the pattern's first segment in lower case when it is
// a literal, "" for the pattern "/", and false otherwise.
func (rp routePattern) firstLiteral() (string, bool) {
	if len(rp.segs) == 0 {
		return "", true
	}
	if rp.segs[0].kind != segLiteral {
		return "", false
	}
	return ascii.Lower(rp.segs[0].text), true
}

// match reports whether the path segments match the pattern. "**" segments
// are handled like '*' in globMatch, one level up.
func (rp routePattern) match(path []string) bool {
	pi, si := 0, 0
	starPi, starSi := -1, 0
	for pi < len(rp.segs) || si < len(path) {
		if pi < len(rp.segs) {
			seg := rp.segs[pi]
			if seg.kind == segAny {
				starPi, starSi = pi, si
				pi++
				continue
			}
			if si < len(path) && seg.matchOne(path[si]) {
				pi++
				si++
				continue
			}
		}
		if starPi >= 0 && starSi < len(path) {
			starSi++
			pi, si = starPi+1, starSi
			continue
		}
		return false
	}
	return true
}

func (s segment) matchOne(p string) bool {
	switch s.kind {
	case segLiteral:
		return ascii.EqualFold(s.text, p)
	case segParam:
		return p != ""
	case segGlob:
		return globMatch(s.text, p, true)
	}
	return false
}

// splitPath splits a request path into its segments, appending to buf. It
// ignores empty segments (so "//a/" is "a"), and cuts each segment at ';' so
// that matrix parameters such as ";jsessionid=..." do not hide the route.
func splitPath(p string, buf []string) []string {
	for p != "" {
		var seg string
		seg, p, _ = strings.Cut(p, "/")
		seg, _, _ = strings.Cut(seg, ";")
		if seg != "" {
			buf = append(buf, seg)
		}
	}
	return buf
}

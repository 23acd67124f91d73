package sanitize

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Text is cut into token runs: maximal spans of letters, digits, '-', '_',
// '.', '~', bytes of non-ASCII characters, and percent-escapes of those
// (a percent-escape of anything else, such as %3D or %2F, is a delimiter
// like the character it encodes). Leading and trailing dots are not part of
// a run. Every secret is learned and found as its runs, so a value is found
// again however it is quoted, percent-encoded or embedded: "sid=abc" in a
// Cookie header, "abc" in a JSON body and "abc" in a URL are one run.

// runChar marks the bytes that belong to a token run.
var runChar = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c >= 0x80
	}
	return t
}()

// runTab is runChar as 0 or 1, to test 8 bytes with one branch.
var runTab = func() (t [256]uint8) {
	for c, ok := range runChar {
		if ok {
			t[c] = 1
		}
	}
	return t
}()

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// pctRun reports whether s[i] is '%' starting an escape of a run byte.
func pctRun(s []byte, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	h, l := unhex(s[i+1]), unhex(s[i+2])
	return h >= 0 && l >= 0 && runChar[byte(h<<4|l)]
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// delimLen returns the length of the delimiter at s[i]: 3 for a
// percent-escape (of a delimiter), else 1.
func delimLen(s []byte, i int) int {
	if s[i] == '%' && i+2 < len(s) && unhex(s[i+1]) >= 0 && unhex(s[i+2]) >= 0 {
		return 3
	}
	return 1
}

// runEnd returns the end of the run that starts at i (s[i] is a run byte
// or a run escape).
func runEnd(s []byte, i int) int {
	for i < len(s) {
		// 8 bytes per step while all are run bytes.
		for ; i+8 <= len(s); i += 8 {
			p := s[i : i+8 : i+8]
			if runTab[p[0]]&runTab[p[1]]&runTab[p[2]]&runTab[p[3]]&runTab[p[4]]&runTab[p[5]]&runTab[p[6]]&runTab[p[7]] == 0 {
				break
			}
		}
		for _, c := range s[i:] {
			if !runChar[c] {
				break
			}
			i++
		}
		if i < len(s) && s[i] == '%' && pctRun(s, i) {
			i += 3
			continue
		}
		break
	}
	return i
}

// forRuns calls f with the bounds of every run of s, in order.
func forRuns(s []byte, f func(start, end int)) {
	for i := 0; i < len(s); {
		c := s[i]
		if !runChar[c] && !(c == '%' && pctRun(s, i)) {
			i += delimLen(s, i)
			continue
		}
		j := runEnd(s, i)
		start, end := trimDots(s, i, j)
		if start < end {
			f(start, end)
		}
		i = j
	}
}

// trimDots drops leading and trailing dots from s[i:j].
func trimDots(s []byte, i, j int) (int, int) {
	for i < j && s[i] == '.' {
		i++
	}
	for j > i && s[j-1] == '.' {
		j--
	}
	return i, j
}

// canonical returns the percent-decoded form of a run, by which it is
// learned and keyed, so that "a%2Db" and "a-b" are one value.
func canonical(run string) string {
	if strings.IndexByte(run, '%') < 0 {
		return run
	}
	if d, err := url.PathUnescape(run); err == nil && utf8.ValidString(d) {
		return d
	}
	return run
}

// appendEscaped appends s escaped as the contents of a JSON string: only
// '"', '\\' and control characters are escaped, as HAR exporters do.
func appendEscaped(dst, s []byte) []byte {
	const hexd = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[last:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&15])
		}
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// unescape decodes the contents of a JSON string (without quotes) the way
// encoding/json does; a malformed escape is kept as written.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if k := bytes.IndexByte(s[i:], '\\'); k != 0 {
			if k < 0 {
				return append(dst, s[i:]...)
			}
			dst = append(dst, s[i:i+k]...)
			i += k
		}
		if i+1 >= len(s) {
			return append(dst, '\\')
		}
		i++
		switch e := s[i]; e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, n := hexRune(s[i+1:])
			if n == 0 {
				dst = append(dst, '\\', 'u')
				continue
			}
			i += n
			if r >= 0xD800 && r < 0xDC00 && i+2 < len(s) && s[i+1] == '\\' && s[i+2] == 'u' {
				if r2, n2 := hexRune(s[i+3:]); n2 > 0 && r2 >= 0xDC00 && r2 < 0xE000 {
					r = (r-0xD800)<<10 | (r2 - 0xDC00) + 0x10000
					i += 2 + n2
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = append(dst, '\\', e)
		}
	}
	return dst
}

// hexRune reads 4 hex digits; n is 4, or 0 when they are not there.
func hexRune(s []byte) (rune, int) {
	if len(s) < 4 {
		return 0, 0
	}
	var r rune
	for _, c := range s[:4] {
		v := unhex(c)
		if v < 0 {
			return 0, 0
		}
		r = r<<4 | rune(v)
	}
	return r, 4
}

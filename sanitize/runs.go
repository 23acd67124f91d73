package sanitize

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/authlint/authlint/redact"
)

// Text is cut into token runs (redact/runs.go): maximal spans of letters,
// digits, '-', '_', '.', '~', bytes of non-ASCII characters, and
// percent-escapes of those (a percent-escape of anything else, such as %3D
// or %2F, is a delimiter like the character it encodes). Every secret is
// learned and found as its runs, so a value is found again however it is
// quoted, percent-encoded or embedded: "sid=abc" in a Cookie header, "abc"
// in a JSON body and "abc" in a URL are one run.

// runChar marks the bytes that belong to a token run.
var runChar = redact.RunChar

func pctRun(s []byte, i int) bool            { return redact.PctRun(s, i) }
func unhex(c byte) int                       { return redact.Unhex(c) }
func delimLen(s []byte, i int) int           { return redact.DelimLen(s, i) }
func runEnd(s []byte, i int) int             { return redact.RunEnd(s, i) }
func trimDots(s []byte, i, j int) (int, int) { return redact.TrimDots(s, i, j) }

// forRuns calls f with the bounds of every run of s, in order.
func forRuns(s []byte, f func(start, end int)) { redact.ForRuns(s, f) }

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

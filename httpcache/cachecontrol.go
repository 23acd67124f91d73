package httpcache

import (
	"strings"

	"github.com/authlint/authlint/internal/ascii"
)

// ParseCacheControl parses Cache-Control field values (RFC 9111 §5.2): pass
// every field line, e.g. ParseCacheControl(h.Values("Cache-Control")...).
//
// The grammar is #( token [ "=" ( token / quoted-string ) ] ). The parser is
// tolerant: empty list elements are skipped, whitespace around "=" is
// accepted, an element that does not start with a token is dropped, a name
// followed by junk is kept without an argument, an unquoted argument runs to
// the next comma (so "max-age=60 x" has the invalid argument "60 x"), junk
// after a closing quote is ignored, and an unterminated quoted-string runs to
// the end of its line. Commas inside quoted-strings do not split directives:
// private="set-cookie, x-foo" is one directive.
func ParseCacheControl(values ...string) Directives {
	n := 0
	for _, v := range values {
		n += strings.Count(v, ",") + 1
	}
	var d Directives
	if n > 0 {
		d.list = make([]Directive, 0, n)
	}
	for _, v := range values {
		d.list = appendDirectives(d.list, v)
	}
	if len(d.list) == 0 {
		d.list = nil
	}
	return d
}

// appendDirectives parses one field line.
func appendDirectives(list []Directive, s string) []Directive {
	i := 0
	for i < len(s) {
		for i < len(s) && (isOWS(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			break
		}
		end := elementEnd(s, i)
		if x, ok := parseDirective(s[i:end]); ok {
			list = append(list, x)
		}
		i = end
	}
	return list
}

// elementEnd returns the index of the first comma at or after i that is not
// inside a quoted-string, or len(s).
func elementEnd(s string, i int) int {
	quoted := false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == ',':
			return i
		}
	}
	return len(s)
}

// parseDirective parses one list element (already split at a top-level
// comma).
func parseDirective(elem string) (Directive, bool) {
	n := 0
	for n < len(elem) && isTchar(elem[n]) {
		n++
	}
	if n == 0 {
		return Directive{}, false
	}
	x := Directive{Name: ascii.Lower(elem[:n])}
	rest := trimOWS(elem[n:])
	if rest == "" || rest[0] != '=' {
		return x, true // bare directive, or name followed by junk
	}
	x.HasValue = true
	arg := trimOWS(rest[1:])
	if arg != "" && arg[0] == '"' {
		x.Value = unquote(arg)
	} else {
		x.Value = arg
	}
	return x, true
}

// unquote returns the content of the quoted-string at the start of s (which
// starts with DQUOTE), unescaping quoted-pairs. Text after the closing quote
// is ignored; without a closing quote the string runs to the end of s.
func unquote(s string) string {
	s = s[1:]
	escaped := false
	end := len(s)
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			escaped = true
			i++
			continue
		}
		if s[i] == '"' {
			end = i
			break
		}
	}
	s = s[:end]
	if escaped {
		s = unescapeQuoted(s)
	}
	return s
}

// ParseSurrogateControl parses Surrogate-Control field values (W3C Edge
// Architecture Specification, https://www.w3.org/TR/edge-arch, §3):
// 1#( directive [ ";" device-token ] ) with directives such as no-store,
// no-store-remote, max-age=delta-seconds[+delta-seconds] and content="...".
// Device targeting (";device") is dropped, so every directive applies, and
// max-age=60+30 (freshness plus a stale extension) keeps 60.
func ParseSurrogateControl(values ...string) Directives {
	d := ParseCacheControl(values...)
	for i := range d.list {
		x := &d.list[i]
		if !x.HasValue {
			continue
		}
		if j := strings.IndexByte(x.Value, ';'); j >= 0 {
			x.Value = trimOWS(x.Value[:j])
		}
		if x.Name == "max-age" {
			if j := strings.IndexByte(x.Value, '+'); j >= 0 {
				x.Value = x.Value[:j]
			}
		}
	}
	return d
}

// ParseTargeted parses a targeted cache-control field such as
// CDN-Cache-Control (RFC 9213) as an RFC 8941 Dictionary. ok is false when the
// field is absent or empty or is not a valid Dictionary; RFC 9213 §2.1 says
// such a field "MUST be ignored by the cache".
//
// Dictionary members map to directives as RFC 9213 §2.1 describes: Boolean
// true is a directive without argument (false drops the directive), Integer,
// Decimal and Token give their text, String gives its content, Byte Sequence
// its base64 text; parameters are ignored, and an Inner List yields the
// directive without argument. A repeated key keeps its last value, at its
// first position (RFC 8941 §4.2.2).
func ParseTargeted(values ...string) (d Directives, ok bool) {
	if len(values) == 0 {
		return d, false
	}
	joined := values[0]
	if len(values) > 1 {
		joined = strings.Join(values, ", ")
	}
	if strings.Trim(joined, " \t") == "" {
		return d, false
	}
	members, ok := parseSFDict(joined)
	if !ok {
		return d, false
	}
	for _, m := range members {
		x := Directive{Name: m.key}
		switch {
		case m.inner:
		case m.item.kind == sfBoolean:
			if !m.item.boolean {
				continue
			}
		default:
			x.HasValue = true
			x.Value = m.item.text
		}
		d.list = append(d.list, x)
	}
	return d, true
}

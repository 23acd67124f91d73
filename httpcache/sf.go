package httpcache

import (
	"strconv"
	"strings"
)

// This file is a small RFC 8941 (Structured Field Values) parser: enough for
// the Dictionary of RFC 9213 targeted cache-control fields and the List of
// RFC 9211 Cache-Status. It follows the parsing algorithms of RFC 8941 §4.2
// and fails on anything they reject; callers decide what a failure means.

// sfKind is the type of a structured-field bare item.
type sfKind uint8

const (
	sfInteger sfKind = iota + 1
	sfDecimal
	sfString
	sfToken
	sfBytes
	sfBoolean
)

// sfItem is a bare item. text holds the token, the unescaped string, the
// number as written, or the byte sequence's base64 text.
type sfItem struct {
	kind    sfKind
	text    string
	integer int64
	boolean bool
}

// sfParam is one parameter of an item or inner list.
type sfParam struct {
	key   string
	value sfItem
}

// sfMember is a List member or Dictionary value. inner is set for an inner
// list, whose items are not kept (no caller needs them).
type sfMember struct {
	key    string // Dictionary key; empty for List members
	item   sfItem
	inner  bool
	params []sfParam
}

type sfParser struct {
	s string
	i int
}

// parseSFList parses a combined field value as an RFC 8941 List (§4.2.1).
func parseSFList(s string) ([]sfMember, bool) {
	p := sfParser{s: s}
	p.skipSP()
	var out []sfMember
	for !p.done() {
		m, ok := p.member()
		if !ok {
			return nil, false
		}
		out = append(out, m)
		p.skipOWS()
		if p.done() {
			return out, true
		}
		if p.s[p.i] != ',' {
			return nil, false
		}
		p.i++
		p.skipOWS()
		if p.done() {
			return nil, false // trailing comma
		}
	}
	return out, true
}

// parseSFDict parses a combined field value as an RFC 8941 Dictionary
// (§4.2.2). A repeated key overwrites the earlier value in place.
func parseSFDict(s string) ([]sfMember, bool) {
	p := sfParser{s: s}
	p.skipSP()
	var out []sfMember
	for !p.done() {
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		var m sfMember
		if !p.done() && p.s[p.i] == '=' {
			p.i++
			if m, ok = p.member(); !ok {
				return nil, false
			}
		} else {
			m.item = sfItem{kind: sfBoolean, boolean: true}
			if m.params, ok = p.params(); !ok {
				return nil, false
			}
		}
		m.key = key
		replaced := false
		for j := range out {
			if out[j].key == key {
				out[j] = m
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, m)
		}
		p.skipOWS()
		if p.done() {
			return out, true
		}
		if p.s[p.i] != ',' {
			return nil, false
		}
		p.i++
		p.skipOWS()
		if p.done() {
			return nil, false
		}
	}
	return out, true
}

func (p *sfParser) done() bool { return p.i >= len(p.s) }

func (p *sfParser) skipSP() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *sfParser) skipOWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// member parses an Item or an Inner List, with parameters.
func (p *sfParser) member() (sfMember, bool) {
	var m sfMember
	if !p.done() && p.s[p.i] == '(' {
		if !p.innerList() {
			return m, false
		}
		m.inner = true
	} else {
		it, ok := p.bareItem()
		if !ok {
			return m, false
		}
		m.item = it
	}
	var ok bool
	m.params, ok = p.params()
	return m, ok
}

func (p *sfParser) innerList() bool {
	p.i++ // '('
	for !p.done() {
		p.skipSP()
		if p.done() {
			return false
		}
		if p.s[p.i] == ')' {
			p.i++
			return true
		}
		if _, ok := p.bareItem(); !ok {
			return false
		}
		if _, ok := p.params(); !ok {
			return false
		}
		if p.done() {
			return false
		}
		if c := p.s[p.i]; c != ' ' && c != ')' {
			return false
		}
	}
	return false
}

func (p *sfParser) params() ([]sfParam, bool) {
	var out []sfParam
	for !p.done() && p.s[p.i] == ';' {
		p.i++
		p.skipSP()
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		val := sfItem{kind: sfBoolean, boolean: true}
		if !p.done() && p.s[p.i] == '=' {
			p.i++
			if val, ok = p.bareItem(); !ok {
				return nil, false
			}
		}
		replaced := false
		for j := range out {
			if out[j].key == key {
				out[j].value = val
				replaced = true
			}
		}
		if !replaced {
			out = append(out, sfParam{key: key, value: val})
		}
	}
	return out, true
}

// key parses an RFC 8941 key: ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" /
// "-" / "." / "*" ).
func (p *sfParser) key() (string, bool) {
	if p.done() {
		return "", false
	}
	if c := p.s[p.i]; !(c >= 'a' && c <= 'z') && c != '*' {
		return "", false
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i], true
}

func (p *sfParser) bareItem() (sfItem, bool) {
	if p.done() {
		return sfItem{}, false
	}
	switch c := p.s[p.i]; {
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == '"':
		return p.str()
	case c == ':':
		return p.bytes()
	case c == '?':
		return p.boolean()
	case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*':
		return p.token(), true
	}
	return sfItem{}, false
}

// number follows RFC 8941 §4.2.4.
func (p *sfParser) number() (sfItem, bool) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.done() || p.s[p.i] < '0' || p.s[p.i] > '9' {
		return sfItem{}, false
	}
	digits, dot, frac := 0, false, 0
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c >= '0' && c <= '9' {
			if dot {
				frac++
			} else {
				digits++
			}
		} else if c == '.' && !dot {
			if digits > 12 {
				return sfItem{}, false
			}
			dot = true
		} else {
			break
		}
		p.i++
		if !dot && digits > 15 {
			return sfItem{}, false
		}
	}
	text := p.s[start:p.i]
	if !dot {
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return sfItem{}, false
		}
		return sfItem{kind: sfInteger, text: text, integer: n}, true
	}
	if frac == 0 || frac > 3 {
		return sfItem{}, false
	}
	return sfItem{kind: sfDecimal, text: text}, true
}

// str follows RFC 8941 §4.2.5: printable ASCII, escapes only \" and \\.
func (p *sfParser) str() (sfItem, bool) {
	p.i++ // opening DQUOTE
	start := p.i
	escaped := false
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return sfItem{}, false
			}
			if n := p.s[p.i+1]; n != '"' && n != '\\' {
				return sfItem{}, false
			}
			escaped = true
			p.i += 2
		case c == '"':
			raw := p.s[start:p.i]
			p.i++
			if escaped {
				raw = unescapeQuoted(raw)
			}
			return sfItem{kind: sfString, text: raw}, true
		case c < 0x20 || c > 0x7e:
			return sfItem{}, false
		default:
			p.i++
		}
	}
	return sfItem{}, false
}

// token follows RFC 8941 §4.2.6: the first character was checked by the
// caller; the rest are tchar, ":" or "/".
func (p *sfParser) token() sfItem {
	start := p.i
	p.i++
	for p.i < len(p.s) {
		if c := p.s[p.i]; isTchar(c) || c == ':' || c == '/' {
			p.i++
			continue
		}
		break
	}
	return sfItem{kind: sfToken, text: p.s[start:p.i]}
}

func (p *sfParser) bytes() (sfItem, bool) {
	p.i++
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == ':' {
			text := p.s[start:p.i]
			p.i++
			return sfItem{kind: sfBytes, text: text}, true
		}
		if !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '+' && c != '/' && c != '=' {
			return sfItem{}, false
		}
		p.i++
	}
	return sfItem{}, false
}

func (p *sfParser) boolean() (sfItem, bool) {
	if p.i+1 >= len(p.s) {
		return sfItem{}, false
	}
	switch p.s[p.i+1] {
	case '0':
		p.i += 2
		return sfItem{kind: sfBoolean, boolean: false}, true
	case '1':
		p.i += 2
		return sfItem{kind: sfBoolean, boolean: true}, true
	}
	return sfItem{}, false
}

// unescapeQuoted removes quoted-pair backslashes: `\x` becomes `x`. A lone
// trailing backslash is dropped.
func unescapeQuoted(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			if i >= len(s) {
				break
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

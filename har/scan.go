package har

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds the tokenizer: strings, numbers, literals and the nesting
// stack. It accepts exactly the JSON that encoding/json accepts (RFC 8259,
// nesting depth at most 10000), so that json.Valid and the Decoder agree.

// maxDepth is the deepest nesting accepted, the same limit as encoding/json's
// maxNestingDepth (go/src/encoding/json/scanner.go), so that the two agree on
// which inputs are valid.
const maxDepth = 10000

// push records that an object ('{') or array ('[') opens at d.r.
func (d *Decoder) push(c byte) error {
	if len(d.stack) >= maxDepth {
		return d.errAt(d.r, "exceeded maximum nesting depth of 10000")
	}
	d.stack = append(d.stack, c)
	return nil
}

// pop closes the innermost object or array.
func (d *Decoder) pop() { d.stack = d.stack[:len(d.stack)-1] }

// str decodes the JSON string that starts at d.r (d.buf[d.r] must be '"').
// It appends the decoded bytes to dst while len(dst) < keep (all of them when
// keep < 0) and returns dst and the decoded length of the whole string. The
// part beyond keep is validated and measured but not kept, so a string of any
// size is read in constant memory. Long runs of plain bytes are skipped with
// bytes.IndexByte.
func (d *Decoder) str(dst []byte, keep int) ([]byte, int64, error) {
	quote := d.base + int64(d.r) // input offset of the opening quote
	d.r++
	// Fast path: a short string without escapes, wholly in the buffer.
	if short := d.buf[d.r:min(d.w, d.r+shortString)]; len(short) > 0 {
		for i, c := range short {
			if special[c] {
				if c != '"' {
					break
				}
				dst = d.add(dst, short[:i], keep)
				d.r += i + 1
				return dst, int64(i), nil
			}
		}
	}
	var n int64
	counted := false
	// q and bs cache the positions of the next '"' and '\\' at or after
	// d.r (d.w when there is none in the buffer); -1 means unknown. They
	// keep strings with many escapes linear.
	q, bs := -1, -1
	for {
		if q < d.r {
			if i := bytes.IndexByte(d.buf[d.r:d.w], '"'); i >= 0 {
				q = d.r + i
			} else {
				q = d.w
			}
			bs = -1
		}
		if bs < d.r {
			if i := bytes.IndexByte(d.buf[d.r:q], '\\'); i >= 0 {
				bs = d.r + i
			} else {
				bs = q
			}
		}
		seg := d.buf[d.r:bs]
		if k := ctrlIndex(seg); k >= 0 {
			return dst, n, d.errAt(d.r+k, "invalid character "+describe(seg[k])+" in string (control characters must be escaped)")
		}
		dst = d.add(dst, seg, keep)
		n += int64(len(seg))
		d.r = bs
		if d.r == d.w {
			// The bytes from the quote to d.r are string contents, which
			// hold no newline: count lines up to the quote once, then
			// let the refills skip counting them.
			if !counted {
				d.countLines(int(max(quote-d.base, 0)))
				counted = true
			}
			d.lineIdx = d.r
			if !d.fill() {
				return dst, n, d.eofErr("in a string")
			}
			q, bs = -1, -1
			continue
		}
		if d.buf[d.r] == '"' {
			d.r++
			return dst, n, nil
		}
		base, w := d.base, d.w
		var k int
		var err error
		dst, k, err = d.escape(dst, keep)
		if err != nil {
			return dst, n, err
		}
		n += int64(k)
		if d.base != base || d.w != w {
			q, bs = -1, -1 // the buffer was refilled
		}
	}
}

// shortString is how far str looks byte by byte for the end of a string
// before switching to bytes.IndexByte, which costs more to start but less per
// byte.
const shortString = 64

// special marks the bytes that end a run of plain string contents.
var special = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'] = true
	t['\\'] = true
	return t
}()

// escape decodes the escape sequence at d.r (d.buf[d.r] is '\\') the way
// encoding/json does: \uXXXX surrogate pairs are combined, and a lone
// surrogate becomes U+FFFD. It returns the decoded length.
func (d *Decoder) escape(dst []byte, keep int) ([]byte, int, error) {
	if !d.ensure(2) {
		return dst, 0, d.eofErr("in a string")
	}
	var c byte
	switch e := d.buf[d.r+1]; e {
	case '"', '\\', '/':
		c = e
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 't':
		c = '\t'
	case 'u':
		r, err := d.hex4()
		if err != nil {
			return dst, 0, err
		}
		d.r += 6
		if utf16.IsSurrogate(r) {
			r2 := rune(-1)
			if d.ensure(6) && d.buf[d.r] == '\\' && d.buf[d.r+1] == 'u' {
				r2 = hex4(d.buf[d.r+2 : d.r+6])
			}
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				r = dec
				d.r += 6
			} else {
				r = utf8.RuneError
			}
		}
		var tmp [utf8.UTFMax]byte
		k := utf8.EncodeRune(tmp[:], r)
		return d.add(dst, tmp[:k], keep), k, nil
	default:
		return dst, 0, d.errAt(d.r, "invalid escape '\\' followed by "+describe(e)+" in string")
	}
	d.r += 2
	d.one[0] = c
	return d.add(dst, d.one[:], keep), 1, nil
}

// hex4 decodes the four hex digits of the \u escape at d.r.
func (d *Decoder) hex4() (rune, error) {
	d.ensure(6)
	for i := 2; i < 6; i++ {
		if d.r+i >= d.w {
			return 0, d.eofErr("in a string")
		}
		if hexVal(d.buf[d.r+i]) < 0 {
			return 0, d.errAt(d.r+i, "invalid escape: '\\u' must be followed by 4 hex digits, found "+describe(d.buf[d.r+i]))
		}
	}
	return hex4(d.buf[d.r+2 : d.r+6]), nil
}

// hex4 returns the value of 4 hex digits, or -1.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		v := hexVal(c)
		if v < 0 {
			return -1
		}
		r = r<<4 | v
	}
	return r
}

func hexVal(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// add appends p to dst while len(dst) < keep (all of p when keep < 0). When
// d.hashing is set, the bytes that do not fit are hashed into d.hash, after
// the kept prefix (see cutValue).
func (d *Decoder) add(dst, p []byte, keep int) []byte {
	room := keep - len(dst)
	if keep < 0 || room >= len(p) {
		return append(dst, p...)
	}
	if room > 0 {
		dst = append(dst, p[:room]...)
		p = p[room:]
	}
	if d.hashing {
		if !d.hashed {
			if d.hash == nil {
				d.hash = sha256.New()
			}
			d.hash.Reset()
			d.hash.Write(dst)
			d.hashed = true
		}
		d.hash.Write(p)
	}
	return dst
}

// MaxValueLen is the longest string outside bodies that a Decoder keeps
// whole: a header name or value, a URL, a cookie, an object key. No rule
// reads that far into one, so a longer string is kept as its first
// MaxValueLen bytes (cut back to a UTF-8 boundary) followed by a marker
// with its full length and a hash of the whole, CutMarker, and costs no
// more memory than a 64 KiB one; two long values that differ anywhere
// still differ.
const MaxValueLen = 64 << 10

// CutMarker is the format of the marker that ends a string cut to
// MaxValueLen bytes: the decoded length of the whole string and the first 16
// hex digits of its SHA-256 (for an object or array where a string was
// expected: of its JSON text as written).
const CutMarker = "…[cut by authlint: %d bytes in all, sha256:%s]"

// cutValue ends the kept prefix b of a string whose decoded length is n
// (more than MaxValueLen) with the marker.
func (d *Decoder) cutValue(b []byte, n int64) []byte {
	sum := d.hash.Sum(d.sum[:0])
	// Drop the start of a UTF-8 sequence that the cut split.
	start := len(b) - 1
	for start > 0 && len(b)-start < utf8.UTFMax && !utf8.RuneStart(b[start]) {
		start--
	}
	if start >= 0 && !utf8.FullRune(b[start:]) {
		b = b[:start]
	}
	return fmt.Appendf(b, CutMarker, n, hex.EncodeToString(sum[:8]))
}

// ctrlIndex returns the index of the first byte below 0x20 in b, or -1. It
// tests 8 bytes at a time: (v - 0x20..20) &^ v & 0x80..80 is non-zero exactly
// when some byte of v is below 0x20 ("hasless" from Sean Anderson's Bit
// Twiddling Hacks, exact as a yes/no test for limits up to 128), and 32 bytes
// per loop with one branch.
func ctrlIndex(b []byte) int {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	for ; i+64 <= len(b); i += 64 {
		p := b[i : i+64]
		v0 := binary.LittleEndian.Uint64(p[0:])
		v1 := binary.LittleEndian.Uint64(p[8:])
		v2 := binary.LittleEndian.Uint64(p[16:])
		v3 := binary.LittleEndian.Uint64(p[24:])
		v4 := binary.LittleEndian.Uint64(p[32:])
		v5 := binary.LittleEndian.Uint64(p[40:])
		v6 := binary.LittleEndian.Uint64(p[48:])
		v7 := binary.LittleEndian.Uint64(p[56:])
		if ((v0-lo)&^v0|(v1-lo)&^v1|(v2-lo)&^v2|(v3-lo)&^v3|(v4-lo)&^v4|(v5-lo)&^v5|(v6-lo)&^v6|(v7-lo)&^v7)&hi != 0 {
			break
		}
	}
	for ; i+32 <= len(b); i += 32 {
		p := b[i : i+32]
		v0 := binary.LittleEndian.Uint64(p[0:])
		v1 := binary.LittleEndian.Uint64(p[8:])
		v2 := binary.LittleEndian.Uint64(p[16:])
		v3 := binary.LittleEndian.Uint64(p[24:])
		if ((v0-lo)&^v0|(v1-lo)&^v1|(v2-lo)&^v2|(v3-lo)&^v3)&hi != 0 {
			break
		}
	}
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		if (v-lo)&^v&hi != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 {
			return i
		}
	}
	return -1
}

// Number scanning states.
const (
	numStart = iota
	numMinus
	numZero
	numInt
	numDot
	numFrac
	numExp
	numExpSign
	numExpDigits
)

// maxNumLen caps the bytes of a number kept in d.nbuf; longer numbers are
// still validated but read as absent.
const maxNumLen = 1024

// number scans the JSON number at d.r, validates it and returns its text (in
// d.nbuf, valid until the next call), or nil when it is longer than maxNumLen.
func (d *Decoder) number() ([]byte, error) {
	d.nbuf = d.nbuf[:0]
	long := false
	st := numStart
	for {
		if d.r == d.w && !d.fill() {
			if !numEnd(st) {
				return nil, d.eofErr("in a number")
			}
			break // the caller meets the end of the input next
		}
		start := d.r
		done := false
	scan:
		for ; d.r < d.w; d.r++ {
			c := d.buf[d.r]
			digit := '0' <= c && c <= '9'
			switch st {
			case numStart:
				switch {
				case c == '-':
					st = numMinus
				case c == '0':
					st = numZero
				case digit:
					st = numInt
				default:
					return nil, d.unexpected("a value")
				}
			case numMinus:
				switch {
				case c == '0':
					st = numZero
				case digit:
					st = numInt
				default:
					return nil, d.errAt(d.r, "invalid number: expected a digit after '-', found "+describe(c))
				}
			case numZero, numInt, numFrac:
				switch {
				case digit && st != numZero:
				case c == '.' && st != numFrac:
					st = numDot
				case c == 'e' || c == 'E':
					st = numExp
				default:
					done = true
					break scan
				}
			case numDot:
				if !digit {
					return nil, d.errAt(d.r, "invalid number: expected a digit after '.', found "+describe(c))
				}
				st = numFrac
			case numExp:
				switch {
				case c == '+' || c == '-':
					st = numExpSign
				case digit:
					st = numExpDigits
				default:
					return nil, d.errAt(d.r, "invalid number: expected a digit in the exponent, found "+describe(c))
				}
			case numExpSign:
				if !digit {
					return nil, d.errAt(d.r, "invalid number: expected a digit in the exponent, found "+describe(c))
				}
				st = numExpDigits
			case numExpDigits:
				if !digit {
					done = true
					break scan
				}
			}
		}
		if !long {
			if len(d.nbuf)+d.r-start > maxNumLen {
				long = true
			} else {
				d.nbuf = append(d.nbuf, d.buf[start:d.r]...)
			}
		}
		if done {
			break
		}
	}
	if long {
		return nil, nil
	}
	return d.nbuf, nil
}

// numEnd reports whether a number may end in state st.
func numEnd(st int) bool {
	return st == numZero || st == numInt || st == numFrac || st == numExpDigits
}

// literal consumes true, false or null at d.r and returns its first byte.
func (d *Decoder) literal() (byte, error) {
	var lit string
	switch d.buf[d.r] {
	case 't':
		lit = "true"
	case 'f':
		lit = "false"
	case 'n':
		lit = "null"
	default:
		return 0, d.unexpected("a value")
	}
	d.ensure(len(lit))
	for i := 1; i < len(lit); i++ {
		if d.r+i >= d.w {
			return 0, d.eofErr("in a literal")
		}
		if d.buf[d.r+i] != lit[i] {
			return 0, d.errAt(d.r+i, "invalid literal: expected \""+lit+"\", found "+describe(d.buf[d.r+i]))
		}
	}
	d.r += len(lit)
	return lit[0], nil
}

// strView reads a string like str and returns its decoded bytes: a view of
// the buffer, valid until the next read, when the string is short, has no
// escapes and is wholly in the buffer (view is true); else the bytes in
// *scratch. ascii reports that the bytes are known to be ASCII.
func (d *Decoder) strView(scratch *[]byte) (b []byte, view, ascii bool, err error) {
	start := d.r + 1
	var or byte
	for i, c := range d.buf[start:min(d.w, start+shortString)] {
		if special[c] {
			if c != '"' {
				break
			}
			d.r = start + i + 1
			return d.buf[start : start+i], true, or < 0x80, nil
		}
		or |= c
	}
	d.hashing, d.hashed = true, false
	b, n, err := d.str((*scratch)[:0], MaxValueLen)
	d.hashing = false
	if err == nil && n > MaxValueLen {
		b = d.cutValue(b, n)
	}
	*scratch = b
	return b, false, false, err
}

// key reads an object key (d.buf[d.r] must be '"') and the ':' after it. The
// key is valid until the value is read.
func (d *Decoder) key() ([]byte, error) {
	k, view, _, err := d.strView(&d.kbuf)
	if err != nil {
		return nil, err
	}
	if d.r < d.w && d.buf[d.r] == ':' {
		d.r++
		return k, nil
	}
	if view {
		// Reading on may refill the buffer: keep a copy.
		d.kbuf = append(d.kbuf[:0], k...)
		k = d.kbuf
	}
	return k, d.colon()
}

// skipKey is key for a key that is not needed.
func (d *Decoder) skipKey() error {
	if _, _, err := d.str(nil, 0); err != nil {
		return err
	}
	return d.colon()
}

// colon consumes the ':' after an object key.
func (d *Decoder) colon() error {
	if c, ok := d.ws(); !ok || c != ':' {
		return d.unexpected("':' after object key")
	}
	d.r++
	return nil
}

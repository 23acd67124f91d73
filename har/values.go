package har

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Tolerant scalar readers: each consumes one value of any JSON type and
// converts what it can. A type mismatch is never an error; only invalid JSON
// is.

// text reads a string. Strings are decoded, with invalid UTF-8 replaced by
// U+FFFD as encoding/json does; numbers, true and false give their JSON
// text, and so do objects and arrays (compacted); null gives ok=false.
func (d *Decoder) text(intern bool) (s string, ok bool, err error) {
	c, more := d.ws()
	if !more {
		return "", false, d.eofErr("")
	}
	switch c {
	case '"':
		b, _, ascii, err := d.strView(&d.sbuf)
		if err != nil {
			return "", false, err
		}
		if ascii {
			return d.makeString(b, intern), true, nil
		}
		return d.validString(b, intern), true, nil
	case 'n':
		_, err := d.literal()
		return "", false, err
	case 't', 'f':
		if _, err := d.literal(); err != nil {
			return "", false, err
		}
		return strconv.FormatBool(c == 't'), true, nil
	case '{', '[':
		s, err := d.rawText()
		return s, err == nil, err
	}
	if c != '-' && (c < '0' || c > '9') {
		return "", false, d.unexpected("a value")
	}
	num, err := d.number()
	if err != nil || num == nil {
		return "", false, err
	}
	return string(num), true, nil
}

// textField reads a string into *dst, leaving it alone for null.
func (d *Decoder) textField(dst *string, intern bool) error {
	s, ok, err := d.text(intern)
	if ok {
		*dst = s
	}
	return err
}

// numText reads a number's text: a JSON number, or a string holding one.
// For anything else (null, true, an object...) it returns nil.
func (d *Decoder) numText() ([]byte, error) {
	c, more := d.ws()
	if !more {
		return nil, d.eofErr("")
	}
	switch {
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case c == '"':
		s, _, err := d.str(d.sbuf[:0], maxNumLen)
		d.sbuf = s
		return bytes.TrimSpace(s), err
	}
	return nil, d.skipValue()
}

// float reads a number (see numText). Anything else gives def; so do NaN and
// infinities.
func (d *Decoder) float(def float64) (float64, error) {
	b, err := d.numText()
	if err != nil || len(b) == 0 {
		return def, err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return def, nil
	}
	return f, nil
}

// int reads an integer (see numText). Fractions are cut off and
// out-of-range values clamped; anything else gives def.
func (d *Decoder) int(def int64) (int64, error) {
	b, err := d.numText()
	if err != nil || len(b) == 0 {
		return def, err
	}
	if n, ok := parseInt(b); ok {
		return n, nil
	}
	return def, nil
}

// parseInt parses a number's text as an integer: fractions are cut off and
// out-of-range values clamped. It reports false for text that is not a
// number, and for "NaN" and "Infinity".
func parseInt(b []byte) (int64, bool) {
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(string(b), 64)
	overflow := errors.Is(err, strconv.ErrRange)
	switch {
	case err != nil && !overflow, math.IsNaN(f), math.IsInf(f, 0) && !overflow:
		return 0, false
	case f >= math.MaxInt64:
		return math.MaxInt64, true
	case f <= math.MinInt64:
		return math.MinInt64, true
	}
	return int64(f), true
}

// bool reads a boolean: true or false, a string such as "true" or "1", or a
// number (non-zero is true). Anything else is false.
func (d *Decoder) bool() (bool, error) {
	c, more := d.ws()
	if !more {
		return false, d.eofErr("")
	}
	switch c {
	case 't', 'f':
		_, err := d.literal()
		return c == 't', err
	case '"':
		s, _, err := d.str(d.sbuf[:0], 16)
		d.sbuf = s
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(string(s))) {
		case "true", "1", "yes", "on":
			return true, nil
		}
		return false, nil
	}
	if c == '-' || '0' <= c && c <= '9' {
		f, err := d.float(0)
		return f != 0, err
	}
	return false, d.skipValue()
}

// internSize is the number of slots of the intern cache, and maxInternLen
// the longest string it holds.
const (
	internBits   = 12
	internSize   = 1 << internBits
	maxInternLen = 64
)

// makeString returns b, which must be valid UTF-8, as a string. With intern,
// short strings go through a direct-mapped cache, which saves most
// allocations for header names and values that repeat in every entry; a
// string that misses replaces the one in its slot.
func (d *Decoder) makeString(b []byte, intern bool) string {
	if !intern || len(b) > maxInternLen || len(b) == 0 {
		return string(b)
	}
	if d.intern == nil {
		d.intern = new([internSize]string)
	}
	slot := &d.intern[internHash(b)]
	if *slot != string(b) {
		*slot = string(b)
	}
	return *slot
}

// internHash hashes the length and the first and last 8 bytes of b (which
// must not be empty) to a slot of the intern cache.
func internHash(b []byte) uint32 {
	var h uint64
	if len(b) >= 8 {
		h = binary.LittleEndian.Uint64(b) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[len(b)-8:]), 29)
	} else {
		for _, c := range b {
			h = h<<8 | uint64(c)
		}
	}
	h ^= uint64(len(b)) << 59
	return uint32((h * 0x9e3779b97f4a7c15) >> (64 - internBits))
}

// validString returns b as a string with invalid UTF-8 replaced.
func (d *Decoder) validString(b []byte, intern bool) string {
	if !utf8.Valid(b) {
		d.ubuf = fixUTF8(d.ubuf[:0], b)
		b = d.ubuf
	}
	return d.makeString(b, intern)
}

// fixUTF8 appends b to dst with each byte of invalid UTF-8 replaced by
// U+FFFD, as encoding/json's unquoteBytes does (go/src/encoding/json/decode.go).
func fixUTF8(dst, b []byte) []byte {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, b[:size]...)
		}
		b = b[size:]
	}
	return dst
}

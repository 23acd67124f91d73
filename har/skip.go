package har

import (
	"bytes"
	"encoding/json"
)

// skipValue consumes one JSON value of any type, validating it without
// keeping it. It is iterative: nesting costs one stack byte per level.
func (d *Decoder) skipValue() error {
	base := len(d.stack)
	for {
		// A value is expected.
		c, ok := d.ws()
		if !ok {
			return d.eofErr("")
		}
		switch c {
		case '{', '[':
			if err := d.push(c); err != nil {
				return err
			}
			d.r++
			c2, ok := d.ws()
			if !ok {
				return d.eofErr("")
			}
			if c == '{' && c2 == '}' || c == '[' && c2 == ']' {
				d.r++
				d.pop()
				break // an empty object or array is a complete value
			}
			if c == '{' {
				if c2 != '"' {
					return d.unexpected(`'"' to begin an object key, or '}'`)
				}
				if err := d.skipKey(); err != nil {
					return err
				}
			}
			continue // the first member or element follows
		case '"':
			if _, _, err := d.str(nil, 0); err != nil {
				return err
			}
		case 't', 'f', 'n':
			if _, err := d.literal(); err != nil {
				return err
			}
		default:
			if c != '-' && (c < '0' || c > '9') {
				return d.unexpected("a value")
			}
			if _, err := d.number(); err != nil {
				return err
			}
		}
		// A value is complete: close what it completes, then expect the
		// next member or element.
		for {
			if len(d.stack) == base {
				return nil
			}
			c, ok := d.ws()
			if !ok {
				return d.eofErr("")
			}
			top := d.stack[len(d.stack)-1]
			if c == ',' {
				d.r++
				if top == '{' {
					if c, ok := d.ws(); !ok || c != '"' {
						return d.unexpected(`'"' to begin an object key`)
					}
					if err := d.skipKey(); err != nil {
						return err
					}
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				d.r++
				d.pop()
				continue
			}
			if top == '{' {
				return d.unexpected("',' or '}' after object member")
			}
			return d.unexpected("',' or ']' after array element")
		}
	}
}

// rawText consumes the value at d.r and returns its JSON text, compacted.
// A text longer than MaxValueLen is kept as its first MaxValueLen bytes (not
// compacted) and the marker of cutValue, with the length and hash of the
// whole text as written.
func (d *Decoder) rawText() (string, error) {
	d.rec = true
	d.recStart = d.r
	d.recBuf = d.recBuf[:0]
	d.recLen, d.recHashed = 0, false
	err := d.skipValue()
	if d.r > d.recStart {
		d.record(d.buf[d.recStart:d.r])
	}
	d.rec = false
	if err != nil {
		return "", err
	}
	if d.recLen > MaxValueLen {
		d.recBuf = d.cutValue(d.recBuf, d.recLen)
		return d.validString(d.recBuf, false), nil
	}
	var out bytes.Buffer
	if json.Compact(&out, d.recBuf) == nil {
		return d.validString(out.Bytes(), false), nil
	}
	return d.validString(d.recBuf, false), nil
}

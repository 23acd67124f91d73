package har

import "errors"

// errSkip is returned by an object member function for a key it does not
// know; the value has not been consumed.
var errSkip = errors.New("har: unknown key")

// object decodes the object at the current position, calling member for
// each key (valid only until member reads the value). member must consume
// the value, or return errSkip without consuming it. Keys are matched the way
// encoding/json matches struct fields: exactly first, then ignoring ASCII
// case. A value that is not an object is skipped and ok is false: a type
// mismatch is not an error.
func (d *Decoder) object(member func(key []byte) error) (ok bool, err error) {
	c, more := d.ws()
	if !more {
		return false, d.eofErr("")
	}
	if c != '{' {
		return false, d.skipValue()
	}
	if err := d.push('{'); err != nil {
		return true, err
	}
	d.r++
	c, more = d.ws()
	if more && c == '}' {
		d.r++
		d.pop()
		return true, nil
	}
	first := true
	for {
		if !more || c != '"' {
			if first {
				return true, d.unexpected(`'"' to begin an object key, or '}'`)
			}
			return true, d.unexpected(`'"' to begin an object key`)
		}
		first = false
		k, err := d.key()
		if err != nil {
			return true, err
		}
		if err := member(k); err != nil {
			if err != errSkip {
				return true, err
			}
			if ck := d.canonicalKey(k); ck != nil {
				err = member(ck)
			}
			if err == errSkip {
				err = d.skipValue()
			}
			if err != nil {
				return true, err
			}
		}
		c, more = d.ws()
		if more && c == ',' {
			d.r++
			c, more = d.ws()
			continue
		}
		if more && c == '}' {
			d.r++
			d.pop()
			return true, nil
		}
		return true, d.unexpected("',' or '}' after object member")
	}
}

// array decodes the array at the current position, calling elem to consume
// each element. A value that is not an array is skipped and ok is false.
func (d *Decoder) array(elem func() error) (ok bool, err error) {
	c, more := d.ws()
	if !more {
		return false, d.eofErr("")
	}
	if c != '[' {
		return false, d.skipValue()
	}
	if err := d.push('['); err != nil {
		return true, err
	}
	d.r++
	if c, more = d.ws(); more && c == ']' {
		d.r++
		d.pop()
		return true, nil
	}
	for {
		if err := elem(); err != nil {
			return true, err
		}
		c, more = d.ws()
		if more && c == ',' {
			d.r++
			continue
		}
		if more && c == ']' {
			d.r++
			d.pop()
			return true, nil
		}
		return true, d.unexpected("',' or ']' after array element")
	}
}

// knownKeys maps the lower-case form of every key the decoder reads to its
// HAR spelling, for case-insensitive matching.
var knownKeys = func() map[string][]byte {
	m := map[string][]byte{}
	for _, k := range []string{
		"log", "version", "creator", "browser", "pages", "entries", "comment",
		"name", "value", "id", "title", "startedDateTime",
		"pageref", "time", "request", "response", "timings", "serverIPAddress",
		"connection", "_fromCache", "_resourceType", "_error", "_failureText",
		"method", "url", "httpVersion", "headers", "cookies", "queryString",
		"postData", "headersSize", "bodySize",
		"status", "statusText", "content", "redirectURL",
		"size", "compression", "mimeType", "encoding", "text", "params",
		"path", "domain", "expires", "httpOnly", "secure", "sameSite",
		"blocked", "dns", "connect", "send", "wait", "receive", "ssl",
	} {
		m[string(lowerASCII(nil, []byte(k)))] = []byte(k)
	}
	return m
}()

// canonicalKey returns the HAR spelling of a key that differs from it only
// in ASCII case, or nil.
func (d *Decoder) canonicalKey(k []byte) []byte {
	if len(k) < 2 || len(k) > len("serverIPAddress") {
		return nil
	}
	d.lbuf = lowerASCII(d.lbuf[:0], k)
	ck := knownKeys[string(d.lbuf)]
	if ck == nil || string(ck) == string(k) {
		return nil
	}
	return ck
}

// lowerASCII appends b with ASCII letters in lower case to dst.
func lowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

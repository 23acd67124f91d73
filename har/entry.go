package har

import (
	"bytes"
	"strconv"
	"strings"
	"unsafe"
)

// Decoding of log.entries[i] into the model. Every function here consumes
// exactly one JSON value; a value of an unexpected type is skipped or kept as
// JSON text, never an error.

// unknownTimings are the timings of an entry without (some of) them.
var unknownTimings = Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1}

// entry decodes one entry into e.
func (d *Decoder) entry(e *Entry) error {
	e.Time = -1
	e.Timings = unknownTimings
	e.Request.HeadersSize = -1
	e.Request.BodySize = -1
	_, err := d.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "pageref":
			return d.textField(&e.Pageref, true)
		case "startedDateTime":
			s, ok, err := d.text(false)
			if ok {
				e.StartedRaw = s
				e.Started, _ = parseTime(s)
			}
			return err
		case "time":
			e.Time, err = d.float(-1)
		case "request":
			if c, ok := d.ws(); ok && c != '{' && c != 'n' {
				return d.wrongType(`"request"`, c, "an object")
			}
			err = d.request(&e.Request)
		case "response":
			c, ok := d.ws()
			if ok && c != '{' && c != 'n' {
				// Skipping it would read the entry as one that got no
				// response.
				return d.wrongType(`"response"`, c, "an object")
			}
			if c != '{' {
				return d.skipValue() // null: no response, as when absent
			}
			resp := &Response{HeadersSize: -1, BodySize: -1, Content: Content{Size: -1}}
			e.Response = resp
			err = d.response(resp, e)
		case "timings":
			err = d.timings(&e.Timings)
		case "serverIPAddress":
			return d.textField(&e.ServerIPAddress, false)
		case "connection":
			return d.textField(&e.Connection, false)
		case "comment":
			return d.textField(&e.Comment, false)
		case "_fromCache":
			return d.textField(&e.FromCache, true)
		case "_resourceType":
			return d.textField(&e.ResourceType, true)
		case "_error":
			return d.textField(&e.Error, false)
		case "_authlint":
			e.Authlint, err = d.rawText()
		default:
			return errSkip
		}
		return err
	})
	return err
}

// request decodes an entry's request.
func (d *Decoder) request(r *Request) error {
	_, err := d.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "method":
			return d.textField(&r.Method, true)
		case "url":
			return d.textField(&r.URL, false)
		case "httpVersion":
			return d.textField(&r.HTTPVersion, true)
		case "headers":
			r.Headers, err = d.headers()
		case "cookies":
			r.Cookies, err = d.cookies()
		case "queryString":
			r.QueryString, err = d.nameValues()
		case "postData":
			if c, _ := d.ws(); c != '{' {
				return d.skipValue()
			}
			r.PostData = &PostData{}
			err = d.postData(r.PostData)
		case "headersSize":
			r.HeadersSize, err = d.int(-1)
		case "bodySize":
			r.BodySize, err = d.int(-1)
		default:
			return errSkip
		}
		return err
	})
	return err
}

// response decodes an entry's response. Its "_error" (where Chrome,
// BrowserMob and mitmproxy put why a request failed) goes to e.Error. Chrome
// has written it there since at least 2014: _buildResponse in
// catchpoint/WebPageTest www/chrome/inspector-20140603/network/NetworkPanel.js
// sets _error to localizedFailDescription; the corpus files
// chrome-devtools-https-fail.har, browsermob-proxy-2.1.6-k6-example.har and
// mitmproxy-savehar-incomplete.har have it there too (capture-har writes an
// object, kept as JSON text). Playwright writes it as "_failureText" (see
// noResponse), read when there is no "_error".
func (d *Decoder) response(r *Response, e *Entry) error {
	_, err := d.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "status":
			r.Status, err = d.status()
		case "statusText":
			return d.textField(&r.StatusText, true)
		case "httpVersion":
			return d.textField(&r.HTTPVersion, true)
		case "headers":
			r.Headers, err = d.headers()
		case "cookies":
			r.Cookies, err = d.cookies()
		case "content":
			err = d.content(&r.Content)
		case "redirectURL":
			return d.textField(&r.RedirectURL, false)
		case "headersSize":
			r.HeadersSize, err = d.int(-1)
		case "bodySize":
			r.BodySize, err = d.int(-1)
		case "_error":
			return d.textField(&e.Error, false)
		case "_failureText":
			// Playwright's name for it (see noResponse); _error wins.
			if e.Error != "" {
				return errSkip
			}
			return d.textField(&e.Error, false)
		default:
			return errSkip
		}
		return err
	})
	return err
}

// status reads response.status. Every exporter in the corpus writes a JSON
// number (see ../../shared/corpus/hars/SOURCES.md); a string holding a
// number is read as one, as every number field of the reader is. null or a
// missing status is 0, "no response", as HAR 1.2 exporters write for a
// request that failed (Chrome, BrowserMob: status 0 with _error). Anything
// else (an object, an array, a boolean, a string that is not a number) is
// an error: reading it as 0 would drop the response without a word.
func (d *Decoder) status() (int, error) {
	c, more := d.ws()
	switch {
	case !more:
		return 0, d.eofErr("")
	case c == 'n':
		_, err := d.literal()
		return 0, err
	case c == '-' || '0' <= c && c <= '9':
		n, err := d.int(0)
		return noResponse(clampInt(n)), err
	case c != '"':
		return 0, d.wrongType(`"status"`, c, "a number")
	}
	// Locate the string before reading it: reading may refill the buffer.
	se := d.errAt(d.r, "")
	s, _, err := d.str(d.sbuf[:0], maxNumLen)
	d.sbuf = s
	if err != nil {
		return 0, err
	}
	if n, ok := parseInt(bytes.TrimSpace(s)); ok {
		return noResponse(clampInt(n)), nil
	}
	// The value is not quoted: a malformed HAR can hold a secret there,
	// and error messages follow the reports' redaction rule.
	se.Msg = `not a HAR: "status" is a string that is not a number, expected a number`
	return 0, se
}

// noResponse maps a negative status to 0, "no response": Playwright
// writes -1 for a request that failed (with the reason in the response's
// _failureText; the recording testdata/hars/login-redirect-loop/
// chromium-redirect-limit.har, Playwright 1.65.1, has one), where HAR 1.2
// exporters write 0.
func noResponse(status int) int { return max(status, 0) }

// clampInt converts n to an int, clamping it on 32-bit platforms.
func clampInt(n int64) int {
	const maxInt, minInt = int64(^uint(0) >> 1), -int64(^uint(0)>>1) - 1
	return int(max(min(n, maxInt), minInt))
}

// content decodes a response's content.
func (d *Decoder) content(c *Content) error {
	_, err := d.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "size":
			c.Size, err = d.int(-1)
		case "compression":
			c.Compression, err = d.int(0)
		case "mimeType":
			return d.textField(&c.MimeType, true)
		case "encoding":
			return d.textField(&c.Encoding, true)
		case "text":
			limit := d.limit
			if d.textOnly && c.MimeType != "" && !TextualMIME(c.MimeType) {
				limit = 0
			}
			c.Text, c.TextLen, err = d.body(limit)
			c.Truncated = c.TextLen > int64(len(c.Text))
		default:
			return errSkip
		}
		return err
	})
	return err
}

// postData decodes a request's postData.
func (d *Decoder) postData(p *PostData) error {
	_, err := d.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "mimeType":
			return d.textField(&p.MimeType, true)
		case "text":
			var n int64
			p.Text, n, err = d.body(d.limit)
			p.Truncated = n > int64(len(p.Text))
		case "params":
			p.Params, err = d.nameValues()
		default:
			return errSkip
		}
		return err
	})
	return err
}

// body reads a content.text or postData.text, keeping its first d.limit
// decoded bytes, and returns the kept text and the decoded length of the
// whole. The rest is scanned past without being kept. The kept bytes are as
// written (base64 stays base64, invalid UTF-8 is not replaced), and the cut
// may split a UTF-8 sequence.
func (d *Decoder) body(limit int) (string, int64, error) {
	c, more := d.ws()
	if !more {
		return "", 0, d.eofErr("")
	}
	if c != '"' {
		s, _, err := d.text(false)
		if len(s) > limit {
			return s[:limit], int64(len(s)), err
		}
		return s, int64(len(s)), err
	}
	if d.bodyBuf == nil {
		d.bodyBuf = make([]byte, 0, min(limit, maxBodyScratch))
	}
	b, n, err := d.str(d.bodyBuf[:0], limit)
	if len(b) >= minHandOver && len(b) >= cap(b)/2 {
		// A long body is copied once, from the input buffer to the
		// scratch buffer, which the string then owns: the decoder
		// never writes to it again and takes a new one for the next
		// body. Copying it out again would copy every kept byte
		// twice.
		d.bodyBuf = nil
		return unsafe.String(unsafe.SliceData(b), len(b)), n, err
	}
	d.bodyBuf = b
	return string(b), n, err
}

// A body's scratch buffer starts at maxBodyScratch bytes (or the body
// limit when smaller); a body of at least minHandOver bytes that fills at
// least half of it keeps it (see body).
const (
	maxBodyScratch = 64 << 10
	minHandOver    = 1 << 10
)

// TextualMIME reports whether a media type names text a rule may read:
// text/*, JSON, XML, JavaScript, form data and similar, ignoring parameters.
func TextualMIME(mime string) bool {
	mt, _, _ := strings.Cut(mime, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if strings.HasPrefix(mt, "text/") {
		return true
	}
	for _, s := range []string{"json", "xml", "javascript", "ecmascript", "x-www-form-urlencoded", "html", "graphql", "yaml", "problem"} {
		if strings.Contains(mt, s) {
			return true
		}
	}
	return false
}

// timings decodes an entry's timings; a missing or null phase is -1.
func (d *Decoder) timings(t *Timings) error {
	_, err := d.object(func(k []byte) error {
		var p *float64
		switch string(k) {
		case "blocked":
			p = &t.Blocked
		case "dns":
			p = &t.DNS
		case "connect":
			p = &t.Connect
		case "send":
			p = &t.Send
		case "wait":
			p = &t.Wait
		case "receive":
			p = &t.Receive
		case "ssl":
			p = &t.SSL
		default:
			return errSkip
		}
		var err error
		*p, err = d.float(-1)
		return err
	})
	return err
}

// MaxListLen caps the headers and the cookies of one list. Real responses
// have at most a few hundred: Chrome fails a response whose headers exceed
// 256 KiB (kMaxHeaderBufSize, ERR_RESPONSE_HEADERS_TOO_BIG, in
// chromium/chromium net/http/http_stream_parser.h @87bd27c), which is a few
// thousand header lines at most. A longer list is an error: a million
// Set-Cookie lines in one entry would otherwise cost the rules minutes and
// gigabytes.
const MaxListLen = 10000

// tooMany is the error for the element at d.r of a list of what (headers,
// cookies) that already holds MaxListLen elements.
func (d *Decoder) tooMany(what string) error {
	if _, ok := d.ws(); !ok {
		return d.eofErr("")
	}
	return d.errAt(d.r, "not a HAR: more than "+strconv.Itoa(MaxListLen)+" "+what+" in one list (Chrome refuses more than 256 KiB of response headers)")
}

// headers decodes a headers array. An object is read as name: value pairs
// in file order.
func (d *Decoder) headers() (Headers, error) {
	d.hdrs = d.hdrs[:0]
	if c, _ := d.ws(); c == '{' {
		_, err := d.object(func(k []byte) error {
			if len(d.hdrs) >= MaxListLen {
				return d.tooMany("headers")
			}
			h := Header{Name: d.validString(k, true)}
			ok, err := d.textOK(&h.Value, true)
			if ok {
				d.hdrs = append(d.hdrs, h)
			}
			return err
		})
		return d.headersCopy(), err
	}
	_, err := d.array(func() error {
		if c, _ := d.ws(); c == '{' && len(d.hdrs) >= MaxListLen {
			return d.tooMany("headers")
		}
		var h Header
		ok, err := d.object(func(k []byte) error {
			switch string(k) {
			case "name":
				return d.textField(&h.Name, true)
			case "value":
				return d.textField(&h.Value, true)
			}
			return errSkip
		})
		if ok {
			d.hdrs = append(d.hdrs, h)
		}
		return err
	})
	return d.headersCopy(), err
}

// textOK is textField that also reports whether the value was not null.
func (d *Decoder) textOK(dst *string, intern bool) (bool, error) {
	s, ok, err := d.text(intern)
	if ok {
		*dst = s
	}
	return ok, err
}

// headersCopy returns the headers collected in d.hdrs in a slice of their
// own: one allocation per header list.
func (d *Decoder) headersCopy() Headers {
	if len(d.hdrs) == 0 {
		return nil
	}
	return append(Headers(nil), d.hdrs...)
}

// cookies decodes a cookies array. An object (IE11's Network Inspector
// writes one cookie as an object, not an array of one: corpus file
// ie11-network-inspector.har) is one cookie when it has any cookie field,
// and name: value pairs otherwise. Booleans may be strings (Fiddler 2.3
// writes "httpOnly": "true": fiddler-2.3.3.5-no-pages.har).
func (d *Decoder) cookies() ([]Cookie, error) {
	d.cks = d.cks[:0]
	if c, _ := d.ws(); c == '{' {
		var ck Cookie
		known := false
		_, err := d.object(func(k []byte) error {
			if err := d.cookieField(&ck, k); err != errSkip {
				known = true
				return err
			}
			if k2 := d.canonicalKey(k); k2 != nil {
				if err := d.cookieField(&ck, k2); err != errSkip {
					known = true
					return err
				}
			}
			if len(d.cks) >= MaxListLen {
				return d.tooMany("cookies")
			}
			pair := Cookie{Name: d.validString(k, false)}
			ok, err := d.textOK(&pair.Value, false)
			if ok {
				d.cks = append(d.cks, pair)
			}
			return err
		})
		if known {
			return []Cookie{ck}, err
		}
		return d.cookiesCopy(), err
	}
	_, err := d.array(func() error {
		if c, _ := d.ws(); c == '{' && len(d.cks) >= MaxListLen {
			return d.tooMany("cookies")
		}
		var ck Cookie
		ok, err := d.object(func(k []byte) error { return d.cookieField(&ck, k) })
		if ok {
			d.cks = append(d.cks, ck)
		}
		return err
	})
	return d.cookiesCopy(), err
}

func (d *Decoder) cookiesCopy() []Cookie {
	if len(d.cks) == 0 {
		return nil
	}
	return append([]Cookie(nil), d.cks...)
}

// cookieField decodes the member k of a cookie object, or returns errSkip.
func (d *Decoder) cookieField(ck *Cookie, k []byte) error {
	var err error
	switch string(k) {
	case "name":
		return d.textField(&ck.Name, true)
	case "value":
		return d.textField(&ck.Value, false)
	case "path":
		return d.textField(&ck.Path, true)
	case "domain":
		return d.textField(&ck.Domain, true)
	case "expires":
		return d.textField(&ck.Expires, false)
	case "httpOnly":
		ck.HTTPOnly, err = d.bool()
	case "secure":
		ck.Secure, err = d.bool()
	case "sameSite":
		return d.textField(&ck.SameSite, true)
	default:
		return errSkip
	}
	return err
}

// nameValues decodes a queryString or params array. A value of another
// JSON type than string is kept as its JSON text (chrome-har 0.2.2 writes
// objects there: chrome-har-0.2.2-304-cookies.har).
func (d *Decoder) nameValues() ([]NameValue, error) {
	d.nvs = d.nvs[:0]
	_, err := d.array(func() error {
		var nv NameValue
		ok, err := d.object(func(k []byte) error {
			switch string(k) {
			case "name":
				return d.textField(&nv.Name, true)
			case "value":
				return d.textField(&nv.Value, false)
			}
			return errSkip
		})
		if ok {
			d.nvs = append(d.nvs, nv)
		}
		return err
	})
	if len(d.nvs) == 0 {
		return nil, err
	}
	return append([]NameValue(nil), d.nvs...), err
}

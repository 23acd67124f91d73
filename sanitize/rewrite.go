package sanitize

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/ascii"
)

// The walker reads JSON through one fixed buffer, or a window over an input
// held in memory (inplace.go), and copies every byte it reads to the
// output, except the contents of the strings it scrubs. It
// knows the HAR structure only as far as it needs to tell a header value
// from a URL or a body (see role); everything else, unknown "_" fields
// included, is copied as it is. Strings are processed in windows of at most
// windowSize bytes, so memory does not grow with the input.

// windowSize is the most bytes of one string held at a time: a string that
// fits is scrubbed as a whole; a longer one in windows cut between runs.
const windowSize = 1 << 20

// maxDepth is the deepest nesting accepted (encoding/json's limit).
const maxDepth = 10000

// role is where an object or array sits in a HAR.
type role uint8

const (
	roleNone role = iota
	roleRoot
	roleLog
	roleEntries
	roleEntry
	rolePages
	rolePage
	roleMessage // request or response
	roleHeaders
	roleHeader
	roleCookies
	roleCookie
	roleParams
	roleParam
	rolePostData
	roleContent
	roleWSMessages
	roleWSMessage
)

type frame struct {
	obj  bool
	role role
	key  string // the member being read (objects)
	n    int    // members or elements so far
	// name is the name member of a header, cookie or parameter.
	name     string
	nameSeen bool
	// pending is a value seen before its name (learning and checking).
	pending []byte
	hasPend bool
	// mime and enc are a content object's mimeType and encoding.
	mime, enc string
	req       bool // a request (else a response), for roleMessage and below
	ord       int  // ordinal of a header, cookie or parameter object
}

// childRole returns the role of a value inside f.
func childRole(f *frame) role {
	if !f.obj {
		switch f.role {
		case roleEntries:
			return roleEntry
		case rolePages:
			return rolePage
		case roleHeaders:
			return roleHeader
		case roleCookies:
			return roleCookie
		case roleParams:
			return roleParam
		case roleWSMessages:
			return roleWSMessage
		}
		return roleNone
	}
	switch f.role {
	case roleRoot:
		if f.key == "log" {
			return roleLog
		}
	case roleLog:
		switch f.key {
		case "entries":
			return roleEntries
		case "pages":
			return rolePages
		}
	case roleEntry:
		switch f.key {
		case "request", "response":
			return roleMessage
		case "_webSocketMessages":
			return roleWSMessages
		}
	case roleMessage:
		switch f.key {
		case "headers":
			return roleHeaders
		case "cookies":
			return roleCookies
		case "queryString":
			return roleParams
		case "postData":
			return rolePostData
		case "content":
			return roleContent
		}
	case rolePostData:
		if f.key == "params" {
			return roleParams
		}
	}
	return roleNone
}

type walker struct {
	src  io.Reader
	buf  []byte
	r, w int
	rerr error
	// whole is the input when it is in memory (inplace.go): buf is then
	// a window over it, moved forward instead of refilled.
	whole []byte
	in    inPlace
	out   *bufio.Writer // nil unless rewriting
	s     *scrubber

	stack []frame
	sbuf  []byte // raw string contents being read
	dbuf  []byte // decoded
	ebuf  []byte // escaped output
	entry int    // index of the current entry, -1 outside entries
	where string // what the current string is, for --check
	off   int64  // input offset of buf[0]
	ords  int    // header, cookie and parameter objects so far
	keys  map[string]string
	// recent is intern's table of the last key seen per slot.
	recent [256]string
	noted  bool // the string being scrubbed is a body noted in pass one
}

func newWalker(src io.Reader, out io.Writer, s *scrubber) *walker {
	w := &walker{src: src, s: s, entry: -1}
	if in, ok := src.(inPlace); ok {
		w.in, w.whole = in, in.contents()
		w.buf = w.whole[:0]
	} else {
		w.buf = make([]byte, 256<<10)
	}
	if out != nil {
		w.out = bufio.NewWriterSize(out, 256<<10)
	}
	return w
}

// A SyntaxError is malformed JSON at an input offset.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

func (w *walker) errf(format string, args ...any) error {
	return &SyntaxError{Offset: w.off + int64(w.r), Msg: fmt.Sprintf(format, args...)}
}

// fill reads more input; it reports whether any byte was added.
func (w *walker) fill() bool {
	if w.rerr != nil {
		return false
	}
	if w.whole != nil {
		return w.slide()
	}
	if w.r > 0 {
		n := copy(w.buf, w.buf[w.r:w.w])
		w.off += int64(w.r)
		w.w, w.r = n, 0
	}
	for range 100 {
		n, err := w.src.Read(w.buf[w.w:])
		w.w += n
		if err != nil {
			w.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	w.rerr = io.ErrNoProgress
	return false
}

// slide moves the window over an in-place input: it starts at w.r and
// ends slideStep bytes further than before. Bytes before w.r stay valid
// (the input is not overwritten), so string contents read in place may
// be used after a slide.
func (w *walker) slide() bool {
	start, end := int(w.off)+w.r, int(w.off)+w.w
	if end >= len(w.whole) {
		w.rerr = io.EOF
		return false
	}
	end = min(end+slideStep, len(w.whole))
	w.buf = w.whole[start:end]
	w.off, w.r, w.w = int64(start), 0, end-start
	w.in.release(start)
	return true
}

func (w *walker) write(p []byte) {
	if w.out != nil {
		w.out.Write(p)
	}
}

// writeByte writes one byte: w.write([]byte{c}) would allocate, because
// what bufio.Writer.Write is given escapes.
func (w *walker) writeByte(c byte) {
	if w.out != nil {
		w.out.WriteByte(c)
	}
}

func (w *walker) writeString(s string) {
	if w.out != nil {
		w.out.WriteString(s)
	}
}

// ws copies whitespace and returns the next byte without consuming it.
func (w *walker) ws() (byte, bool) {
	for {
		start := w.r
		for w.r < w.w {
			c := w.buf[w.r]
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				w.write(w.buf[start:w.r])
				return c, true
			}
			w.r++
		}
		w.write(w.buf[start:w.r])
		if !w.fill() {
			return 0, false
		}
	}
}

func (w *walker) eof(what string) error {
	if w.rerr != nil && w.rerr != io.EOF {
		return w.rerr
	}
	return w.errf("unexpected end of input %s", what)
}

// run walks the whole input.
func (w *walker) run() error {
	for w.w-w.r < 3 && w.fill() {
	}
	if w.w-w.r >= 3 && string(w.buf[w.r:w.r+3]) == "\xef\xbb\xbf" {
		w.write(w.buf[w.r : w.r+3])
		w.r += 3
	}
	const (
		stValue = iota
		stKeyOrClose
		stValueOrClose
		stAfter
		stEnd
	)
	st := stValue
	for {
		c, ok := w.ws()
		if !ok {
			if st == stEnd {
				return w.flush()
			}
			if w.rerr != nil && w.rerr != io.EOF {
				return w.rerr
			}
			return w.errf("unexpected end of input")
		}
		switch st {
		case stEnd:
			return w.errf("invalid character %q after the top-level value", c)
		case stValueOrClose:
			if c == ']' {
				w.pop()
				st = w.after()
				continue
			}
			st = stValue
			fallthrough
		case stValue:
			if len(w.stack) == 0 && c != '{' {
				return errNotObject
			}
			if n := len(w.stack); n > 0 {
				w.stack[n-1].n++
			}
			switch {
			case c == '{' || c == '[':
				if err := w.push(c == '{'); err != nil {
					return err
				}
				w.write(w.buf[w.r : w.r+1])
				w.r++
				if c == '{' {
					st = stKeyOrClose
				} else {
					st = stValueOrClose
				}
				continue
			case c == '"':
				if err := w.stringValue(); err != nil {
					return err
				}
			case c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n':
				if err := w.scalar(); err != nil {
					return err
				}
			default:
				return w.errf("invalid character %q looking for a value", c)
			}
			st = w.after()
		case stKeyOrClose:
			if c == '}' {
				w.pop()
				st = w.after()
				continue
			}
			if c != '"' {
				return w.errf("invalid character %q looking for an object key", c)
			}
			if err := w.key(); err != nil {
				return err
			}
			st = stValue
		case stAfter:
			top := &w.stack[len(w.stack)-1]
			switch {
			case c == ',':
				w.write(w.buf[w.r : w.r+1])
				w.r++
				if top.obj {
					if c, ok := w.ws(); !ok || c != '"' {
						if !ok {
							return w.eof("after ','")
						}
						return w.errf("invalid character %q looking for an object key", c)
					}
					if err := w.key(); err != nil {
						return err
					}
				}
				st = stValue
			case c == '}' && top.obj || c == ']' && !top.obj:
				w.pop()
				st = w.after()
			default:
				return w.errf("invalid character %q after a value", c)
			}
		}
	}
}

// after returns the state after a complete value.
func (w *walker) after() int {
	if len(w.stack) == 0 {
		return 4 // stEnd
	}
	return 3 // stAfter
}

func (w *walker) push(obj bool) error {
	if len(w.stack) >= maxDepth {
		return w.errf("exceeded maximum nesting depth of %d", maxDepth)
	}
	f := frame{obj: obj, role: roleRoot}
	if n := len(w.stack); n > 0 {
		parent := &w.stack[n-1]
		f.role = childRole(parent)
		if obj {
			// Some exporters write a lone header or cookie as an object
			// instead of an array of one (IE 11: "cookies": {...}).
			switch f.role {
			case roleHeaders:
				f.role = roleHeader
			case roleCookies:
				f.role = roleCookie
			case roleParams:
				f.role = roleParam
			}
		}
		f.req = parent.req || parent.role == roleEntry && parent.key == "request"
		if f.role == roleEntry {
			w.entry = parent.n - 1
		}
		if f.role == roleHeader || f.role == roleCookie || f.role == roleParam {
			w.ords++
			f.ord = w.ords
		}
	}
	w.stack = append(w.stack, f)
	return nil
}

func (w *walker) pop() {
	f := &w.stack[len(w.stack)-1]
	if f.hasPend && f.nameSeen {
		// A value that came before its name: judge it now, and tell
		// the rewriting pass the name.
		w.structured(f, f.pending)
		if w.s.mode == modeLearn {
			w.s.l.nameAt(f.ord, f.name)
		}
	}
	if f.role == roleEntry {
		if b, ok := w.s.annot[w.entry]; ok && w.out != nil {
			if f.n > 0 {
				w.writeByte(',')
			}
			w.writeString(`"_authlint":`)
			w.write(b)
		}
		w.entry = -1
	}
	w.write(w.buf[w.r : w.r+1])
	w.r++
	w.stack = w.stack[:len(w.stack)-1]
}

// scalar copies a number or literal.
func (w *walker) scalar() error {
	for {
		start := w.r
		for w.r < w.w {
			c := w.buf[w.r]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-' || c == '+' || c == '.' || c == 'E') {
				w.write(w.buf[start:w.r])
				return nil
			}
			w.r++
		}
		w.write(w.buf[start:w.r])
		if !w.fill() {
			return nil // the caller meets the end of the input
		}
	}
}

// readString reads the raw contents of the string at w.r (a '"'), calling
// chunk for each piece of contents; the quotes are consumed, not passed.
func (w *walker) readString(chunk func([]byte) error) error {
	w.r++      // opening quote
	trail := 0 // backslashes just before w.r, from earlier chunks
	for {
		if w.r == w.w && !w.fill() {
			return w.eof("in a string")
		}
		seg := w.buf[w.r:w.w]
		i := 0
		for {
			q := indexByte(seg[i:], '"')
			if q < 0 {
				k := countBackslashes(seg, len(seg))
				if k == len(seg) {
					trail += k
				} else {
					trail = k
				}
				if err := chunk(seg); err != nil {
					return err
				}
				w.r = w.w
				break
			}
			q += i
			k := countBackslashes(seg, q)
			if k == q {
				k += trail
			}
			if k%2 == 1 { // an escaped quote
				i = q + 1
				trail = 0
				continue
			}
			if err := chunk(seg[:q]); err != nil {
				return err
			}
			w.r += q + 1
			return nil
		}
	}
}

// countBackslashes counts the backslashes just before b[end].
func countBackslashes(b []byte, end int) int {
	n := 0
	for end-n-1 >= 0 && b[end-n-1] == '\\' {
		n++
	}
	return n
}

func indexByte(b []byte, c byte) int { return bytes.IndexByte(b, c) }

// key reads an object key, copies it and the ':' after it.
func (w *walker) key() error {
	if q := indexByte(w.buf[w.r+1:w.w], '"'); q >= 0 && q <= 256 && indexByte(w.buf[w.r+1:w.r+1+q], '\\') < 0 {
		// The usual key, whole in the buffer and without escapes.
		k := w.buf[w.r+1 : w.r+1+q]
		w.write(w.buf[w.r : w.r+q+2])
		w.r += q + 2
		return w.keyRead(k)
	}
	w.write(w.buf[w.r : w.r+1])
	w.sbuf = w.sbuf[:0]
	err := w.readString(func(p []byte) error {
		w.write(p)
		if len(w.sbuf) < 256 {
			w.sbuf = append(w.sbuf, p[:min(len(p), 256-len(w.sbuf))]...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.writeByte('"')
	k := w.sbuf
	if indexByte(k, '\\') >= 0 {
		w.dbuf = unescape(w.dbuf[:0], k)
		k = w.dbuf
	}
	return w.keyRead(k)
}

// keyRead takes the key k (decoded) of the top object, and copies the ':'
// after it.
func (w *walker) keyRead(k []byte) error {
	top := &w.stack[len(w.stack)-1]
	top.key = w.intern(k)
	if top.role == roleEntry && top.key == "_authlint" && w.s.mode == modeLearn {
		w.s.l.annotated = true
	}
	c, ok := w.ws()
	if !ok {
		return w.eof("after an object key")
	}
	if c != ':' {
		return w.errf("invalid character %q after an object key", c)
	}
	w.write(w.buf[w.r : w.r+1])
	w.r++
	return nil
}

// intern returns b as a string, allocating once per distinct key: HARs
// repeat the same few dozen keys millions of times. A small table indexed
// by length and end bytes answers most lookups with one comparison, before
// the map.
func (w *walker) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	slot := &w.recent[(uint(len(b))*0x9e+uint(b[0])*0x3b+uint(b[len(b)-1]))%uint(len(w.recent))]
	if *slot == string(b) {
		return *slot
	}
	s, ok := w.keys[string(b)]
	if !ok {
		s = string(b)
		if w.keys == nil {
			w.keys = map[string]string{}
		}
		if len(w.keys) < 1<<12 {
			w.keys[s] = s
		}
	}
	*slot = s
	return s
}

// binaryTypes are mimeType prefixes whose base64 bodies are not text.
var binaryTypes = []string{"image/", "font/", "audio/", "video/", "application/octet-stream",
	"application/wasm", "application/pdf", "application/zip", "application/gzip",
	"application/font", "application/x-font", "application/vnd.ms-fontobject", "application/protobuf",
	"application/x-protobuf", "application/grpc"}

func isBinary(mime string) bool {
	m := ascii.Lower(mime)
	for _, p := range binaryTypes {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

// stringValue reads, scrubs and writes one string value.
func (w *walker) stringValue() error {
	var f *frame
	if n := len(w.stack); n > 0 && w.stack[n-1].obj {
		f = &w.stack[n-1]
	}
	if w.s.mode == modeCheck {
		w.where = w.describe(f)
	}
	// Binary bodies carry no secret a browser could read: copy them.
	binary := f != nil && f.role == roleContent && f.key == "text" && f.enc == "base64" && isBinary(f.mime)
	if q, ok := w.wholeString(); ok {
		// The usual string, whole in the buffer: scrubbed where it lies.
		if binary {
			w.write(q)
			return nil
		}
		w.write(q[:1])
		raw := q[1 : len(q)-1]
		if w.whole == nil && w.w-w.r < lookahead {
			// base64Follows may refill the buffer raw lies in.
			w.sbuf = append(w.sbuf[:0], raw...)
			raw = w.sbuf
		}
		return w.lastWindow(f, raw, false)
	}
	if binary {
		w.write(w.buf[w.r : w.r+1])
		if err := w.readString(func(p []byte) error { w.write(p); return nil }); err != nil {
			return err
		}
		w.writeByte('"')
		return nil
	}
	w.write(w.buf[w.r : w.r+1])
	w.sbuf = w.sbuf[:0]
	windowed := false
	err := w.readString(func(p []byte) error {
		// Windows are cut when exactly windowSize bytes are held, so that
		// where they are cut does not depend on how reads cut the input.
		for len(p) > 0 {
			n := min(len(p), windowSize-len(w.sbuf))
			w.sbuf = append(w.sbuf, p[:n]...)
			p = p[n:]
			if len(w.sbuf) >= windowSize {
				cut := w.window(f, w.sbuf, false)
				w.sbuf = append(w.sbuf[:0], w.sbuf[cut:]...)
				windowed = true
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.lastWindow(f, w.sbuf, windowed)
}

// wholeString returns the string at w.r (a '"'), quotes included, when it
// is whole in the buffer and shorter than windowSize, and consumes it. Its
// contents are not copied: they are valid until the buffer is refilled
// (for an in-place input, as long as the input).
func (w *walker) wholeString() ([]byte, bool) {
	if w.whole != nil && w.w-w.r < windowSize+2 {
		w.slide()
	}
	seg := w.buf[w.r+1 : w.w]
	if len(seg) > windowSize {
		seg = seg[:windowSize]
	}
	q := stringEnd(seg)
	if q < 0 {
		return nil, false
	}
	s := w.buf[w.r : w.r+q+2]
	w.r += q + 2
	return s, true
}

// stringEnd returns the index of the first unescaped '"' in b (the
// contents of a string, from just after its opening quote), or -1.
func stringEnd(b []byte) int {
	for i := 0; ; {
		q := indexByte(b[i:], '"')
		if q < 0 {
			return -1
		}
		q += i
		if countBackslashes(b, q)%2 == 0 {
			return q
		}
		i = q + 1
	}
}

// lastWindow scrubs and writes raw, the end of a string's contents (all of
// them unless windowed), and its closing quote.
func (w *walker) lastWindow(f *frame, raw []byte, windowed bool) error {
	if f != nil && f.role == roleContent && f.key == "text" && f.enc == "" && !windowed && w.base64Follows() {
		// Chrome writes "encoding" after "text": look ahead for it.
		if isBinary(f.mime) {
			w.write(raw)
			w.writeByte('"')
			return nil
		}
		f.enc = "base64"
	}
	// A long body scrubbed as text is noted in pass one and, when it
	// holds nothing secret, copied as it is in pass two (notes.go).
	w.noted = !windowed && f != nil && f.role == roleContent && f.key == "text" && f.enc != "base64" &&
		len(raw) >= minNotedLen && w.s.mode != modeCheck
	w.window(f, raw, true)
	w.noted = false
	w.writeByte('"')
	return nil
}

// lookahead is how far base64Follows looks: the same whatever the reads
// in the buffer, so that the output does not depend on them.
const lookahead = 4096

// base64Follows reports whether the next member of the object is
// "encoding": "base64" (looking ahead without consuming, at most lookahead
// bytes).
func (w *walker) base64Follows() bool {
	const want = `,"encoding":"base64"`
	for w.w-w.r < lookahead && w.fill() {
	}
	b := w.buf[w.r:w.w]
	b = b[:min(len(b), lookahead)]
	k := 0
	for i := 0; i < len(b) && k < len(want); i++ {
		switch c := b[i]; {
		case c == want[k]:
			k++
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			return false
		}
	}
	return k == len(want)
}

// window scrubs and writes the string contents raw: all of them when
// final, else up to the last place where a run cannot continue. It returns
// how many bytes of raw it wrote (the caller keeps the rest).
func (w *walker) window(f *frame, raw []byte, final bool) int {
	cut := len(raw)
	if !final {
		cut = safeCut(raw)
		if cut <= 0 {
			cut = escapeStart(raw)
		}
		f = nil // a long string is free text, whatever its place
	}
	part := raw[:cut]
	if w.noted {
		if w.s.mode == modeRewrite && w.s.l.cleanBody() {
			w.write(part)
			return cut
		}
		if w.s.mode == modeLearn {
			w.s.beginNote()
			defer w.s.endNote()
		}
	}
	dec := part
	if indexByte(part, '\\') >= 0 {
		w.dbuf = unescape(w.dbuf[:0], part)
		dec = w.dbuf
	}
	out, changed := w.scrub(f, dec, final)
	if changed {
		w.ebuf = appendEscaped(w.ebuf[:0], out)
		w.write(w.ebuf)
	} else {
		w.write(part)
	}
	return cut
}

// safeCut returns an index of raw where the string can be split: just
// after a byte that is neither part of a run nor of an escape.
func safeCut(raw []byte) int {
	for i := len(raw) - 1; i > len(raw)-4096 && i > 16; i-- {
		c := raw[i]
		if !runChar[c] && c != '%' && c != '\\' && raw[i-1] != '\\' && raw[i-1] != '%' && raw[i-2] != '%' {
			// Make sure no escape sequence spans the cut.
			if countBackslashes(raw, i)%2 == 0 && !inUnicodeEscape(raw, i) {
				return i + 1
			}
		}
	}
	return -1
}

// escapeStart returns the start of the last escape sequence of raw, a
// safe cut in text written as escapes, or len(raw)-16 when raw ends in one
// run of thousands of bytes (no secret this tool learns is that long).
func escapeStart(raw []byte) int {
	for i := len(raw) - 1; i > len(raw)-4096 && i > 0; i-- {
		if raw[i] == '\\' && countBackslashes(raw, i)%2 == 0 {
			return i
		}
	}
	return len(raw) - 16
}

// inUnicodeEscape reports whether raw[i] is one of the hex digits of a
// \uXXXX escape.
func inUnicodeEscape(raw []byte, i int) bool {
	for k := 2; k <= 5 && i-k >= 0; k++ {
		if raw[i-k+1] == 'u' && raw[i-k] == '\\' && countBackslashes(raw, i-k)%2 == 0 {
			return true
		}
	}
	return false
}

// scrub applies the scrubbing that fits the string's place.
func (w *walker) scrub(f *frame, v []byte, whole bool) ([]byte, bool) {
	if f == nil {
		return w.s.text(v, textOpts{})
	}
	switch f.role {
	case roleHeader, roleCookie, roleParam:
		switch f.key {
		case "name":
			f.name, f.nameSeen = w.intern(v), true
			return w.s.text(v, textOpts{})
		case "value":
			if !f.nameSeen && w.s.mode == modeRewrite {
				f.name, f.nameSeen = w.s.l.names[f.ord]
				defer func() { f.name, f.nameSeen = "", false }()
			}
			if f.nameSeen {
				return w.structured(f, v)
			}
			if w.s.mode != modeRewrite && len(v) <= 64<<10 {
				f.pending, f.hasPend = append(f.pending[:0], v...), true
				return v, false
			}
			if f.role == roleCookie {
				return w.s.cookieValue(v)
			}
			return w.s.text(v, textOpts{shapes: f.role == roleParam})
		}
	case roleMessage:
		switch f.key {
		case "url", "redirectURL":
			return w.s.text(v, textOpts{shapes: true, url: true})
		}
	case rolePage:
		if f.key == "title" && (hasPrefixFold(v, "http:") || hasPrefixFold(v, "https:")) {
			return w.s.text(v, textOpts{shapes: true, url: true})
		}
	case roleContent:
		switch f.key {
		case "mimeType":
			f.mime = w.intern(v)
		case "encoding":
			f.enc = w.intern(v)
		case "text":
			o := textOpts{noNames: isCode(f.mime)}
			if f.enc == "base64" && whole {
				return w.base64Body(v, o)
			}
			return w.s.text(v, o)
		}
	}
	return w.s.text(v, textOpts{})
}

// structured scrubs the value of a header, cookie or parameter whose name
// is known.
func (w *walker) structured(f *frame, v []byte) ([]byte, bool) {
	return w.s.structuredMemo(f.role, f.name, v, func() ([]byte, bool) {
		switch f.role {
		case roleHeader:
			return w.s.header(f.name, v)
		case roleCookie:
			return w.s.cookieValue(v)
		}
		return w.s.param(f.name, v)
	})
}

// base64Body scrubs a textual body stored as base64: decoded, scrubbed and
// encoded again when something changed.
func (w *walker) base64Body(v []byte, o textOpts) ([]byte, bool) {
	dec, err := base64.StdEncoding.DecodeString(string(v))
	if err != nil {
		return w.s.text(v, o)
	}
	out, changed := w.s.text(dec, o)
	if !changed {
		return v, false
	}
	return []byte(base64.StdEncoding.EncodeToString(out)), true
}

// isCode reports whether a body is JavaScript or CSS, where "name: value"
// and "name = value" are code, not data.
func isCode(mime string) bool {
	m := ascii.Lower(mime)
	return strings.Contains(m, "javascript") || strings.Contains(m, "ecmascript") || strings.HasPrefix(m, "text/css")
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

// describe names the place of the string about to be read, for --check.
func (w *walker) describe(f *frame) string {
	var b strings.Builder
	if w.entry >= 0 {
		b.WriteString("entry " + strconv.Itoa(w.entry) + " ")
	}
	if f == nil {
		b.WriteString("value")
		return b.String()
	}
	side := "response "
	if f.req {
		side = "request "
	}
	switch f.role {
	case roleHeader:
		b.WriteString(side + "header")
		if f.nameSeen {
			b.WriteString(" " + strconv.Quote(f.name))
		}
	case roleCookie:
		b.WriteString(side + "cookie")
		if f.nameSeen {
			b.WriteString(" " + strconv.Quote(f.name))
		}
	case roleParam:
		b.WriteString("parameter")
		if f.nameSeen {
			b.WriteString(" " + strconv.Quote(f.name))
		}
	case roleMessage:
		b.WriteString(side + f.key)
	case roleContent:
		b.WriteString("response content " + f.key)
	case rolePostData:
		b.WriteString("request postData " + f.key)
	case roleWSMessage:
		b.WriteString("websocket message " + f.key)
	case rolePage:
		b.WriteString("page " + f.key)
	default:
		b.WriteString(strconv.Quote(f.key))
	}
	return b.String()
}

func (w *walker) flush() error {
	if w.out != nil {
		return w.out.Flush()
	}
	return nil
}

// errNotObject is returned for input that is not a JSON object.
var errNotObject = errors.New("not a HAR: the input is not a JSON object")

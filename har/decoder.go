package har

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"hash"
	"io"
)

// Options tune a Decoder.
type Options struct {
	// BodyLimit is how many bytes of response content.text and request
	// postData.text are kept (as written in the HAR, i.e. still base64 when
	// encoded). 0 means DefaultBodyLimit; negative means keep none. Longer
	// texts are cut (Content.Truncated is set and Content.TextLen is the
	// full length).
	BodyLimit int
	// TextBodiesOnly keeps nothing of a response body whose content.mimeType,
	// when it comes before content.text (as every known exporter writes it),
	// is not textual (see TextualMIME): images, fonts, media and other
	// binary bodies, which are most of a large HAR's bytes, are skipped
	// without being copied.
	TextBodiesOnly bool
	// MaxUnpacked caps the bytes a gzip-compressed input may unpack to;
	// 0 means DefaultMaxUnpacked, negative means no limit.
	MaxUnpacked int64
	// MaxRatio caps how many times its compressed size a gzip-compressed
	// input may unpack to, once it has unpacked more than RatioFloor
	// bytes; 0 means DefaultMaxRatio, negative means no limit. Reading
	// stops with a *LimitError at the first byte beyond either limit, so
	// a decompression bomb costs neither time nor memory.
	MaxRatio float64
}

// DefaultBodyLimit is the body limit used when Options.BodyLimit is 0.
const DefaultBodyLimit = 64 << 10

// Defaults of the decompression limits. Real HAR exports compress 8 to 17
// times (the .har.gz files of ../../shared/corpus/hars unpack 8.4 and 9.7
// times their size; the largest .har files there gzip 10 to 16.5 times);
// a file of one entry repeated, the shape of a bomb, reaches 200 to 1000.
const (
	DefaultMaxUnpacked = 4 << 30
	DefaultMaxRatio    = 100
	// RatioFloor is how many bytes an input unpacks to before MaxRatio
	// applies: small files of repeated text compress far better than
	// large ones and are harmless.
	RatioFloor = 1 << 20
)

// A Decoder reads a HAR from a stream, one entry at a time, in memory that
// does not grow with the size of the file or of its bodies.
type Decoder struct {
	name     string
	limit    int  // bytes of a body kept
	textOnly bool // keep no body whose mimeType is not textual

	raw io.Reader // the input as given
	src io.Reader // raw, or a gzip reader over it
	gz  bool

	maxUnpacked int64   // 0: no limit
	maxRatio    float64 // 0: no limit

	// The buffer: d.buf[d.r:d.w] is read but not consumed; d.base is the
	// input offset of d.buf[0]; d.rerr is the error that ended reading.
	buf  []byte
	r, w int
	base int64
	rerr error

	// Line accounting: d.lines newlines before d.buf[d.lineIdx], the last
	// of them at input offset d.lastNL (-1 when none).
	lines   int
	lineIdx int
	lastNL  int64

	// Raw capture of a value's JSON text (see rawText).
	rec      bool
	recStart int
	recBuf   []byte
	// recLen is the length of the raw text so far; recHashed says that
	// d.hash holds the part beyond MaxValueLen.
	recLen    int64
	recHashed bool

	stack []byte // open objects ('{') and arrays ('[')
	state state
	err   error // sticky: returned by every Next after the first error

	index   int  // position in log.entries of the next element
	count   int  // entries decoded
	cur     int  // index of the entry being decoded, -1 outside entries
	logSeen bool // the top-level object had a "log" object
	entSeen bool // "log" had an "entries" array
	log     Log

	// Hashing of the part of a long string that is not kept (see add).
	hashing, hashed bool
	hash            hash.Hash
	sum             [sha256.Size]byte
	one             [1]byte

	// Scratch space, reused from entry to entry.
	sbuf, kbuf, lbuf, nbuf, ubuf, bodyBuf []byte
	hdrs                                  []Header
	cks                                   []Cookie
	nvs                                   []NameValue
	intern                                *[internSize]string
}

// state is where the decoder is in the top-level structure
// {"log": {..., "entries": [...], ...}, ...}. The order of the constants
// matters: Next goes from a First state to its Key state with +1, and from a
// Next state back to its Key state with -1.
type state int

const (
	stInit     state = iota
	stTopFirst       // after the top-level '{'
	stTopKey         // before a top-level key
	stTopNext        // after a top-level member
	stLogFirst       // after log's '{'
	stLogKey         // before a key of log
	stLogNext        // after a member of log
	stEntFirst       // after entries' '['
	stEntElem        // before an element of entries
	stEntNext        // after an element of entries
	stDone
)

// NewDecoder returns a Decoder reading a HAR from r; name is used in errors
// (a file path, or "-" or "<stdin>"). It transparently gunzips input that
// starts with the gzip magic bytes 1f 8b, and skips a leading UTF-8 BOM.
func NewDecoder(r io.Reader, name string, opt Options) *Decoder {
	return newDecoder(r, name, opt, defaultBufSize)
}

// newDecoder is NewDecoder with a buffer of the given size; tests use tiny
// buffers to exercise refills everywhere.
func newDecoder(r io.Reader, name string, opt Options, bufSize int) *Decoder {
	limit := opt.BodyLimit
	switch {
	case limit == 0:
		limit = DefaultBodyLimit
	case limit < 0:
		limit = 0
	}
	return &Decoder{
		name:        name,
		limit:       limit,
		textOnly:    opt.TextBodiesOnly,
		maxUnpacked: orDefault(opt.MaxUnpacked, DefaultMaxUnpacked),
		maxRatio:    orDefault(opt.MaxRatio, DefaultMaxRatio),
		raw:         r,
		src:         r,
		buf:         make([]byte, max(bufSize, minBufSize)),
		lastNL:      -1,
		cur:         -1,
	}
}

// orDefault maps an Options limit to the Decoder's: 0 is def, negative is
// 0 (no limit).
func orDefault[T int64 | float64](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// Log returns the metadata (version, creator, browser, pages, comment) seen
// so far. It is complete only after Next returned io.EOF, because these
// members may come after "entries" in the file.
func (d *Decoder) Log() *Log { return &d.log }

// InputOffset returns the offset of the next byte to decode in the
// (decompressed, BOM-stripped) input: the number of bytes consumed.
func (d *Decoder) InputOffset() int64 { return d.base + int64(d.r) }

// Entries returns the number of entries decoded so far.
func (d *Decoder) Entries() int { return d.count }

// ReadAll decodes a whole HAR: a convenience for tests and small files. On
// error it returns the entries decoded before it.
func ReadAll(r io.Reader, name string, opt Options) (*Log, []*Entry, error) {
	d := NewDecoder(r, name, opt)
	var entries []*Entry
	for {
		e, err := d.Next()
		if err == io.EOF {
			return d.Log(), entries, nil
		}
		if err != nil {
			return d.Log(), entries, err
		}
		entries = append(entries, e)
	}
}

// Next returns the next entry of log.entries in file order, or io.EOF after
// the last one, once the rest of the file has been checked. Each call
// returns a new *Entry that the caller may keep. An element of log.entries
// that is not an object, a "log" without an "entries" array, and an entry
// whose request, response or response status has the wrong type are
// errors (see SyntaxError). After an error,
// Next returns the same error again; the entries before it were already
// returned, so a file cut short can be used up to its last complete entry.
func (d *Decoder) Next() (*Entry, error) {
	if d.err != nil {
		return nil, d.err
	}
	e, err := d.next()
	if err != nil {
		d.err = err
		d.state = stDone
		return nil, err
	}
	return e, nil
}

func (d *Decoder) next() (*Entry, error) {
	for {
		switch d.state {
		case stInit:
			if err := d.start(); err != nil {
				return nil, err
			}
			d.state = stTopFirst
		case stTopFirst, stLogFirst:
			switch c, ok := d.ws(); {
			case ok && c == '}':
				if err := d.closeObject(); err != nil {
					return nil, err
				}
			case ok && c == '"':
				d.state++ // to the key state
			default:
				return nil, d.unexpected(`'"' to begin an object key, or '}'`)
			}
		case stTopKey, stLogKey:
			if c, ok := d.ws(); !ok || c != '"' {
				return nil, d.unexpected(`'"' to begin an object key`)
			}
			k, err := d.key()
			if err != nil {
				return nil, err
			}
			if d.state == stTopKey {
				err = d.topMember(k)
			} else {
				err = d.logKey(k)
			}
			if err != nil {
				return nil, err
			}
		case stTopNext, stLogNext:
			c, ok := d.ws()
			switch {
			case ok && c == ',':
				d.r++
				d.state-- // to the key state
			case ok && c == '}':
				if err := d.closeObject(); err != nil {
					return nil, err
				}
			default:
				return nil, d.unexpected("',' or '}' after object member")
			}
		case stEntFirst:
			if c, ok := d.ws(); ok && c == ']' {
				d.r++
				d.pop()
				d.state = stLogNext
				continue
			}
			d.state = stEntElem
		case stEntElem:
			e, err := d.element()
			if err != nil || e != nil {
				return e, err
			}
		case stEntNext:
			c, ok := d.ws()
			switch {
			case ok && c == ',':
				d.r++
				d.state = stEntElem
			case ok && c == ']':
				d.r++
				d.pop()
				d.state = stLogNext
			default:
				return nil, d.unexpected("',' or ']' after array element")
			}
		case stDone:
			return nil, io.EOF
		}
	}
}

// start detects gzip and a BOM and checks that the input starts an object.
func (d *Decoder) start() error {
	d.ensure(3)
	if d.w >= 2 && d.buf[0] == 0x1f && d.buf[1] == 0x8b {
		// Replay the bytes read so far in front of the rest of the input.
		head := bytes.Clone(d.buf[:d.w])
		d.w = 0
		d.rerr = nil
		d.gz = true
		packed := &countReader{r: io.MultiReader(bytes.NewReader(head), d.raw)}
		zr, err := gzip.NewReader(packed)
		if err != nil {
			d.rerr = err
			return d.eofErr("")
		}
		d.src = zr
		if d.maxUnpacked > 0 || d.maxRatio > 0 {
			d.src = &bombReader{r: zr, packed: packed, d: d}
		}
		d.ensure(3)
	}
	if d.w >= 3 && d.buf[0] == 0xef && d.buf[1] == 0xbb && d.buf[2] == 0xbf {
		d.r = 3
		d.lineIdx = 3
		d.base = -3
	}
	c, ok := d.ws()
	if !ok {
		if d.rerr != io.EOF {
			return d.eofErr("")
		}
		msg := "empty input: expected a HAR (a JSON object with a \"log\" member)"
		if d.base+int64(d.r) > 0 {
			msg = "input is only whitespace: expected a HAR (a JSON object with a \"log\" member)"
		}
		return d.errAt(d.r, msg)
	}
	if c != '{' {
		if kind := valueKind(c); kind != "" {
			return d.errAt(d.r, "not a HAR: the top level is "+kind+", expected an object with a \"log\" member")
		}
		return d.errAt(d.r, "expected a HAR (a JSON object with a \"log\" member), found "+describe(c))
	}
	if err := d.push('{'); err != nil {
		return err
	}
	d.r++
	return nil
}

// wrongType is the error for the value at d.r, which starts with c, where a
// value of the kind want was expected: "not a HAR: <what> is <kind>,
// expected <want>". The value is read first, so that invalid JSON or a file
// cut short inside it is reported as such.
func (d *Decoder) wrongType(what string, c byte, want string) error {
	kind := valueKind(c)
	if kind == "" {
		return d.unexpected("a value")
	}
	se := d.errAt(d.r, "not a HAR: "+what+" is "+kind+", expected "+want)
	if err := d.skipValue(); err != nil {
		return err
	}
	return se
}

// valueKind names the JSON value that starts with c, or returns "".
func valueKind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || '0' <= c && c <= '9':
		return "a number"
	}
	return ""
}

// topMember decodes the value of a top-level member named k.
func (d *Decoder) topMember(k []byte) error {
	d.state = stTopNext
	if string(k) != "log" {
		if ck := d.canonicalKey(k); ck == nil || string(ck) != "log" {
			return d.skipValue()
		}
	}
	c, ok := d.ws()
	if !ok {
		return d.eofErr("")
	}
	if c != '{' {
		if kind := valueKind(c); kind != "" {
			return d.errAt(d.r, "not a HAR: \"log\" is "+kind+", expected an object")
		}
		return d.unexpected("a value")
	}
	if err := d.push('{'); err != nil {
		return err
	}
	d.r++
	d.logSeen = true
	d.state = stLogFirst
	return nil
}

// logKey decodes the value of a member of log named k.
func (d *Decoder) logKey(k []byte) error {
	d.state = stLogNext
	if ck := d.canonicalKey(k); ck != nil && string(k) != "entries" {
		k = ck
	}
	if string(k) == "entries" {
		c, ok := d.ws()
		if !ok {
			return d.eofErr("")
		}
		if c != '[' {
			// A HAR without entries is not an empty HAR: reading it as
			// one would report "no findings" on a file that holds none.
			return d.wrongType(`"entries"`, c, "an array")
		}
		if err := d.push('['); err != nil {
			return err
		}
		d.r++
		d.entSeen = true
		d.state = stEntFirst
		return nil
	}
	if err := d.logMember(k); err != errSkip {
		return err
	}
	return d.skipValue()
}

// closeObject consumes the '}' at d.r, which closes log or the top level.
func (d *Decoder) closeObject() error {
	d.r++
	d.pop()
	if d.state == stLogFirst || d.state == stLogNext {
		if !d.entSeen {
			return d.errAt(d.r-1, `not a HAR: "log" has no "entries" member`)
		}
		d.state = stTopNext
		return nil
	}
	if !d.logSeen {
		return d.errAt(d.r-1, "not a HAR: the top-level object has no \"log\" member")
	}
	if c, ok := d.ws(); ok {
		return d.errAt(d.r, "expected the end of the input after the top-level object, found "+describe(c))
	}
	if d.rerr != io.EOF {
		return d.eofErr("")
	}
	d.state = stDone
	return nil
}

// element decodes the element of log.entries at d.r. An element that is not
// an object is an error: skipping it would analyse the file without it.
func (d *Decoder) element() (*Entry, error) {
	d.state = stEntNext
	c, ok := d.ws()
	if !ok {
		return nil, d.eofErr("")
	}
	index := d.index
	d.index++
	if c != '{' {
		d.cur = index
		return nil, d.wrongType("the entry", c, "an object")
	}
	e := &Entry{Index: index, Offset: d.base + int64(d.r)}
	e.Line, _ = d.position(d.r)
	d.cur = index
	if err := d.entry(e); err != nil {
		return nil, err
	}
	d.cur = -1
	d.count++
	return e, nil
}

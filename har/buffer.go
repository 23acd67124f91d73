package har

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
)

// The decoder reads its input through one fixed buffer: d.buf[d.r:d.w] holds
// the bytes read but not yet consumed, and d.base is the input offset of
// d.buf[0]. fill discards the consumed bytes and reads more. Newlines are
// counted lazily over consumed spans (d.buf[d.lineIdx:...]) so that entry and
// error positions cost one bytes.Count per span, not a branch per byte.

const (
	// defaultBufSize is the buffer size of a Decoder. Large enough that
	// refills are rare, small enough to stay in the L2 cache.
	defaultBufSize = 256 << 10
	// minBufSize is the smallest buffer a Decoder works with: an escape
	// sequence with a surrogate pair (12 bytes) must fit.
	minBufSize = 16
)

// fill discards the consumed bytes and reads more input. It reports whether
// any byte was added; when none was, d.rerr says why (io.EOF at the end).
func (d *Decoder) fill() bool {
	if d.rerr != nil {
		return false
	}
	if d.r > 0 {
		d.discard()
	}
	if d.w == len(d.buf) {
		// Every caller consumes what it can before filling, and asks for
		// at most minBufSize bytes of lookahead, so this cannot happen;
		// grow rather than loop forever if it ever does.
		nb := make([]byte, 2*len(d.buf))
		copy(nb, d.buf[:d.w])
		d.buf = nb
	}
	for range 100 {
		n, err := d.src.Read(d.buf[d.w:])
		if n < 0 || n > len(d.buf)-d.w {
			n = 0
			err = io.ErrShortBuffer // a broken io.Reader
		}
		d.w += n
		if err != nil {
			d.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	d.rerr = io.ErrNoProgress
	return false
}

// discard drops d.buf[:d.r], counting its newlines and recording it first.
func (d *Decoder) discard() {
	d.countLines(d.r)
	if d.rec {
		d.record(d.buf[d.recStart:d.r])
		d.recStart = 0
	}
	n := copy(d.buf, d.buf[d.r:d.w])
	d.base += int64(d.r)
	d.w = n
	d.r = 0
	d.lineIdx = 0
}

// ensure tries to make n bytes available at d.r and reports whether it did.
func (d *Decoder) ensure(n int) bool {
	for d.w-d.r < n {
		if !d.fill() {
			return d.w-d.r >= n
		}
	}
	return true
}

// ws skips whitespace and returns the next byte without consuming it; ok is
// false at the end of the input.
func (d *Decoder) ws() (c byte, ok bool) {
	for {
		buf, r := d.buf[:d.w], d.r
		for r < len(buf) {
			c = buf[r]
			if c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				d.r = r
				return c, true
			}
			r++
			if c == '\n' {
				// Skip indentation 8 spaces at a time.
				for r+8 <= len(buf) && binary.LittleEndian.Uint64(buf[r:]) == 0x2020202020202020 {
					r += 8
				}
			}
		}
		d.r = r
		if !d.fill() {
			return 0, false
		}
	}
}

// countLines counts the newlines in d.buf[d.lineIdx:upto].
func (d *Decoder) countLines(upto int) {
	if upto <= d.lineIdx {
		return
	}
	seg := d.buf[d.lineIdx:upto]
	if n := bytes.Count(seg, nl); n > 0 {
		d.lines += n
		d.lastNL = d.base + int64(d.lineIdx+bytes.LastIndexByte(seg, '\n'))
	}
	d.lineIdx = upto
}

var nl = []byte{'\n'}

// position returns the 1-based line and column (in bytes) of buffer index
// at. Positions must be asked for in increasing order.
func (d *Decoder) position(at int) (line, col int) {
	d.countLines(at)
	return d.lines + 1, int(d.base + int64(at) - d.lastNL)
}

// record appends p to the raw text being captured, up to MaxValueLen
// bytes; the rest is counted and hashed after the kept prefix (see
// rawText), so that a huge object in a header value costs no more than a
// long string there.
func (d *Decoder) record(p []byte) {
	d.recLen += int64(len(p))
	room := MaxValueLen - len(d.recBuf)
	if room >= len(p) {
		d.recBuf = append(d.recBuf, p...)
		return
	}
	if room > 0 {
		d.recBuf = append(d.recBuf, p[:room]...)
		p = p[room:]
	}
	if !d.recHashed {
		if d.hash == nil {
			d.hash = sha256.New()
		}
		d.hash.Reset()
		d.hash.Write(d.recBuf)
		d.recHashed = true
	}
	d.hash.Write(p)
}

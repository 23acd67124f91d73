package har

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/authlint/authlint/internal/english"
)

// SyntaxError describes malformed input: invalid JSON, a top level that is
// not a HAR, or a file cut short. Every malformed-input error returned by a
// Decoder is a *SyntaxError; use errors.As to get at the fields. Errors
// reading the underlying reader are returned as they are, wrapped with the
// file name.
type SyntaxError struct {
	File string // the name given to NewDecoder
	// Offset is the byte offset of the problem in the decompressed,
	// BOM-stripped input; Line and Column (1-based, in bytes) locate it.
	Offset int64
	Line   int
	Column int
	// Entry is the index in log.entries of the entry being decoded, or -1
	// when the problem is outside any entry.
	Entry int
	// Entries is the number of complete entries decoded before the problem.
	Entries int
	// Truncated says that the input ended early: the file was cut short.
	Truncated bool
	// Msg says what was expected and what was found.
	Msg string
}

// Error returns the error on one line:
// "<file>:<line>:<col>: offset <n>, entry <i>: <msg>", without the entry part
// when the problem is outside any entry.
func (e *SyntaxError) Error() string {
	if e.Entry < 0 {
		return fmt.Sprintf("%s:%d:%d: offset %d: %s", e.File, e.Line, e.Column, e.Offset, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: offset %d, entry %d: %s", e.File, e.Line, e.Column, e.Offset, e.Entry, e.Msg)
}

// errAt returns a *SyntaxError for the byte at buffer index at.
func (d *Decoder) errAt(at int, msg string) *SyntaxError {
	line, col := d.position(at)
	return &SyntaxError{
		File:    d.name,
		Offset:  d.base + int64(at),
		Line:    line,
		Column:  col,
		Entry:   d.cur,
		Entries: d.count,
		Msg:     msg,
	}
}

// unexpected reports that the byte at d.r is not what was expected, or that
// the input ended there.
func (d *Decoder) unexpected(expected string) error {
	if d.r >= d.w {
		return d.eofErr("")
	}
	return d.errAt(d.r, "expected "+expected+", found "+describe(d.buf[d.r]))
}

// eofErr is the error for running out of input: a truncation SyntaxError when
// the input simply ended (where says in what, e.g. "in a string"; empty means
// "in the innermost open object or array"), a SyntaxError for corrupt gzip
// data, or the read error itself.
func (d *Decoder) eofErr(where string) error {
	err := d.rerr
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	gzipCut := d.gz && errors.Is(err, io.ErrUnexpectedEOF)
	if err != nil && err != io.EOF && !gzipCut {
		var corrupt flate.CorruptInputError
		if d.gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)) {
			e := d.errAt(d.w, "corrupt gzip data: "+err.Error())
			return e
		}
		return fmt.Errorf("read %s: %w", d.name, err)
	}
	if where == "" && len(d.stack) > 0 {
		if d.stack[len(d.stack)-1] == '{' {
			where = "in an object"
		} else {
			where = "in an array"
		}
	}
	msg := "unexpected end of input"
	if gzipCut {
		msg = "unexpected end of gzip stream"
	} else if where != "" {
		msg += " " + where
	}
	e := d.errAt(d.w, msg+": the file is cut short after "+english.Count(d.count, "complete entry", "complete entries"))
	e.Truncated = true
	return e
}

// describe names a byte for an error message: 'x' for printable ASCII,
// "byte 0x1f" otherwise.
func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

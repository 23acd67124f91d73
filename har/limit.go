package har

import (
	"fmt"
	"io"
)

// LimitError says that a gzip-compressed input unpacks to more than the
// Options allow: a decompression bomb, or a file larger than MaxUnpacked.
// Nothing beyond the limit was decompressed.
type LimitError struct {
	File string // the name given to NewDecoder
	// Packed and Unpacked are the compressed bytes read and the bytes they
	// unpacked to when reading stopped.
	Packed, Unpacked int64
	// MaxUnpacked is set when the size limit was crossed, MaxRatio when the
	// ratio limit was.
	MaxUnpacked int64
	MaxRatio    float64
}

// Error returns the error on one line, naming the file and the limit.
func (e *LimitError) Error() string {
	if e.MaxUnpacked > 0 {
		return fmt.Sprintf("%s: gzip data unpacks to more than %s (the limit); stopped after %s from %s compressed",
			e.File, Size(e.MaxUnpacked), Size(e.Unpacked), Size(e.Packed))
	}
	return fmt.Sprintf("%s: gzip data unpacks to more than %g times its compressed size (the limit), a decompression bomb: stopped after %s from %s compressed",
		e.File, e.MaxRatio, Size(e.Unpacked), Size(e.Packed))
}

// Size formats a byte count for people: "512 bytes", "64 KiB", "1.5 GiB".
func Size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	f, i := float64(n), -1
	for f >= unit && i < 3 {
		f /= unit
		i++
	}
	s := fmt.Sprintf("%.1f", f)
	if s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s + " " + [...]string{"KiB", "MiB", "GiB", "TiB"}[i]
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// bombReader enforces the decompression limits of d on the gzip reader r
// over packed.
type bombReader struct {
	r      io.Reader
	packed *countReader
	d      *Decoder
	n      int64 // bytes unpacked
	err    *LimitError
}

func (b *bombReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	// Never unpack past the size limit, even within one read.
	if m := b.d.maxUnpacked; m > 0 && int64(len(p)) > m-b.n+1 {
		p = p[:m-b.n+1]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	size := b.d.maxUnpacked > 0 && b.n > b.d.maxUnpacked
	ratio := b.d.maxRatio > 0 && b.n > RatioFloor && float64(b.n) > b.d.maxRatio*float64(b.packed.n)
	if !size && !ratio {
		return n, err
	}
	// The bytes of this read stay unread: the input ends at the limit.
	b.err = &LimitError{File: b.d.name, Packed: b.packed.n, Unpacked: b.n}
	if size {
		b.err.MaxUnpacked = b.d.maxUnpacked
	} else {
		b.err.MaxRatio = b.d.maxRatio
	}
	return 0, b.err
}

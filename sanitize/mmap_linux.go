package sanitize

import (
	"io"
	"os"
	"syscall"
)

// releaseStep is how many bytes behind the walker a mapping accumulates
// before giving them back (madvise(MADV_DONTNEED)), and releaseLag how far
// behind the walker it keeps pages: the string being scrubbed lies there.
const (
	releaseStep = 2 << 20
	releaseLag  = 2 << 20
)

// mapping is a regular file mapped read-only. Pages the walker has passed
// are dropped from the mapping (MADV_DONTNEED on a shared file mapping
// unmaps them; the file and the page cache are untouched, and a later
// access reads them again), so peak RSS stays bounded however long the
// file is.
type mapping struct {
	f        *os.File
	data     []byte
	pos      int // for Read
	released int // pages before this offset have been given back
}

// mapFile maps f (an open regular file of size n > 0) for reading, or
// returns false when the system refuses (the caller reads it instead).
func mapFile(f *os.File, n int64) (*mapping, bool) {
	if n <= 0 || int64(int(n)) != n {
		return nil, false
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(n), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, false
	}
	return &mapping{f: f, data: data}, true
}

func (m *mapping) contents() []byte { return m.data }

func (m *mapping) release(off int) {
	off -= releaseLag
	if off-m.released < releaseStep {
		return
	}
	page := os.Getpagesize()
	end := off / page * page
	if end <= m.released {
		return
	}
	// An error leaves the pages mapped: only memory is at stake.
	_ = syscall.Madvise(m.data[m.released:end], syscall.MADV_DONTNEED)
	m.released = end
}

// Read copies the mapping, giving back what it has passed.
func (m *mapping) Read(p []byte) (int, error) {
	if m.pos >= len(m.data) {
		return 0, io.EOF
	}
	n := copy(p, m.data[m.pos:])
	m.pos += n
	m.release(m.pos)
	return n, nil
}

func (m *mapping) Close() error {
	err := syscall.Munmap(m.data)
	m.data = nil
	if cerr := m.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// streamOf returns a reader of r's contents that is safe to read on any
// goroutine: a mapped file is read through read(2), since a fault in the
// mapping (the file truncated meanwhile) is made an error only on the
// walker's goroutine (see walk).
func streamOf(r io.Reader) io.Reader {
	if m, ok := r.(*mapping); ok {
		return io.NewSectionReader(m.f, 0, int64(len(m.data)))
	}
	return r
}

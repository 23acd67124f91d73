package sanitize

import "io"

// An input held whole in memory (a memory-mapped file, or the bytes given
// to SanitizeBytes) is parsed in place: the walker's buffer is a window
// over it instead of a copy made by read(2), and string contents are
// scrubbed where they lie.

// inPlace is a ReadCloser whose contents are in memory as a whole.
type inPlace interface {
	io.ReadCloser
	// contents returns the whole input; the walker never writes to it.
	contents() []byte
	// release tells that the walker is done with contents()[:off]: a
	// mapping gives those pages back, so that memory does not grow with
	// the input (they are read from the file again if touched).
	release(off int)
}

// memInput is an in-memory input (SanitizeBytes).
type memInput struct {
	b   []byte
	pos int
}

func (m *memInput) Read(p []byte) (int, error) {
	if m.pos >= len(m.b) {
		return 0, io.EOF
	}
	n := copy(p, m.b[m.pos:])
	m.pos += n
	return n, nil
}

func (m *memInput) Close() error     { return nil }
func (m *memInput) contents() []byte { return m.b }
func (m *memInput) release(int)      {}

// slideStep is how far the walker's window over an in-place input moves
// forward at a time: at least windowSize more than a string, so that any
// string short enough to be scrubbed whole is found whole in the window.
const slideStep = 4 << 20

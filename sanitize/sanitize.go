package sanitize

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// Options configure a sanitize run.
type Options struct {
	// Key keys the pseudonyms: the same key gives the same pseudonym for
	// the same value in every file. Nil means a random key for this run.
	Key []byte
	// PII also replaces the local parts of e-mail addresses and IPv4
	// addresses, wherever they appear.
	PII bool
	// Keyring holds the app's secrets: with them, what decrypting each
	// encrypted session cookie showed is recorded in "_authlint"
	// annotations (see annotate.go), unless the input has some already.
	Keyring *token.Keyring
}

// A Source opens the input afresh: sanitize reads it twice, first to learn
// its secrets, then to rewrite it.
type Source func() (io.ReadCloser, error)

// FileSource returns a Source reading the file at path, gunzipped when it
// starts with the gzip magic bytes. A regular file that is not gzipped is
// memory-mapped and parsed in place where the system allows (inplace.go).
func FileSource(path string) Source {
	return func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		if m, ok := mapRegular(f); ok {
			return m, nil
		}
		r, err := maybeGzip(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return r, nil
	}
}

// mapRegular maps f when it is a regular file that does not start with the
// gzip magic bytes.
func mapRegular(f *os.File) (*mapping, bool) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < 2 {
		return nil, false
	}
	var head [2]byte
	if _, err := f.ReadAt(head[:], 0); err != nil || head[0] == 0x1f && head[1] == 0x8b {
		return nil, false
	}
	return mapFile(f, st.Size())
}

// readCloser pairs a reader with the closer of what it reads.
type readCloser struct {
	io.Reader
	close func() error
}

func (r readCloser) Close() error { return r.close() }

// maybeGzip returns a reader of f's contents, decompressed when they start
// with the gzip magic bytes 1f 8b.
func maybeGzip(f io.ReadCloser) (io.ReadCloser, error) {
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		return readCloser{zr, func() error { zr.Close(); return f.Close() }}, nil
	}
	if len(head) == 2 {
		// Read what br holds, then f itself: through br, the walker's
		// reads would be copied twice.
		held, _ := br.Peek(br.Buffered())
		return readCloser{io.MultiReader(bytes.NewReader(held), f), f.Close}, nil
	}
	return readCloser{br, f.Close}, nil
}

// Spool copies r (standard input) to a temporary file so that it can be
// read twice; call the returned cleanup when done.
func Spool(r io.Reader) (Source, func(), error) {
	f, err := os.CreateTemp("", "authlint-sanitize-*.har")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, r); err != nil {
		cleanup()
		return nil, nil, err
	}
	return FileSource(f.Name()), cleanup, nil
}

// Sanitize writes the HAR read from src to out with every secret replaced
// by a pseudonym, and returns what it replaced. Everything else is copied
// byte for byte, except that with opt.Keyring the entries get "_authlint"
// annotations.
func Sanitize(src Source, out io.Writer, opt Options) (Counts, error) {
	key := opt.Key
	if key == nil {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
	} else {
		sum := sha256.Sum256(key)
		key = sum[:]
	}
	l := newLearned()
	s := &scrubber{mode: modeLearn, l: l, pii: opt.PII}
	if err := walk(src, nil, s); err != nil {
		return nil, err
	}
	p := newPseudonymizer(key)
	var annot map[int][]byte
	if opt.Keyring.Len() > 0 && !l.annotated {
		a, err := annotations(src, opt.Keyring, p, l)
		if err != nil {
			return nil, err
		}
		annot = a
	}
	s = &scrubber{mode: modeRewrite, l: l, p: p, counts: Counts{}, pii: opt.PII, annot: annot}
	if err := walk(src, out, s); err != nil {
		return nil, err
	}
	return s.counts, nil
}

// SanitizeBytes is Sanitize for an input in memory.
func SanitizeBytes(in []byte, opt Options) ([]byte, Counts, error) {
	var out bytes.Buffer
	src := func() (io.ReadCloser, error) {
		if len(in) >= 2 && in[0] == 0x1f && in[1] == 0x8b {
			return maybeGzip(io.NopCloser(bytes.NewReader(in)))
		}
		return &memInput{b: in}, nil
	}
	c, err := Sanitize(src, &out, opt)
	return out.Bytes(), c, err
}

func walk(src Source, out io.Writer, s *scrubber) (err error) {
	r, err := src()
	if err != nil {
		return err
	}
	defer r.Close()
	if _, ok := r.(*mapping); ok {
		// A mapped file that shrinks under the walker faults (SIGBUS):
		// make that an error instead of a crash.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if e := recover(); e != nil {
				if _, ok := e.(interface{ Addr() uintptr }); ok {
					err = errInputChanged
					return
				}
				panic(e)
			}
		}()
	}
	return newWalker(r, out, s).run()
}

// errInputChanged is returned when a mapped input file was truncated while
// being read.
var errInputChanged = errors.New("the input file changed while it was read")

// A Finding is one secret value still present in a HAR, as --check lists
// it: never the value itself.
type Finding struct {
	Kind  Kind   // what it is
	Where string // where it was first seen: "entry 3 request header \"Cookie\""
	Value string // redact.Value of the value
	Count int    // how many times it appears
}

// Check returns the secret values present in the HAR read from r, each
// once, in the order first seen. Pseudonyms made by Sanitize are not
// secret.
func Check(r io.Reader) ([]Finding, error) { return CheckWith(r, Options{}) }

// CheckWith is Check with options: with PII, e-mail and IP addresses are
// reported too.
func CheckWith(r io.Reader, opt Options) ([]Finding, error) {
	rc, err := maybeGzip(io.NopCloser(r))
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	var out []Finding
	var w *walker
	s := &scrubber{mode: modeCheck, pii: opt.PII}
	s.found = func(k Kind, run []byte) {
		v := redact.Value(string(run))
		if i, ok := index[v]; ok {
			out[i].Count++
			return
		}
		index[v] = len(out)
		out = append(out, Finding{Kind: k, Where: w.where, Value: v, Count: 1})
	}
	w = newWalker(rc, nil, s)
	if err := w.run(); err != nil {
		return out, err
	}
	return out, nil
}

// CountsByKind renders counts as "kind: n" lines, most frequent first.
func CountsByKind(c Counts) []string {
	var lines []string
	for _, k := range c.Kinds() {
		lines = append(lines, fmt.Sprintf("%s: %d", k, c[k]))
	}
	return lines
}

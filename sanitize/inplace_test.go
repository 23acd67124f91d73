package sanitize

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// chunkReader returns its input in reads of 1 to 7 bytes and of powers of
// two up to 64 KiB, so that the walker's buffer cuts strings, escapes and
// keys everywhere.
type chunkReader struct {
	b []byte
	n int // reads so far
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	r.n++
	k := r.n%7 + 1
	if r.n%2 == 0 {
		k = 1 << (r.n % 17) // up to 64 KiB: long inputs stay quick to test
	}
	k = copy(p[:min(len(p), k)], r.b)
	r.b = r.b[k:]
	return k, nil
}

// sanitizeVia sanitizes in read through the given kind of input: "memory"
// (in place, as SanitizeBytes), "chunks" (read a few bytes at a time) or
// "file" (FileSource on a temporary file, memory-mapped where supported).
func sanitizeVia(t testing.TB, how string, in []byte, opt Options) ([]byte, Counts, error) {
	t.Helper()
	var src Source
	switch how {
	case "memory":
		return SanitizeBytes(in, opt)
	case "chunks":
		src = func() (io.ReadCloser, error) { return io.NopCloser(&chunkReader{b: in}), nil }
	case "file":
		path := filepath.Join(t.TempDir(), "in.har")
		if err := os.WriteFile(path, in, 0o600); err != nil {
			t.Fatal(err)
		}
		src = FileSource(path)
	}
	var out bytes.Buffer
	c, err := Sanitize(src, &out, opt)
	return out.Bytes(), c, err
}

// edgeInputs are strings placed where the ways of reading differ: at the
// end of the buffer, just under and over windowSize, a text body followed
// by "encoding": "base64" at the very end of the input.
func edgeInputs() []string {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLW9mLXRlc3QtdG9rZW4"
	body := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(`token=Sess10nValue42 \"caf\u00e9\" ` + jwt + " ")
		}
		return b.String()[:n]
	}
	entry := func(text, enc string) string {
		return `{"request":{"headers":[{"value":"sid=Sess10nValue42","name":"Cookie"}]},"response":{"content":{"mimeType":"text/plain","text":"` +
			text + `"` + enc + `}}}`
	}
	b64 := `,"encoding":"base64"`
	pairs := strings.Repeat("password=ab1&", 3*windowSize/13) // too short to be learned: secret by its name only
	return []string{
		`{"log":{"entries":[` + entry(body(windowSize-1), "") + `,` + entry(body(windowSize), "") + `,` + entry(body(windowSize+1), b64) + `]}}`,
		`{"log":{"entries":[` + entry("dG9rZW49U2VzczEwblZhbHVlNDI=", b64) + `]}}`,
		`{"log":{"entries":[` + entry(body(256<<10-200), b64) + `,` + entry(body(256<<10), "") + `]}}`,
		`{"log":{"entries":[{"response":{"content":{"mimeType":"image/png","text":"` + strings.Repeat("QUJD", windowSize) + `","encoding":"base64"}}}]}}`,
		"\xef\xbb\xbf" + `{"log":{"entries":[` + entry(body(600), "") + `]}}`,
		`{"log":{"entries":[` + entry(pairs, "") + `]}}`,
	}
}

// TestInputModes: a HAR sanitizes to the same bytes, counts and errors
// whether it is parsed in place (in memory or memory-mapped) or read a few
// bytes at a time.
func TestInputModes(t *testing.T) {
	var ins [][]byte
	for _, p := range inputs(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, gunzip(t, b))
	}
	files := len(ins)
	for _, s := range edgeInputs() {
		ins = append(ins, []byte(s))
	}
	for _, s := range []string{"", "{", `{"a":"x`, `{"a":"x\`, `{"a":1} x`, `{"a":"` + strings.Repeat("x", windowSize+5)} {
		ins = append(ins, []byte(s))
	}
	for i, in := range ins {
		for _, pii := range []bool{false, true} {
			if pii && i < files {
				continue // --pii changes the scrubbing, not the walk: the edge inputs suffice
			}
			opt := Options{Key: testKey, PII: pii}
			want, wantCounts, wantErr := sanitizeVia(t, "memory", in, opt)
			for _, how := range []string{"chunks", "file"} {
				got, counts, err := sanitizeVia(t, how, in, opt)
				if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
					t.Fatalf("input %d, %s: error %v, in memory %v", i, how, err, wantErr)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("input %d (pii %v), %s: output differs from the in-memory one at byte %d", i, pii, how, firstDiff(got, want))
				}
				if !maps.Equal(counts, wantCounts) {
					t.Fatalf("input %d, %s: counts %v, in memory %v", i, how, counts, wantCounts)
				}
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// FuzzInputModes: arbitrary input sanitizes to the same bytes and error
// in place and read a few bytes at a time.
func FuzzInputModes(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/sanitize/*.har")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"log":{"entries":[{"response":{"content":{"mimeType":"text/html","text":"PGgxPmhpPC9oMT4=","encoding":"base64"}}}]}}`))
	f.Add([]byte(`{"a":"\ud83d\ude00 \" \\\" token=abcdefgh12 %3D"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		want, _, wantErr := sanitizeVia(t, "memory", in, Options{Key: testKey})
		got, _, err := sanitizeVia(t, "chunks", in, Options{Key: testKey})
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("read in chunks: error %v, in memory %v", err, wantErr)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("read in chunks:\n%q\nin memory:\n%q", got, want)
		}
	})
}

// TestFileSourceMaps: a plain HAR file is mapped, a gzipped one is read.
func TestFileSourceMaps(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are mapped on Linux only")
	}
	dir := t.TempDir()
	plain, gz := filepath.Join(dir, "a.har"), filepath.Join(dir, "a.har.gz")
	in := []byte(edgeInputs()[1])
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(in)
	zw.Close()
	for path, b := range map[string][]byte{plain: in, gz: zb.Bytes()} {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for path, mapped := range map[string]bool{plain: true, gz: false} {
		r, err := FileSource(path)()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := r.(*mapping); ok != mapped {
			t.Errorf("%s: mapped %v, want %v", filepath.Base(path), ok, mapped)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%s: read %q, %v", filepath.Base(path), got, err)
		}
		r.Close()
	}
}

// recordingInput is an in-memory input that records what the walker
// releases.
type recordingInput struct {
	memInput
	released []int
}

func (r *recordingInput) release(off int) { r.released = append(r.released, off) }

// TestWalkerReleases: walking an in-place input releases it behind the
// walker as it goes, so that a mapped file's pages do not pile up.
func TestWalkerReleases(t *testing.T) {
	in := []byte(edgeInputs()[0])
	in = append(in[:len(in)-2:len(in)-2], []byte(`,"more":[`+strings.Repeat(`"abc",`, 4*slideStep/6)+`1]}}`)...)
	r := &recordingInput{memInput: memInput{b: in}}
	w := newWalker(r, io.Discard, &scrubber{mode: modeLearn, l: newLearned()})
	if err := w.run(); err != nil {
		t.Fatal(err)
	}
	if len(r.released) < len(in)/slideStep {
		t.Fatalf("released %d times over %d bytes", len(r.released), len(in))
	}
	for i, off := range r.released {
		if i > 0 && off < r.released[i-1] {
			t.Fatalf("released %v: not increasing", r.released)
		}
	}
	if last := r.released[len(r.released)-1]; last < len(in)-slideStep-windowSize {
		t.Fatalf("last released at %d of %d bytes", last, len(in))
	}
}

// TestMappedFileTruncated: a mapped input that shrinks while it is read is
// an error, not a crash.
func TestMappedFileTruncated(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files are mapped on Linux only")
	}
	path := filepath.Join(t.TempDir(), "a.har")
	in := []byte(edgeInputs()[0])
	if err := os.WriteFile(path, in, 0o600); err != nil {
		t.Fatal(err)
	}
	src := func() (io.ReadCloser, error) {
		r, err := FileSource(path)()
		if err == nil {
			err = os.Truncate(path, 100)
		}
		return r, err
	}
	if _, err := Sanitize(src, io.Discard, Options{Key: testKey}); err != errInputChanged {
		t.Fatalf("Sanitize of a truncated mapped file: %v, want %v", err, errInputChanged)
	}
}

// TestInPlaceNoCopy: walking an input in place scrubs its strings where
// they lie: none is copied to the string buffer.
func TestInPlaceNoCopy(t *testing.T) {
	in, err := os.ReadFile("../testdata/sanitize/login-flow.har")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []mode{modeLearn, modeRewrite} {
		s := &scrubber{mode: m, l: newLearned(), p: newPseudonymizer(testKey), counts: Counts{}}
		w := newWalker(&memInput{b: in}, io.Discard, s)
		if err := w.run(); err != nil {
			t.Fatal(err)
		}
		if cap(w.sbuf) != 0 {
			t.Errorf("mode %d: %d bytes of strings were copied to be scrubbed", m, cap(w.sbuf))
		}
	}
}

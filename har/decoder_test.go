package har

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"
)

// TestPositions checks Index, Offset and Line of entries, and InputOffset.
func TestPositions(t *testing.T) {
	in := "\xef\xbb\xbf{\n  \"log\": {\n    \"entries\": [\n      {\"time\": 1},\n      {\n        \"time\": 2\n      }, {}\n    ]\n  }\n}\n"
	text := strings.TrimPrefix(in, "\xef\xbb\xbf")
	want := []struct {
		offset int64
		line   int
	}{
		{int64(strings.Index(text, `{"time": 1}`)), 4},
		{int64(strings.Index(text, "{\n        \"time\": 2")), 5},
		{int64(strings.Index(text, "{}")), 7},
	}
	for _, src := range []struct{ name, data string }{{"plain", in}, {"gzip", gzipped(t, in, gzip.BestCompression)}} {
		t.Run(src.name, func(t *testing.T) {
			for _, size := range bufSizes {
				d := newDecoder(strings.NewReader(src.data), "t.har", Options{}, size)
				if d.InputOffset() != 0 {
					t.Errorf("InputOffset before reading: %d", d.InputOffset())
				}
				for i, w := range want {
					e, err := d.Next()
					if err != nil {
						t.Fatal(err)
					}
					if e.Index != i || e.Offset != w.offset || e.Line != w.line || text[e.Offset] != '{' {
						t.Errorf("buffer %d: entry %d: index %d, offset %d, line %d; want %d, %d, %d", size, i, e.Index, e.Offset, e.Line, i, w.offset, w.line)
					}
					if d.Entries() != i+1 {
						t.Errorf("Entries() = %d after %d entries", d.Entries(), i+1)
					}
				}
				for range 2 {
					if _, err := d.Next(); err != io.EOF {
						t.Fatalf("got %v, want EOF", err)
					}
				}
				if d.InputOffset() != int64(len(text)) {
					t.Errorf("InputOffset at the end: %d, want %d", d.InputOffset(), len(text))
				}
			}
		})
	}
}

// TestFreshEntries checks that every entry is a new value that later calls
// do not change.
func TestFreshEntries(t *testing.T) {
	d := NewDecoder(strings.NewReader(twoEntries), "t.har", Options{})
	e1, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	h := e1.Response.Headers
	e2, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	if e1 == e2 || e1.Request.URL != "https://a.example/" || len(h) != 1 || h[0] != (Header{"a", "b"}) || e2.Response.Content.Text != "aGVsbG8=" {
		t.Errorf("entries changed: %+v %+v", e1, e2)
	}
}

// TestGzipBOM checks a gzipped HAR that starts with a BOM, as written by a
// tool that saved with a BOM and a user who gzipped the file.
func TestGzipBOM(t *testing.T) {
	log, entries, err := ReadAll(strings.NewReader(gzipped(t, "\xef\xbb\xbf"+twoEntries, gzip.DefaultCompression)), "t.har.gz", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || log.Version != "1.2" || entries[0].Offset != int64(strings.Index(twoEntries, `{"request"`)) {
		t.Errorf("got %d entries, version %q, first at %d", len(entries), log.Version, entries[0].Offset)
	}
}

// TestReadAllError checks that ReadAll returns the entries before an error.
func TestReadAllError(t *testing.T) {
	_, entries, err := ReadAll(strings.NewReader(twoEntries[:len(twoEntries)-4]), "t.har", Options{})
	if err == nil || len(entries) != 2 {
		t.Fatalf("got %d entries, %v", len(entries), err)
	}
}

// TestLargeGzipCorpusFile checks that the decoder reads a big gzipped HAR the
// same as its gunzipped text.
func TestLargeGzipCorpusFile(t *testing.T) {
	files, _ := corpusFiles(t)
	for _, path := range files {
		if !strings.HasSuffix(path, ".gz") {
			continue
		}
		text := readCorpusFile(t, path)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, a, err := ReadAll(bytes.NewReader(raw), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, b, err := ReadAll(bytes.NewReader(text), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) || len(a) == 0 {
			t.Fatalf("%s: %d entries gzipped, %d plain", path, len(a), len(b))
		}
		for i := range a {
			if a[i].Offset != b[i].Offset || a[i].Line != b[i].Line || a[i].Request.URL != b[i].Request.URL {
				t.Fatalf("%s: entry %d differs", path, i)
			}
		}
	}
}

// TestFailedResponse checks how a failed request reads: Playwright's
// status -1 and _failureText, Chrome's status 0 and _error, _error first
// whatever the order.
func TestFailedResponse(t *testing.T) {
	tests := []struct {
		name, response string
		status         int
		err            string
	}{
		{"playwright", `{"status":-1,"statusText":"","headers":[],"_failureText":"net::ERR_TOO_MANY_REDIRECTS"}`, 0, "net::ERR_TOO_MANY_REDIRECTS"},
		{"chrome", `{"status":0,"headers":[],"_error":"net::ERR_CONNECTION_REFUSED"}`, 0, "net::ERR_CONNECTION_REFUSED"},
		{"both, _error last", `{"status":-1,"_failureText":"a","_error":"b"}`, 0, "b"},
		{"both, _error first", `{"status":-1,"_error":"b","_failureText":"a"}`, 0, "b"},
		{"status as a string", `{"status":"-1"}`, 0, ""},
		{"an answer", `{"status":302,"headers":[]}`, 302, ""},
	}
	for _, tt := range tests {
		in := `{"log":{"version":"1.2","entries":[{"startedDateTime":"2025-01-01T00:00:00Z","time":1,"request":{"method":"GET","url":"https://a.example/","headers":[]},"response":` + tt.response + `}]}}`
		e, err := NewDecoder(strings.NewReader(in), "t.har", Options{}).Next()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if e.Response.Status != tt.status || e.Error != tt.err {
			t.Errorf("%s: status %d, error %q; want %d, %q", tt.name, e.Response.Status, e.Error, tt.status, tt.err)
		}
	}
}

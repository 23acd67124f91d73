package har

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir holds real HARs from many tools, described in SOURCES.md.
const corpusDir = "../../shared/corpus/hars"

// corpusFiles returns the corpus files and the entry counts SOURCES.md gives
// for them, skipping the test when the corpus is absent.
func corpusFiles(t testing.TB) (files []string, counts map[string]int) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(corpusDir, "SOURCES.md"))
	if os.IsNotExist(err) {
		t.Skip("corpus not found at " + corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	counts = map[string]int{}
	col := -1
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "|") {
			col = -1 // a table ended
			continue
		}
		cells := strings.Split(line, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if col < 0 {
			for i, c := range cells {
				if c == "entries" && len(cells) > 1 && cells[1] == "file" {
					col = i
				}
			}
			continue
		}
		if len(cells) <= col || !strings.HasPrefix(cells[1], "`") {
			continue
		}
		n, err := strconv.Atoi(cells[col])
		if err != nil {
			t.Fatalf("SOURCES.md: entries of %s: %v", cells[1], err)
		}
		counts[strings.Trim(cells[1], "`")] = n
	}
	files, err = filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 || len(counts) == 0 {
		t.Fatalf("corpus: %d files, %d counts in SOURCES.md", len(files), len(counts))
	}
	return files, counts
}

// TestCorpus decodes every real HAR, with the normal buffer and a tiny one,
// and checks the entry counts against SOURCES.md.
func TestCorpus(t *testing.T) {
	files, counts := corpusFiles(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			want, ok := counts[name]
			if !ok {
				t.Fatalf("%s is not listed in SOURCES.md", name)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{defaultBufSize, 37} {
				d := newDecoder(bytes.NewReader(data), name, Options{}, size)
				n := 0
				for {
					e, err := d.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("buffer %d: %v", size, err)
					}
					if e.Index != n {
						t.Errorf("entry %d has Index %d", n, e.Index)
					}
					n++
				}
				if n != want || d.Entries() != want {
					t.Errorf("buffer %d: %d entries (Entries() = %d), SOURCES.md says %d", size, n, d.Entries(), want)
				}
			}
		})
	}
	for name := range counts {
		if _, err := os.Stat(filepath.Join(corpusDir, name)); err != nil {
			t.Errorf("SOURCES.md lists %s: %v", name, err)
		}
	}
}

// The reference model for the differential test: plain structs decoded by
// encoding/json, numbers as float64 so that every file decodes.
type refHAR struct {
	Log struct {
		Entries []refEntry `json:"entries"`
	} `json:"log"`
}

type refEntry struct {
	StartedDateTime string `json:"startedDateTime"`
	Time            *float64
	Request         struct {
		Method      string      `json:"method"`
		URL         string      `json:"url"`
		HTTPVersion string      `json:"httpVersion"`
		Headers     []refHeader `json:"headers"`
		HeadersSize *float64    `json:"headersSize"`
		BodySize    *float64    `json:"bodySize"`
		PostData    *struct {
			MimeType string `json:"mimeType"`
			Text     string `json:"text"`
		} `json:"postData"`
	} `json:"request"`
	Response *struct {
		Status      float64     `json:"status"`
		StatusText  string      `json:"statusText"`
		HTTPVersion string      `json:"httpVersion"`
		Headers     []refHeader `json:"headers"`
		Content     struct {
			Size     *float64 `json:"size"`
			MimeType string   `json:"mimeType"`
			Encoding string   `json:"encoding"`
			Text     string   `json:"text"`
		} `json:"content"`
		RedirectURL *string `json:"redirectURL"`
	} `json:"response"`
	Timings struct {
		Blocked, DNS, Connect, Send, Wait, Receive, SSL *float64
	} `json:"timings"`
	ServerIPAddress string `json:"serverIPAddress"`
	FromCache       string `json:"_fromCache"`
	ResourceType    string `json:"_resourceType"`
}

type refHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// TestCorpusDifferential checks that the decoder reads the same URLs,
// headers, statuses, timings and bodies as encoding/json does from every
// corpus file.
func TestCorpusDifferential(t *testing.T) {
	files, _ := corpusFiles(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data := readCorpusFile(t, path)
			var ref refHAR
			if err := json.Unmarshal(bytes.TrimPrefix(data, bom), &ref); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			_, entries, err := ReadAll(bytes.NewReader(data), name, Options{BodyLimit: 1 << 30})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(ref.Log.Entries) {
				t.Fatalf("%d entries, encoding/json has %d", len(entries), len(ref.Log.Entries))
			}
			headers := 0
			for i, e := range entries {
				compareEntry(t, e, &ref.Log.Entries[i])
				headers += len(e.Request.Headers)
				if e.Response != nil {
					headers += len(e.Response.Headers)
				}
			}
			t.Logf("%d entries, %d headers agree", len(entries), headers)
		})
	}
}

var bom = []byte{0xef, 0xbb, 0xbf}

// readCorpusFile reads a corpus file, gunzipping .gz files.
func readCorpusFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func compareEntry(t *testing.T, e *Entry, ref *refEntry) {
	t.Helper()
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf("entry %d (line %d): "+format, append([]any{e.Index, e.Line}, args...)...)
	}
	num := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if e.StartedRaw != ref.StartedDateTime {
		errorf("startedDateTime %q, want %q", e.StartedRaw, ref.StartedDateTime)
	}
	if ref.StartedDateTime != "" && e.Started.IsZero() {
		errorf("startedDateTime %q not parsed", ref.StartedDateTime)
	}
	if e.Time != num(ref.Time) {
		errorf("time %v, want %v", e.Time, num(ref.Time))
	}
	rq := &ref.Request
	if e.Request.Method != rq.Method || e.Request.URL != rq.URL || e.Request.HTTPVersion != rq.HTTPVersion {
		errorf("request %q %q %q, want %q %q %q", e.Request.Method, e.Request.URL, e.Request.HTTPVersion, rq.Method, rq.URL, rq.HTTPVersion)
	}
	if e.Request.HeadersSize != int64(num(rq.HeadersSize)) || e.Request.BodySize != int64(num(rq.BodySize)) {
		errorf("request sizes %d %d, want %v %v", e.Request.HeadersSize, e.Request.BodySize, num(rq.HeadersSize), num(rq.BodySize))
	}
	compareHeaders(t, "request", e, e.Request.Headers, rq.Headers)
	if (e.Request.PostData == nil) != (rq.PostData == nil) {
		errorf("postData %v, want %v", e.Request.PostData != nil, rq.PostData != nil)
	} else if p := e.Request.PostData; p != nil && (p.Text != rq.PostData.Text || p.MimeType != rq.PostData.MimeType || p.Truncated) {
		errorf("postData differs")
	}
	if (e.Response == nil) != (ref.Response == nil) {
		errorf("response %v, want %v", e.Response != nil, ref.Response != nil)
	} else if r := e.Response; r != nil {
		rr := ref.Response
		if float64(r.Status) != rr.Status || r.StatusText != rr.StatusText || r.HTTPVersion != rr.HTTPVersion {
			errorf("response %d %q %q, want %v %q %q", r.Status, r.StatusText, r.HTTPVersion, rr.Status, rr.StatusText, rr.HTTPVersion)
		}
		compareHeaders(t, "response", e, r.Headers, rr.Headers)
		c, rc := &r.Content, &rr.Content
		if c.Size != int64(num(rc.Size)) || c.MimeType != rc.MimeType || c.Encoding != rc.Encoding {
			errorf("content %d %q %q, want %v %q %q", c.Size, c.MimeType, c.Encoding, num(rc.Size), rc.MimeType, rc.Encoding)
		}
		if c.Text != rc.Text || c.TextLen != int64(len(rc.Text)) || c.Truncated {
			errorf("content.text differs: %d bytes (TextLen %d), want %d", len(c.Text), c.TextLen, len(rc.Text))
		}
		if rr.RedirectURL != nil && r.RedirectURL != *rr.RedirectURL {
			errorf("redirectURL %q, want %q", r.RedirectURL, *rr.RedirectURL)
		}
	}
	rt, tt := &ref.Timings, e.Timings
	want := Timings{num(rt.Blocked), num(rt.DNS), num(rt.Connect), num(rt.Send), num(rt.Wait), num(rt.Receive), num(rt.SSL)}
	if tt != want {
		errorf("timings %+v, want %+v", tt, want)
	}
	if e.ServerIPAddress != ref.ServerIPAddress || e.FromCache != ref.FromCache || e.ResourceType != ref.ResourceType {
		errorf("serverIPAddress/_fromCache/_resourceType %q %q %q, want %q %q %q", e.ServerIPAddress, e.FromCache, e.ResourceType, ref.ServerIPAddress, ref.FromCache, ref.ResourceType)
	}
}

func compareHeaders(t *testing.T, what string, e *Entry, got Headers, want []refHeader) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("entry %d: %d %s headers, want %d", e.Index, len(got), what, len(want))
		return
	}
	for i := range got {
		if got[i].Name != want[i].Name || got[i].Value != want[i].Value {
			t.Errorf("entry %d: %s header %d is %q: %q, want %q: %q", e.Index, what, i, got[i].Name, got[i].Value, want[i].Name, want[i].Value)
		}
	}
}

package har

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// fuzzSeeds are small inputs that reach every part of the decoder.
var fuzzSeeds = []string{
	"", "  \n", "[]", "{}", `{"log":5}`, "hello", "\x00\x01\x02", "\xef\xbb\xbf{\"log\":{}}",
	twoEntries,
	`{"log":{"entries":[{"time":-x}]}}`,
	`{"log":{"entries":[{} {}]}}`,
	`{"log":{"entries":[null,{},5,"x",{}]}}`,
	`{"log":{"entries":"nope"}}`, `{"log":{"entries":null}}`, `{"log":{"version":"1.2"}}`,
	`{"log":{"entries":[{"request":[1],"response":{"status":{"a":1}}},{"response":"x"}]}}`,
	`{"log":{"entries":[{"response":{"status":"OK"}},{"response":{"status":" 200 "}}]}}`,
	`{"a":[1,{"log":5}],"log":{"entries":[{}]},"z":null}`,
	`{"log":{"entries":[{"request":{"cookies":{"name":"a","value":"b"},"headers":{"A":"b"}},"response":{"status":"200","cookies":[{"httpOnly":"true"}]}}]}}`,
	`{"log":{"entries":[{"request":{"postData":{"text":"a\u00e9\ud83d\ude00\ud800\"","params":[{"name":"0","value":{"a":[1,true,null]}}]}}}]}}`,
	`{"log":{"entries":[{"startedDateTime":"2020-06-23T17:14:02.5961840+05:30","time":null,"timings":{"wait":"1.5"}}],"pages":[{"id":"p"}]}}`,
	`{"log":{"entries":[{"response":{"content":{"text":"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\/\/\\"}}}]}}`,
	"{\"log\":{\"entries\":[{\"comment\":\"a\nb\"}]}}",
	`{"log":{"entries":[{"x":[[[[[[[[[[[[]]]]]]]]]]]],"y":1e400,"z":-0.0e-0}]}}`,
}

// FuzzDecoder checks that the decoder never panics or loops, that tiny
// buffers fed one byte at a time or in short reads give exactly the same
// result as the normal buffer, and that it agrees with encoding/json on which inputs are valid
// JSON: invalid JSON is always an error, and valid JSON is only an error
// when it is not a HAR.
func FuzzDecoder(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(gzipped(f, twoEntries, gzip.DefaultCompression)))
	for _, s := range corpusSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := fuzzDecode(t, bytes.NewReader(data), defaultBufSize)
		entries2, err2 := fuzzDecode(t, iotest.OneByteReader(bytes.NewReader(data)), minBufSize)
		entries3, err3 := fuzzDecode(t, iotest.HalfReader(bytes.NewReader(data)), 19)
		if !reflect.DeepEqual(entries, entries2) || !reflect.DeepEqual(err, err2) ||
			!reflect.DeepEqual(entries, entries3) || !reflect.DeepEqual(err, err3) {
			t.Fatalf("buffer sizes disagree:\n%v\n%v\n%v", err, err2, err3)
		}
		var se *SyntaxError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("not a SyntaxError: %v", err)
		}
		if se != nil {
			if se.Entries != len(entries) || strings.Contains(se.Error(), "\n") || se.Line < 1 || se.Column < 1 || se.Offset < 0 {
				t.Fatalf("bad error after %d entries: %#v", len(entries), se)
			}
		}
		text := data
		if bytes.HasPrefix(text, []byte{0x1f, 0x8b}) {
			return // the JSON is inside the gzip stream
		}
		text = bytes.TrimPrefix(text, bom)
		for i, e := range entries {
			if e.Offset < 0 || e.Offset >= int64(len(text)) || text[e.Offset] != '{' || e.Line != bytes.Count(text[:e.Offset], nl)+1 {
				t.Fatalf("entry %d at offset %d, line %d", i, e.Offset, e.Line)
			}
			if i > 0 && (e.Index <= entries[i-1].Index || e.Offset <= entries[i-1].Offset) {
				t.Fatalf("entry %d out of order", i)
			}
		}
		if se != nil && se.Offset > int64(len(text)) {
			t.Fatalf("error offset %d beyond the input (%d bytes)", se.Offset, len(text))
		}
		switch valid := json.Valid(text); {
		case !valid && err == nil:
			t.Fatalf("invalid JSON decoded without error")
		case valid && err != nil && !strings.HasPrefix(se.Msg, "not a HAR"):
			t.Fatalf("valid JSON gave %v", err)
		}
	})
}

// fuzzDecode decodes all entries with a small body limit, failing if Next
// is called more often than the input could hold entries.
func fuzzDecode(t *testing.T, r io.Reader, size int) ([]*Entry, error) {
	d := newDecoder(r, "f.har", Options{BodyLimit: 8}, size)
	var entries []*Entry
	for range 1 << 20 {
		e, err := d.Next()
		if err == io.EOF {
			if _, err := d.Next(); err != io.EOF {
				t.Fatalf("Next after EOF: %v", err)
			}
			return entries, nil
		}
		if err != nil {
			return entries, err
		}
		entries = append(entries, e)
	}
	t.Fatal("Next does not end")
	return nil, nil
}

// corpusSeeds returns, for each corpus file, a HAR holding its log metadata
// and first entry, when that is small.
func corpusSeeds(f *testing.F) [][]byte {
	if _, err := os.Stat(corpusDir); err != nil {
		return nil // the corpus is optional here
	}
	files, _ := corpusFiles(f)
	var seeds [][]byte
	for _, path := range files {
		var har struct {
			Log struct {
				Version string            `json:"version"`
				Creator json.RawMessage   `json:"creator"`
				Entries []json.RawMessage `json:"entries"`
			} `json:"log"`
		}
		if err := json.Unmarshal(bytes.TrimPrefix(readCorpusFile(f, path), bom), &har); err != nil {
			f.Fatalf("%s: %v", filepath.Base(path), err)
		}
		if len(har.Log.Entries) == 0 || len(har.Log.Entries[0]) > 8<<10 {
			continue
		}
		har.Log.Entries = har.Log.Entries[:1]
		seed, err := json.MarshalIndent(har, "", "  ")
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, seed)
	}
	return seeds
}

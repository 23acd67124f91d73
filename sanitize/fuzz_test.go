package sanitize

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzSanitize: arbitrary input never panics; valid JSON stays valid with
// the same structure; no secret run the input was seen to hold is emitted;
// and a second run (with or without --pii) changes nothing.
func FuzzSanitize(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/sanitize/*.har")
	more, _ := filepath.Glob("../testdata/hars/*/*.har")
	for _, p := range append(seeds, more[:min(len(more), 20)]...) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"log":{"entries":[{"request":{"url":"https://u:p4ssw0rd@x/?code=abc#id_token=eyJhbGciOiJub25lIn0.e30.","headers":[{"value":"a=b","name":"cookie"}]}}]}}`))
	f.Add([]byte(`{"a":"\ud83d\ude00 \u0000 %zz %3D __txn_ eyJ.eyJ. zPs"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, _, err := SanitizeBytes(in, Options{Key: testKey})
		if err != nil {
			return
		}
		valid := json.Valid(bytes.TrimPrefix(in, []byte("\xef\xbb\xbf")))
		if valid {
			if !json.Valid(bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))) {
				t.Fatalf("valid input, invalid output:\n%q\n%q", in, out)
			}
			if !slices.Equal(tokens(t, in), tokens(t, out)) {
				t.Fatalf("structure changed:\n%q\n%q", in, out)
			}
		}
		left := runsOf(out)
		keys := runsOf(keysOf(in))
		for run := range secretRuns(t, in) {
			if learnable([]byte(run)) && left[run] && !keys[run] {
				t.Fatalf("secret %q left in %q", run, out)
			}
		}
		if again, _, err := SanitizeBytes(out, Options{Key: testKey}); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second run changed the output (%v):\n%q\n%q", err, out, again)
		}
		pii, _, err := SanitizeBytes(in, Options{Key: testKey, PII: true})
		if err != nil {
			t.Fatalf("--pii failed where a plain run did not: %v", err)
		}
		if again, _, err := SanitizeBytes(pii, Options{Key: testKey, PII: true}); err != nil || !bytes.Equal(again, pii) {
			t.Fatalf("second --pii run changed the output (%v):\n%q\n%q", err, pii, again)
		}
	})
}

// runsOf returns the runs of b after decoding JSON escapes.
func runsOf(b []byte) map[string]bool {
	d := unescape(nil, b)
	m := map[string]bool{}
	forRuns(d, func(start, end int) { m[string(d[start:end])] = true })
	return m
}

// keysOf returns the object keys of a JSON input (sanitize keeps keys).
func keysOf(in []byte) []byte {
	var b []byte
	dec := json.NewDecoder(bytes.NewReader(in))
	for {
		tok, err := dec.Token()
		if err != nil {
			return b
		}
		if s, ok := tok.(string); ok {
			b = append(append(b, s...), 0)
		}
	}
}

package har

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// cut returns what the decoder keeps of the decoded string s.
func cut(s string) string {
	if len(s) <= MaxValueLen {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	prefix := s[:MaxValueLen]
	for len(prefix) > 0 && !validEnd(prefix) {
		prefix = prefix[:len(prefix)-1]
	}
	return prefix + fmt.Sprintf(CutMarker, len(s), hex.EncodeToString(sum[:8]))
}

// validEnd reports whether s does not end inside a UTF-8 sequence.
func validEnd(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

func TestLongValues(t *testing.T) {
	long := strings.Repeat("a", 100000)
	tests := []struct {
		name  string
		entry string
		check func(e *Entry) (got, want string)
	}{
		{"header value", `{"response":{"headers":[{"name":"set-cookie","value":"sid=` + long + `"}]}}`,
			func(e *Entry) (string, string) { return e.Response.Headers[0].Value, cut("sid=" + long) }},
		{"at the limit, kept whole", `{"response":{"headers":[{"name":"x","value":"` + long[:MaxValueLen] + `"}]}}`,
			func(e *Entry) (string, string) { return e.Response.Headers[0].Value, long[:MaxValueLen] }},
		{"one byte over", `{"response":{"headers":[{"name":"x","value":"` + long[:MaxValueLen+1] + `"}]}}`,
			func(e *Entry) (string, string) { return e.Response.Headers[0].Value, cut(long[:MaxValueLen+1]) }},
		{"escapes beyond the cut are hashed decoded", `{"request":{"url":"https://a.example/?q=` + long + `\u00e9\n\"x"}}`,
			func(e *Entry) (string, string) { return e.Request.URL, cut("https://a.example/?q=" + long + "é\n\"x") }},
		{"a UTF-8 sequence split by the cut is dropped", `{"request":{"url":"` + long[:MaxValueLen-1] + `é` + long + `"}}`,
			func(e *Entry) (string, string) { return e.Request.URL, cut(long[:MaxValueLen-1] + "é" + long) }},
		{"header name as an object key", `{"request":{"headers":{"` + long + `":"v"}}}`,
			func(e *Entry) (string, string) { return e.Request.Headers[0].Name, cut(long) }},
		{"cookie value", `{"request":{"cookies":[{"name":"sid","value":"` + long + `b"}]}}`,
			func(e *Entry) (string, string) { return e.Request.Cookies[0].Value, cut(long + "b") }},
		{"an object where a string was expected", `{"response":{"headers":[{"name":"x","value":[` + strings.Repeat(`"ab", `, 20000) + `1]}]}}`,
			func(e *Entry) (string, string) {
				return e.Response.Headers[0].Value, cut("[" + strings.Repeat(`"ab", `, 20000) + "1]")
			}},
		{"a long key is skipped", `{"` + long + `":1,"time":3}`,
			func(e *Entry) (string, string) { return fmt.Sprint(e.Time), "3" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := tt.check(entryOf(t, tt.entry))
			if got != want {
				t.Errorf("got %d bytes ending %q\nwant %d bytes ending %q", len(got), got[max(0, len(got)-80):], len(want), want[max(0, len(want)-80):])
			}
		})
	}
	// Two long values that differ only at the end stay different.
	a := entryOf(t, `{"request":{"url":"`+long+`1"}}`).Request.URL
	b := entryOf(t, `{"request":{"url":"`+long+`2"}}`).Request.URL
	if a == b || len(a) > MaxValueLen+100 {
		t.Errorf("long values: %q and %q", a[len(a)-60:], b[len(b)-60:])
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// repeatReader yields n copies of the byte c.
type repeatReader struct {
	c byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), r.n)
	for i := range p[:n] {
		p[i] = r.c
	}
	r.n -= n
	return int(n), nil
}

// TestHugeValueMemory checks that a 100 MB header value, URL or key costs
// no more memory than a short one (issue 10).
func TestHugeValueMemory(t *testing.T) {
	const size = 100 << 20
	for _, tt := range []struct{ name, before, after string }{
		{"header value", `{"log":{"entries":[{"response":{"headers":[{"name":"set-cookie","value":"`, `"}]}}]}}`},
		{"url", `{"log":{"entries":[{"request":{"url":"https://a.example/`, `"}}]}}`},
		{"key", `{"log":{"entries":[{"request":{"headers":{"`, `":"v"}}}]}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := io.MultiReader(strings.NewReader(tt.before), &repeatReader{'a', size}, strings.NewReader(tt.after))
			before, start := allocated(), time.Now()
			d := NewDecoder(in, "huge.har", Options{})
			e, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Next(); err != io.EOF {
				t.Fatal(err)
			}
			elapsed, alloc := time.Since(start), allocated()-before
			var v string
			switch {
			case e.Response != nil:
				v = e.Response.Headers[0].Value
			case e.Request.URL != "":
				v = e.Request.URL
			default:
				v = e.Request.Headers[0].Name
			}
			if !strings.Contains(v, fmt.Sprintf("%d bytes in all, sha256:", size+len("https://a.example/")*boolInt(e.Request.URL != ""))) || len(v) > MaxValueLen+100 {
				t.Errorf("value of %d bytes ends %q", len(v), v[max(0, len(v)-80):])
			}
			if alloc > 4<<20 || elapsed > 5*time.Second {
				t.Errorf("a %d MiB value allocated %d KiB in %v", size>>20, alloc>>10, elapsed)
			}
		})
	}
}

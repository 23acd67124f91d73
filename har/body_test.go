package har

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// bodyHAR returns a HAR whose first entry has the response body text (JSON
// string contents, escapes included) and a request body post, followed by a
// second entry with a small header, so that reading on after a cut body is
// checked.
func bodyHAR(text, post string) string {
	return `{"log":{"entries":[
{"request":{"method":"POST","postData":{"mimeType":"text/plain","text":"` + post + `"}},
 "response":{"status":200,"content":{"size":1,"mimeType":"application/octet-stream","encoding":"base64","text":"` + text + `","comment":"after"},"headers":[{"name":"after","value":"body"}]},"time":7},
{"request":{"method":"GET","url":"https://a.example/next","headers":[{"name":"x","value":"y\"z"}]}}
]}}`
}

// escapedBody returns about n bytes of JSON string contents, mostly base64
// letters with escapes of every kind scattered at positions that are not
// multiples of anything, and the decoded string.
func escapedBody(n int) (raw, decoded string) {
	var b strings.Builder
	escapes := []string{`\/`, `\"`, `\\`, `\u00e9`, `\ud83d\ude00`, `\n`, `\u0041`, `\ud800`}
	for i := 0; b.Len() < n; i++ {
		b.WriteString("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789+/"[:7+i%37])
		b.WriteString(escapes[i%len(escapes)])
	}
	raw = b.String()
	if err := json.Unmarshal([]byte(`"`+raw+`"`), &decoded); err != nil {
		panic(err)
	}
	return raw, decoded
}

func TestBodyLimit(t *testing.T) {
	raw, decoded := escapedBody(5 << 20)
	postRaw, postDecoded := escapedBody(3000)
	in := bodyHAR(raw, postRaw)
	type run struct{ limit, size int }
	// Tiny buffers put every escape across refills, at every offset.
	runs := []run{{1, minBufSize}, {1000, minBufSize}, {4097, 17}, {DefaultBodyLimit, 31}, {-1, 17}}
	for _, limit := range []int{1, 1000, 4097, DefaultBodyLimit, len(decoded) - 1, len(decoded), len(decoded) + 1, -1} {
		runs = append(runs, run{limit, 1000}, run{limit, defaultBufSize})
	}
	for _, r := range runs {
		limit, size := r.limit, r.size
		t.Run(fmt.Sprintf("limit%d/buf%d", limit, size), func(t *testing.T) {
			d := newDecoder(strings.NewReader(in), "t.har", Options{BodyLimit: limit}, size)
			e, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			keep := min(max(limit, 0), len(decoded))
			c := e.Response.Content
			if c.Text != decoded[:keep] || c.TextLen != int64(len(decoded)) || c.Truncated != (keep < len(decoded)) {
				t.Errorf("content: kept %d bytes (prefix ok: %v), TextLen %d, Truncated %v; want %d, %d, %v",
					len(c.Text), strings.HasPrefix(decoded, c.Text), c.TextLen, c.Truncated, keep, len(decoded), keep < len(decoded))
			}
			pkeep := min(max(limit, 0), len(postDecoded))
			p := e.Request.PostData
			if p.Text != postDecoded[:pkeep] || p.Truncated != (pkeep < len(postDecoded)) {
				t.Errorf("postData: kept %d bytes, Truncated %v; want %d", len(p.Text), p.Truncated, pkeep)
			}
			if e.Response.Headers.Get("after") != "body" || e.Time != 7 || c.Encoding != "base64" {
				t.Errorf("members after the body: %+v", e.Response)
			}
			e2, err := d.Next()
			if err != nil || e2.Request.URL != "https://a.example/next" || e2.Request.Headers.Get("x") != `y"z` || e2.Line != 4 {
				t.Fatalf("next entry: %+v, %v", e2, err)
			}
			if _, err := d.Next(); err != io.EOF {
				t.Fatalf("got %v, want EOF", err)
			}
		})
	}
}

// TestDefaultBodyLimit checks that BodyLimit 0 keeps DefaultBodyLimit bytes.
func TestDefaultBodyLimit(t *testing.T) {
	body := strings.Repeat("QUJD", DefaultBodyLimit)
	_, entries, err := ReadAll(strings.NewReader(bodyHAR(body, "")), "t.har", Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := entries[0].Response.Content
	if len(c.Text) != DefaultBodyLimit || c.TextLen != int64(len(body)) || !c.Truncated {
		t.Errorf("kept %d of %d bytes, Truncated %v", len(c.Text), c.TextLen, c.Truncated)
	}
}

// hugeBody is a reader that produces a HAR with one body of n bytes without
// holding it in memory.
type hugeBody struct {
	head, tail string
	n          int64 // body bytes left
	off        int   // in head or tail
}

func (h *hugeBody) Read(p []byte) (int, error) {
	switch {
	case h.off < len(h.head):
		n := copy(p, h.head[h.off:])
		h.off += n
		return n, nil
	case h.n > 0:
		k := min(int64(len(p)), h.n)
		for i := range p[:k] {
			p[i] = "QUJDRA=="[(h.n-int64(i))%8]
		}
		h.n -= k
		return int(k), nil
	}
	t := h.off - len(h.head)
	if t >= len(h.tail) {
		return 0, io.EOF
	}
	n := copy(p, h.tail[t:])
	h.off += n
	return n, nil
}

// TestHugeBodyFlatMemory decodes a HAR with a 100 MB body and checks that
// the decoder allocates a small fraction of it.
func TestHugeBodyFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	const size = 100 << 20
	in := bodyHAR("\x00", "")
	i := strings.IndexByte(in, 0)
	r := &hugeBody{head: in[:i], tail: in[i+1:], n: size}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, entries, err := ReadAll(r, "huge.har", Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if c := entries[0].Response.Content; c.TextLen != size || len(c.Text) != DefaultBodyLimit || len(entries) != 2 {
		t.Fatalf("TextLen %d, kept %d, %d entries", c.TextLen, len(c.Text), len(entries))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<20 {
		t.Errorf("allocated %d bytes for a %d-byte body", alloc, size)
	}
}

func TestTextBodiesOnly(t *testing.T) {
	const doc = `{"log":{"entries":[
{"request":{"method":"GET","url":"https://a.example/logo.png"},"response":{"status":200,"content":{"size":6,"mimeType":"image/png","text":"iVBORw==","encoding":"base64"}}},
{"request":{"method":"GET","url":"https://a.example/api/me"},"response":{"status":200,"content":{"size":13,"mimeType":"application/json; charset=utf-8","text":"{\"id\":\"u1\"}"}}},
{"request":{"method":"GET","url":"https://a.example/x"},"response":{"status":200,"content":{"text":"no mime yet","mimeType":"image/gif"}}}]}}`
	for _, textOnly := range []bool{false, true} {
		_, entries, err := ReadAll(strings.NewReader(doc), "t.har", Options{TextBodiesOnly: textOnly})
		if err != nil {
			t.Fatal(err)
		}
		png, js, late := entries[0].Response.Content, entries[1].Response.Content, entries[2].Response.Content
		if textOnly && (png.Text != "" || !png.Truncated || png.TextLen != 8) {
			t.Errorf("TextBodiesOnly kept a binary body: %+v", png)
		}
		if !textOnly && png.Text != "iVBORw==" {
			t.Errorf("binary body dropped without TextBodiesOnly: %+v", png)
		}
		if js.Text != `{"id":"u1"}` || late.Text != "no mime yet" {
			t.Errorf("textual or unlabelled body not kept: %+v %+v", js, late)
		}
	}
}

func TestTextualMIME(t *testing.T) {
	for mime, want := range map[string]bool{
		"text/html; charset=utf-8": true, "application/json": true, "application/problem+json": true,
		"application/javascript": true, "application/x-www-form-urlencoded": true, "image/svg+xml": true,
		"image/png": false, "font/woff2": false, "application/octet-stream": false, "video/mp4": false, "": false,
	} {
		if got := TextualMIME(mime); got != want {
			t.Errorf("TextualMIME(%q) = %v, want %v", mime, got, want)
		}
	}
}

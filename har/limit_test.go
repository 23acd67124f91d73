package har

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// repeatedEntries returns a gzip-compressed HAR of n copies of one entry:
// the shape of a decompression bomb.
func repeatedEntries(t testing.TB, n int) []byte {
	t.Helper()
	entry := `{"request":{"method":"GET","url":"https://app.example.com/api/me","headers":[{"name":"cookie","value":"sid=test"}]},` +
		`"response":{"status":200,"headers":[{"name":"set-cookie","value":"sid=test; Path=/"},{"name":"x-cache","value":"Hit from cloudfront"}]}},`
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	io.WriteString(zw, `{"log":{"entries":[`)
	chunk := strings.Repeat(entry, 1000)
	for i := 0; i < n; i += 1000 {
		io.WriteString(zw, chunk)
	}
	io.WriteString(zw, `{}]}}`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// allocated returns the bytes allocated on the heap so far by the process.
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// decodeCount decodes every entry of data and returns how many there were.
func decodeCount(data []byte, opt Options) (int, error) {
	d := NewDecoder(bytes.NewReader(data), "bomb.har.gz", opt)
	for {
		if _, err := d.Next(); err != nil {
			if err == io.EOF {
				err = nil
			}
			return d.Entries(), err
		}
	}
}

func TestDecompressionBomb(t *testing.T) {
	const n = 40000 // about 10 MB unpacked
	bomb := repeatedEntries(t, n)
	if ratio := float64(n*260) / float64(len(bomb)); ratio < 2*DefaultMaxRatio {
		t.Fatalf("bad test: the bomb compresses only %.0f times", ratio)
	}
	before, start := allocated(), time.Now()
	read, err := decodeCount(bomb, Options{})
	elapsed, alloc := time.Since(start), allocated()-before
	var le *LimitError
	if !errors.As(err, &le) || le.MaxRatio != DefaultMaxRatio || le.MaxUnpacked != 0 {
		t.Fatalf("got %v after %d entries, want a ratio LimitError", err, read)
	}
	if le.Unpacked <= RatioFloor || le.Unpacked > RatioFloor+(1<<20) {
		t.Errorf("stopped after %d bytes unpacked, want just past %d", le.Unpacked, RatioFloor)
	}
	if !strings.HasPrefix(err.Error(), "bomb.har.gz: gzip data unpacks to more than 100 times its compressed size (the limit), a decompression bomb: stopped after 1 MiB from ") {
		t.Errorf("Error() = %s", err)
	}
	// Decoding 1 MiB of entries allocates a few times their size; the
	// rest is never unpacked.
	if alloc > 16<<20 || elapsed > 2*time.Second {
		t.Errorf("refusing the bomb allocated %d MiB in %v", alloc>>20, elapsed)
	}
	// Without the ratio limit the same file is read to the end.
	if got, err := decodeCount(bomb, Options{MaxRatio: -1}); err != nil || got != n+1 {
		t.Errorf("MaxRatio -1: %d entries, %v", got, err)
	}
}

func TestMaxUnpacked(t *testing.T) {
	gz := []byte(gzipped(t, twoEntries, gzip.DefaultCompression))
	tests := []struct {
		name    string
		opt     Options
		entries int
		err     string
	}{
		{"default", Options{}, 2, ""},
		{"exactly the size", Options{MaxUnpacked: int64(len(twoEntries))}, 2, ""},
		{"one byte less", Options{MaxUnpacked: int64(len(twoEntries)) - 1}, 0,
			"t.har.gz: gzip data unpacks to more than 272 bytes (the limit); stopped after 273 bytes from 182 bytes compressed"},
		{"in the first entry", Options{MaxUnpacked: 100}, 0,
			"t.har.gz: gzip data unpacks to more than 100 bytes (the limit); stopped after 101 bytes from 182 bytes compressed"},
		{"no limit", Options{MaxUnpacked: -1, MaxRatio: -1}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(gz) != 182 {
				t.Fatalf("bad test: %d bytes of gzip", len(gz))
			}
			// With a smaller buffer, entries before the limit may be
			// decoded before it is met: the error is the same.
			for _, size := range bufSizes {
				d := newDecoder(bytes.NewReader(gz), "t.har.gz", tt.opt, size)
				var err error
				for err == nil {
					_, err = d.Next()
				}
				if err == io.EOF {
					err = nil
				}
				got := ""
				if err != nil {
					got = err.Error()
					var le *LimitError
					if !errors.As(err, &le) {
						t.Errorf("buffer %d: %T, want a *LimitError", size, err)
					}
				}
				if got != tt.err || d.Entries() != tt.entries && (tt.err == "" || size == defaultBufSize) {
					t.Errorf("buffer %d: %d entries, error %q\nwant %d, %q", size, d.Entries(), got, tt.entries, tt.err)
				}
			}
		})
	}
	// An input that is not compressed has no such limit.
	if n, err := decodeCount([]byte(twoEntries), Options{MaxUnpacked: 10}); err != nil || n != 2 {
		t.Errorf("plain input: %d entries, %v", n, err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 64 << 10: "64 KiB",
		16 << 20: "16 MiB", 4 << 30: "4 GiB", 5 << 40: "5 TiB", 1<<20 - 1: "1024 KiB",
	} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMaxListLen(t *testing.T) {
	list := func(n int, elem string) string {
		return strings.TrimSuffix(strings.Repeat(elem+",", n), ",")
	}
	const hdr = `{"name":"set-cookie","value":"c=v"}`
	head := `{"log":{"entries":[{"response":{"headers":[`
	tests := []struct {
		name, in string
		err      string
	}{
		{"headers at the cap", head + list(MaxListLen, hdr) + `]}}]}}`, ""},
		{"headers beyond it", head + list(MaxListLen+1, hdr) + `]}}]}}`,
			fmt.Sprintf("t.har:1:%d: offset %d, entry 0: not a HAR: more than 10000 headers in one list (Chrome refuses more than 256 KiB of response headers)",
				len(head)+MaxListLen*(len(hdr)+1)+1, len(head)+MaxListLen*(len(hdr)+1))},
		{"elements that are not headers do not count", head + list(MaxListLen, hdr) + "," + list(100, "null") + `]}}]}}`, ""},
		{"headers as an object", `{"log":{"entries":[{"request":{"headers":{` + list(MaxListLen+1, `"a":"b"`) + `}}}]}}`,
			fmt.Sprintf("t.har:1:%d: offset %d, entry 0: not a HAR: more than 10000 headers in one list (Chrome refuses more than 256 KiB of response headers)",
				42+MaxListLen*8+4+1, 42+MaxListLen*8+4)},
		{"cookies", `{"log":{"entries":[{"request":{"cookies":[` + list(MaxListLen+1, `{"name":"a"}`) + `]}}]}}`,
			fmt.Sprintf("t.har:1:%d: offset %d, entry 0: not a HAR: more than 10000 cookies in one list (Chrome refuses more than 256 KiB of response headers)",
				42+MaxListLen*13+1, 42+MaxListLen*13)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, entries, err := decodeAll(t, tt.in, Options{})
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Errorf("error %q\nwant  %q", got, tt.err)
			}
			if tt.err == "" && (len(entries) != 1 || len(entries[0].Response.Headers) != MaxListLen) {
				t.Errorf("%d entries", len(entries))
			}
		})
	}
}

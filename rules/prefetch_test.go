package rules

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// prefetchHAR is a HAR of n entries with bodies of body bytes, with tail
// after the entries array (pages after the entries, a cut, bad JSON).
func prefetchHAR(n, body int, tail string) string {
	var b strings.Builder
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"pages":[{"id":"p1","title":"one","startedDateTime":"2025-01-01T00:00:00Z"}],"entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"startedDateTime":"2025-01-01T00:00:%02d.000Z","time":1,"request":{"method":"GET","url":"https://app.example.com/%d","headers":[{"name":"Cookie","value":"next-auth.session-token=v%[2]d"}]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"next-auth.session-token=w%[2]d; Path=/; HttpOnly"},{"name":"X-Cache","value":"Hit from cloudfront"}],"content":{"mimeType":"text/plain","text":"%s"}}}`, i%60, i, strings.Repeat("x", body))
	}
	b.WriteString(tail)
	return b.String()
}

// TestPrefetch checks that the prefetcher hands out the decoder's entries,
// error and log as reading the decoder itself does.
func TestPrefetch(t *testing.T) {
	tests := []struct {
		name    string
		n, body int
		tail    string
	}{
		{"empty", 0, 0, `]}}`},
		{"one", 1, 10, `]}}`},
		{"one batch", prefetchLen - 1, 10, `]}}`},
		{"several batches", 5*prefetchLen + 3, 10, `]}}`},
		{"batches cut by bytes", 40, 100 << 10, `]}}`},
		{"pages after entries", 3*prefetchLen + 1, 10, `],"pages":[{"id":"p2","title":"two"}]}}`},
		{"cut short", 2*prefetchLen + 5, 10, `,{"request":{"method":"GET"`},
		{"bad JSON after entries", 70, 10, `]}}x`},
		{"bad element", 70, 10, `,3]}}`},
		{"no log", 0, 0, `]}`},
	}
	for _, tt := range tests {
		for _, ahead := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s, ahead %v", tt.name, ahead), func(t *testing.T) {
				testPrefetch(t, prefetchHAR(tt.n, tt.body, tt.tail), ahead)
			})
		}
	}
}

// testPrefetch compares the prefetcher with the decoder on in; ahead false
// makes the rule pass derive every exchange (a slow decoder), true lets
// the decoder derive them ahead.
func testPrefetch(t *testing.T, in string, ahead bool) {
	opts := har.Options{BodyLimit: 16 << 10}
	dec := har.NewDecoder(strings.NewReader(in), "t.har", opts)
	want, wantFirst, wantLog, wantErr := readSource(dec.Next, dec.Log)
	cat := auth.Default()
	pf := newPrefetcher(har.NewDecoder(strings.NewReader(in), "t.har", opts), "t.har", cat)
	pf.noAhead = !ahead
	go pf.decode()
	defer pf.stop()
	var xs []*Exchange
	got, gotFirst, gotLog, gotErr := readSource(func() (*har.Entry, error) {
		x, err := pf.next()
		if err != nil {
			return nil, err
		}
		xs = append(xs, x)
		return x.Entry, nil
	}, pf.Log)
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("entry %d differs:\n%+v\nwant\n%+v", i, got[i], want[i])
		}
		if w := newExchange(want[i], cat); !reflect.DeepEqual(xs[i], w) {
			t.Fatalf("exchange %d differs:\n%+v\nwant\n%+v", i, xs[i], w)
		}
	}
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || errors.Is(wantErr, io.EOF) != errors.Is(gotErr, io.EOF) {
		t.Errorf("error %v, want %v", gotErr, wantErr)
	}
	if !reflect.DeepEqual(gotFirst, wantFirst) || !reflect.DeepEqual(gotLog, wantLog) {
		t.Errorf("log after the first entry %+v and at the end %+v, want %+v and %+v", gotFirst, gotLog, wantFirst, wantLog)
	}
}

// readSource reads a source (its Next and Log) to its error, as Analyze
// does: the entries, the log after the first entry, the log at the end and
// the error.
func readSource(next func() (*har.Entry, error), logOf func() *har.Log) (entries []*har.Entry, first, last *har.Log, err error) {
	for {
		e, err := next()
		if err != nil {
			if l := logOf(); l != nil {
				c := *l
				last = &c
			}
			return entries, first, last, err
		}
		if first == nil {
			c := *logOf()
			first = &c
		}
		entries = append(entries, e)
	}
}

// TestPrefetchStop checks that a rule pass that stops early (a rule
// panicked) ends the decoding goroutine.
func TestPrefetchStop(t *testing.T) {
	in := prefetchHAR(20*prefetchLen, 10, `]}}`)
	before := runtime.NumGoroutine()
	pf := prefetch(har.NewDecoder(strings.NewReader(in), "t.har", har.Options{}), "t.har", auth.Default())
	if _, err := pf.next(); err != nil {
		t.Fatal(err)
	}
	pf.stop()
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before; {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after stop, %d before prefetch", runtime.NumGoroutine(), before)
		}
		time.Sleep(time.Millisecond)
	}
}

// panicReader panics on the read after its data.
type panicReader struct{ r io.Reader }

func (p *panicReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err == io.EOF {
		panic("reader broke")
	}
	return n, err
}

// TestPrefetchPanic checks that a panic while decoding ahead ends Analyze
// with an error naming the file, as a panic in the rule pass does, and
// does not take the process down.
func TestPrefetchPanic(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("Analyze prefetches only with two cores or more")
	}
	in := prefetchHAR(2*prefetchLen, 10, "")
	res, err := Analyze(har.NewDecoder(&panicReader{strings.NewReader(in)}, "t.har", har.Options{}), "t.har", Options{})
	if res != nil || err == nil || !strings.HasPrefix(err.Error(), "t.har: internal error in the HAR reader after entry ") || !strings.Contains(err.Error(), "reader broke") {
		t.Fatalf("Analyze = %v, %.200v; want no result and the reader's panic", res, err)
	}
}

// TestPrefetchExchangePanic checks that a panic deriving an exchange (here:
// no catalog) ends the input with an error naming the entry, on either
// side of the pipeline.
func TestPrefetchExchangePanic(t *testing.T) {
	for _, ahead := range []bool{true, false} {
		pf := newPrefetcher(har.NewDecoder(strings.NewReader(prefetchHAR(3, 10, `]}}`)), "t.har", har.Options{}), "t.har", nil)
		pf.noAhead = !ahead
		go pf.decode()
		_, err := pf.next()
		pf.stop()
		if err == nil || !strings.Contains(err.Error(), "t.har: internal error while analysing entry 0") {
			t.Errorf("ahead %v: error %.200v, want an internal error naming entry 0", ahead, err)
		}
	}
}

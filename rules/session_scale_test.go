package rules

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
)

// The session rules must keep state bounded by what is in flight, not by
// the size of the input: a rolling session cookie re-issued on every
// response is the worst case, since every entry brings a new value.

// rollingStream returns a reader of the HAR that rollingHAR(n) returns (the
// same entries, the same order), rendered one entry at a time, so that
// large inputs need no memory of their own.
func rollingStream(t testing.TB, n int) io.Reader {
	t.Helper()
	const (
		idx   = "@I@"
		sent  = "@C@"
		set   = "@S@"
		start = "@T@"
	)
	doc := string(testHAR(t, fetchCalls(testEntry{
		url:        "https://app.example.com/api/items/" + idx,
		start:      sessAt(0),
		timeMS:     25,
		cookie:     "authjs.session-token=" + sent,
		setCookies: []string{"authjs.session-token=" + set + "; Path=/; HttpOnly; SameSite=Lax; Expires=Fri, 25 Dec 2026 13:00:00 GMT"},
	})...))
	doc = strings.Replace(doc, sessAt(0).UTC().Format("2006-01-02T15:04:05.000Z"), start, 1)
	head, rest, _ := strings.Cut(doc, `"entries":[`)
	entry, tail, _ := strings.Cut(rest, `],"version"`)
	return &rollingReader{n: n, head: head + `"entries":[`, tail: `],"version"` + tail, parts: splitTemplate(entry, idx, sent, set, start)}
}

// templatePart is a literal followed by a placeholder (none for the last).
type templatePart struct{ lit, hole string }

// splitTemplate cuts s at each occurrence of the holes.
func splitTemplate(s string, holes ...string) []templatePart {
	var parts []templatePart
	for {
		at, hole := -1, ""
		for _, h := range holes {
			if i := strings.Index(s, h); i >= 0 && (at < 0 || i < at) {
				at, hole = i, h
			}
		}
		if at < 0 {
			return append(parts, templatePart{lit: s})
		}
		parts = append(parts, templatePart{lit: s[:at], hole: hole})
		s = s[at+len(hole):]
	}
}

type rollingReader struct {
	n, next    int
	head, tail string
	parts      []templatePart
	buf        bytes.Buffer
	done       bool
}

func (r *rollingReader) Read(p []byte) (int, error) {
	for r.buf.Len() == 0 {
		switch {
		case r.done:
			return 0, io.EOF
		case r.next == 0 && r.head != "":
			r.buf.WriteString(r.head)
			r.head = ""
		case r.next < r.n:
			if r.next > 0 {
				r.buf.WriteByte(',')
			}
			r.entry(rollingOrder(r.next, r.n))
			r.next++
		default:
			r.buf.WriteString(r.tail)
			r.done = true
		}
	}
	return r.buf.Read(p)
}

// rollingOrder is the entry written at position i: rollingHAR swaps the
// entries 10k and 10k+1.
func rollingOrder(i, n int) int {
	switch {
	case i%10 == 0 && i+1 < n:
		return i + 1
	case i%10 == 1:
		return i - 1
	}
	return i
}

func (r *rollingReader) entry(i int) {
	for _, p := range r.parts {
		r.buf.WriteString(p.lit)
		switch p.hole {
		case "@I@":
			fmt.Fprint(&r.buf, i)
		case "@C@":
			r.buf.WriteString(benchToken(i))
		case "@S@":
			r.buf.WriteString(benchToken(i + 1))
		case "@T@":
			r.buf.WriteString(sessAt(float64(10 * i)).UTC().Format("2006-01-02T15:04:05.000Z"))
		}
	}
}

func TestRollingStreamIsRollingHAR(t *testing.T) {
	for _, n := range []int{1, 2, 11, 25} {
		got, err := io.ReadAll(rollingStream(t, n))
		if err != nil {
			t.Fatal(err)
		}
		if want := rollingHAR(t, n); !bytes.Equal(got, want) {
			t.Fatalf("n=%d: stream differs from rollingHAR:\n got %.300s\nwant %.300s", n, got, want)
		}
	}
}

// sessionRules are the rules that keep session state across entries, and
// cached-set-cookie, which remembers Set-Cookie values.
func sessionRules() []*Rule {
	var rs []*Rule
	for _, r := range All() {
		if r.Category == CategorySession || r == CachedSetCookie {
			rs = append(rs, r)
		}
	}
	return rs
}

// heapSampler is a Source that measures the live heap (after a collection)
// every `every` entries.
type heapSampler struct {
	Source
	every, n int
	samples  []uint64
}

func (s *heapSampler) Next() (*har.Entry, error) {
	if s.n++; s.n%s.every == 0 {
		s.samples = append(s.samples, liveHeap())
	}
	return s.Source.Next()
}

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(m)
	return m[0].Value.Uint64()
}

// TestSessionRulesMemoryBounded runs the session rules over small entries
// that each re-issue the session cookie and checks that the live heap stays
// under a fixed bound and stops growing with the entries: 100k entries (20k
// with -short), or as many as AUTHLINT_SCALE_ENTRIES says (500000 for the
// size of issue 10; about a minute on two cores).
func TestSessionRulesMemoryBounded(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	if v := os.Getenv("AUTHLINT_SCALE_ENTRIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 5 {
			t.Fatalf("AUTHLINT_SCALE_ENTRIES=%q: want a number of entries, at least 5", v)
		}
	}
	const (
		bound  = 24 << 20 // live heap the analysis may add, whatever n
		growth = 4 << 20  // between the first sample and the last
	)
	base := liveHeap()
	src := &heapSampler{Source: har.NewDecoder(rollingStream(t, n), "rolling.har", har.Options{}), every: n / 5}
	res, err := Analyze(src, "rolling.har", Options{Rules: sessionRules()})
	if err != nil || res.Entries != n {
		t.Fatalf("analyze: %v (%d entries)", err, res.Entries)
	}
	var peak uint64
	for _, s := range src.samples {
		peak = max(peak, s-min(s, base))
	}
	first, last := src.samples[0], src.samples[len(src.samples)-1]
	t.Logf("%d entries: live heap over the baseline %v (peak %d KiB, %.1f B/entry)", n, kib(src.samples, base), peak>>10, float64(peak)/float64(n))
	if peak > bound {
		t.Errorf("live heap grew by %d KiB, over the bound of %d KiB", peak>>10, bound>>10)
	}
	if last > first+growth {
		t.Errorf("live heap grew from %d KiB at %d entries to %d KiB at %d: state grows with the input", first>>10, n/5, last>>10, n)
	}
}

func kib(samples []uint64, base uint64) []uint64 {
	out := make([]uint64, len(samples))
	for i, s := range samples {
		out[i] = (s - min(s, base)) >> 10
	}
	return out
}

// BenchmarkSessionRules analyses generated HARs in which every response
// re-issues a rolling session cookie and requests overlap, with the session
// rules, and reports entries/s and the bytes allocated per entry: both must
// hold from 50k to 500k entries (time at most ~11x for 10x the entries).
// The HAR is rendered while it is read (rollingStream), so that large sizes
// need no memory for the input; that cost is in the numbers.
//
//	go test ./rules -run '^$' -bench 'SessionRules' -benchtime 1x
func BenchmarkSessionRules(b *testing.B) {
	for _, n := range []int{1_000, 50_000, 500_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			opts := Options{Rules: sessionRules()}
			b.ReportAllocs()
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			start := time.Now()
			for b.Loop() {
				res, err := Analyze(har.NewDecoder(rollingStream(b, n), "bench.har", har.Options{}), "bench.har", opts)
				if err != nil || res.Entries != n {
					b.Fatalf("analyze: %v (%d entries)", err, res.Entries)
				}
			}
			elapsed := time.Since(start)
			runtime.ReadMemStats(&ms1)
			entries := float64(b.N * n)
			b.ReportMetric(float64(elapsed.Nanoseconds())/entries, "ns/entry")
			b.ReportMetric(entries/elapsed.Seconds(), "entries/s")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/entries, "B/entry")
		})
	}
}

package rules

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/jar"
)

// replayExchanges returns n exchanges of a rolling session cookie on two
// paths, some without a duration, written nearly in start order: each
// exchange may swap with its neighbour, as HAR exporters do.
func replayExchanges(n int, seed uint64) []jar.Exchange {
	rng := rand.New(rand.NewPCG(seed, 1))
	base := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	xs := make([]jar.Exchange, n)
	for i := range xs {
		u, _ := url.Parse(fmt.Sprintf("https://app.example.com/api/%d/items", i%2))
		start := base.Add(time.Duration(i*10+rng.IntN(5)) * time.Millisecond)
		dur := time.Duration(rng.IntN(4)*20) * time.Millisecond
		x := jar.Exchange{Tag: i, Start: start, End: start.Add(dur), URL: u,
			Sent: []cookie.Pair{{Name: "sid", Value: jar.ID(fmt.Sprint(rng.IntN(i + 1)))}}}
		if rng.IntN(3) > 0 {
			x.Set = []jar.Line{{Name: "sid", Value: jar.ID(fmt.Sprint(i + 1)), Path: "/", HTTPOnly: true, Secure: true}}
		}
		if rng.IntN(7) == 0 {
			x.Set = append(x.Set, jar.Line{Name: "sid", Value: "", Path: "/", HasMaxAge: true, MaxAge: -1})
		}
		xs[i] = x
	}
	for i := 0; i+1 < n; i += 2 + rng.IntN(5) {
		xs[i], xs[i+1] = xs[i+1], xs[i]
	}
	return xs
}

// describeEvent renders what a rule can read of an event.
func describeEvent(e *jar.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d at %s held", e.Kind, e.Exchange.Tag, e.At.Format(time.StampMilli))
	for _, c := range e.Held {
		fmt.Fprintf(&b, " %s=%x@%d", c.Name, c.Value, c.Source)
	}
	for _, w := range e.Writes {
		fmt.Fprintf(&b, " %s", w.Outcome)
	}
	if e.Kind == jar.ResponseEnd {
		for _, c := range e.After() {
			fmt.Fprintf(&b, " after %x", c.Value)
		}
	}
	return b.String()
}

func TestStreamReplayMatchesTimeline(t *testing.T) {
	for _, n := range []int{0, 1, 2, 50, 3 * replayMaxPending} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			xs := replayExchanges(n, uint64(n))
			var tl jar.Timeline
			for _, x := range xs {
				x.Sent, x.Set = slices.Clone(x.Sent), slices.Clone(x.Set)
				tl.Add(x)
			}
			var want, got []string
			tl.Replay(func(e *jar.Event) { want = append(want, describeEvent(e)) })
			r := newStreamReplay(func(e *jar.Event) { got = append(got, describeEvent(e)) })
			for _, x := range xs {
				r.Add(x)
				if r.pending > replayMaxPending {
					t.Fatalf("%d exchanges pending, over the bound %d", r.pending, replayMaxPending)
				}
			}
			r.Flush()
			if r.late != 0 {
				t.Errorf("%d exchanges replayed late", r.late)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d events, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("event %d:\n got %s\nwant %s", i, got[i], want[i])
				}
			}
		})
	}
}

// An exchange that starts before events already replayed (out of order by
// more than the window) is replayed late and counted, never dropped.
func TestStreamReplayCountsLateExchanges(t *testing.T) {
	u, _ := url.Parse("https://app.example.com/")
	base := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	var tags []int
	r := newStreamReplay(func(e *jar.Event) {
		if e.Kind == jar.RequestStart {
			tags = append(tags, e.Exchange.Tag)
		}
	})
	r.Add(jar.Exchange{Tag: 0, Start: base, End: base, URL: u})
	r.Add(jar.Exchange{Tag: 1, Start: base.Add(2 * replayWindow), End: base.Add(2 * replayWindow), URL: u})
	r.Add(jar.Exchange{Tag: 2, Start: base.Add(-time.Second), End: base.Add(-time.Second), URL: u})
	r.Flush()
	if r.late != 1 || !slices.Equal(tags, []int{0, 2, 1}) {
		t.Fatalf("late = %d, requests replayed %v; want 1 late and [0 2 1]", r.late, tags)
	}
}

// TestReplayEventsHeap checks the typed heap against a sort, with ties on
// time and rank broken by arrival, pushes and pops interleaved.
func TestReplayEventsHeap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var h replayEvents
	var all, popped []replayEvent
	for seq := range 2000 {
		v := replayEvent{at: base.Add(time.Duration(rng.IntN(50)) * time.Millisecond), rank: uint8(rng.IntN(3)), seq: seq}
		h.push(v)
		all = append(all, v)
		if rng.IntN(3) == 0 {
			popped = append(popped, h.pop())
		}
	}
	for len(h) > 0 {
		popped = append(popped, h.pop())
	}
	if len(popped) != len(all) {
		t.Fatalf("popped %d of %d events", len(popped), len(all))
	}
	// Each pop is the least of what was pushed and not yet popped: replay
	// that with a sorted slice.
	var pending []replayEvent
	i := 0
	rng = rand.New(rand.NewPCG(1, 2))
	for seq := range 2000 {
		_ = rng.IntN(50)
		_ = rng.IntN(3)
		pending = append(pending, all[seq])
		if rng.IntN(3) == 0 {
			checkLeast(t, &pending, popped[i])
			i++
		}
	}
	for ; i < len(popped); i++ {
		checkLeast(t, &pending, popped[i])
	}
}

// checkLeast checks that got is the least of pending and removes it.
func checkLeast(t *testing.T, pending *[]replayEvent, got replayEvent) {
	t.Helper()
	p := replayEvents(*pending)
	least := 0
	for j := range p {
		if p.less(j, least) {
			least = j
		}
	}
	if p[least].seq != got.seq || p[least].rank != got.rank {
		t.Fatalf("popped seq %d, want seq %d", got.seq, p[least].seq)
	}
	*pending = slices.Delete(*pending, least, least+1)
}

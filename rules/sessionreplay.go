package rules

import (
	"cmp"
	"net/url"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/jar"
)

// Bounds of a streamReplay: an event is replayed once it lies more than
// replayWindow before the latest request start added, or as soon as more
// than replayMaxPending exchanges wait. HAR exporters write entries nearly
// in start order (a redirect or a service worker may swap neighbours), so
// in practice no exchange arrives after events later than its own were
// replayed, and the replay is the one jar.Timeline.Replay makes of the whole
// input; memory is bounded by the exchanges in flight within the window, not
// by the size of the input.
const (
	replayWindow     = 5 * time.Minute
	replayMaxPending = 256
	// replayMaxStrings bounds the shared copies of cookie names, domains,
	// paths and URL parts; past it the table starts over.
	replayMaxStrings = 4096
)

// streamReplay replays exchanges through a cookie jar in time order as they
// are added, the way jar.Timeline.Replay replays a whole input (same event
// order, same jar), keeping only the exchanges whose events may still move
// (see replayWindow). fn is called for every event, as by Replay; the Event
// is reused between calls.
type streamReplay struct {
	fn      func(e *jar.Event)
	j       *jar.Jar
	evs     replayEvents
	seq     int       // add order, for ties
	pending int       // exchanges added whose response has not been replayed
	latest  time.Time // latest request start added
	done    time.Time // time of the last event replayed
	started bool      // an event was replayed
	late    int       // exchanges that started before an event already replayed
	strs    map[string]string
	e       jar.Event
}

func newStreamReplay(fn func(e *jar.Event)) *streamReplay {
	return &streamReplay{fn: fn, j: jar.New(), strs: map[string]string{}}
}

// replayEvent is one pending event: the request (rank 1) or the response
// (rank 0 with a duration, 2 without) of x, ordered as jar.Timeline.Replay
// orders them.
type replayEvent struct {
	at   time.Time
	rank uint8
	seq  int
	x    *jar.Exchange
}

// replayEvents is a binary min-heap of events by (at, rank, seq), typed:
// container/heap would box every event pushed in an interface.
type replayEvents []replayEvent

// less orders events by time, then rank, then arrival.
func (h replayEvents) less(i, j int) bool {
	a, b := &h[i], &h[j]
	return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.rank, b.rank), cmp.Compare(a.seq, b.seq)) < 0
}

// push adds v.
func (h *replayEvents) push(v replayEvent) {
	*h = append(*h, v)
	s := *h
	for i := len(s) - 1; i > 0; {
		parent := (i - 1) / 2
		if !s.less(i, parent) {
			break
		}
		s[i], s[parent] = s[parent], s[i]
		i = parent
	}
}

// pop removes and returns the least event; h must not be empty.
func (h *replayEvents) pop() replayEvent {
	s := *h
	v := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s[last] = replayEvent{}
	s = s[:last]
	for i := 0; ; {
		least, l, r := i, 2*i+1, 2*i+2
		if l < len(s) && s.less(l, least) {
			least = l
		}
		if r < len(s) && s.less(r, least) {
			least = r
		}
		if least == i {
			break
		}
		s[i], s[least] = s[least], s[i]
		i = least
	}
	*h = s
	return v
}

// intern returns the replay's copy of s, so that pending exchanges share
// one copy of each name and keep no HAR text alive.
func (r *streamReplay) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := r.strs[s]; ok {
		return v
	}
	if len(r.strs) >= replayMaxStrings {
		clear(r.strs)
	}
	v := strings.Clone(s)
	r.strs[v] = v
	return v
}

// Add queues x as jar.Timeline.Add does (an exchange without a start time or
// a host is skipped; its URL is reduced to scheme, host and path; values
// are kept as given, so make them IDs), then replays the events that can no
// longer move.
func (r *streamReplay) Add(x jar.Exchange) {
	if x.Start.IsZero() || x.URL == nil || x.URL.Host == "" {
		return
	}
	x.URL = &url.URL{Scheme: r.intern(strings.ToLower(x.URL.Scheme)), Host: r.intern(x.URL.Host), Path: strings.Clone(x.URL.Path), RawPath: strings.Clone(x.URL.RawPath)}
	if x.End.Before(x.Start) {
		x.End = x.Start
	}
	for i := range x.Sent {
		x.Sent[i].Name = r.intern(x.Sent[i].Name)
	}
	for i := range x.Set {
		l := &x.Set[i]
		l.Name, l.Domain, l.Path, l.SameSite = r.intern(l.Name), r.intern(l.Domain), r.intern(l.Path), r.intern(l.SameSite)
		l.PrefixError = strings.Clone(l.PrefixError)
	}
	if r.started && x.Start.Before(r.done) {
		r.late++ // replayed after events later than its start: see replayWindow
	}
	px := &x
	rank := uint8(0)
	if !x.End.After(x.Start) {
		rank = 2
	}
	r.evs.push(replayEvent{at: x.Start, rank: 1, seq: r.seq, x: px})
	r.evs.push(replayEvent{at: x.End, rank: rank, seq: r.seq, x: px})
	r.seq++
	r.pending++
	if x.Start.After(r.latest) {
		r.latest = x.Start
	}
	limit := r.latest.Add(-replayWindow)
	for len(r.evs) > 0 && (r.evs[0].at.Before(limit) || r.pending > replayMaxPending) {
		r.step()
	}
}

// Flush replays every pending event; call it after the last Add.
func (r *streamReplay) Flush() {
	for len(r.evs) > 0 {
		r.step()
	}
}

// Now returns the time of the last event replayed.
func (r *streamReplay) Now() time.Time { return r.done }

// Jar returns the jar of the replay; it must not be modified.
func (r *streamReplay) Jar() *jar.Jar { return r.j }

// step replays the earliest pending event, as jar.Timeline.Replay does.
func (r *streamReplay) step() {
	v := r.evs.pop()
	x := v.x
	r.done, r.started = v.at, true
	r.e = jar.Event{Exchange: x, At: v.at, Jar: r.j, Writes: r.e.Writes[:0]}
	if v.rank == 1 {
		r.e.Kind = jar.RequestStart
		r.e.Held = r.j.Get(v.at, x.URL)
		r.fn(&r.e)
		return
	}
	r.pending--
	r.e.Kind = jar.ResponseEnd
	r.e.Held = r.j.Peek(v.at, x.URL)
	for _, l := range x.Set {
		r.e.Writes = append(r.e.Writes, r.j.SetLine(v.at, x.URL, l, x.Tag))
	}
	r.fn(&r.e)
}

// sources returns the tags of the responses that wrote the cookies the jar
// still holds at the time of the last event: the exchanges later events
// may name as a cookie's Source.
func (r *streamReplay) sources() map[int]bool {
	out := map[int]bool{}
	for _, c := range r.j.All(r.done) {
		out[c.Source] = true
	}
	return out
}

// sessionTimeSlack is the margin by which HAR times must differ before the
// session rules trust their order: startedDateTime has millisecond
// precision and exporters round start and duration separately.
const sessionTimeSlack = 2 * time.Millisecond

// sessionJarData returns the session cookies of x as a jar timeline keeps
// them: the request's pairs and the response's lines, values replaced by
// their IDs (jar.Timeline.Add copies the names, domains and paths). keep, when set, selects the cookies by their classification.
func sessionJarData(x *Exchange, keep func(auth.CookieInfo) bool) ([]cookie.Pair, []jar.Line) {
	var pairs []cookie.Pair
	for _, c := range x.Cookies {
		if c.Session() && (keep == nil || keep(c.Info)) {
			pairs = append(pairs, cookie.Pair{Name: c.Name, Value: jar.ID(c.Value)})
		}
	}
	var lines []jar.Line
	for _, c := range x.SetCookies {
		if c.Session() && c.Err == nil && (keep == nil || keep(c.Info)) {
			l := jar.NewLine(c.SetCookie, x.URL)
			l.Value = jar.ID(c.Value) // Timeline.Add shares the other strings
			lines = append(lines, l)
		}
	}
	return pairs, lines
}

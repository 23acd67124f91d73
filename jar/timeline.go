package jar

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/cookie"
)

// Exchange is what a [Timeline] keeps of one HTTP exchange: times, where the
// request went, the cookies it sent and the Set-Cookie lines of its
// response. Keep it small: values should be [ID]s and only the cookies a
// rule cares about need to be there (cookies do not affect one another in a
// jar, except through the size limits).
type Exchange struct {
	// Tag identifies the exchange to the caller (a HAR entry index); the
	// jar records it as the Source of the cookies the response stores.
	Tag int
	// Start is when the request started; End when the response completed
	// (Start plus the entry's time). An End before Start is taken as Start.
	Start, End time.Time
	// URL is the request URL; only its scheme, host and path are used.
	URL *url.URL
	// Sent are the cookies the request sent, in order.
	Sent []cookie.Pair
	// Set are the response's Set-Cookie lines, in order; nil when the
	// request got no response.
	Set []Line
}

// A Timeline replays exchanges in time order through a cookie jar. Add
// exchanges in any order (HAR files are not sorted by time), then call
// [Timeline.Replay].
type Timeline struct {
	xs      []Exchange
	skipped int
	urls    map[urlKey]*url.URL // shared reduced URLs: HARs repeat them
	strs    map[string]string   // shared cookie names, domains and paths
}

// intern returns the timeline's copy of s, so that exchanges share one
// copy of each cookie name, domain and path and keep no HAR text alive.
func (t *Timeline) intern(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := t.strs[s]; ok {
		return v
	}
	if t.strs == nil {
		t.strs = map[string]string{}
	}
	v := strings.Clone(s)
	t.strs[v] = v
	return v
}

type urlKey struct{ scheme, host, path, rawPath string }

// Add records x. Its URL is reduced to scheme, host and path, and shared
// with the exchanges added before that have the same ones; cookie names,
// domains and paths in x.Sent and x.Set are replaced by shared copies (the
// slices are kept, not copied). Values are kept as given: make them [ID]s.
// An exchange
// without a start time or a URL cannot be placed and is skipped (see
// [Timeline.Skipped]).
func (t *Timeline) Add(x Exchange) {
	if x.Start.IsZero() || x.URL == nil || x.URL.Host == "" {
		t.skipped++
		return
	}
	k := urlKey{strings.ToLower(x.URL.Scheme), x.URL.Host, x.URL.Path, x.URL.RawPath}
	u, ok := t.urls[k]
	if !ok {
		k = urlKey{strings.Clone(k.scheme), strings.Clone(k.host), strings.Clone(k.path), strings.Clone(k.rawPath)}
		u = &url.URL{Scheme: k.scheme, Host: k.host, Path: k.path, RawPath: k.rawPath}
		if t.urls == nil {
			t.urls = map[urlKey]*url.URL{}
		}
		t.urls[k] = u
	}
	x.URL = u
	if x.End.Before(x.Start) {
		x.End = x.Start
	}
	for i := range x.Sent {
		x.Sent[i].Name = t.intern(x.Sent[i].Name)
	}
	for i := range x.Set {
		l := &x.Set[i]
		l.Name, l.Domain, l.Path, l.SameSite = t.intern(l.Name), t.intern(l.Domain), t.intern(l.Path), t.intern(l.SameSite)
	}
	t.xs = append(t.xs, x)
}

// Len returns the number of exchanges added and not skipped.
func (t *Timeline) Len() int { return len(t.xs) }

// Skipped returns the number of exchanges Add could not place in time.
func (t *Timeline) Skipped() int { return t.skipped }

// EventKind says what happened at an [Event].
type EventKind uint8

// Event kinds.
const (
	// RequestStart: a request left the browser with the jar's cookies.
	RequestStart EventKind = iota
	// ResponseEnd: a response completed and its Set-Cookie lines took
	// effect.
	ResponseEnd
)

// String returns "request" or "response".
func (k EventKind) String() string {
	if k == RequestStart {
		return "request"
	}
	return "response"
}

// Event is one moment of a replay.
type Event struct {
	Kind EventKind
	// At is the exchange's Start (RequestStart) or End (ResponseEnd).
	At time.Time
	// Exchange is the exchange the event belongs to.
	Exchange *Exchange
	// Held, for RequestStart, are the cookies the jar held for the
	// request's URL when it started: what a browser would have sent, to
	// compare with Exchange.Sent. For ResponseEnd they are the cookies the
	// jar held for the URL just before the response's lines took effect.
	Held []Cookie
	// Writes, for ResponseEnd, are the results of the response's
	// Set-Cookie lines, one per line of Exchange.Set, in order.
	Writes []Result
	// Jar is the jar after the event. It may be read during the callback
	// and must not be modified or kept.
	Jar *Jar
}

// After returns, for a ResponseEnd event, the cookies the jar holds for the
// exchange's URL once the response's lines took effect.
func (e *Event) After() []Cookie {
	return e.Jar.Peek(e.At, e.Exchange.URL)
}

// Replay sorts the exchanges by time and replays them through a new [Jar],
// calling fn for every event in time order: the request of each exchange at
// its start, its response at its end. When a response ends at the instant
// another request starts, the response comes first, so a redirect's cookie
// reaches the request that follows it; a response that took no time comes
// after the requests that start at the same instant, and never before its
// own request. Other ties keep the order of Add. The Event passed to fn is
// reused: copy what must outlive the call. Replay may be called again; each
// call starts from an empty jar.
func (t *Timeline) Replay(fn func(e *Event)) {
	type ev struct {
		at   time.Time
		rank uint8 // 0: response with a duration, 1: request, 2: response without one
		i    int32
	}
	evs := make([]ev, 0, 2*len(t.xs))
	for i := range t.xs {
		x := &t.xs[i]
		evs = append(evs, ev{x.Start, 1, int32(i)})
		rank := uint8(0)
		if !x.End.After(x.Start) {
			rank = 2
		}
		evs = append(evs, ev{x.End, rank, int32(i)})
	}
	slices.SortFunc(evs, func(a, b ev) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.rank, b.rank), cmp.Compare(a.i, b.i))
	})
	j := New()
	var e Event
	for _, v := range evs {
		x := &t.xs[v.i]
		e = Event{Exchange: x, At: v.at, Jar: j, Writes: e.Writes[:0]}
		if v.rank == 1 {
			e.Kind = RequestStart
			e.Held = j.Get(v.at, x.URL)
			fn(&e)
			continue
		}
		e.Kind = ResponseEnd
		e.Held = j.Peek(v.at, x.URL)
		for _, l := range x.Set {
			e.Writes = append(e.Writes, j.SetLine(v.at, x.URL, l, x.Tag))
		}
		fn(&e)
	}
}

// Comparison is, for one cookie name, what the jar held when a request
// started and what the request sent. When several cookies share the name
// (different paths or domains), the first of each side counts, which is
// the one most servers read: the jar orders longer paths first, as
// browsers do.
type Comparison struct {
	Name string
	// Held is the jar's cookie; HeldOK is false when the jar held none.
	Held   Cookie
	HeldOK bool
	// Sent is the value the request sent; SentOK is false when it sent none.
	Sent   string
	SentOK bool
}

// Same reports whether the request sent exactly what the jar held.
func (c Comparison) Same() bool {
	return c.HeldOK == c.SentOK && (!c.HeldOK || c.Held.Value == c.Sent)
}

// Compare returns, for a RequestStart event, one Comparison per cookie name
// the jar held or the request sent, ordered by name. Differences are
// expected where the HAR cannot show everything (cookies set by JavaScript
// or before the recording started); a rule should judge only the names it
// knows the HAR wrote.
func (e *Event) Compare() []Comparison {
	byName := map[string]*Comparison{}
	var out []*Comparison
	get := func(name string) *Comparison {
		c, ok := byName[name]
		if !ok {
			c = &Comparison{Name: name}
			byName[name] = c
			out = append(out, c)
		}
		return c
	}
	for _, h := range e.Held {
		if c := get(h.Name); !c.HeldOK {
			c.Held, c.HeldOK = h, true
		}
	}
	for _, p := range e.Exchange.Sent {
		if c := get(p.Name); !c.SentOK {
			c.Sent, c.SentOK = p.Value, true
		}
	}
	slices.SortFunc(out, func(a, b *Comparison) int { return strings.Compare(a.Name, b.Name) })
	res := make([]Comparison, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
}

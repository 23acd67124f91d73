package probe

import (
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/httpcache"
	"github.com/authlint/authlint/rules"
)

// ObservationKind says what the probe proved (rules.ObservationKind).
type ObservationKind = rules.ObservationKind

// Observation kinds (see rules).
const (
	LeakedSetCookie = rules.LeakedSetCookie
	LeakedBody      = rules.LeakedBody
	ReplayedCookie  = rules.ReplayedCookie
)

// An Observation is something the probe proved by comparing two of its own
// responses, beyond what headers claim (rules.Observation: the rules make
// the findings of it).
type Observation = rules.Observation

// routeSteps are the exchanges of one route, by step (the first of each).
type routeSteps struct {
	first int // lowest entry index, to order routes
	steps map[Step]*Exchange
}

// observe compares the exchanges of each route and returns what they
// prove, ordered by entry.
func observe(xs []*Exchange, cat *auth.Catalog) []Observation {
	byRoute := map[string]*routeSteps{}
	var order []string
	for _, x := range xs {
		rs := byRoute[x.Route]
		if rs == nil {
			rs = &routeSteps{first: x.Entry.Index, steps: map[Step]*Exchange{}}
			byRoute[x.Route] = rs
			order = append(order, x.Route)
		}
		if _, ok := rs.steps[x.Step]; !ok && x.Step != StepRedirect {
			rs.steps[x.Step] = x
		}
	}
	var out []Observation
	for _, r := range order {
		s := byRoute[r].steps
		out = append(out, replayed(s[StepAnonymous1], s[StepAnonymous2], cat)...)
		out = append(out, replayed(s[StepCallback1], s[StepCallback2], cat)...)
		out = append(out, leaked(s[StepSession], s[StepAfterSession], []*Exchange{s[StepAnonymous1], s[StepAnonymous2]}, cat)...)
	}
	return out
}

// setCookie is one usable Set-Cookie of a response.
type setCookie struct {
	name, value string
	kind        auth.CookieKind
	known       bool
}

// liveSetCookies returns the cookies a response sets, deletions excluded.
func liveSetCookies(e *har.Entry, cat *auth.Catalog) []setCookie {
	if e.Aborted() {
		return nil
	}
	var out []setCookie
	for _, line := range cookie.SplitSetCookie(e.Response.Headers.Values("Set-Cookie")) {
		sc, err := cookie.ParseSetCookie(line)
		if err != nil || sc.Value == "" || sc.HasMaxAge && sc.MaxAge <= 0 ||
			sc.HasExpires && !sc.HasMaxAge && !e.Started.IsZero() && sc.Expires.Before(e.Started.Add(-time.Minute)) {
			continue
		}
		info, ok := cat.ClassifyCookie(sc.Name, sc.Value)
		out = append(out, setCookie{name: sc.Name, value: sc.Value, kind: info.Kind, known: ok})
	}
	return out
}

// replayed finds auth cookie values that the second of two independent
// requests received from the first.
func replayed(first, second *Exchange, cat *auth.Catalog) []Observation {
	if first == nil || second == nil || first.Entry.Aborted() || second.Entry.Aborted() {
		return nil
	}
	given := map[string]bool{}
	for _, c := range liveSetCookies(first.Entry, cat) {
		given[c.name+"="+c.value] = true
	}
	var out []Observation
	seen := map[string]bool{}
	for _, c := range liveSetCookies(second.Entry, cat) {
		if !c.known || !c.kind.Sensitive() || !given[c.name+"="+c.value] || seen[c.name] {
			continue
		}
		seen[c.name] = true
		out = append(out, Observation{Kind: ReplayedCookie, Entry: second.Entry.Index, Source: first.Entry.Index,
			Cookie: c.name, CookieKind: c.kind, Value: c.value})
	}
	return out
}

// leaked finds what the anonymous request after the session's request
// received of the session's response.
func leaked(session, after *Exchange, anon []*Exchange, cat *auth.Catalog) []Observation {
	if session == nil || after == nil || session.Entry.Aborted() || after.Entry.Aborted() {
		return nil
	}
	var baseline []*har.Entry
	baseValues := map[string]bool{}
	for _, x := range anon {
		if x == nil || x.Entry.Aborted() {
			continue
		}
		baseline = append(baseline, x.Entry)
		for _, c := range liveSetCookies(x.Entry, cat) {
			baseValues[c.name+"="+c.value] = true
		}
	}
	personal := map[string]bool{}
	for _, c := range liveSetCookies(session.Entry, cat) {
		personal[c.name+"="+c.value] = true
	}
	for _, p := range cookie.ParseCookieHeaders(session.Entry.Request.Headers.Values("Cookie")) {
		if p.Value != "" {
			personal[p.Name+"="+p.Value] = true
		}
	}
	var out []Observation
	seen := map[string]bool{}
	for _, c := range liveSetCookies(after.Entry, cat) {
		k := c.name + "=" + c.value
		if !personal[k] || baseValues[k] || seen[c.name] {
			continue
		}
		// Without anonymous responses to compare with, only cookies an app
		// makes per visitor count.
		if len(baseline) == 0 && !(c.known && c.kind.Sensitive()) {
			continue
		}
		seen[c.name] = true
		out = append(out, Observation{Kind: LeakedSetCookie, Entry: after.Entry.Index, Source: session.Entry.Index,
			Cookie: c.name, CookieKind: c.kind, Value: c.value})
	}
	if o, ok := leakedBody(session.Entry, after.Entry, baseline); ok {
		out = append(out, o)
	}
	return out
}

// leakedBody reports whether the anonymous response after carries the body
// of the session's response s, a successful response that a cache did not
// serve and whose body differs from every anonymous baseline response.
func leakedBody(s, after *har.Entry, baseline []*har.Entry) (Observation, bool) {
	if len(baseline) == 0 || s.Response.Status < 200 || s.Response.Status > 299 ||
		after.Response.Status != s.Response.Status || httpcache.Served(s.Response.Headers).State.FromCache() {
		return Observation{}, false
	}
	if s.Response.Content.Text == "" || !sameBody(s, after) {
		return Observation{}, false
	}
	for _, b := range baseline {
		if sameBody(s, b) {
			return Observation{}, false
		}
	}
	n := s.Response.Content.Size
	if n < 0 {
		n = int64(len(s.Response.Content.Text))
	}
	return Observation{Kind: LeakedBody, Entry: after.Index, Source: s.Index, Bytes: n}, true
}

// sameBody reports whether two responses have the same recorded body.
func sameBody(a, b *har.Entry) bool {
	if a.Aborted() || b.Aborted() {
		return false
	}
	ca, cb := a.Response.Content, b.Response.Content
	return ca.Text == cb.Text && ca.Encoding == cb.Encoding && ca.Truncated == cb.Truncated
}

package rules

import (
	"fmt"
	"slices"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
)

// Observations are facts established outside the HAR's headers: a live
// probe (package probe) compares its own responses and sees an anonymous
// request receive what another request's response carried. The rules make
// the findings of them, as of the headers: Analyze, given observations in
// Options, reports each one that no finding of its rule covers as a
// finding of that rule (cached-set-cookie for a replayed cookie,
// auth-route-cache-hit for a replayed response on an auth route,
// cacheable-authenticated-response on another route), and adds every
// observation as evidence to the findings on its entry, which it marks
// Confirmed (a cross-user leak raises them to their rule's highest
// severity, unless the policy sets it).

// ObservationKind says what an observation proved.
type ObservationKind int

// Observation kinds.
const (
	// LeakedSetCookie: the anonymous request right after the request with
	// the session received a cookie value that the session's response set
	// (or that the session sent), and that no anonymous response set. A
	// cache replays one user's cookie to others: a cross-user leak.
	LeakedSetCookie ObservationKind = iota + 1
	// LeakedBody: the anonymous request right after the request with the
	// session received the very body of the session's response, which
	// differs from what the anonymous requests got before. A cache serves
	// one user's response to others: a cross-user leak.
	LeakedBody
	// ReplayedCookie: of two independent anonymous requests (or two
	// callback requests), the second received the auth cookie value (a
	// session, CSRF, state, nonce, PKCE or transaction cookie, which the
	// app makes anew for every visitor) that the first one was given.
	ReplayedCookie
)

// String names the kind as shown in evidence.
func (k ObservationKind) String() string {
	switch k {
	case LeakedSetCookie, LeakedBody:
		return "cross-user leak"
	case ReplayedCookie:
		return "replayed cookie"
	}
	return fmt.Sprintf("ObservationKind(%d)", int(k))
}

// An Observation is something a probe proved by comparing two of its own
// responses, beyond what headers claim.
type Observation struct {
	Kind ObservationKind
	// Entry is the exchange that received what it should not have; Source
	// is the exchange whose response it received.
	Entry, Source int
	// Cookie and CookieKind name the cookie (cookie kinds only); Value is
	// its value, a secret to redact before showing.
	Cookie     string
	CookieKind auth.CookieKind
	Value      string
	// Bytes is the length of the replayed body (LeakedBody).
	Bytes int64
}

// CrossUser reports whether the observation is a cross-user leak: a
// session's response or cookie served to an anonymous request.
func (o Observation) CrossUser() bool { return o.Kind == LeakedSetCookie || o.Kind == LeakedBody }

// Describe says what was seen, in one line; cookie values are fingerprints
// unless showSecrets.
func (o Observation) Describe(showSecrets bool) string {
	v := o.Value
	if !showSecrets {
		v = redact.Value(v)
	}
	switch o.Kind {
	case LeakedSetCookie:
		return fmt.Sprintf("anonymous request received cookie %s=%s, set for the session in entry %d", o.Cookie, v, o.Source)
	case LeakedBody:
		return fmt.Sprintf("anonymous request received the %d-byte body of the response to the session's request (entry %d), unlike the anonymous requests before it", o.Bytes, o.Source)
	case ReplayedCookie:
		return fmt.Sprintf("second anonymous request received cookie %s=%s, the value entry %d was given", o.Cookie, v, o.Source)
	}
	return ""
}

// homeRule returns the rule whose finding o proves, given the exchange it
// was seen on; nil when none does.
func (o Observation) homeRule(x *Exchange) *Rule {
	switch o.Kind {
	case LeakedSetCookie, ReplayedCookie:
		return CachedSetCookie
	case LeakedBody:
		if k := x.Route.Kind; k != auth.RouteUnknown && k.Private() {
			return AuthRouteCacheHit
		}
		return CacheableAuthenticatedResponse
	}
	return nil
}

// observationStage makes the findings of observations during a run.
type observationStage struct {
	obs    []Observation
	passes map[string]*Pass   // the selected home rules' passes, by ID
	refs   map[int]EntryRef   // the entries seen so far, as sources
	drafts []observationDraft // findings to report unless covered
}

// An observationDraft is the finding of one observation, for its rule.
type observationDraft struct {
	pass  *Pass
	f     Finding
	entry int
}

// newObservationStage returns the stage for obs, reporting through the
// passes of the selected rules; nil when there are no observations.
func newObservationStage(obs []Observation, passes []*Pass) *observationStage {
	if len(obs) == 0 {
		return nil
	}
	s := &observationStage{obs: obs, passes: map[string]*Pass{}, refs: map[int]EntryRef{}}
	for _, p := range passes {
		s.passes[p.Rule.ID] = p
	}
	return s
}

// visit drafts the findings of the observations made on x.
func (s *observationStage) visit(p *Pass, x *Exchange) {
	if s == nil {
		return
	}
	s.refs[x.Index] = p.Ref(x, "")
	for _, o := range s.obs {
		if o.Entry != x.Index {
			continue
		}
		home := o.homeRule(x)
		if home == nil {
			continue
		}
		hp := s.passes[home.ID]
		if hp == nil {
			continue // its rule was left out
		}
		f := observationFinding(hp, x, o)
		if src, ok := s.refs[o.Source]; ok {
			src.Role = observationSourceRole(o)
			f.Entries = append(f.Entries, src)
		}
		s.drafts = append(s.drafts, observationDraft{pass: hp, f: f, entry: o.Entry})
	}
}

// report reports the drafts that no finding of their rule covers: a cache
// that sends no status header, so that no rule could tell from headers.
func (s *observationStage) report(findings []Finding) {
	if s == nil {
		return
	}
	for _, d := range s.drafts {
		if !slices.ContainsFunc(findings, func(f Finding) bool { return f.Rule == d.pass.Rule.ID && refsHave(f.Entries, d.entry) }) {
			d.pass.Report(d.f)
		}
	}
}

// confirm adds the observations to the findings on the entries they
// concern as evidence, marks those findings confirmed and raises cross-user
// leaks to their rule's highest severity (unless the policy sets the
// rule's severity), then restores the engine's order.
func (s *observationStage) confirm(res *Result, opts Options) {
	if s == nil {
		return
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		for _, o := range s.obs {
			if !refsHave(f.Entries, o.Entry) {
				continue
			}
			ev := Evidence{Entry: o.Entry, Where: "probe", Name: o.Kind.String(), Value: o.Describe(opts.ShowSecrets)}
			if slices.Contains(f.Evidence, ev) {
				continue
			}
			f.Evidence = append(f.Evidence, ev)
			f.Confirmed = true
			if _, overridden := policySeverity(opts.Policy, f.Rule); o.CrossUser() && !overridden {
				if r, ok := ByID(f.Rule); ok {
					f.Severity = max(f.Severity, r.Severity)
				}
			}
		}
	}
	// Raising a severity may have changed the order (file, first entry,
	// severity, rule, message).
	slices.SortStableFunc(res.Findings, CompareFindings)
}

// policySeverity returns the severity a policy sets for a rule.
func policySeverity(p *Policy, rule string) (Severity, bool) {
	if p == nil {
		return 0, false
	}
	s, ok := p.Severity[rule]
	return s, ok
}

// observationSourceRole is the role of the entry an observation's
// receiver got its response or cookie from.
func observationSourceRole(o Observation) string {
	if o.CrossUser() {
		return "request with the session"
	}
	return "first anonymous request"
}

// observationFinding is the finding of an observation that no rule
// reported from the headers.
func observationFinding(p *Pass, x *Exchange, o Observation) Finding {
	f := Finding{
		Severity: p.Rule.Severity,
		Fix:      Fix{Message: p.Rule.Fix},
	}
	status := ""
	if x.Served.Header != "" {
		status = fmt.Sprintf(" (%s: %q)", x.Served.Header, x.Served.Value)
		f.Evidence = append(f.Evidence, p.Header(x, "response header", x.Served.Header, x.Served.Value))
	}
	switch o.Kind {
	case LeakedSetCookie, ReplayedCookie:
		for _, sc := range x.SetCookies {
			if sc.Name == o.Cookie && sc.Value == o.Value {
				f.Evidence = append(f.Evidence, p.SetCookieEvidence(x, sc))
				break
			}
		}
		f.Key = o.Cookie
		if o.Kind == LeakedSetCookie {
			f.Message = fmt.Sprintf("anonymous request received cookie %q set for the probe's session in entry %d%s: a cache replays one user's cookie to others", o.Cookie, o.Source, status)
			f.Why = "a shared cache stored the response to a signed-in request together with its Set-Cookie and replays it to anonymous visitors: they receive another user's cookie"
			if o.CookieKind == auth.CookieSession {
				f.Why += " and are signed in as that user"
			}
			f.Entries = []EntryRef{p.Ref(x, "anonymous request that received the session's cookie")}
		} else {
			f.Message = fmt.Sprintf("second anonymous request received cookie %q with the value set for entry %d%s: a cache replays one visitor's cookie to others", o.Cookie, o.Source, status)
			f.Why = "a shared cache stored a response with its Set-Cookie and replays the same auth cookie to every visitor, so their login or CSRF checks fail, or they share one session"
			if o.CookieKind != auth.CookieSession {
				f.Severity = min(f.Severity, High)
			}
			f.Entries = []EntryRef{p.Ref(x, "anonymous request that received another request's cookie")}
		}
	case LeakedBody:
		kind := "session-dependent"
		if x.OnAuthRoute() {
			kind = x.Route.Kind.String()
		}
		f.Message = fmt.Sprintf("anonymous request received the response to the probe's request with the session (entry %d)%s: a cache serves one user's %s response to others", o.Source, status, kind)
		f.Why = "a shared cache stored the response to a signed-in request and serves it to anonymous visitors, showing them another user's data or session"
		f.Key = x.Route.Kind.String()
		f.Entries = []EntryRef{p.Ref(x, "anonymous request that received the session's response")}
	}
	return f
}

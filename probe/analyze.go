package probe

import (
	"fmt"
	"io"
	"slices"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/rules"
)

// source streams the probe's entries to rules.Analyze.
type source struct {
	log     *har.Log
	entries []*har.Entry
	next    int
}

// Next returns the next entry, io.EOF after the last.
func (s *source) Next() (*har.Entry, error) {
	if s.next >= len(s.entries) {
		return nil, io.EOF
	}
	e := s.entries[s.next]
	s.next++
	return e, nil
}

// Log returns the recording's metadata.
func (s *source) Log() *har.Log { return s.log }

// Source returns the probe's exchanges as a rules.Source, the way a HAR
// file of them would be read.
func (r *Result) Source() rules.Source {
	return &source{log: r.Log(), entries: r.Entries()}
}

// Analyze runs the rules over the probe's exchanges, exactly as over a HAR of
// them, then adds the probe's own evidence to the findings:
//
//   - every finding on an entry where the probe saw a replay gets an
//     Evidence with Where "probe" saying what was replayed from where, and
//     Confirmed;
//   - a finding on a cross-user leak is raised to the most severe level its
//     rule reports (critical for cached-set-cookie and auth-route-cache-hit);
//   - an observation no finding of its rule covers (a cache that sends no
//     status header, so no rule could tell from headers) becomes a finding
//     of that rule: cached-set-cookie for a replayed cookie,
//     auth-route-cache-hit for a replayed response on an auth route,
//     cacheable-authenticated-response on another route. Rules left out by
//     opts.Rules stay out.
//
// The rules themselves know nothing of probing.
func Analyze(res *Result, opts rules.Options) (*rules.Result, error) {
	if opts.Catalog == nil {
		opts.Catalog = auth.Default()
	}
	selected := opts.Rules
	if selected == nil {
		selected = rules.All()
	}
	out, err := rules.Analyze(res.Source(), res.Name(), opts)
	if err != nil {
		return out, err
	}
	var missing []*Observation
	for i := range res.Observations {
		o := &res.Observations[i]
		home := homeRule(o, res, opts.Catalog)
		if home == nil || !slices.ContainsFunc(selected, func(r *rules.Rule) bool { return r.ID == home.ID }) {
			continue
		}
		if !slices.ContainsFunc(out.Findings, func(f rules.Finding) bool { return f.Rule == home.ID && refers(f, o.Entry) }) {
			missing = append(missing, o)
		}
	}
	if len(missing) > 0 {
		o2 := opts
		o2.Rules = append(slices.Clone(selected), synthRules(res, missing, opts.Catalog)...)
		if out, err = rules.Analyze(res.Source(), res.Name(), o2); err != nil {
			return out, err
		}
		out.Rules = slices.Compact(slices.Sorted(slices.Values(out.Rules)))
	}
	addEvidence(out, res, opts)
	explainNotEvaluated(out, selected, len(res.Exchanges) > 0 && anySession(res))
	out.Redact() // the probe's evidence goes through the run's redaction policy too
	return out, nil
}

// homeRule returns the rule whose finding an observation proves, nil when
// none does.
func homeRule(o *Observation, res *Result, cat *auth.Catalog) *rules.Rule {
	switch o.Kind {
	case LeakedSetCookie, ReplayedCookie:
		return rules.CachedSetCookie
	case LeakedBody:
		if k := routeKindOf(res.Exchanges[o.Entry].Entry, cat); k != auth.RouteUnknown && k.Private() {
			return rules.AuthRouteCacheHit
		}
		return rules.CacheableAuthenticatedResponse
	}
	return nil
}

// routeKindOf classifies an entry's request path.
func routeKindOf(e *har.Entry, cat *auth.Catalog) auth.RouteKind {
	u := urlOf(&Exchange{Entry: e})
	if u == nil {
		return auth.RouteUnknown
	}
	rt, _ := cat.Route(e.Request.Method, u)
	return rt.Kind
}

// refers reports whether a finding involves entry i.
func refers(f rules.Finding, i int) bool {
	return slices.ContainsFunc(f.Entries, func(e rules.EntryRef) bool { return e.Index == i })
}

// addEvidence adds the probe's observations to the findings on the entries
// they concern, marks those findings confirmed, raises cross-user leaks to
// their rule's highest severity (unless the policy overrides the rule's
// severity), and restores the engine's order.
func addEvidence(out *rules.Result, res *Result, opts rules.Options) {
	for i := range out.Findings {
		f := &out.Findings[i]
		for _, o := range res.Observations {
			if !refers(*f, o.Entry) {
				continue
			}
			ev := rules.Evidence{Entry: o.Entry, Where: "probe", Name: o.Kind.String(), Value: o.Describe(opts.ShowSecrets)}
			if slices.Contains(f.Evidence, ev) {
				continue
			}
			f.Evidence = append(f.Evidence, ev)
			f.Confirmed = true
			if _, overridden := policySeverity(opts.Policy, f.Rule); o.CrossUser() && !overridden {
				if r, ok := rules.ByID(f.Rule); ok {
					f.Severity = max(f.Severity, r.Severity)
				}
			}
		}
	}
	// The engine's order (file, first entry, severity, rule, message):
	// raising a severity may have changed it.
	slices.SortStableFunc(out.Findings, rules.CompareFindings)
}

// policySeverity returns the severity a policy sets for a rule.
func policySeverity(p *rules.Policy, rule string) (rules.Severity, bool) {
	if p == nil {
		return 0, false
	}
	s, ok := p.Severity[rule]
	return s, ok
}

// anySession reports whether the probe sent a session.
func anySession(res *Result) bool {
	return slices.ContainsFunc(res.Exchanges, func(x *Exchange) bool { return x.Step == StepSession })
}

// explainNotEvaluated rewrites the reasons of rules that could not be
// evaluated: the engine's reasons speak of HAR exports, the probe's cause is
// that it sent no session or got no cookie.
func explainNotEvaluated(out *rules.Result, selected []*rules.Rule, sentSession bool) {
	needs := map[string]rules.Needs{}
	for _, r := range selected {
		needs[r.ID] = r.Needs
	}
	// The gaps speak of HAR exports; reports fall back to these reasons.
	out.Gaps = nil
	for i := range out.NotEvaluated {
		ne := &out.NotEvaluated[i]
		n := needs[ne.Rule]
		switch {
		case n&(rules.NeedsRequestCookies|rules.NeedsCredentials) != 0 && !sentSession:
			ne.Reason = "the probe sent no session; give one with --cookie-file, AUTHLINT_COOKIE or -H 'Authorization: ...' to evaluate this rule"
		case n&rules.NeedsSetCookie != 0:
			ne.Reason = "no probed response set a cookie"
		}
	}
}

// synthRules returns, for the observations no finding covers, one rule per
// home rule ID that reports them: the rule's metadata with a check that
// reports the observation on its entry.
func synthRules(res *Result, missing []*Observation, cat *auth.Catalog) []*rules.Rule {
	byHome := map[string][]*Observation{}
	var homes []*rules.Rule
	for _, o := range missing {
		h := homeRule(o, res, cat)
		if _, ok := byHome[h.ID]; !ok {
			homes = append(homes, h)
		}
		byHome[h.ID] = append(byHome[h.ID], o)
	}
	var out []*rules.Rule
	for _, h := range homes {
		obs := byHome[h.ID]
		r := *h
		r.Check = nil
		r.Needs = 0
		r.Start = func(*rules.Pass) rules.Checker { return &synthChecker{obs: obs, refs: map[int]rules.EntryRef{}} }
		out = append(out, &r)
	}
	return out
}

// synthChecker reports observations as findings of its rule.
type synthChecker struct {
	obs  []*Observation
	refs map[int]rules.EntryRef // sources seen so far
}

func (c *synthChecker) Visit(p *rules.Pass, x *rules.Exchange) {
	c.refs[x.Index] = p.Ref(x, "")
	for _, o := range c.obs {
		if o.Entry != x.Index {
			continue
		}
		f := synthFinding(p, x, o)
		if src, ok := c.refs[o.Source]; ok {
			src.Role = sourceRole(o)
			f.Entries = append(f.Entries, src)
		}
		p.Report(f)
	}
}

func (c *synthChecker) Finish(*rules.Pass) {}

func sourceRole(o *Observation) string {
	if o.CrossUser() {
		return "request with the session"
	}
	return "first anonymous request"
}

// synthFinding builds the finding of an observation no rule reported.
func synthFinding(p *rules.Pass, x *rules.Exchange, o *Observation) rules.Finding {
	f := rules.Finding{
		Severity: p.Rule.Severity,
		Fix:      rules.Fix{Message: p.Rule.Fix},
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
			f.Entries = []rules.EntryRef{p.Ref(x, "anonymous request that received the session's cookie")}
		} else {
			f.Message = fmt.Sprintf("second anonymous request received cookie %q with the value set for entry %d%s: a cache replays one visitor's cookie to others", o.Cookie, o.Source, status)
			f.Why = "a shared cache stored a response with its Set-Cookie and replays the same auth cookie to every visitor, so their login or CSRF checks fail, or they share one session"
			if o.CookieKind != auth.CookieSession {
				f.Severity = min(f.Severity, rules.High)
			}
			f.Entries = []rules.EntryRef{p.Ref(x, "anonymous request that received another request's cookie")}
		}
	case LeakedBody:
		kind := "session-dependent"
		if x.OnAuthRoute() {
			kind = x.Route.Kind.String()
		}
		f.Message = fmt.Sprintf("anonymous request received the response to the probe's request with the session (entry %d)%s: a cache serves one user's %s response to others", o.Source, status, kind)
		f.Why = "a shared cache stored the response to a signed-in request and serves it to anonymous visitors, showing them another user's data or session"
		f.Key = x.Route.Kind.String()
		f.Entries = []rules.EntryRef{p.Ref(x, "anonymous request that received the session's response")}
	}
	return f
}

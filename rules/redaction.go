package rules

import (
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/redact"
)

// The redaction stage: while the entries stream, the run learns the secret
// values of the input (redact.Policy, bounded); when the findings are
// final, every string of every finding goes through the policy, so that a
// value seen as secret anywhere is hidden everywhere, whichever rule
// printed it and whichever reporter renders it.

// learnSecrets remembers the secret values of x: auth and session cookie
// values (and values secret by shape), Authorization and other credential
// headers, secret URL parameters of the request, its redirect and its
// Referer, secret form fields, and the secret members of JSON bodies (a
// token endpoint's response).
func (r *run) learnSecrets(x *Exchange) {
	p := r.policy
	if p.Shows() {
		return
	}
	for _, c := range x.Cookies {
		p.LearnCookie(c.Name, c.Value, c.Known && c.Info.Kind != auth.CookieUnknown)
	}
	for _, c := range x.SetCookies {
		p.LearnCookie(c.Name, c.Value, c.Known && c.Info.Kind != auth.CookieUnknown)
	}
	for _, c := range x.Request.Cookies {
		p.LearnCookie(c.Name, c.Value, false)
	}
	for _, h := range x.Request.Headers {
		p.LearnHeader(h.Name, h.Value)
		if strings.EqualFold(h.Name, "Referer") {
			p.LearnURL(h.Value)
		}
	}
	p.LearnURL(x.Request.URL)
	for _, q := range x.Request.QueryString {
		p.LearnParam(q.Name, q.Value)
	}
	if pd := x.Request.PostData; pd != nil {
		for _, f := range pd.Params {
			p.LearnParam(f.Name, f.Value)
		}
		switch mt := strings.ToLower(pd.MimeType); {
		case strings.HasPrefix(mt, "application/x-www-form-urlencoded"):
			p.LearnParams(pd.Text)
		case strings.Contains(mt, "json"):
			p.LearnJSON(pd.Text)
		}
	}
	if x.Response != nil {
		for _, c := range x.Response.Cookies {
			p.LearnCookie(c.Name, c.Value, false)
		}
		if c := x.Response.Content; strings.Contains(strings.ToLower(c.MimeType), "json") && c.Encoding == "" {
			p.LearnJSON(c.Text)
		}
		for _, h := range x.Response.Headers {
			p.LearnHeader(h.Name, h.Value)
			if strings.EqualFold(h.Name, "Location") || strings.EqualFold(h.Name, "Content-Location") {
				p.LearnURL(h.Value)
			}
		}
		p.LearnURL(x.Response.RedirectURL)
	}
}

// redactFinding passes every string of f through the policy.
func redactFinding(p *redact.Policy, f *Finding) {
	if p.Shows() {
		return
	}
	f.Message = p.Text(f.Message)
	f.Why = p.Text(f.Why)
	f.ReliesOn = p.Text(f.ReliesOn)
	f.Fix.Message = p.Text(f.Fix.Message)
	for i := range f.Fix.Headers {
		f.Fix.Headers[i].Value = p.Text(f.Fix.Headers[i].Value)
	}
	for i := range f.Entries {
		f.Entries[i].URL = p.URL(f.Entries[i].URL)
	}
	for i := range f.Evidence {
		redactEvidence(p, &f.Evidence[i])
	}
}

// redactFlow passes the URLs, cookie names and notes of a sign-in's steps
// through the policy.
func redactFlow(p *redact.Policy, f *Flow) {
	if p.Shows() {
		return
	}
	f.Reason = p.Text(f.Reason)
	for i := range f.Steps {
		s := &f.Steps[i]
		s.Entry.URL = p.URL(s.Entry.URL)
		s.Note = p.Text(s.Note)
		for j := range s.Sent {
			s.Sent[j] = p.CookieName(s.Sent[j])
		}
		for j := range s.Set {
			s.Set[j] = p.CookieName(s.Set[j])
		}
	}
}

// redactTimeline passes the timeline's URLs, headers and cookies through
// the policy, so that a value learned as secret after its entry was recorded
// is hidden there too.
func redactTimeline(p *redact.Policy, t *Timeline) {
	if t == nil || p.Shows() {
		return
	}
	for i := range t.Entries {
		e := &t.Entries[i]
		e.URL = p.URL(e.URL)
		for j := range e.SessionSent {
			e.SessionSent[j].Name = p.CookieName(e.SessionSent[j].Name)
		}
		for j := range e.SessionSet {
			e.SessionSet[j].Name = p.CookieName(e.SessionSet[j].Name)
		}
	}
	for _, d := range t.Details {
		for _, hs := range [][]har.Header{d.RequestHeaders, d.ResponseHeaders} {
			for j := range hs {
				ev := Evidence{Where: "header", Name: hs[j].Name, Value: hs[j].Value}
				redactEvidence(p, &ev)
				hs[j].Value = ev.Value
			}
		}
		for _, cs := range [][]DetailCookie{d.Sent, d.Set} {
			for j := range cs {
				cs[j].Name = p.CookieName(cs[j].Name)
				if v := cs[j].Value; v != "" && !strings.HasPrefix(v, "[redacted:") {
					cs[j].Value = p.Value(v)
				}
				cs[j].Attributes = p.Text(cs[j].Attributes)
			}
		}
		for j := range d.Tokens {
			d.Tokens[j].Cookie = p.CookieName(d.Tokens[j].Cookie)
			for k, v := range d.Tokens[j].Values {
				d.Tokens[j].Values[k] = p.Text(v)
			}
		}
		d.Error = p.Text(d.Error)
	}
}

// redactEvidence redacts one quoted header, cookie or URL: cookie values,
// credentials and URLs by their own syntax, anything else as text.
func redactEvidence(p *redact.Policy, ev *Evidence) {
	ev.Name = p.CookieName(ev.Name)
	switch n := strings.ToLower(ev.Name); {
	case ev.Where == "request cookie" || n == "cookie":
		ev.Value = redactCookiePairs(p, ev.Value)
	case n == "set-cookie":
		if name, rest, ok := strings.Cut(ev.Value, "="); ok {
			v, _, _ := strings.Cut(rest, ";")
			if v = strings.TrimSpace(v); v != "" && !strings.HasPrefix(v, "[redacted:") {
				rest = strings.Replace(rest, v, p.Value(v), 1)
			}
			ev.Value = name + "=" + rest
		}
	case n == "authorization" || n == "proxy-authorization":
		scheme, cred, ok := strings.Cut(ev.Value, " ")
		if !ok {
			scheme, cred = "", ev.Value
		}
		if cred = strings.TrimSpace(cred); cred != "" && !redact.IsPlaceholder(cred) {
			ev.Value = strings.TrimSpace(scheme + " " + p.Value(cred))
		}
	case ev.Where == "url" || n == "location" || n == "referer" || n == "content-location" || n == "redirect_uri":
		ev.Value = p.URL(ev.Value)
	case strings.Contains(ev.Where, "header") && redact.IsSecretName(ev.Name):
		if !strings.HasPrefix(ev.Value, "[redacted:") {
			ev.Value = p.Value(ev.Value)
		}
	}
	ev.Value = p.Text(ev.Value)
}

// redactCookiePairs redacts the values of "name=value; name2=value2",
// leaving placeholders and anything after a placeholder (" (3 chunks
// joined)") as written.
func redactCookiePairs(p *redact.Policy, s string) string {
	parts := strings.Split(s, "; ")
	for i, part := range parts {
		name, v, ok := strings.Cut(part, "=")
		if !ok || v == "" || strings.HasPrefix(v, "[redacted:") {
			continue
		}
		parts[i] = p.CookieName(name) + "=" + p.Value(v)
	}
	return strings.Join(parts, "; ")
}

// Redact passes every finding and reason of the result through the run's
// redaction policy again: for stages that add to findings after Analyze
// (the probe's evidence) and for reporters, which call it before they
// render. It is idempotent; a Result not made by Analyze is redacted by
// name and shape only.
func (res *Result) Redact() {
	for i := range res.Findings {
		redactFinding(res.policy, &res.Findings[i])
	}
	for i := range res.NotEvaluated {
		res.NotEvaluated[i].Reason = res.policy.Text(res.NotEvaluated[i].Reason)
	}
	for i := range res.Gaps {
		res.Gaps[i].Reason = res.policy.Text(res.Gaps[i].Reason)
	}
	for i := range res.Flows {
		redactFlow(res.policy, &res.Flows[i])
	}
	redactTimeline(res.policy, res.Timeline)
	res.Creator = res.policy.Text(res.Creator)
}

// RedactText returns s through the result's redaction policy (see
// redact.Policy.Text): for strings a report prints beside the findings.
func (res *Result) RedactText(s string) string { return res.policy.Text(s) }

// ShowsSecrets reports whether the result was made with redaction off.
func (res *Result) ShowsSecrets() bool { return res.policy.Shows() }

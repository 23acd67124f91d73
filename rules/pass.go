package rules

import (
	"strconv"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
)

// A Pass is one rule's view of one input. Rules report through it and never
// print.
type Pass struct {
	Rule *Rule
	run  *run
}

// File returns the input's name.
func (p *Pass) File() string { return p.run.file }

// Catalog returns the auth routes and cookies in force (defaults plus config).
func (p *Pass) Catalog() *auth.Catalog { return p.run.opts.Catalog }

// Options returns the options of the run.
func (p *Pass) Options() *Options { return &p.run.opts }

// Report records a finding. It fills in the rule ID and title, the file and,
// when the rule left it zero, the rule's default severity.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule.ID
	f.Title = p.Rule.Title
	f.File = p.run.file
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if f.Severity > p.Rule.Severity {
		f.Severity = p.Rule.Severity
	}
	if n := len(f.Evidence); n > MaxEvidence {
		f.EvidenceOmitted += n - MaxEvidence
		// A copy, so that the rest is not kept alive with the finding.
		f.Evidence = append([]Evidence(nil), f.Evidence[:MaxEvidence]...)
	}
	p.run.findings = append(p.run.findings, f)
}

// Ref returns a reference to x for a finding; role says what x shows when a
// finding involves several entries.
func (p *Pass) Ref(x *Exchange, role string) EntryRef {
	r := EntryRef{
		Index:   x.Index,
		Line:    x.Line,
		Pointer: "/log/entries/" + strconv.Itoa(x.Index),
		Method:  x.Request.Method,
		URL:     p.URL(x.Request.URL),
		Status:  x.Status(),
		Role:    role,
	}
	if !x.Started.IsZero() {
		r.Started = x.Started.UTC()
	}
	// OffsetMS and EndMS are relative to the earliest entry, known only
	// at the end: the engine fills them in from Started and dur.
	r.dur = max(x.Time, 0)
	return r
}

// Secret returns v redacted to a fingerprint, unless the run shows secrets.
// The run remembers v as a secret, so that it is redacted wherever else it
// appears in the findings.
func (p *Pass) Secret(v string) string { return p.run.policy.Value(v) }

// URL returns raw with its secret parts redacted by name and shape (see
// redact.URL), unless the run shows secrets. Values seen as secret
// elsewhere in the input are replaced when the findings are final.
func (p *Pass) URL(raw string) string {
	if p.run.policy.Shows() {
		return raw
	}
	return redact.URL(raw)
}

// CookieName returns a cookie name safe to print: the OAuth state in a
// nextjs-auth0 "__txn_<state>" name is redacted, unless the run shows
// secrets.
func (p *Pass) CookieName(name string) string { return p.run.policy.CookieName(name) }

// Header returns evidence quoting a header that holds no secret.
func (p *Pass) Header(x *Exchange, where, name, value string) Evidence {
	return Evidence{Entry: x.Index, Where: where, Name: strings.ToLower(name), Value: value}
}

// ResponseHeader returns evidence quoting x's first response header named
// name, or false when x has none.
func (p *Pass) ResponseHeader(x *Exchange, name string) (Evidence, bool) {
	if x.Response == nil || !x.Response.Headers.Has(name) {
		return Evidence{}, false
	}
	return p.Header(x, "response header", name, x.Response.Headers.Joined(name)), true
}

// SetCookieEvidence quotes a Set-Cookie line with the cookie value (and a
// transaction cookie's state) redacted.
func (p *Pass) SetCookieEvidence(x *Exchange, c SetCookie) Evidence {
	line := c.Line
	if !p.run.policy.Shows() {
		if name, rest, ok := strings.Cut(line, "="); ok && c.Value != "" {
			line = name + "=" + strings.Replace(rest, c.Value, p.Secret(c.Value), 1)
		}
		line = p.CookieName(line)
	}
	if c.FromHAR {
		return Evidence{Entry: x.Index, Where: "response cookies array", Name: "set-cookie", Value: line}
	}
	return Evidence{Entry: x.Index, Where: "response header", Name: "set-cookie", Value: line}
}

// CookieEvidence quotes one request cookie as name=value, value redacted.
func (p *Pass) CookieEvidence(x *Exchange, c RequestCookie) Evidence {
	where := "request cookie"
	if c.FromHAR {
		where = "request cookies array"
	}
	name := p.CookieName(c.Name)
	return Evidence{Entry: x.Index, Where: where, Name: name, Value: name + "=" + p.Secret(c.Value)}
}

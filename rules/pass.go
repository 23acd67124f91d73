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
func (p *Pass) Secret(v string) string {
	if p.run.opts.ShowSecrets {
		return v
	}
	return redact.Value(v)
}

// URL returns raw with secret query values redacted, unless the run shows
// secrets.
func (p *Pass) URL(raw string) string {
	if p.run.opts.ShowSecrets {
		return raw
	}
	return redact.URL(raw)
}

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

// SetCookieEvidence quotes a Set-Cookie line with the cookie value redacted.
func (p *Pass) SetCookieEvidence(x *Exchange, c SetCookie) Evidence {
	line := c.Line
	if c.Value != "" && !p.run.opts.ShowSecrets {
		line = strings.Replace(line, c.Value, redact.Value(c.Value), 1)
	}
	return Evidence{Entry: x.Index, Where: "response header", Name: "set-cookie", Value: line}
}

// CookieEvidence quotes one request cookie as name=value, value redacted.
func (p *Pass) CookieEvidence(x *Exchange, c RequestCookie) Evidence {
	return Evidence{Entry: x.Index, Where: "request cookie", Name: c.Name, Value: c.Name + "=" + p.Secret(c.Value)}
}

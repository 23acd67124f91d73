package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/cookie"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/httpcache"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// A Timeline is what the engine keeps of every entry for a report that draws
// the input over time (the HTML report): a compact record per entry, and the
// redacted headers, cookies and timings of the entries a reader may open.
// Analyze builds it only when Options.Timeline is set.
//
// Memory is bounded: at most MaxTimelineEntries records (about 300 bytes
// each plus the session cookies they carry), and details for the first
// MaxTimelineDetails entries plus up to MaxTimelineExtraDetails later entries
// that a finding or flow is likely to name (auth routes, session cookies,
// cache hits, errors), each header value cut to MaxDetailValue bytes after
// redaction. Findings and flows name at most a few entries each, so at the
// end the details of entries beyond the first MaxTimelineDetails that none
// of them references are dropped.
type Timeline struct {
	// Entries are the recorded entries, in file order.
	Entries []TimelineEntry
	// Details holds the entry details kept, by entry index.
	Details map[int]*EntryDetail
	// EndMS is when the last response completed, in milliseconds after the
	// earliest entry started.
	EndMS float64
	// Dropped counts entries past MaxTimelineEntries, not recorded.
	Dropped int
	// DetailsDropped counts recorded entries whose details were not kept.
	DetailsDropped int
}

// Bounds on what a Timeline keeps.
const (
	MaxTimelineEntries      = 20000
	MaxTimelineDetails      = 1000
	MaxTimelineExtraDetails = 500
	MaxDetailValue          = 2048
)

// Who answered an entry, as a TimelineEntry's Answered says.
const (
	AnsweredOrigin       = "origin"        // the app or the site's server
	AnsweredCacheHit     = "cache-hit"     // a shared cache, without the origin (hit or stale)
	AnsweredRevalidated  = "revalidated"   // a shared cache, after a conditional request to the origin
	AnsweredBrowserCache = "browser-cache" // the browser's own cache (Chrome's _fromCache)
	AnsweredError        = "error"         // no response, an error status, or a cache error
)

// TimelineEntry is the compact, redacted record of one entry.
type TimelineEntry struct {
	Index int
	// OffsetMS is the start relative to the earliest entry, DurationMS the
	// entry's total time (0 when unknown).
	OffsetMS, DurationMS float64
	Method               string
	// URL has secret query values redacted (unless secrets are shown).
	URL string
	// Host is the request host, Site its registrable domain.
	Host, Site string
	Status     int
	// Answered is one of the Answered* constants; Cache is the cache state
	// name from vendor signals ("hit", "miss", ...), "" when none.
	Answered, Cache string
	// Size is the response body size in bytes, -1 when unknown.
	Size int64
	// Route is the auth route kind the request hit, "" for none.
	Route string
	// SessionSent and SessionSet are the session cookies the request sent
	// and the response set, values as fingerprints.
	SessionSent, SessionSet []CookieVersion

	started time.Time
}

// CookieVersion is one value of a session cookie, by fingerprint.
type CookieVersion struct {
	Name string
	// Fingerprint is redact.Fingerprint of the value (the hex digits in
	// "[redacted:…]"), "" for an empty value.
	Fingerprint string
	// Deleted is set when the response deleted the cookie.
	Deleted bool
	// ExpiresMS is when the browser drops the cookie (Expires or
	// Max-Age), relative to the earliest entry; nil for a cookie that lives
	// as long as the browser session, and for a cookie sent.
	ExpiresMS *float64
	// TokenExpMS is the value's token expiry (exp), relative to the
	// earliest entry; nil when it carries none that authlint can read.
	TokenExpMS *float64

	expires, tokenExp time.Time
}

// EntryDetail is what a report shows when a reader opens one entry. Every
// value passed the same redaction as findings.
type EntryDetail struct {
	HTTPVersion     string
	RequestHeaders  []har.Header
	StatusText      string
	ResponseHeaders []har.Header
	// Sent and Set are the cookies of the request and the response.
	Sent, Set []DetailCookie
	// Cache is how a cache treated the response.
	Cache CacheDetail
	// MimeType is the response content type; Error is the browser's
	// reason for a failed request.
	MimeType, Error string
	Timings         har.Timings
	// Tokens are the session tokens the request sent and the response set,
	// as far as authlint can read them.
	Tokens []DetailToken
}

// DetailToken is what a report may show of one session token: its format,
// library, times and claim names; claim values only with
// Options.ShowClaims, as in findings.
type DetailToken struct {
	// Cookie is the cookie name; Set says whether the response set it
	// (else the request sent it).
	Cookie string
	Set    bool
	// About describes the token without claim values ("JWE A256GCM
	// (nextjs-auth0 v3), exp 2025-03-05T10:00:00Z").
	About         string
	Exp, Iat, Nbf time.Time
	// Claims are the top-level claim names, sorted; Values the claim
	// values as JSON by name, only with Options.ShowClaims.
	Claims []string
	Values map[string]string
}

// DetailCookie is one cookie of an entry, value redacted.
type DetailCookie struct {
	Name, Value string
	// Kind is the cookie's kind when an auth library or config claims it
	// ("session", "transaction", ...), "" otherwise.
	Kind string
	// Attributes are the Set-Cookie attributes as written ("Path=/; Secure").
	Attributes string
}

// CacheDetail is the cache status of a response.
type CacheDetail struct {
	// State is the cache state name; Vendor the CDN or cache; Header and
	// Value the signal it was read from.
	State, Vendor, Header, Value string
	// Storable says whether a shared cache may store the response.
	Storable bool
}

// timelineBuilder records entries as they stream by. A nil builder does
// nothing, so the engine calls it unconditionally.
type timelineBuilder struct {
	t     Timeline
	extra int // details kept past MaxTimelineDetails
}

func newTimelineBuilder() *timelineBuilder {
	return &timelineBuilder{t: Timeline{Details: map[int]*EntryDetail{}}}
}

// observe records x.
func (b *timelineBuilder) observe(p *Pass, x *Exchange) {
	if b == nil {
		return
	}
	if len(b.t.Entries) >= MaxTimelineEntries {
		b.t.Dropped++
		return
	}
	e := TimelineEntry{
		Index: x.Index, DurationMS: max(x.Time, 0), Method: x.Request.Method, URL: p.URL(x.Request.URL),
		Host: x.Host(), Site: siteOf(x.Host()), Status: x.Status(), Answered: answeredBy(x), Size: -1, started: x.Started,
	}
	if x.Served.State != httpcache.Unknown {
		e.Cache = x.Served.State.String()
	}
	if x.OnAuthRoute() {
		e.Route = x.Route.Kind.String()
	}
	if x.Response != nil {
		switch {
		case x.Response.Content.Size >= 0:
			e.Size = x.Response.Content.Size
		case x.Response.BodySize >= 0:
			e.Size = x.Response.BodySize
		}
	}
	var exps map[string]time.Time // token expiries of the (reassembled) sessions sent
	for _, s := range x.Sessions() {
		if t := p.Token(s.Name, s.Value); t.HasExp {
			if exps == nil {
				exps = map[string]time.Time{}
			}
			exps[s.Name] = t.Exp
		}
	}
	for _, c := range x.Cookies {
		if c.Session() {
			e.SessionSent = append(e.SessionSent, CookieVersion{Name: p.CookieName(c.Name), Fingerprint: fingerprintOf(c.Value), tokenExp: exps[c.Name]})
		}
	}
	for _, c := range x.SetCookies {
		if !c.Session() || c.Err != nil {
			continue
		}
		v := CookieVersion{Name: p.CookieName(c.Name), Fingerprint: fingerprintOf(c.Value), Deleted: c.IsDeletion(x.Started) || c.Value == ""}
		if at, ok := c.ExpiryAt(x.End()); ok && !v.Deleted {
			v.expires = at
		}
		if !v.Deleted {
			if t := p.Token(c.Name, c.Value); t.HasExp {
				v.tokenExp = t.Exp
			}
		}
		e.SessionSet = append(e.SessionSet, v)
	}
	b.t.Entries = append(b.t.Entries, e)
	switch {
	case len(b.t.Details) < MaxTimelineDetails:
	case b.extra < MaxTimelineExtraDetails && (x.OnAuthRoute() || len(e.SessionSent)+len(e.SessionSet) > 0 || e.Answered != AnsweredOrigin):
		b.extra++
	default:
		b.t.DetailsDropped++
		return
	}
	b.t.Details[x.Index] = entryDetail(p, x)
}

// finish places the entries on the time axis of the input and drops the
// extra details no finding or flow references.
func (b *timelineBuilder) finish(earliest time.Time, res *Result) *Timeline {
	if b == nil {
		return nil
	}
	t := &b.t
	off := func(at time.Time) float64 {
		if at.IsZero() || earliest.IsZero() {
			return 0
		}
		return ms(at.Sub(earliest))
	}
	opt := func(at time.Time) *float64 {
		if at.IsZero() {
			return nil
		}
		v := off(at)
		return &v
	}
	for i := range t.Entries {
		e := &t.Entries[i]
		e.OffsetMS = off(e.started)
		t.EndMS = max(t.EndMS, e.OffsetMS+e.DurationMS)
		for j := range e.SessionSet {
			v := &e.SessionSet[j]
			v.ExpiresMS, v.TokenExpMS = opt(v.expires), opt(v.tokenExp)
		}
		for j := range e.SessionSent {
			e.SessionSent[j].TokenExpMS = opt(e.SessionSent[j].tokenExp)
		}
	}
	if b.extra > 0 {
		used := map[int]bool{}
		for _, f := range res.Findings {
			for _, e := range f.Entries {
				used[e.Index] = true
			}
		}
		for _, f := range res.Flows {
			for _, s := range f.Steps {
				used[s.Entry.Index] = true
			}
		}
		for i, e := range t.Entries {
			if i >= MaxTimelineDetails && t.Details[e.Index] != nil && !used[e.Index] {
				delete(t.Details, e.Index)
				t.DetailsDropped++
			}
		}
	}
	return t
}

// answeredBy says who produced the response x received.
func answeredBy(x *Exchange) string {
	switch {
	case x.Served.State == httpcache.Hit || x.Served.State == httpcache.Stale:
		return AnsweredCacheHit
	case x.Served.State == httpcache.Revalidated:
		return AnsweredRevalidated
	case x.FromCache != "":
		return AnsweredBrowserCache
	case x.Status() == 0 || x.Status() >= 400 || x.Served.State == httpcache.Error:
		return AnsweredError
	}
	return AnsweredOrigin
}

// fingerprintOf returns the fingerprint of a cookie value, "" when empty.
func fingerprintOf(v string) string {
	if v == "" {
		return ""
	}
	return redact.Fingerprint(v)
}

// entryDetail records x's headers, cookies, cache status and timings,
// redacted.
func entryDetail(p *Pass, x *Exchange) *EntryDetail {
	d := &EntryDetail{HTTPVersion: x.Request.HTTPVersion, Timings: x.Timings, Error: x.Error}
	d.RequestHeaders = redactHeaders(p, x, x.Request.Headers)
	for _, c := range x.Cookies {
		d.Sent = append(d.Sent, DetailCookie{Name: p.CookieName(c.Name), Value: p.Secret(c.Value), Kind: cookieKind(c.Known, c.Info.Kind.String())})
	}
	if r := x.Response; r != nil {
		d.StatusText, d.MimeType = r.StatusText, r.Content.MimeType
		d.ResponseHeaders = redactHeaders(p, x, r.Headers)
		for _, c := range x.SetCookies {
			attrs := ""
			if _, rest, ok := strings.Cut(c.Line, ";"); ok {
				attrs = cut(strings.TrimSpace(rest))
			}
			d.Set = append(d.Set, DetailCookie{Name: p.CookieName(c.Name), Value: p.Secret(c.Value), Kind: cookieKind(c.Known, c.Info.Kind.String()), Attributes: attrs})
		}
	}
	for _, c := range x.Sessions() {
		d.addToken(p, c.Name, c.Value, false)
	}
	for _, c := range x.SetCookies {
		if c.Session() && c.Err == nil && c.Value != "" && !c.IsDeletion(x.Started) {
			d.addToken(p, c.Name, c.Value, true)
		}
	}
	d.Cache = CacheDetail{Vendor: vendorName(x.Vendor), Header: x.Served.Header, Value: x.Served.Value, Storable: x.Storage.Storable}
	if x.Served.State != httpcache.Unknown {
		d.Cache.State = x.Served.State.String()
	}
	return d
}

// addToken adds what can be read of one session cookie value.
func (d *EntryDetail) addToken(p *Pass, name, value string, set bool) {
	t := p.Token(name, value)
	if t.Format == token.UnknownFormat || t.Format == token.Opaque && t.Err == nil {
		return // nothing to read in a random id
	}
	dt := DetailToken{Cookie: p.CookieName(name), Set: set, About: t.String(), Exp: t.Exp, Iat: t.Iat, Nbf: t.Nbf}
	for k := range t.Claims {
		dt.Claims = append(dt.Claims, k)
	}
	slices.Sort(dt.Claims)
	if p.run.opts.ShowClaims && len(t.Claims) > 0 {
		dt.Values = map[string]string{}
		for k, v := range t.Claims {
			b, err := json.Marshal(redactClaim(p, k, v))
			if err != nil {
				b = []byte(fmt.Sprint(v))
			}
			dt.Values[k] = cut(string(b))
		}
	}
	d.Tokens = append(d.Tokens, dt)
}

// redactClaim replaces the values of claims that are credentials (access,
// refresh and ID tokens, session ids, secrets) and of any JWT inside a
// claim, so that --show-claims shows identity and times but only
// --show-secrets shows credentials.
func redactClaim(p *Pass, name string, v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = redactClaim(p, k, x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = redactClaim(p, name, x)
		}
		return out
	case string:
		n := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
		if secretHeaderName(n) || redact.IsSecretParam(name, v) || redact.LooksLikeJWT(v) {
			return p.Secret(v)
		}
	}
	return v
}

func cookieKind(known bool, kind string) string {
	if !known {
		return ""
	}
	return kind
}

// redactHeaders returns hs with secrets redacted as findings redact them:
// cookie values, credentials, secret query values in URLs, and any value of a
// header whose name or value says it carries a secret.
func redactHeaders(p *Pass, x *Exchange, hs har.Headers) []har.Header {
	out := make([]har.Header, 0, len(hs))
	for _, h := range hs {
		out = append(out, har.Header{Name: h.Name, Value: cut(redactHeader(p, h.Name, h.Value))})
	}
	return out
}

// redactHeader redacts one header value, unless the run shows secrets.
func redactHeader(p *Pass, name, value string) string {
	if p.run.opts.ShowSecrets {
		return value
	}
	n := strings.ToLower(name)
	switch n {
	case "cookie":
		parts := cookie.ParseCookieHeader(value)
		s := make([]string, len(parts))
		for i, c := range parts {
			s[i] = p.CookieName(c.Name) + "=" + p.Secret(c.Value)
		}
		return strings.Join(s, "; ")
	case "set-cookie":
		lines := cookie.SplitSetCookie([]string{value})
		for i, line := range lines {
			pair, attrs, semi := strings.Cut(line, ";")
			name, v, ok := strings.Cut(pair, "=")
			if !ok {
				name, v = "", name // a nameless cookie: the pair is its value
			}
			if ok {
				name = p.CookieName(strings.TrimSpace(name)) + "="
			}
			line = name + p.Secret(strings.TrimSpace(v))
			if semi {
				line += ";" + attrs
			}
			lines[i] = line
		}
		return strings.Join(lines, "\n")
	case "authorization", "proxy-authorization":
		if scheme, cred, ok := strings.Cut(value, " "); ok {
			return scheme + " " + p.Secret(cred)
		}
		return p.Secret(value)
	case "location", "referer", "content-location", "link", "refresh":
		return p.URL(value)
	}
	if secretHeaderName(n) || redact.LooksLikeJWT(strings.TrimSpace(value)) {
		return p.Secret(value)
	}
	if strings.Contains(value, "://") || strings.Contains(value, "?") && strings.Contains(value, "=") {
		return p.URL(value)
	}
	return value
}

// secretHeaderName reports whether a lower-case header name says its value
// is a credential (X-Api-Key, X-Auth-Token, X-CSRF-Token, X-Amz-Security-Token,
// ...). Authentication-Info style headers are covered by "auth".
func secretHeaderName(n string) bool {
	if redact.IsSecretParam(strings.TrimPrefix(n, "x-"), "") {
		return true
	}
	for _, w := range []string{"token", "secret", "api-key", "apikey", "auth", "session", "csrf", "xsrf", "signature", "password", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// cut shortens v to MaxDetailValue bytes.
func cut(v string) string {
	if len(v) <= MaxDetailValue {
		return v
	}
	i := MaxDetailValue
	for i > 0 && v[i]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		i--
	}
	return v[:i] + "…"
}

package rules

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// TokenInURL finds OAuth tokens and session tokens carried in URLs, where
// logs, browser history and Referer headers copy them.
var TokenInURL = &Rule{
	ID:       "token-in-url",
	Category: CategoryConfig,
	Severity: High,
	Title:    "an access, refresh, ID or session token is in a URL",
	Doc: `Fires when a URL carries a token: a request URL's query or path parameters
(` + "`;jsessionid=...`" + `, ` + "`;sid=...`" + `), a redirect's ` + "`Location`" + ` (query or fragment), or a
` + "`Referer`" + ` header that passes such a URL on to another host. A path parameter named
like a session ID (` + "`jsessionid`" + `, ` + "`sid`" + `, ` + "`PHPSESSID`" + `, ` + "`sessionid`" + `) counts as a session
token. A parameter counts as a token when it is named ` + "`access_token`" + `,
` + "`id_token`" + ` or ` + "`refresh_token`" + ` (also camelCase and dashed spellings), when its value
is a JWT or JWE (its first part must decode to a JSON JOSE header with an
` + "`alg`" + `, so other strings that start with ` + "`eyJ`" + ` do not count), or when its value equals a
session cookie seen in the same HAR.

URLs end up in server, proxy and CDN access logs, in the browser history and
in analytics; the ` + "`Referer`" + ` header hands them to every host the page loads from.
Whoever reads them can replay the token. RFC 6750 says bearer tokens should not
be passed in page URLs, and the OAuth 2.0 Security BCP (RFC 9700) deprecates
the implicit grant, which returns tokens in the URL fragment.

Never reported: the authorization ` + "`code`" + ` and ` + "`state`" + ` (one-time values, not tokens);
` + "`id_token_hint`" + ` and ` + "`login_hint`" + `/` + "`logout_hint`" + `, which OpenID Connect defines as request
parameters sent to the token's own issuer (RP-initiated logout, authentication
requests); Clerk's handshake and development-browser parameters
(` + "`__clerk_handshake`" + `, ` + "`__clerk_db_jwt`" + `), which Clerk itself puts in URLs; a
parameter named ` + "`token`" + ` whose value is not a JWT (CSRF tokens, e-mail and
password-reset links, pagination cursors); Mapbox public tokens (` + "`pk.`" + `) and
Supabase ` + "`anon`" + ` keys, which are public by design; sanitizer placeholders.

Every URL that carries a token counts: the URLs of one host that carry a
token under one parameter name are one finding with their number of
occurrences and the first entries, and its fix names the route pattern or
path prefix they share. A token seen again (a redirect's target, then the
request to it) counts in the finding where it was first seen.

Severity: high for refresh tokens, session tokens, and any token that a
` + "`Referer`" + ` sends to another site (approximated as a different registrable
domain: the last two labels of the host, three under a two-letter country code
with a generic second level such as ` + "`co.uk`" + `); medium for access and ID tokens
(the implicit or hybrid flow's fragment, a query parameter, or a ` + "`Referer`" + ` to
another host of the same site); low for a JWT whose purpose cannot be told from
its name or claims.`,
	Fix:   "Use the authorization code flow with PKCE (or `response_mode=form_post`) instead of returning tokens in the URL, send tokens in the `Authorization` header or a POST body, keep refresh and session tokens server-side or in HttpOnly cookies, remove tokens from the address bar with `history.replaceState`, and send `Referrer-Policy: no-referrer` (or `strict-origin-when-cross-origin`) from pages whose URL carries a token.",
	Since: "0.1.0",
	Start: func(*Pass) Checker { return newTokenInURL() },
}

// tokenKind is what a URL parameter carries.
type tokenKind int

const (
	tokenNone    tokenKind = iota
	tokenJWT               // a JWT or JWE whose purpose is unknown
	tokenID                // an OpenID Connect ID token
	tokenAccess            // an OAuth access token
	tokenRefresh           // an OAuth refresh token
	tokenSession           // the value of a session cookie
)

func (k tokenKind) String() string {
	switch k {
	case tokenJWT:
		return "JWT"
	case tokenID:
		return "ID token"
	case tokenAccess:
		return "access token"
	case tokenRefresh:
		return "refresh token"
	case tokenSession:
		return "session token"
	}
	return "none"
}

// severity is the severity of the token in a URL, before the Referer
// adjustment.
func (k tokenKind) severity() Severity {
	switch k {
	case tokenRefresh, tokenSession:
		return High
	case tokenAccess, tokenID:
		return Medium
	}
	return Low
}

// tokenInURL is the state of the rule for one input: fingerprints of the
// session cookie values seen so far (to recognise a session token copied
// into a URL), and the findings being counted. One finding covers every URL
// that carries a token under one parameter name in one place (the request
// URLs of one host, the redirects, the Referers to one site); a token seen
// again joins the finding where it was first seen (a redirect, then the
// request to its target), so each URL counts once.
type tokenInURL struct {
	sessions map[valueKey]string    // key of value -> cookie name
	groups   map[string]*tokenGroup // by groupKey
	order    []*tokenGroup          // in order of first sighting
	byValue  map[string]*tokenGroup // fingerprint of value -> its first group
}

func newTokenInURL() *tokenInURL {
	return &tokenInURL{sessions: map[valueKey]string{}, groups: map[string]*tokenGroup{}, byValue: map[string]*tokenGroup{}}
}

// Caps on the rule's state, so that a huge HAR cannot grow it without bound.
const (
	maxTrackedSessions = 512
	maxTrackedTokens   = 4096
	// minTokenLen is the shortest value taken for a named token or a
	// session value: shorter ones are placeholders ("xxx", "TOKEN").
	minTokenLen = 16
)

// urlToken is one token found in a URL.
type urlToken struct {
	name, value string
	kind        tokenKind
	part        string // "query", "fragment" or "path parameter"
	cookie      string // for tokenSession: the session cookie it equals
}

// fragment reports whether the token is in the URL's fragment.
func (t urlToken) fragment() bool { return t.part == "fragment" }

// tokenGroup is one finding being counted: its first sighting, and every
// URL that carried a token of it since.
type tokenGroup struct {
	first   sighting
	sev     Severity
	count   int // URLs
	last    int // 1 + the index of the entry counted last
	entries []EntryRef
	// scope is the common path prefix (path templates, segment by
	// segment) of the URLs that carry the token; exact is set while they
	// all share one template.
	origin string
	scope  []string
	exact  bool
}

// sighting is one URL carrying a token.
type sighting struct {
	t         urlToken
	where     string   // "request", "redirect" or "referer"
	u         *url.URL // the URL that carries the token
	raw       string   // that URL as written
	crossSite bool     // for "referer": sent to another site
}

func (c *tokenInURL) Visit(p *Pass, x *Exchange) {
	c.learnSessions(x)
	if x.URL == nil {
		return
	}
	// The request URL (fragments are not sent, but some tools record them).
	for _, t := range c.tokens(x.URL) {
		c.add(p, x, sighting{t: t, where: "request", u: x.URL, raw: x.Request.URL})
	}
	// A redirect: the browser will load this URL next (query) or hand the
	// fragment to the page's scripts (implicit and hybrid flows).
	if loc := redirectLocation(x); loc != nil {
		for _, t := range c.tokens(loc) {
			c.add(p, x, sighting{t: t, where: "redirect", u: loc, raw: loc.String()})
		}
	}
	c.checkReferer(p, x)
}

// Finish reports one finding per group, in the order they were first seen.
func (c *tokenInURL) Finish(p *Pass) {
	for _, g := range c.order {
		c.report(p, g)
	}
}

// learnSessions remembers the session cookie values of x.
func (c *tokenInURL) learnSessions(x *Exchange) {
	add := func(name, value string) {
		if len(c.sessions) >= maxTrackedSessions || len(value) < minTokenLen || IsRedactionMarker(value) {
			return
		}
		c.sessions[keyOf("", value)] = name
	}
	for _, ck := range x.Cookies {
		if ck.Session() {
			add(ck.Name, ck.Value)
		}
	}
	for _, sc := range x.SetCookies {
		if sc.Session() && sc.Err == nil {
			add(sc.Name, sc.Value)
		}
	}
}

// tokens returns the tokens in u's path parameters, query and fragment.
func (c *tokenInURL) tokens(u *url.URL) []urlToken {
	var out []urlToken
	for _, kv := range redact.PathParams(u.EscapedPath()) {
		if t, ok := c.pathToken(kv[0], kv[1]); ok {
			out = append(out, t)
		}
	}
	scan := func(raw, part string) {
		for _, kv := range splitParams(raw) {
			kind, cookie := c.classify(kv.name, kv.value)
			if kind != tokenNone {
				out = append(out, urlToken{name: kv.name, value: kv.value, kind: kind, part: part, cookie: cookie})
			}
		}
	}
	scan(u.RawQuery, "query")
	if frag := u.EscapedFragment(); strings.Contains(frag, "=") {
		scan(frag, "fragment")
	}
	return out
}

// pathToken classifies a path parameter: a session ID under a session
// name (";jsessionid=", ";sid=", ";PHPSESSID="), or whatever classify
// makes of it under another name.
func (c *tokenInURL) pathToken(name, value string) (urlToken, bool) {
	if name == "" {
		return urlToken{}, false
	}
	t := urlToken{name: name, value: value, part: "path parameter"}
	if redact.ClassOf(name) == redact.Session && len(strings.TrimSpace(value)) >= 8 && !IsRedactionMarker(value) {
		t.kind = tokenSession
		t.cookie = c.sessions[keyOf("", value)]
		return t, true
	}
	t.kind, t.cookie = c.classify(name, value)
	return t, t.kind != tokenNone
}

// classify says what a URL parameter carries, and for a session token the
// name of the cookie it equals.
func (c *tokenInURL) classify(name, value string) (tokenKind, string) {
	value = strings.TrimSpace(value)
	if len(value) < 8 || IsRedactionMarker(value) {
		return tokenNone, ""
	}
	norm := normParamName(name)
	switch norm {
	// Authorization responses and OIDC request parameters: one-time values
	// or hints sent to the token's own issuer (OpenID Connect Core 1.0
	// §3.1.2.1 id_token_hint/login_hint; RP-Initiated Logout 1.0 §2
	// id_token_hint/logout_hint).
	case "code", "state", "sessionstate", "nonce", "idtokenhint", "loginhint", "logouthint",
		"codechallenge", "codeverifier":
		return tokenNone, ""
	}
	if clerkProtocolParams[name] {
		return tokenNone, ""
	}
	if len(value) >= minTokenLen {
		if ck, ok := c.sessions[keyOf("", value)]; ok {
			return tokenSession, ck
		}
	}
	named := tokenNone
	switch norm {
	case "refreshtoken":
		named = tokenRefresh
	case "accesstoken":
		named = tokenAccess
	case "idtoken":
		named = tokenID
	}
	if named == tokenAccess && strings.HasPrefix(value, "pk.") {
		// Mapbox public tokens ("pk.") are meant for client-side URLs
		// (https://docs.mapbox.com/help/dive-deeper/access-tokens/).
		return tokenNone, ""
	}
	if kind, ok := jwtKind(value); ok {
		if kind == tokenNone {
			return tokenNone, ""
		}
		if named != tokenNone {
			return named, ""
		}
		return kind, ""
	}
	if named != tokenNone && len(value) >= minTokenLen && !strings.ContainsAny(value, " {}<>") {
		return named, ""
	}
	return tokenNone, ""
}

// clerkProtocolParams are the query parameters of Clerk's own handshake and
// development-browser protocol (clerk/javascript packages/backend/src/
// constants.ts QueryParameters): Clerk puts them in URLs by design, short
// lived, and the app cannot move them elsewhere.
var clerkProtocolParams = map[string]bool{
	"__clerk_db_jwt": true, "__clerk_handshake": true, "__clerk_handshake_nonce": true,
	"__dev_session": true, "__clerk_ticket": true,
}

// jwtKind reports whether v is a compact JWS or JWE (its first part decodes
// to a JSON object with an "alg"; token.Inspect checks that) and, from the
// claims and header of a JWS, what kind of token it is. It returns
// tokenNone with ok for JWTs that are public by design.
func jwtKind(v string) (tokenKind, bool) {
	if !redact.LooksLikeJWT(v) { // the redaction policy's JWT shape: one classifier
		return tokenNone, false
	}
	t := token.Inspect("", v)
	switch t.Format {
	case token.JWE:
		return tokenJWT, true
	case token.JWS:
	default:
		return tokenNone, false
	}
	claim := func(name string) string {
		s, _ := t.Claims[name].(string)
		return s
	}
	has := func(name string) bool { _, ok := t.Claims[name]; return ok }
	// Supabase anon keys are public API keys (role "anon"), sent as
	// ?apikey= by supabase-js for realtime websockets.
	if claim("role") == "anon" && claim("iss") == "supabase" {
		return tokenNone, true
	}
	typ, _ := t.Header["typ"].(string)
	switch {
	case claim("token_use") == "access", strings.EqualFold(typ, "at+jwt"), strings.EqualFold(typ, "application/at+jwt"):
		// Cognito puts token_use in its tokens; RFC 9068 types access
		// tokens "at+jwt".
		return tokenAccess, true
	case claim("token_use") == "id", has("nonce"), has("at_hash"), has("c_hash"):
		return tokenID, true
	case has("scope"), has("scp"), has("client_id"):
		return tokenAccess, true
	}
	return tokenJWT, true
}

// normParamName normalises a parameter name as the redaction policy does
// (redact.NormName), so that access_token, accessToken and access-token
// compare equal.
func normParamName(name string) string { return redact.NormName(name) }

// param is one name=value pair of a query or fragment, decoded.
type param struct{ name, value string }

// splitParams splits an application/x-www-form-urlencoded string, decoding
// what decodes and keeping the rest as written.
func splitParams(raw string) []param {
	var out []param
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		name, value, ok := strings.Cut(kv, "=")
		if !ok || value == "" {
			continue
		}
		if d, err := url.QueryUnescape(name); err == nil {
			name = d
		}
		if d, err := url.QueryUnescape(value); err == nil {
			value = d
		}
		out = append(out, param{name, value})
	}
	return out
}

// redirectLocation returns the resolved target of x's redirect, or nil.
func redirectLocation(x *Exchange) *url.URL {
	if x.Response == nil || x.URL == nil {
		return nil
	}
	loc := x.Response.Headers.Get("Location")
	if loc == "" {
		loc = x.Response.RedirectURL
	}
	if loc == "" {
		return nil
	}
	u, err := x.URL.Parse(loc)
	if err != nil {
		return nil
	}
	return u
}

// checkReferer reports tokens in a Referer that x sends to another host.
// A same-origin Referer repeats the page URL to the server that served it,
// which the page's own entry already shows.
func (c *tokenInURL) checkReferer(p *Pass, x *Exchange) {
	ref := x.Request.Headers.Get("Referer")
	if ref == "" || !strings.ContainsAny(ref, "?#;") {
		return
	}
	ru, err := url.Parse(ref)
	if err != nil || ru.Host == "" || strings.EqualFold(ru.Host, x.URL.Host) {
		return
	}
	crossSite := siteOf(ru.Hostname()) != siteOf(x.Host())
	for _, t := range c.tokens(ru) {
		c.add(p, x, sighting{t: t, where: "referer", u: ru, raw: ref, crossSite: crossSite})
	}
}

// add counts one URL carrying a token: in the group where the same value
// was first seen (a redirect's target, then the request to it), else in
// the group of its place and parameter name.
func (c *tokenInURL) add(p *Pass, x *Exchange, s sighting) {
	p.Secret(s.t.value) // the run redacts it wherever it reappears
	vfp := redact.Fingerprint(s.t.value)
	var key string
	switch s.where {
	case "referer":
		key = "referer\x00" + siteOf(x.Host()) + "\x00" + normParamName(s.t.name) + "\x00" + s.t.part
	default:
		key = s.where + "\x00" + strings.ToLower(s.u.Host) + "\x00" + normParamName(s.t.name) + "\x00" + s.t.part
	}
	g := c.groups[key]
	if first := c.byValue[vfp]; first != nil && s.where != "referer" && first.first.where != "referer" {
		g = first
	}
	if g == nil {
		if len(c.groups) >= maxTrackedTokens {
			return
		}
		g = &tokenGroup{first: s, origin: origin(s.u), exact: true}
		c.groups[key] = g
		c.order = append(c.order, g)
	}
	if _, ok := c.byValue[vfp]; !ok && len(c.byValue) < maxTrackedTokens {
		c.byValue[vfp] = g
	}
	g.sev = max(g.sev, s.severity())
	if g.last == x.Index+1 {
		return // the same URL, under another spelling of the name
	}
	g.last = x.Index + 1
	g.count++
	if len(g.entries) < MaxEntries && !refsHave(g.entries, x.Index) {
		ref := p.Ref(x, s.role())
		ref.URL = redactTokenURL(p, x.Request.URL, s.t.value)
		g.entries = append(g.entries, ref)
	}
	segs := strings.Split(PathTemplate(s.u.EscapedPath()), "/")
	if g.count == 1 {
		g.scope = segs
		g.first.raw = redactTokenURL(p, s.raw, s.t.value)
		return
	}
	n := 0
	for n < len(segs) && n < len(g.scope) && segs[n] == g.scope[n] {
		n++
	}
	if n != len(segs) || n != len(g.scope) {
		g.exact = false
	}
	g.scope = g.scope[:n]
}

// severity is the severity of one sighting: the token's, and high for a
// Referer to another site.
func (s sighting) severity() Severity {
	if s.where == "referer" && s.crossSite {
		return High
	}
	return s.t.kind.severity()
}

// role says what an entry of the finding shows.
func (s sighting) role() string {
	if s.where == "referer" {
		return "request carrying the Referer"
	}
	return "URL with a token"
}

// pattern names the URLs of the group as a route: the path template they
// share, or their common path prefix followed by "*" -- never one URL.
func (g *tokenGroup) pattern() string {
	path := strings.Join(g.scope, "/")
	if !g.exact {
		path = strings.TrimSuffix(path, "/") + "/*"
	}
	if path == "" {
		path = "/"
	}
	return g.origin + path
}

// report records the finding of one group.
func (c *tokenInURL) report(p *Pass, g *tokenGroup) {
	s := g.first
	t := s.t
	desc := t.kind.String()
	if t.kind == tokenSession {
		switch {
		case t.cookie != "":
			desc = fmt.Sprintf("session token (the value of session cookie %q)", p.CookieName(t.cookie))
		default:
			desc = "session ID"
		}
	}
	urls := ""
	if g.count > 1 {
		urls = fmt.Sprintf(" on %d URLs", g.count)
	}
	f := Finding{
		Severity:    g.sev,
		Entries:     g.entries,
		Occurrences: g.count,
	}
	scope := fmt.Sprintf(" (every URL under %s)", g.pattern())
	switch s.where {
	case "referer":
		scopeName := "another host of the same site"
		if s.crossSite {
			scopeName = "another site"
		}
		target := ""
		if len(g.entries) > 0 {
			if u, err := url.Parse(g.entries[0].URL); err == nil {
				target = u.Host
			}
		}
		f.Message = fmt.Sprintf("Referer sends a page URL carrying %s %s (parameter %q) to %s: %q%s", article(desc), desc, t.name, scopeName, target, urls)
		f.Why = fmt.Sprintf("the page at %q carries %s %s in its URL and the browser sends that URL in the Referer header to %q; ", originAndPath(s.u), article(t.kind.String()), t.kind, target)
		if s.crossSite {
			f.Why += "a third party now holds the token and can replay it, and keeps it in its own logs"
		} else {
			f.Why += "every server and log on that host now holds the token"
		}
		f.Evidence = []Evidence{{Entry: g.entries[0].Index, Where: "request header", Name: "referer", Value: s.raw}}
		f.Fix = tokenFix(t.kind, t.fragment(), true)
		f.Key = normParamName(t.name) + " in referer"
	default:
		var msg string
		switch s.where {
		case "redirect":
			msg = fmt.Sprintf("%s in the %s of the redirect to %q (parameter %q)%s", desc, t.part, originAndPath(s.u), t.name, urls)
		default:
			msg = fmt.Sprintf("%s in the %s of the request URL (parameter %q)%s", desc, t.part, t.name, urls)
		}
		implicit := t.fragment() && (t.kind == tokenAccess || t.kind == tokenID)
		if implicit {
			msg += ": the implicit or hybrid flow returns tokens in the URL"
		}
		ev := Evidence{Entry: g.entries[0].Index, Where: "url", Name: t.name, Value: s.raw}
		if s.where == "redirect" {
			ev = Evidence{Entry: g.entries[0].Index, Where: "response header", Name: "location", Value: s.raw}
		}
		f.Message = msg
		f.Why = tokenWhy(t.kind, t.fragment())
		f.Evidence = []Evidence{ev}
		f.Fix = tokenFix(t.kind, implicit, false)
		f.Key = normParamName(t.name) + " in " + t.part
	}
	f.Fix.Message += scope
	p.Report(f)
}

// tokenWhy explains the risk of a token of kind k in a URL.
func tokenWhy(k tokenKind, fragment bool) string {
	var s string
	switch k {
	case tokenRefresh:
		s = "a refresh token is long-lived and mints new access tokens: from a URL it is copied into browser history, server and CDN logs and Referer headers, and whoever reads it can keep acting as the user"
	case tokenSession:
		s = "the session token is the user's login: copied into a URL it ends up in browser history, logs and Referer headers, and whoever reads it is signed in as the user"
	case tokenAccess:
		s = "a bearer access token in a URL is copied into browser history, logs and Referer headers, and anyone who reads it can call the API as the user until it expires (RFC 6750 says bearer tokens should not be passed in page URLs)"
	case tokenID:
		s = "an ID token in a URL carries the user's identity claims into browser history, logs and Referer headers, and some relying parties accept it as a login"
	default:
		s = "a JWT in a URL is copied into browser history, server and proxy logs and Referer headers; if it is a bearer credential, anyone who reads it can replay it until it expires"
	}
	if fragment {
		s += "; the fragment is not sent to servers, but it stays in the history and is readable by every script on the page"
	}
	return s
}

// tokenFix builds the remedy for a token of kind k in a URL.
func tokenFix(k tokenKind, implicit, referer bool) Fix {
	var msg string
	ref := "https://www.rfc-editor.org/rfc/rfc9700"
	switch {
	case implicit:
		msg = "use the authorization code flow with PKCE (response_type=code) instead of response_type=token or id_token token, as the OAuth 2.0 Security BCP (RFC 9700, Implicit Grant) recommends; if the IdP must return an ID token in the front channel, use response_mode=form_post so it never enters a URL"
	case k == tokenRefresh:
		msg = "never put refresh tokens in URLs: keep them on the server (or in an HttpOnly cookie) and send them only in the POST body of the token request"
		ref = "https://www.rfc-editor.org/rfc/rfc6749#section-6"
	case k == tokenSession:
		msg = "keep the session token in its HttpOnly cookie and stop copying it into links, redirects or API URLs"
		ref = ""
	case k == tokenAccess:
		msg = "send access tokens in the Authorization header (Bearer) or a POST body, not in the URL"
		ref = "https://www.rfc-editor.org/rfc/rfc6750#section-5.3"
	default:
		msg = "send the token in a header or a POST body instead of the URL"
		ref = "https://www.rfc-editor.org/rfc/rfc6750#section-5.3"
	}
	f := Fix{Message: msg, Reference: ref}
	if referer || implicit {
		f.Message += "; remove the token from the address bar with history.replaceState once it is read, and send \"Referrer-Policy: no-referrer\" (or strict-origin-when-cross-origin) from the page so its URL is not passed on"
		f.Headers = []HeaderEdit{{Op: EditSet, Name: "Referrer-Policy", Value: "no-referrer"}}
	}
	return f
}

// redactTokenURL returns raw with the usual secret parameters redacted and
// every occurrence of value (as written or query-escaped) replaced by its
// placeholder, so that a session id under an ordinary parameter name is
// hidden too.
func redactTokenURL(p *Pass, raw, value string) string {
	out := p.URL(raw)
	if p.Options().ShowSecrets || value == "" {
		return out
	}
	ph := p.Secret(value)
	out = strings.ReplaceAll(out, value, ph)
	if esc := url.QueryEscape(value); esc != value {
		out = strings.ReplaceAll(out, esc, ph)
	}
	return out
}

// originAndPath returns u without query and fragment.
func originAndPath(u *url.URL) string {
	v := *u
	v.RawQuery, v.Fragment, v.RawFragment, v.User = "", "", "", nil
	return v.String()
}

// article returns the indefinite article for a noun phrase: "an" before
// "access token" and "ID token", "a" otherwise.
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiouAEIO", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// isLoopback reports whether host names the local machine.
func isLoopback(host string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

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
	Doc: `Fires when a URL carries a token: a request URL's query, a redirect's
` + "`Location`" + ` (query or fragment), or a ` + "`Referer`" + ` header that passes such a URL on to
another host. A parameter counts as a token when it is named ` + "`access_token`" + `,
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
Supabase ` + "`anon`" + ` keys, which are public by design; sanitizer placeholders. A token
seen again in a later URL is reported once.

Severity: high for refresh tokens, session tokens, and any token that a
` + "`Referer`" + ` sends to another site (approximated as a different registrable
domain: the last two labels of the host, three under a two-letter country code
with a generic second level such as ` + "`co.uk`" + `); medium for access and ID tokens
(the implicit or hybrid flow's fragment, a query parameter, or a ` + "`Referer`" + ` to
another host of the same site); low for a JWT whose purpose cannot be told from
its name or claims.`,
	Fix:   "Use the authorization code flow with PKCE (or `response_mode=form_post`) instead of returning tokens in the URL, send tokens in the `Authorization` header or a POST body, keep refresh and session tokens server-side or in HttpOnly cookies, remove tokens from the address bar with `history.replaceState`, and send `Referrer-Policy: no-referrer` (or `strict-origin-when-cross-origin`) from pages whose URL carries a token.",
	Since: "0.1.0",
	Start: func(*Pass) Checker {
		return &tokenInURL{sessions: map[string]string{}, reported: map[string]bool{}}
	},
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
// into a URL) and of the tokens already reported.
type tokenInURL struct {
	sessions map[string]string // fingerprint of value -> cookie name
	reported map[string]bool   // fingerprint of value (+ target site for Referer leaks)
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
	fragment    bool   // in the fragment rather than the query
	cookie      string // for tokenSession: the session cookie it equals
}

func (c *tokenInURL) Visit(p *Pass, x *Exchange) {
	c.learnSessions(x)
	if x.URL == nil {
		return
	}
	// The request URL (fragments are not sent, but some tools record them).
	for _, t := range c.tokens(x.URL) {
		c.report(p, x, t, "request", x.URL, x.Request.URL)
	}
	// A redirect: the browser will load this URL next (query) or hand the
	// fragment to the page's scripts (implicit and hybrid flows).
	if loc := redirectLocation(x); loc != nil {
		for _, t := range c.tokens(loc) {
			c.report(p, x, t, "redirect", loc, loc.String())
		}
	}
	c.checkReferer(p, x)
}

func (c *tokenInURL) Finish(*Pass) {}

// learnSessions remembers the session cookie values of x.
func (c *tokenInURL) learnSessions(x *Exchange) {
	add := func(name, value string) {
		if len(c.sessions) >= maxTrackedSessions || len(value) < minTokenLen || IsRedactionMarker(value) {
			return
		}
		c.sessions[redact.Fingerprint(value)] = name
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

// tokens returns the tokens in u's query and fragment.
func (c *tokenInURL) tokens(u *url.URL) []urlToken {
	var out []urlToken
	scan := func(raw string, fragment bool) {
		for _, kv := range splitParams(raw) {
			kind, cookie := c.classify(kv.name, kv.value)
			if kind != tokenNone {
				out = append(out, urlToken{name: kv.name, value: kv.value, kind: kind, fragment: fragment, cookie: cookie})
			}
		}
	}
	scan(u.RawQuery, false)
	if frag := u.EscapedFragment(); strings.Contains(frag, "=") {
		scan(frag, true)
	}
	return out
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
		if ck, ok := c.sessions[redact.Fingerprint(value)]; ok {
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
	if !strings.HasPrefix(v, "eyJ") {
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

// normParamName lower-cases a parameter name and drops '_' and '-', so that
// access_token, accessToken and access-token compare equal.
func normParamName(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch == '_' || ch == '-':
		case ch >= 'A' && ch <= 'Z':
			b.WriteByte(ch + 'a' - 'A')
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

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
	if ref == "" || !strings.ContainsAny(ref, "?#") {
		return
	}
	ru, err := url.Parse(ref)
	if err != nil || ru.Host == "" || strings.EqualFold(ru.Host, x.URL.Host) {
		return
	}
	crossSite := registrableDomain(ru.Hostname()) != registrableDomain(x.Host())
	for _, t := range c.tokens(ru) {
		c.reportReferer(p, x, t, ru, crossSite)
	}
}

func (c *tokenInURL) seen(key string) bool {
	if c.reported[key] {
		return true
	}
	if len(c.reported) < maxTrackedTokens {
		c.reported[key] = true
	}
	return false
}

// report records a token found in a request URL ("request") or a redirect
// target ("redirect").
func (c *tokenInURL) report(p *Pass, x *Exchange, t urlToken, where string, u *url.URL, raw string) {
	if c.seen(redact.Fingerprint(t.value)) {
		return
	}
	part := "query"
	if t.fragment {
		part = "fragment"
	}
	redacted := redactTokenURL(p, raw, t.value)
	desc := t.kind.String()
	if t.kind == tokenSession {
		desc = fmt.Sprintf("session token (the value of session cookie %q)", t.cookie)
	}
	var msg string
	switch where {
	case "redirect":
		msg = fmt.Sprintf("%s in the %s of the redirect to %q (parameter %q)", desc, part, originAndPath(u), t.name)
	default:
		msg = fmt.Sprintf("%s in the %s of the request URL (parameter %q)", desc, part, t.name)
	}
	implicit := t.fragment && (t.kind == tokenAccess || t.kind == tokenID)
	if implicit {
		msg += ": the implicit or hybrid flow returns tokens in the URL"
	}
	ref := p.Ref(x, "URL with a token")
	ref.URL = redactTokenURL(p, x.Request.URL, t.value)
	ev := Evidence{Entry: x.Index, Where: "url", Name: t.name, Value: redacted}
	if where == "redirect" {
		ev = Evidence{Entry: x.Index, Where: "response header", Name: "location", Value: redacted}
	}
	p.Report(Finding{
		Severity: t.kind.severity(),
		Message:  msg,
		Why:      tokenWhy(t.kind, t.fragment),
		Entries:  []EntryRef{ref},
		Evidence: []Evidence{ev},
		Fix:      tokenFix(t.kind, implicit, false),
		Key:      normParamName(t.name) + " in " + part,
	})
}

// reportReferer records a token that a Referer header sends to another host.
func (c *tokenInURL) reportReferer(p *Pass, x *Exchange, t urlToken, ru *url.URL, crossSite bool) {
	target := registrableDomain(x.Host())
	if c.seen(redact.Fingerprint(t.value) + "\x00" + target) {
		return
	}
	sev := t.kind.severity()
	scope := "another host of the same site"
	if crossSite {
		sev = High
		scope = "another site"
	}
	desc := t.kind.String()
	if t.kind == tokenSession {
		desc = fmt.Sprintf("session token (the value of session cookie %q)", t.cookie)
	}
	msg := fmt.Sprintf("Referer sends a page URL carrying %s %s (parameter %q) to %s: %q", article(desc), desc, t.name, scope, x.Host())
	ref := p.Ref(x, "request carrying the Referer")
	ref.URL = redactTokenURL(p, x.Request.URL, t.value)
	why := fmt.Sprintf("the page at %q carries %s %s in its URL and the browser sends that URL in the Referer header to %q; ", originAndPath(ru), article(t.kind.String()), t.kind, x.Host())
	if crossSite {
		why += "a third party now holds the token and can replay it, and keeps it in its own logs"
	} else {
		why += "every server and log on that host now holds the token"
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      why,
		Entries:  []EntryRef{ref},
		Evidence: []Evidence{{Entry: x.Index, Where: "request header", Name: "referer", Value: redactTokenURL(p, ru.String(), t.value)}},
		Fix:      tokenFix(t.kind, t.fragment, true),
		Key:      normParamName(t.name) + " in referer",
	})
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
		f.Headers = []HeaderEdit{{Op: "set", Name: "Referrer-Policy", Value: "no-referrer"}}
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
	ph := redact.Value(value)
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

// registrableDomain approximates the registrable domain (eTLD+1) of host
// without the Public Suffix List: the last two labels, or three when the
// top-level domain has two letters and the second level is a generic label
// ("example.co.uk"). IP addresses and single labels are returned whole. The
// approximation errs towards "same site" for hosts under private suffixes
// such as vercel.app, which lowers a severity rather than raising one.
func registrableDomain(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return host
	}
	labels := strings.Split(host, ".")
	n := len(labels)
	if n <= 2 {
		return host
	}
	if len(labels[n-1]) == 2 {
		switch labels[n-2] {
		case "co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go":
			return strings.Join(labels[n-3:], ".")
		}
	}
	return strings.Join(labels[n-2:], ".")
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

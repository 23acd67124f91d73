package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// TransactionCookieNotSent finds login callbacks that arrived without a
// transaction cookie (state, PKCE verifier, nonce) that the login set
// earlier in the same HAR, and says from the evidence why the browser did
// not send it.
var TransactionCookieNotSent = &Rule{
	ID:       "transaction-cookie-not-sent",
	Category: CategorySession,
	Severity: High,
	Title:    "the browser did not send the login's transaction cookie",
	Doc: `Fires when an OAuth/OIDC callback (a callback route of the catalogue, or a URL
with ` + "`code`" + ` and ` + "`state`" + `, in the query or a ` + "`form_post`" + ` body) arrived without a
transaction cookie that the login set earlier in the same HAR: a state, PKCE
verifier or nonce cookie, or a bundle of them (` + "`next-auth.state`" + `,
` + "`next-auth.pkce.code_verifier`" + `, ` + "`authjs.state`" + `, ` + "`__Secure-authjs.pkce.code_verifier`" + `,
nextjs-auth0 v4's ` + "`__txn_<state>`" + ` for the callback's own state, v3's
` + "`auth_verification`" + `, ...). The library then cannot check the callback and fails
the login (NextAuth ` + "`error=OAuthCallback`" + `, Auth.js ` + "`error=Configuration`" + `,
nextjs-auth0 "The state parameter is invalid.").

It names the reason from the evidence:

- a cross-site ` + "`POST`" + ` callback (` + "`response_mode=form_post`" + `, ` + "`Sec-Fetch-Site: cross-site`" + `)
  and a ` + "`SameSite=Lax`" + ` or ` + "`Strict`" + ` cookie: browsers send Lax cookies to another
  site's requests only on top-level GET navigations, and Strict ones never;
  a cookie without ` + "`SameSite`" + ` is Lax in Chrome, which still sends it on a
  cross-site POST within 2 minutes of setting it (Chromium
  ` + "`kLaxAllowUnsafeMaxAge`" + `);
- a ` + "`Domain`" + ` or ` + "`Path`" + ` that does not cover the callback, or another host (the login
  on ` + "`www.`" + `, the callback on the apex, with a host-only cookie);
- ` + "`Secure`" + ` and a callback over plain http;
- an expiry that passed between the login and the callback (Auth.js and
  NextAuth give these cookies 15 minutes);
- a cookie the browser refused when it was set (a foreign ` + "`Domain`" + `, ` + "`Secure`" + ` over
  http, a prefix rule, ` + "`SameSite=None`" + ` without ` + "`Secure`" + `, over 4096 bytes): the finding
  names cookie-rejected or oversized-cookie, which report the line itself.

When nothing in the HAR explains it, the cookie was removed from the browser
(cookies cleared, another browser or profile opened the callback): that is
reported at medium severity, and only when the callback sent other cookies.

This is the browser's doing; ` + "`cookie-not-forwarded`" + ` is the edge's (the browser sent
the cookie, the app never saw it), and the two never fire on one callback.
Stays silent for a cookie the app itself deleted before the callback (a
deletion is intended), for cookies set by another site (a deliberate auth
host on another domain has its own), for nextjs-auth0 ` + "`__txn_`" + ` cookies of other
logins, for callbacks that carry the identity provider's ` + "`error`" + `, and for CSRF
and callback-URL cookies, which callbacks do not check.`,
	Fix:   "Make the transaction cookie reach the callback: `SameSite=None; Secure` for a form_post callback (or use the query response mode), `SameSite=Lax` rather than `Strict`, `Path=/`, and start the login on the host the callback returns to.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies | NeedsSetCookie,
	Start: func(*Pass) Checker { return &transactionCookieNotSent{} },
}

type transactionCookieNotSent struct{ t txnTracker }

func (c *transactionCookieNotSent) Visit(p *Pass, x *Exchange) {
	missing := c.t.observe(p, x)
	if !txnNotSentFires(missing, x) {
		return
	}
	first := missing[0]
	sc := first.c.sc
	msg := fmt.Sprintf("callback arrived without the %s %q that entry %d set %s earlier",
		describeTxnKind(sc), p.CookieName(sc.Name), first.c.entry, roundDur(x.Started.Sub(first.c.at)))
	if first.known {
		msg += ": " + first.why.why
		if first.why.rule != "" {
			msg += fmt.Sprintf(" (%s reports it)", first.why.rule)
		}
	} else {
		msg += ": nothing in the HAR explains it (the attributes, hosts, paths and times all let the browser send it), so the cookie was removed from the browser, or another browser or profile opened the callback"
	}
	if n := len(missing) - 1; n > 0 {
		var names []string
		for _, m := range missing[1:] {
			names = append(names, fmt.Sprintf("%q", p.CookieName(m.c.sc.Name)))
		}
		msg += fmt.Sprintf("; also missing: %s", strings.Join(names, ", "))
	}
	sev := High
	if !first.known || first.why.cause == "expired" {
		sev = Medium
	}
	entries := []EntryRef{p.Ref(x, "callback without the transaction cookie")}
	var ev []Evidence
	for _, m := range missing {
		if !containsEntry(entries, m.c.entry) && len(entries) < MaxEntries {
			entries = append(entries, m.c.ref)
		}
		ev = append(ev, setCookieEvidenceAt(p, m.c.entry, m.c.sc))
	}
	if s := x.Request.Headers.Get("Sec-Fetch-Site"); s != "" {
		ev = append(ev, p.Header(x, "request header", "Sec-Fetch-Site", s))
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      "the callback checks the state, PKCE verifier or nonce against the cookie the login set; without it the library fails the login, every time for a cause in the cookie's attributes",
		Entries:  entries,
		Evidence: ev,
		Fix:      txnNotSentFix(first, x),
		Key:      cookieKey(sc.Info, sc.Name),
	})
}

func (c *transactionCookieNotSent) Finish(*Pass) {}

// containsEntry reports whether refs names entry index i.
func containsEntry(refs []EntryRef, i int) bool {
	for _, r := range refs {
		if r.Index == i {
			return true
		}
	}
	return false
}

// setCookieEvidenceAt quotes a Set-Cookie line that entry i received.
func setCookieEvidenceAt(p *Pass, i int, sc SetCookie) Evidence {
	ev := p.SetCookieEvidence(&Exchange{Entry: &har.Entry{Index: i}}, sc)
	ev.Entry = i
	return ev
}

// describeTxnKind names a transaction cookie's kind for messages.
func describeTxnKind(sc SetCookie) string {
	if sc.Info.Kind == auth.CookieTransaction {
		return "transaction cookie"
	}
	return sc.Info.Kind.String() + " cookie"
}

// txnNotSentFires reports whether transaction-cookie-not-sent reports the
// callback whose missing cookies are missing: one is missing, and either
// the HAR says why or the request sent other cookies (a request without a
// Cookie header may come from an exporter that leaves it out). Rules that
// must not fire on the same callback (cookie-not-forwarded) and links to
// it (auth-error-response) ask this.
func txnNotSentFires(missing []missingTxn, x *Exchange) bool {
	if len(missing) == 0 {
		return false
	}
	return missing[0].known || len(x.Cookies) > 0 && !x.CookiesFromHAR
}

// txnNotSentSummary is the clause another finding uses to name a callback
// that transaction-cookie-not-sent reports.
func txnNotSentSummary(p *Pass, missing []missingTxn, x *Exchange) string {
	m := missing[0]
	return fmt.Sprintf("the callback on entry %d arrived without the %s %q that entry %d set (transaction-cookie-not-sent says why): that is the cause",
		x.Index, describeTxnKind(m.c.sc), p.CookieName(m.c.sc.Name), m.c.entry)
}

// txnNotSentFix says how to make the cookie reach the callback, for the
// cause found.
func txnNotSentFix(m missingTxn, x *Exchange) Fix {
	sc := m.c.sc
	lib := sc.Info.Library
	f := Fix{Library: libraryName(lib)}
	key := "" // the key in NextAuth's and Auth.js' cookies option
	switch sc.Info.Kind {
	case auth.CookiePKCE, auth.CookieState, auth.CookieNonce:
		key = authJSCookieKey(sc.Info.Kind)
	}
	authjs := nextAuthFamily(lib) && key != ""
	switch {
	case !m.known:
		f.Message = "open the callback in the browser that started the login (not another profile, app or in-app browser), and check that no extension, script or logout step clears cookies between the login and the callback"
	case m.why.rule != "":
		f.Message = fmt.Sprintf("fix the Set-Cookie line of %q on entry %d that %s reports, so that the browser stores it", sc.Name, m.c.entry, m.why.rule)
	case m.why.cause == "samesite" && x.Request.Method == "POST":
		f.Message = fmt.Sprintf("set %q with `SameSite=None; Secure`: a form_post callback is a cross-site POST, which never carries a Lax or Strict cookie; or have the identity provider answer with the query response mode", sc.Name)
		if authjs {
			// @auth/core@0.41.1 lib/actions/signin/authorization-url.js
			// makes only the state and nonce cookies SameSite=None for
			// response_mode=form_post; the pkceCodeVerifier cookie keeps
			// lib/utils/cookie.js defaultCookies' sameSite "lax".
			f.Message = fmt.Sprintf("for response_mode=form_post, set `cookies.%s.options` to `{ sameSite: \"none\", secure: true }` (with the same name, httpOnly and path): Auth.js makes only the state and nonce cookies SameSite=None for form_post, and a cross-site POST never carries a Lax cookie", key)
			f.Reference = "https://github.com/nextauthjs/next-auth/blob/@auth/core@0.41.1/packages/core/src/lib/actions/signin/authorization-url.ts"
		}
	case m.why.cause == "samesite":
		f.Message = fmt.Sprintf("set %q with `SameSite=Lax` (a query callback is a top-level GET navigation, which carries Lax cookies) or `SameSite=None; Secure`", sc.Name)
	case m.why.cause == "host":
		f.Message = fmt.Sprintf("start the login on %q, the host the callback returns to (redirect the other host there first), or give the cookie a Domain that covers both, and make the redirect_uri use one host (NEXTAUTH_URL, AUTH_URL, APP_BASE_URL)", x.Host())
	case m.why.cause == "domain":
		f.Message = fmt.Sprintf("give %q a Domain that covers %q, or no Domain at all", sc.Name, x.Host())
	case m.why.cause == "path":
		f.Message = fmt.Sprintf("set %q with `Path=/`", sc.Name)
	case m.why.cause == "secure":
		f.Message = "serve the callback over https, as the login is"
	case m.why.cause == "expired":
		f.Message = fmt.Sprintf("the login took longer than %q lives: raise its lifetime if users need longer at the identity provider", sc.Name)
		if authjs {
			f.Message += fmt.Sprintf(" (`cookies.%s.options.maxAge`; Auth.js and NextAuth default to 15 minutes)", key)
		}
	}
	return f
}

// Caps on the tracker's state.
const maxTxnTracked = 64

// txnTracker follows the transaction cookies a login sets to the callback
// that needs them. Several rules keep one each: rules do not share state.
type txnTracker struct {
	set []cookieSet // the latest line per name, domain and path
}

// missingTxn is one transaction cookie a callback did not carry.
type missingTxn struct {
	c cookieSet
	// why says why the browser did not send it; known is false when the
	// HAR does not say.
	why   notSent
	known bool
}

// observe returns, when x is a login callback, the transaction cookies the
// login set that x did not carry, and forgets the cookies that callback
// needed; then it records x's own transaction cookies.
func (t *txnTracker) observe(p *Pass, x *Exchange) []missingTxn {
	if x.URL == nil || probeRequest(x) {
		return nil
	}
	var missing []missingTxn
	if x.Route.Kind == auth.RouteCallback || x.IsOIDCCallback(p.Catalog()) {
		missing = t.callback(x)
	}
	for _, sc := range x.SetCookies {
		if !isTxnKind(sc.Info.Kind) || !sc.Known {
			continue
		}
		k := cookieSetKey(sc, x)
		i := t.index(k, x)
		switch {
		case sc.IsDeletion(x.Started):
			if i >= 0 {
				t.set = append(t.set[:i], t.set[i+1:]...)
			}
		case i >= 0:
			t.set[i] = t.keep(p, x, sc)
		case len(t.set) < maxTxnTracked:
			t.set = append(t.set, t.keep(p, x, sc))
		}
	}
	return missing
}

func (t *txnTracker) keep(p *Pass, x *Exchange, sc SetCookie) cookieSet {
	c := newCookieSet(x, sc)
	c.ref = p.Ref(x, "login that set the transaction cookie")
	return c
}

// callback checks callback x against the cookies held.
func (t *txnTracker) callback(x *Exchange) []missingTxn {
	params := callbackParams(x)
	if params.Get("error") != "" {
		return nil // the provider ended the login; the app checks nothing
	}
	state := params.Get("state")
	lib := x.Route.Library
	var missing []missingTxn
	kept := t.set[:0]
	for _, c := range t.set {
		if !t.expected(c, x, state, lib) {
			kept = append(kept, c)
			continue
		}
		if sentCookie(x, c.sc.Name) {
			continue
		}
		why, ok := whyNotSent(c, x)
		missing = append(missing, missingTxn{c: c, why: why, known: ok})
	}
	t.set = kept
	// Explained causes first: they are what the message leads with.
	slices.SortStableFunc(missing, func(a, b missingTxn) int { return boolRank(b.known) - boolRank(a.known) })
	return missing
}

// expected reports whether callback x (with state, of library lib) needs
// cookie c.
func (t *txnTracker) expected(c cookieSet, x *Exchange, state string, lib auth.Library) bool {
	if c.url == nil || siteOf(c.url.Hostname()) != siteOf(x.Host()) {
		return false // another site's login: a deliberate auth host has its own cookies
	}
	if rest, ok := strings.CutPrefix(c.sc.Name, "__txn_"); ok {
		return state != "" && rest == state // nextjs-auth0 v4: one cookie per login, named for its state
	}
	cl := c.sc.Info.Library
	return !specificLibrary(cl) || !specificLibrary(lib) || cl == lib || nextAuthFamily(cl) && nextAuthFamily(lib)
}

// index returns the position of the cookie held under k, -1 when none.
func (t *txnTracker) index(k string, x *Exchange) int {
	for i, c := range t.set {
		if cookieSetKey(c.sc, nil) == k && (c.sc.Domain != "" || c.url.Hostname() == x.URL.Hostname()) {
			return i
		}
	}
	return -1
}

// cookieSetKey identifies a cookie in the jar: name, domain and path (the
// path as the line gives it; the host of a host-only cookie is compared
// apart).
func cookieSetKey(sc SetCookie, _ *Exchange) string {
	return sc.Name + "\x00" + strings.ToLower(strings.TrimPrefix(sc.Domain, ".")) + "\x00" + sc.Path
}

// isTxnKind reports whether a cookie of kind k is one a callback checks.
func isTxnKind(k auth.CookieKind) bool {
	switch k {
	case auth.CookieTransaction, auth.CookieState, auth.CookiePKCE, auth.CookieNonce:
		return true
	}
	return false
}

// sentCookie reports whether x carried a cookie named name.
func sentCookie(x *Exchange, name string) bool {
	for _, c := range x.Cookies {
		if c.Name == name {
			return true
		}
	}
	return false
}

// specificLibrary reports whether l names one library, not a generic or
// configured cookie.
func specificLibrary(l auth.Library) bool {
	switch l {
	case auth.LibraryUnknown, auth.LibraryGeneric, auth.LibraryConfig:
		return false
	}
	return true
}

// boolRank is 1 for true, 0 for false.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nextAuthFamily reports whether l is NextAuth v4 or Auth.js, which share
// routes.
func nextAuthFamily(l auth.Library) bool {
	return l == auth.LibraryNextAuthV4 || l == auth.LibraryAuthJSV5
}

package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/httpcache"
)

// CookieNotForwarded finds OAuth/OIDC callbacks that carried the login
// transaction cookie while the app behaved as if it never received it.
var CookieNotForwarded = &Rule{
	ID:       "cookie-not-forwarded",
	Category: CategoryCache,
	Severity: High,
	Title:    "a login callback's transaction cookie never reached the app",
	Doc: `Fires when an OAuth/OIDC callback request (a callback route of the catalogue, or a
URL with ` + "`code`" + ` and ` + "`state`" + `) carried the login's transaction cookie (state, PKCE
verifier, nonce or a bundle of them: ` + "`__txn_<state>`" + `, ` + "`auth_verification`" + `,
` + "`next-auth.state`" + `, ` + "`authjs.pkce.code_verifier`" + `, ...) but the response shows that the app
never saw it: a cache answered the callback, or the app failed the way its
library fails when that cookie is missing. The browser did its part; a CDN or
proxy in between dropped the ` + "`Cookie`" + ` header, so every login fails.

Failures recognised, from the libraries' sources:

- nextjs-auth0 v4 answers "The state parameter is invalid." (` + "`InvalidStateError`" + `,
  status 500) when no ` + "`__txn_<state>`" + ` cookie for the callback's state arrives.
  Reported only when the request carried the cookie for that very state: a
  cookie for another state means another login attempt, not a dropped cookie.
- nextjs-auth0 v3 throws "Missing state cookie from login request (check login
  URL, callback URL and cookie config)." with status 400; its default error
  handler sends an empty 400, so the text is seen only when the app renders the
  error. Older versions fail inside openid-client with "checks.state argument is
  missing".
- NextAuth v4 and Auth.js v5 log "State cookie was missing" (or "PKCE
  code_verifier cookie was missing", "Nonce cookie was missing"; @auth/core
  0.35.3 and later say "state cookie was missing", "pkceCodeVerifier cookie
  was missing", "nonce cookie was missing", wrapped in "state value could not
  be parsed" and the like, which is all their default logger prints and which
  also covers a cookie that arrived but did not decode, so it counts only
  behind CloudFront) and redirect to
  their error page: ` + "`error=OAuthCallback`" + ` (v4) or ` + "`error=Configuration`" + ` (v5). The
  redirect is also used for other callback failures (a failed token exchange, a
  state mismatch), so it counts only behind CloudFront, which forwards no
  cookies to the origin unless a behavior is configured to; the same holds for
  nextjs-auth0 v3's empty 400 and a bodiless 500 from v4.

Stays silent when the callback carried no transaction cookie at all, and when
the browser left out one that the login set earlier in the HAR (SameSite,
Domain or Path, a login started on another host: that is not the proxy's
doing, and ` + "`transaction-cookie-not-sent`" + ` reports it), when the identity provider returned an
error (` + "`error=`" + ` in the callback URL), and for CSRF cookies, which OAuth callbacks
do not check.

Severity: high when a cache answered the callback, or the library's own
missing-cookie error is seen behind a recognised CDN; medium for that error
with no CDN in sight, and for the generic failures behind CloudFront.`,
	Fix:   "Forward every cookie to the app on the callback route and never cache it: CloudFront needs an origin request policy that forwards all cookies (managed AllViewer or AllViewerExceptHostHeader) with the CachingDisabled cache policy on that path; in Varnish, Fastly and nginx, remove the rule that unsets or blanks the `Cookie` header there.",
	Since: "0.1.0",
	Needs: NeedsRequestCookies,
	Start: func(*Pass) Checker { return &cookieNotForwarded{} },
}

// cookieNotForwarded follows the login's transaction cookies, so that a
// callback the browser sent without one of them is left to
// transaction-cookie-not-sent: the two rules never report one callback.
type cookieNotForwarded struct{ t txnTracker }

func (c *cookieNotForwarded) Visit(p *Pass, x *Exchange) {
	if txnNotSentFires(c.t.observe(p, x), x) {
		return // the browser did not send a cookie the login set: not the edge's doing
	}
	checkCookieNotForwarded(p, x)
}

func (c *cookieNotForwarded) Finish(*Pass) {}

// callbackFailure is how a callback response showed that the app did not see
// the transaction cookie.
type callbackFailure struct {
	// specific is true for the library's own missing-cookie error, false
	// for a failure the library also uses for other causes.
	specific bool
	// what describes the failure for the message.
	what string
	// library is the library whose failure it is.
	library auth.Library
	// evidence quotes the body text, header or status.
	evidence Evidence
}

// missingCookieTexts are the errors libraries raise when the transaction
// cookie is absent, with the library that raises them.
var missingCookieTexts = []struct {
	text string
	lib  auth.Library
	// generic is set for a text the library also uses when the cookie
	// arrived but could not be read.
	generic bool
}{
	// auth0/nextjs-auth0 src/errors/index.ts InvalidStateError, returned by
	// src/server/auth-client.ts handleCallback when transactionStore.get()
	// finds no "__txn_<state>" cookie (src/server/transaction-store.ts).
	{"The state parameter is invalid.", auth.LibraryNextjsAuth0V4, false},
	// auth0/nextjs-auth0 src/auth0-session/utils/errors.ts
	// MissingStateCookieError, thrown by handlers/callback.ts with 400.
	{"Missing state cookie from login request", auth.LibraryNextjsAuth0V3, false},
	// openid-client Client#callback when checks.state is undefined (the
	// error older nextjs-auth0 versions surfaced; nextjs-auth0 FAQ).
	{"checks.state argument is missing", auth.LibraryUnknown, false},
	// nextauthjs/next-auth@next-auth@4.24.15
	// packages/next-auth/src/core/lib/oauth/checks.ts (v4), and
	// @auth/core up to 0.35.2 packages/core/src/lib/actions/callback/oauth/checks.ts
	// ("State cookie was missing", with a final period up to 0.30).
	{"State cookie was missing", auth.LibraryNextAuthV4, false},
	{"PKCE code_verifier cookie was missing", auth.LibraryNextAuthV4, false},
	{"Nonce cookie was missing", auth.LibraryNextAuthV4, false},
	// @auth/core 0.35.3 and later (cce637c8d, #11517) throw
	// `${name} cookie was missing` with the cookie-option key as name
	// (@auth/core@0.41.3 packages/core/src/lib/actions/callback/oauth/checks.ts:68).
	// Matched case-sensitively: the lower-case first letter tells them
	// from the older messages above.
	{"state cookie was missing", auth.LibraryAuthJSV5, false},
	{"pkceCodeVerifier cookie was missing", auth.LibraryAuthJSV5, false},
	{"nonce cookie was missing", auth.LibraryAuthJSV5, false},
	// parseCookie wraps that error, and every other failure to read the
	// cookie (another secret, in 0.41 a cookie made for another
	// provider), in InvalidCheck(`${name} value could not be parsed`,
	// { cause }) (@auth/core@0.35.3 and @0.41.3 same file:84), and the
	// default logger prints only the outer message
	// (packages/core/src/lib/utils/logger.ts:23-40): generic.
	{"state value could not be parsed", auth.LibraryAuthJSV5, true},
	{"pkceCodeVerifier value could not be parsed", auth.LibraryAuthJSV5, true},
	{"nonce value could not be parsed", auth.LibraryAuthJSV5, true},
}

func checkCookieNotForwarded(p *Pass, x *Exchange) {
	if x.Aborted() || x.URL == nil {
		return
	}
	if x.Route.Kind != auth.RouteCallback && !x.IsOIDCCallback(p.Catalog()) {
		return
	}
	params := callbackParams(x)
	if params.Get("error") != "" {
		return // the identity provider reported an error; the app did not fail on its own
	}
	txn := transactionCookies(x)
	if len(txn) == 0 {
		return
	}
	state := params.Get("state")
	pattern := routePattern(x.Path())
	lib := callbackLibrary(x, txn)
	if x.Served.State.FromCache() {
		reportCallbackFromCache(p, x, txn, lib, pattern)
		return
	}
	fail, ok := missingCookieFailure(x, txn, state, lib)
	if !ok {
		return
	}
	if fail.library != auth.LibraryUnknown {
		lib = fail.library
	}
	sev := Medium
	relies := ""
	switch {
	case fail.specific && x.Vendor != httpcache.VendorUnknown:
		sev = High
	case fail.specific:
		relies = "no CDN is recognisable in the response; the cookie may have been dropped by a reverse proxy, a load balancer or a framework middleware in front of the auth handler"
	case x.Vendor == httpcache.VendorCloudFront:
		relies = "CloudFront's default of forwarding no cookies to the origin; the library uses the same failure for other callback errors (a failed code exchange, a state mismatch), so confirm the missing-cookie message in the server log"
	default:
		return // a generic failure proves nothing without a proxy known to drop cookies
	}
	switch {
	case fail.library == auth.LibraryNextjsAuth0V4 && fail.specific:
		// transactionStore.get() returns null for a cookie that does not
		// decrypt (src/server/cookies.ts decrypt) since 4.14.1 (#2487,
		// 46094859); before, TransactionStore.get threw and the callback
		// failed with an unhandled error instead of InvalidStateError.
		relies = joinReliance(relies, "since 4.14.1 nextjs-auth0 v4 reports a transaction cookie it cannot decrypt the same way (earlier releases fail with a 500 instead): check that every instance uses the same AUTH0_SECRET")
	case fail.library == auth.LibraryNextjsAuth0V3:
		// TransientStore.read() verifies the cookie's signature and
		// returns undefined when it fails (utils/signed-cookies.ts).
		relies = joinReliance(relies, "nextjs-auth0 v3 also ignores a transaction cookie whose signature does not verify: check that every instance uses the same AUTH0_SECRET")
	}
	shown := txn[0]
	msg := fmt.Sprintf("callback %s although the request carried %s %q", fail.what, describeRequestCookie(shown), cookieKey(shown.Info, shown.Name))
	switch {
	case !fail.specific:
		msg += fmt.Sprintf(": %s forwards no cookies to the app unless its cache behavior is configured to", x.Vendor)
	case x.Vendor != httpcache.VendorUnknown:
		msg += fmt.Sprintf(": the app did not receive it through %s", x.Vendor)
	default:
		msg += ": the app did not receive it"
	}
	ev := []Evidence{fail.evidence}
	for _, c := range txn {
		ev = append(ev, txnCookieEvidence(p, x, c))
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      "the callback checks the state, PKCE verifier or nonce against the transaction cookie set when the login started; a proxy or CDN that strips the Cookie header on the way to the app makes every login fail, although the browser sent the cookie",
		Entries:  []EntryRef{p.Ref(x, "callback that lost its cookie")},
		Evidence: ev,
		Fix:      forwardCookiesFix(x.Vendor, pattern, lib, txn),
		ReliesOn: relies,
		Key:      cookieKey(shown.Info, shown.Name),
	})
}

// reportCallbackFromCache reports a callback that a cache answered: the app
// never saw the request, its code or its cookies.
func reportCallbackFromCache(p *Pass, x *Exchange, txn []RequestCookie, lib auth.Library, pattern string) {
	shown := txn[0]
	ev := cacheEvidence(p, x)
	for _, c := range txn {
		ev = append(ev, txnCookieEvidence(p, x, c))
	}
	fix := cacheFix(x.Vendor, pattern, libraryName(lib))
	if note := allowlistNote(x.Vendor, txn); note != "" {
		fix.Message += "; " + note
	}
	p.Report(Finding{
		Severity: High,
		Message: fmt.Sprintf("callback was answered from cache (%s: %q): the app never processed this login or its %s %q",
			x.Served.Header, x.Served.Value, describeRequestCookie(shown), cookieKey(shown.Info, shown.Name)),
		Why:      "a cached callback is a replay of someone else's login result: the app never checks this visitor's code against the transaction cookie, so the login fails (or hands over another user's session)",
		Entries:  []EntryRef{p.Ref(x, "callback served from cache")},
		Evidence: ev,
		Fix:      fix,
		Key:      cookieKey(shown.Info, shown.Name),
	})
}

// callbackParams returns the callback's parameters: the query, or for a
// form_post callback the form fields.
func callbackParams(x *Exchange) url.Values {
	q := x.URL.Query()
	if len(q) > 0 || x.Request.PostData == nil {
		return q
	}
	v := url.Values{}
	for _, p := range x.Request.PostData.Params {
		v.Add(p.Name, p.Value)
	}
	if len(v) == 0 && strings.Contains(x.Request.PostData.MimeType, "x-www-form-urlencoded") {
		if parsed, err := url.ParseQuery(x.Request.PostData.Text); err == nil {
			v = parsed
		}
	}
	return v
}

// transactionCookies returns the request cookies that an OAuth callback
// checks: transaction, state, PKCE and nonce cookies. CSRF cookies are left
// out: OAuth callbacks do not check them (NextAuth checks CSRF on POST
// sign-in and sign-out only).
func transactionCookies(x *Exchange) []RequestCookie {
	var out []RequestCookie
	for _, c := range x.Cookies {
		if !c.Known || c.Value == "" || IsRedactionMarker(c.Value) {
			continue
		}
		switch c.Info.Kind {
		case auth.CookieTransaction, auth.CookieState, auth.CookiePKCE, auth.CookieNonce:
			out = append(out, c)
		}
	}
	return out
}

// callbackLibrary names the library handling the callback, from its route
// or its cookies (NextAuth v4 and Auth.js share routes; their cookies differ).
func callbackLibrary(x *Exchange, txn []RequestCookie) auth.Library {
	for _, c := range txn {
		switch c.Info.Library {
		case auth.LibraryUnknown, auth.LibraryGeneric, auth.LibraryConfig:
		default:
			return c.Info.Library
		}
	}
	switch x.Route.Library {
	case auth.LibraryGeneric, auth.LibraryConfig:
		return auth.LibraryUnknown
	}
	return x.Route.Library
}

// describeRequestCookie names the kind of a request cookie for messages.
func describeRequestCookie(c RequestCookie) string {
	if c.Info.Kind == auth.CookieTransaction {
		return "transaction cookie"
	}
	return c.Info.Kind.String() + " cookie"
}

// missingCookieFailure reports whether x's response is the failure of lib
// for a missing transaction cookie.
func missingCookieFailure(x *Exchange, txn []RequestCookie, state string, lib auth.Library) (callbackFailure, bool) {
	body := responseText(x, 64<<10)
	for _, t := range missingCookieTexts {
		if !strings.Contains(body, t.text) {
			continue
		}
		if t.lib == auth.LibraryNextjsAuth0V4 && !carriesTxnFor(txn, state) {
			// No __txn_ cookie for this state: another login attempt
			// (another tab) or a cookie the browser dropped.
			return callbackFailure{}, false
		}
		flib := t.lib
		if flib == auth.LibraryNextAuthV4 && lib == auth.LibraryAuthJSV5 {
			flib = auth.LibraryAuthJSV5
		}
		return callbackFailure{
			specific: !t.generic,
			what:     fmt.Sprintf("failed with %q", t.text),
			library:  flib,
			evidence: Evidence{Entry: x.Index, Where: "body", Name: "text", Value: t.text},
		}, true
	}
	status := x.Status()
	switch lib {
	case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
		loc := redirectLocation(x)
		if loc == nil {
			return callbackFailure{}, false
		}
		// NextAuth v4 wraps every error of the state, PKCE and nonce
		// checks in OAuthCallbackError and redirects to
		// `${url}/error?error=OAuthCallback` (packages/next-auth/src/core/
		// lib/oauth/callback.ts, routes/callback.ts). Auth.js v5 throws
		// InvalidCheck, which is not a client-safe error, so the redirect
		// says error=Configuration (packages/core/src/index.ts Auth(),
		// errors.ts isClientError).
		e := loc.Query().Get("error")
		if !(lib == auth.LibraryNextAuthV4 && e == "OAuthCallback" || lib == auth.LibraryAuthJSV5 && e == "Configuration") {
			return callbackFailure{}, false
		}
		return callbackFailure{
			what:     fmt.Sprintf("redirected to the %s error page (error=%s)", lib, e),
			library:  lib,
			evidence: Evidence{Entry: x.Index, Where: "response header", Name: "location", Value: loc.String()},
		}, true
	case auth.LibraryNextjsAuth0V3:
		if status != 400 {
			return callbackFailure{}, false
		}
		return callbackFailure{
			what:     "failed with status 400",
			library:  lib,
			evidence: Evidence{Entry: x.Index, Where: "response header", Name: ":status", Value: "400"},
		}, true
	case auth.LibraryNextjsAuth0V4:
		if status != 500 || body != "" || !carriesTxnFor(txn, state) {
			return callbackFailure{}, false
		}
		return callbackFailure{
			what:     "failed with status 500",
			library:  lib,
			evidence: Evidence{Entry: x.Index, Where: "response header", Name: ":status", Value: "500"},
		}, true
	}
	return callbackFailure{}, false
}

// carriesTxnFor reports whether the request carried nextjs-auth0 v4's
// transaction cookie for state ("__txn_" + state, the default prefix).
func carriesTxnFor(txn []RequestCookie, state string) bool {
	if state == "" {
		return false
	}
	for _, c := range txn {
		if c.Name == "__txn_"+state {
			return true
		}
	}
	return false
}

// allowlistNote explains, for CloudFront and nextjs-auth0 v4's per-login
// cookie names, why a cookie allowlist cannot replace forwarding all
// cookies; "" otherwise.
func allowlistNote(v httpcache.Vendor, txn []RequestCookie) string {
	if v != httpcache.VendorCloudFront {
		return ""
	}
	for _, c := range txn {
		if strings.HasPrefix(c.Name, "__txn_") {
			return "a cookie allowlist cannot name nextjs-auth0 v4's transaction cookies, which are called __txn_<state> with a new state for every login: only legacy cache settings accept wildcards such as __txn_*, and cache and origin request policies document exact names only"
		}
	}
	return ""
}

// txnCookieEvidence quotes a transaction cookie with its value redacted,
// and for nextjs-auth0 v4's "__txn_<state>" the state in its name too: the
// state is a secret of the login in progress.
func txnCookieEvidence(p *Pass, x *Exchange, c RequestCookie) Evidence {
	ev := p.CookieEvidence(x, c)
	if rest, ok := strings.CutPrefix(c.Name, "__txn_"); ok && rest != "" {
		name := "__txn_" + p.Secret(rest)
		ev.Name = name
		ev.Value = name + "=" + p.Secret(c.Value)
	}
	return ev
}

// joinReliance joins two ReliesOn sentences.
func joinReliance(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// forwardCookiesFix says how to make vendor forward the Cookie header to the
// app on pattern. Vendor facts carry their source; the ones that could not be
// confirmed are phrased as what to look for.
func forwardCookiesFix(v httpcache.Vendor, pattern string, lib auth.Library, txn []RequestCookie) Fix {
	f := Fix{Vendor: vendorName(v), Library: libraryName(lib)}
	switch v {
	case httpcache.VendorCloudFront:
		// CloudFront forwards no cookies unless the behavior's cache or
		// origin request policy (or legacy forwarded values) includes them
		// (awsdocs amazon-cloudfront-developer-guide doc_source/Cookies.md;
		// API_OriginRequestPolicyCookiesConfig). The managed AllViewer and
		// AllViewerExceptHostHeader policies include all cookies
		// (using-managed-origin-request-policies.html). Legacy cookie
		// allowlists accept wildcards (AWS "What's new", 2014-10-07); the
		// API reference of cache and origin request policies describes only
		// a list of cookie names, so wildcards there are not relied on.
		f.Message = fmt.Sprintf("in CloudFront, give the path pattern %q its own cache behavior with the managed origin request policy AllViewer (or AllViewerExceptHostHeader), which forwards all cookies, and the CachingDisabled cache policy", pattern)
		if note := allowlistNote(v, txn); note != "" {
			f.Message += "; " + note
		}
		f.Reference = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html"
	case httpcache.VendorVarnish:
		// Varnish's built-in vcl_recv passes requests that carry a Cookie
		// ("Not cacheable by default"); stripping it is custom VCL.
		f.Message = fmt.Sprintf("in Varnish, make vcl_recv return (pass) for %q before any `unset req.http.Cookie` or cookie filtering, so the Cookie header reaches the app", pattern)
		f.Reference = "https://varnish-cache.org/docs/trunk/users-guide/vcl-built-in-code.html"
	case httpcache.VendorFastly:
		f.Message = fmt.Sprintf("in Fastly, return(pass) in vcl_recv for %q and remove any `unset req.http.Cookie` (or cookie filtering) that runs for it", pattern)
		f.Reference = "https://www.fastly.com/documentation/guides/concepts/edge-state/cache/"
	case httpcache.VendorNginx:
		f.Message = fmt.Sprintf("in nginx, remove `proxy_set_header Cookie \"\";` (and any cookie filtering) from the location serving %q and set `proxy_cache off;` there: nginx passes the client's Cookie header to the upstream unless told otherwise", pattern)
		f.Reference = "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header"
	case httpcache.VendorCloudflare:
		f.Message = fmt.Sprintf("in Cloudflare, which passes cookies to the origin by default, remove the Worker or request header Transform Rule that drops or rewrites the Cookie header on %q, and add a Cache Rule with \"Bypass cache\" for it", pattern)
		f.Reference = "https://developers.cloudflare.com/cache/how-to/cache-rules/"
	case httpcache.VendorUnknown:
		f.Message = fmt.Sprintf("make every proxy, load balancer and middleware in front of the app pass the Cookie header through on %q and never cache it", pattern)
	default:
		f.Message = fmt.Sprintf("configure %s to forward the Cookie header to the origin on %q and to bypass its cache there", v, pattern)
	}
	return f
}

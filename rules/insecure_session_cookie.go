package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/cookie"
)

// InsecureSessionCookie finds session cookies set without HttpOnly or
// Secure.
var InsecureSessionCookie = &Rule{
	ID:       "insecure-session-cookie",
	Category: CategorySession,
	Severity: Medium,
	Title:    "session cookie set without HttpOnly or Secure",
	Doc: `Checks the attributes of every ` + "`Set-Cookie`" + ` line that sets a session cookie of
the auth catalogue (or one recognised by its value) and that the browser
stores: a cookie the browser refuses is ` + "`cookie-rejected`" + `'s.

It reports a missing ` + "`HttpOnly`" + ` (any script on the page can read and exfiltrate
the session) and, on an https origin, a missing ` + "`Secure`" + ` (the browser also sends
the cookie over plain http).

It stays silent for deletions (` + "`Max-Age=0`" + `, an ` + "`Expires`" + ` in the past), for
cookies browsers refuse, for a missing ` + "`Secure`" + ` on plain-http origins, and for a
missing ` + "`HttpOnly`" + ` on cookies that client code must read by design: Supabase's
` + "`sb-<ref>-auth-token`" + ` (@supabase/ssr sets ` + "`httpOnly: false`" + `) and Clerk's cookies
(clerk-js writes ` + "`__session`" + ` and ` + "`__client_uat`" + ` from JavaScript).

Severity: medium for a session cookie without HttpOnly or without Secure, one
level lower for the latter when the response sends
` + "`Strict-Transport-Security`" + ` (browsers that saw it no longer use plain http for
the host); both are one level lower when the cookie is known only by a
conventional name (` + "`sid`" + `, ` + "`session`" + `, ` + "`JSESSIONID`" + `, ` + "`PHPSESSID`" + `), which may belong to a
third-party site in the HAR, and when the attributes come from the HAR's
cookies array. One finding per cookie and problem; a Set-Cookie line that
lacks both HttpOnly and Secure is one finding naming both.`,
	Fix:   "Give session cookies `HttpOnly` and, on https, `Secure` (in the auth library's cookie options where it has them).",
	Since: "0.1.0",
	Needs: NeedsSetCookie,
	Start: func(*Pass) Checker { return &insecureSessionCookie{seen: map[string]bool{}} },
}

// A cookieProblem is one kind of attribute mistake.
type cookieProblem string

// Hardening problems of a session cookie the browser stores. The reasons a
// browser refuses a cookie are in cookie_rejected.go.
const (
	problemNoHTTPOnly      cookieProblem = "no-httponly"
	problemNoSecureOnHTTPS cookieProblem = "no-secure"
)

type insecureSessionCookie struct {
	// seen holds the host, cookie key (the name without chunk suffix) and
	// problem of every finding made.
	seen map[string]bool
}

func (c *insecureSessionCookie) Finish(*Pass) {}

func (c *insecureSessionCookie) Visit(p *Pass, x *Exchange) {
	if x.Aborted() || x.URL == nil {
		return
	}
	for _, sc := range x.SetCookies {
		if sc.Err != nil || !sc.Known || sc.Info.Kind == auth.CookieUnknown || sc.IsDeletion(x.Started) {
			continue
		}
		// Chunks of one cookie share a key: one finding for all of them.
		name := cookieKey(sc.Info, sc.Name)
		fresh := func(pr foundProblem) bool {
			k := x.Host() + "\x00" + name + "\x00" + string(pr.kind)
			if c.seen[k] {
				return false
			}
			c.seen[k] = true
			return true
		}
		if _, ok := cookieRefusal(x.URL, sc); ok {
			continue // the browser refuses it: cookie-rejected reports it
		}
		// One Set-Cookie line that lacks both HttpOnly and Secure is one
		// finding naming both.
		var missing []foundProblem
		for _, pr := range missingHardening(x.URL, sc, hasHSTS(x)) {
			if fresh(pr) {
				missing = append(missing, pr)
			}
		}
		if len(missing) > 0 {
			c.report(p, x, sc, name, missing)
		}
	}
}

// report makes one finding of the problems of one Set-Cookie line: a
// rejection, or the hardening attributes it lacks.
func (c *insecureSessionCookie) report(p *Pass, x *Exchange, sc SetCookie, name string, prs []foundProblem) {
	f := Finding{
		Entries:  []EntryRef{p.Ref(x, "sets the cookie")},
		Evidence: []Evidence{p.SetCookieEvidence(x, sc)},
	}
	var kinds, whys []string
	for _, pr := range prs {
		f.Severity = max(f.Severity, pr.sev)
		kinds = append(kinds, string(pr.kind))
		whys = append(whys, pr.why)
	}
	f.Key = name + ":" + strings.Join(kinds, "+")
	f.Why = strings.Join(whys, "; ")
	if len(prs) == 1 {
		f.Message = prs[0].message(x, sc)
		f.Fix = cookieProblemFix(prs[0].kind, sc)
	} else {
		f.Message = fmt.Sprintf("%s is set without HttpOnly and without Secure on https origin %q", describeCookie(x, sc), origin(x.URL))
		f.Fix = hardeningFix(prs, sc)
	}
	if sc.FromHAR {
		// Without the Set-Cookie header the attributes come from the HAR's
		// cookies array: httpOnly and secure are HAR 1.2 fields, but an
		// exporter that leaves them out makes them read as absent.
		f.Message += " (per the HAR cookies array; the response has no Set-Cookie header)"
		f.ReliesOn = "the HAR's response.cookies array, read because the response has no Set-Cookie header: it has no Max-Age or SameSite (except Chrome's sameSite), and an exporter that omits httpOnly or secure makes them read as absent"
		if prs[0].kind == problemNoHTTPOnly || prs[0].kind == problemNoSecureOnHTTPS {
			f.Severity = f.Severity.Lower(1)
		}
	}
	p.Report(f)
}

// hardeningFix joins the fixes of several missing attributes into one: the
// library settings when the library has them (citing the first library
// reference), else one Set-Cookie edit naming every attribute.
func hardeningFix(prs []foundProblem, sc SetCookie) Fix {
	var f Fix
	var msgs, generic []string
	for i, pr := range prs {
		one := cookieProblemFix(pr.kind, sc)
		isGeneric := one.Message == genericCookieFix(pr.kind, sc)
		switch {
		case i == 0:
			f = one
		case len(generic) == i && !isGeneric:
			f.Reference = one.Reference // the first library-specific source
		}
		msgs = append(msgs, one.Message)
		if isGeneric {
			generic = append(generic, attributeName(pr.kind))
		}
	}
	if len(generic) == len(prs) {
		f.Message = fmt.Sprintf("add %s to the Set-Cookie line of %q", strings.Join(generic, " and "), sc.Name)
	} else {
		f.Message = strings.Join(msgs, "; and ")
	}
	return f
}

// attributeName is the Set-Cookie attribute whose absence is the problem.
func attributeName(kind cookieProblem) string {
	if kind == problemNoHTTPOnly {
		return "HttpOnly"
	}
	return "Secure"
}

// foundProblem is one problem of one Set-Cookie line.
type foundProblem struct {
	kind   cookieProblem
	sev    Severity
	detail string // for rejections: what rule is broken, in a few words
	why    string
}

func (pr foundProblem) message(x *Exchange, c SetCookie) string {
	what := describeCookie(x, c)
	if pr.kind == problemNoHTTPOnly {
		return fmt.Sprintf("%s is set without HttpOnly", what)
	}
	return fmt.Sprintf("%s is set without Secure on https origin %q", what, origin(x.URL))
}

// cookieProblems returns the problems of one auth Set-Cookie line received
// from u; hsts says whether the response enables Strict-Transport-Security.
// A rejection is the only problem reported (the cookie is gone either way);
// otherwise the hardening attributes a session cookie lacks.
func cookieProblems(u *url.URL, c SetCookie, hsts bool) []foundProblem {
	if pr, ok := cookieRefusal(u, c); ok {
		return []foundProblem{pr}
	}
	return missingHardening(u, c, hsts)
}

// missingHardening returns the attributes a session cookie the browser
// stores lacks: HttpOnly, and Secure on an https origin.
func missingHardening(u *url.URL, c SetCookie, hsts bool) []foundProblem {
	if c.Info.Kind != auth.CookieSession {
		return nil
	}
	// A conventional name ("sid", "session", "JSESSIONID") may belong to a
	// third-party site in the HAR or not be a session at all (Google's
	// script-readable "SID"): hardening problems are then only low.
	hardening := Medium
	if c.Info.Library == auth.LibraryGeneric {
		hardening = hardening.Lower(1)
	}
	var out []foundProblem
	if !c.HTTPOnly && !readableByDesign(c) {
		out = append(out, foundProblem{kind: problemNoHTTPOnly, sev: hardening,
			why: "without HttpOnly any script running on the page (an XSS, a compromised third-party script) can read the session from document.cookie and replay it elsewhere"})
	}
	if !c.Secure && strings.EqualFold(u.Scheme, "https") {
		pr := foundProblem{kind: problemNoSecureOnHTTPS, sev: hardening,
			why: "without Secure the browser also sends the session over plain http (a typed http:// address, an http link or redirect), where anyone on the network path can read it and take over the session"}
		if hsts {
			pr.sev = pr.sev.Lower(1)
			pr.why += "; this host sends Strict-Transport-Security, which keeps browsers that saw it off plain http, but not first visits or other hosts the cookie is sent to"
		}
		out = append(out, pr)
	}
	return out
}

// readableByDesign reports whether the library needs client-side code to
// read the session cookie, so HttpOnly would break it.
func readableByDesign(c SetCookie) bool {
	switch c.Info.Library {
	case auth.LibrarySupabase:
		// supabase/ssr src/utils/constants.ts DEFAULT_COOKIE_OPTIONS:
		// httpOnly: false (the browser client reads the session).
		return true
	case auth.LibraryClerk:
		// clerk/javascript packages/clerk-js/src/core/auth/cookies/session.ts:
		// "Create a short-lived JS cookie to store the current user JWT";
		// __client_uat is written by clerk-js too.
		return true
	case auth.LibraryNextjsAuth0V4:
		return false // httpOnly is always true in v4
	}
	// "__session" whose value did not tell the library apart: nextjs-auth0
	// v4 always sets HttpOnly, so one without it is Clerk's.
	return c.Info.Base == "__session"
}

// hasHSTS reports whether the response enables Strict-Transport-Security.
func hasHSTS(x *Exchange) bool {
	v := strings.ToLower(x.ResponseHeader("Strict-Transport-Security"))
	if v == "" {
		return false
	}
	for _, d := range strings.Split(v, ";") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
		if strings.TrimSpace(name) == "max-age" {
			val = strings.Trim(strings.TrimSpace(val), `"`)
			return val != "" && strings.Trim(val, "0") != ""
		}
	}
	return false
}

// origin returns scheme://host[:port] of u.
func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + u.Host
}

// cookieProblemFix names the library setting that fixes a problem, where
// one exists and was confirmed in the library's source or documentation.
func cookieProblemFix(kind cookieProblem, c SetCookie) Fix {
	lib := c.Info.Library
	f := Fix{Library: libraryName(lib), Reference: "https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis"}
	switch lib {
	case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
		f.Message, f.Reference = authJSCookieFix(kind, c)
		return f
	case auth.LibraryNextjsAuth0V3, auth.LibraryNextjsAuth0V4:
		f.Message, f.Reference = nextjsAuth0CookieFix(kind, lib, c)
		return f
	case auth.LibrarySupabase:
		if kind == problemNoSecureOnHTTPS || kind == problemSameSiteNone {
			// supabase/ssr createServerClient(url, key, { cookies,
			// cookieOptions }); DEFAULT_COOKIE_OPTIONS has no secure.
			f.Message = "pass cookieOptions: { secure: true } to createServerClient and createBrowserClient of @supabase/ssr (its default cookie options do not set Secure)"
			f.Reference = "https://github.com/supabase/ssr/blob/main/src/utils/constants.ts"
			return f
		}
	case auth.LibraryDjango:
		// Django settings SESSION_COOKIE_SECURE (default False),
		// SESSION_COOKIE_HTTPONLY (default True), CSRF_COOKIE_SECURE.
		switch kind {
		case problemNoSecureOnHTTPS:
			f.Message = "set SESSION_COOKIE_SECURE = True (and CSRF_COOKIE_SECURE = True) in the Django settings"
			f.Reference = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure"
			return f
		case problemNoHTTPOnly:
			f.Message = "leave SESSION_COOKIE_HTTPONLY at its default, True, in the Django settings"
			f.Reference = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly"
			return f
		}
	case auth.LibraryExpressSession:
		// express-session README: cookie defaults { path: '/', httpOnly:
		// true, secure: false, maxAge: null }; secure may be "auto".
		switch kind {
		case problemNoSecureOnHTTPS:
			f.Message = "set cookie: { secure: true } in the express-session options (or \"auto\" with app.set(\"trust proxy\", 1) behind a TLS-terminating proxy)"
			f.Reference = "https://github.com/expressjs/session#cookiesecure"
			return f
		case problemNoHTTPOnly:
			f.Message = "remove httpOnly: false from the express-session cookie options (the default is true)"
			f.Reference = "https://github.com/expressjs/session#cookiehttponly"
			return f
		}
	}
	f.Message = genericCookieFix(kind, c)
	return f
}

// genericCookieFix is the fix when no library setting is known.
func genericCookieFix(kind cookieProblem, c SetCookie) string {
	switch kind {
	case problemSecureOverHTTP:
		return fmt.Sprintf("serve this origin over https, or drop Secure (and any __Secure-/__Host- prefix) from %q only on plain-http development hosts", c.Name)
	case problemPrefix:
		return fmt.Sprintf("%s in the Set-Cookie line of %q, or give the cookie a name without the prefix", strings.Join(prefixRepairs(c, false), " and "), c.Name)
	case problemSameSiteNone:
		return fmt.Sprintf("add Secure to %q (SameSite=None requires it), or use SameSite=Lax if the cookie is not needed on cross-site requests", c.Name)
	case problemNoHTTPOnly:
		return fmt.Sprintf("add HttpOnly to the Set-Cookie line of %q", c.Name)
	default:
		return fmt.Sprintf("add Secure to the Set-Cookie line of %q", c.Name)
	}
}

// authJSCookieFix covers NextAuth v4 and Auth.js v5. Both add Secure and
// the __Secure-/__Host- prefixes when useSecureCookies is true, and take
// per-cookie overrides in the cookies option (packages/core/src/lib/utils/cookie.ts
// defaultCookies: httpOnly: true, sameSite: "lax", secure: useSecureCookies).
// NextAuth v4 derives useSecureCookies from NEXTAUTH_URL; Auth.js v5 from
// the request URL (packages/core/src/lib/init.ts: config.useSecureCookies ??
// url.protocol === "https:").
func authJSCookieFix(kind cookieProblem, c SetCookie) (string, string) {
	name, ref := "NextAuth", "https://next-auth.js.org/configuration/options"
	secureDefault := "NEXTAUTH_URL starts with https://"
	if c.Info.Library == auth.LibraryAuthJSV5 {
		name, ref = "Auth.js", "https://authjs.dev/reference/core"
		secureDefault = "the request URL it sees is https"
	}
	option := "cookies." + authJSCookieKey(c.Info.Kind) + ".options"
	switch kind {
	case problemSecureOverHTTP:
		return fmt.Sprintf("%s adds Secure and the __Secure-/__Host- prefixes when useSecureCookies is on (by default when %s): serve this origin over https, or set useSecureCookies: false (and no secure: true in the cookies option) only for plain-http development hosts", name, secureDefault), ref + "#usesecurecookies"
	case problemPrefix:
		return fmt.Sprintf("in the %s cookies option, %s in %s, or give the cookie a name without the prefix", name, strings.Join(prefixRepairs(c, true), " and "), option), ref + "#cookies"
	case problemSameSiteNone:
		return fmt.Sprintf("in the %s cookies option, set secure: true next to sameSite: \"none\" in %s", name, option), ref + "#cookies"
	case problemNoHTTPOnly:
		return fmt.Sprintf("remove httpOnly: false from %s in the %s cookies option (the default is httpOnly: true)", option, name), ref + "#cookies"
	default:
		if c.Info.Library == auth.LibraryAuthJSV5 {
			return "Auth.js turns secure cookies on when the request URL it sees is https: behind a TLS-terminating proxy, forward X-Forwarded-Proto and trust it (AUTH_TRUST_HOST=true), or set useSecureCookies: true; do not set secure: false in the cookies option", ref + "#usesecurecookies"
		}
		return "set NEXTAUTH_URL to the https URL of the app (NextAuth turns useSecureCookies on for it), or set useSecureCookies: true; do not set secure: false in the cookies option", ref + "#usesecurecookies"
	}
}

// authJSCookieKey returns the key of a cookie kind in the cookies option of
// NextAuth and Auth.js (CookiesOptions).
func authJSCookieKey(k auth.CookieKind) string {
	switch k {
	case auth.CookieSession:
		return "sessionToken"
	case auth.CookieCSRF:
		return "csrfToken"
	case auth.CookieCallbackURL:
		return "callbackUrl"
	case auth.CookiePKCE:
		return "pkceCodeVerifier"
	case auth.CookieState:
		return "state"
	case auth.CookieNonce:
		return "nonce"
	}
	return "<cookie>"
}

// prefixRepairs lists what a cookie needs to meet its name prefix rules, as
// option changes (options) or Set-Cookie attribute changes.
func prefixRepairs(c SetCookie, options bool) []string {
	var out []string
	add := func(opt, attr string) {
		if options {
			out = append(out, opt)
		} else {
			out = append(out, attr)
		}
	}
	if !c.Secure {
		add("set secure: true", "add Secure")
	}
	if cookie.HasPrefixFold(c.Name, cookie.HostPrefix) {
		if !c.HostOnly() {
			add("remove domain", "remove the Domain attribute")
		}
		if c.Path != "/" {
			add(`set path: "/"`, "set Path=/")
		}
	}
	if len(out) == 0 {
		add("serve the cookie from an https origin", "send it from an https origin")
	}
	return out
}

// nextjsAuth0CookieFix names the nextjs-auth0 setting for a cookie problem.
//
// v3: config validation ties session.cookie.secure to the scheme of
// baseURL (AUTH0_BASE_URL): with an https base URL only true is accepted
// ("Cookies must be secure when base url is https."), with an http one only
// false, so the base URL is the lever, not the flag
// (auth0/nextjs-auth0@v3.8.0 src/auth0-session/get-config.ts:52-60). The
// transaction cookie (auth_verification) has its own variables,
// AUTH0_TRANSACTION_COOKIE_SECURE and AUTH0_TRANSACTION_COOKIE_SAME_SITE,
// defaulting to the session cookie's values and not validated against the
// base URL (get-config.ts:188-192; src/config.ts:78-86). httpOnly:
// session.cookie.httpOnly / AUTH0_COOKIE_HTTP_ONLY, default true
// (get-config.ts:50).
//
// v4: session.cookie.secure and sameSite, or AUTH0_COOKIE_SECURE and
// AUTH0_COOKIE_SAME_SITE; the transaction cookie (__txn_<state>) has no
// environment variable, only transactionCookie.secure and sameSite
// ("Transaction cookies only support secure via options (no env var)",
// @v4.16.0 src/server/client.ts:480). Secure is forced on for both when
// APP_BASE_URL is https (@v4.5.1 src/server/client.ts:215-226). Since
// 4.16.0 APP_BASE_URL is optional; without it, in production (NODE_ENV),
// Secure is forced on and an explicit secure: false throws
// InvalidConfigurationError (@v4.16.0 src/server/client.ts:490-515; before
// 4.16.0 APP_BASE_URL was required). HttpOnly is always set.
func nextjsAuth0CookieFix(kind cookieProblem, lib auth.Library, c SetCookie) (string, string) {
	v4 := lib == auth.LibraryNextjsAuth0V4
	txn := c.Info.Kind == auth.CookieTransaction
	ref := "https://github.com/auth0/nextjs-auth0/blob/v3/src/auth0-session/get-config.ts"
	if v4 {
		ref = "https://github.com/auth0/nextjs-auth0/blob/main/EXAMPLES.md#cookie-configuration"
	}
	if v4 {
		// secureOpt and sameSiteOpt name the v4 settings of this cookie.
		secureOpt, sameSiteOpt := "session.cookie.secure (AUTH0_COOKIE_SECURE)", "session.cookie.sameSite (AUTH0_COOKIE_SAME_SITE)"
		if txn {
			secureOpt, sameSiteOpt = "transactionCookie.secure (an Auth0Client option only: no environment variable sets it)", "transactionCookie.sameSite (an option only)"
		}
		switch kind {
		case problemSecureOverHTTP, problemPrefix:
			return fmt.Sprintf("serve this origin over https; for a plain-http development host set APP_BASE_URL to its http URL (an https APP_BASE_URL forces Secure on) and leave %s unset or false; since 4.16.0, with no APP_BASE_URL and NODE_ENV=production, Secure is forced on and secure: false throws", secureOpt), ref
		case problemSameSiteNone:
			return fmt.Sprintf("set %s to true next to sameSite \"none\", or set %s to \"lax\"", secureOpt, sameSiteOpt), ref
		case problemNoHTTPOnly:
			return fmt.Sprintf("nextjs-auth0 v4 always sets HttpOnly on its cookies: find the code that sets %q itself (custom middleware or a proxy rewriting Set-Cookie)", c.Name), ref
		}
		return fmt.Sprintf("set APP_BASE_URL to the https URL of the app (Secure is then forced on for the session and transaction cookies), or set %s to true", secureOpt), ref
	}
	if txn {
		switch kind {
		case problemSecureOverHTTP, problemPrefix:
			return "serve this origin over https; for a plain-http development host use an http AUTH0_BASE_URL (the transaction cookie's secure defaults to the session cookie's, which follows the base URL's scheme) and do not set AUTH0_TRANSACTION_COOKIE_SECURE=true there", ref
		case problemSameSiteNone:
			// TransientStore.save sets secure: true whenever sameSite is
			// "none" (@v3.8.0 src/auth0-session/transient-store.ts:45-65).
			return fmt.Sprintf("nextjs-auth0 v3 always adds Secure to a SameSite=None transaction cookie, so something else writes or rewrites %q (custom middleware or a proxy rewriting Set-Cookie): leave it to the library, or set AUTH0_TRANSACTION_COOKIE_SAME_SITE=lax", c.Name), ref
		case problemNoHTTPOnly:
			return fmt.Sprintf("nextjs-auth0 v3 sets HttpOnly on its transaction cookie: find the code that sets %q itself (custom middleware or a proxy rewriting Set-Cookie)", c.Name), ref
		}
		return "set AUTH0_BASE_URL to the https URL of the app (the transaction cookie's secure defaults to the session cookie's, which v3 requires to match the base URL's scheme), and remove any AUTH0_TRANSACTION_COOKIE_SECURE=false", ref
	}
	switch kind {
	case problemSecureOverHTTP, problemPrefix:
		return "serve this origin over https; for a plain-http development host use an http AUTH0_BASE_URL there: nextjs-auth0 v3 accepts session.cookie.secure: true only with an https base URL and false only with an http one, so the base URL's scheme decides Secure", ref
	case problemSameSiteNone:
		return "serve the app over https with an https AUTH0_BASE_URL, which makes nextjs-auth0 v3 set Secure (it rejects session.cookie.secure: true with an http base URL), or set AUTH0_COOKIE_SAME_SITE=lax", ref
	case problemNoHTTPOnly:
		return "set session.cookie.httpOnly: true (AUTH0_COOKIE_HTTP_ONLY=true; it is the default)", ref
	}
	return "set AUTH0_BASE_URL to the https URL of the app: nextjs-auth0 v3 then requires session.cookie.secure to be true (its default); with an http base URL it accepts only false, so AUTH0_COOKIE_SECURE=true alone is rejected", ref
}

package rules

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/httpcache"
)

// CacheableAuthenticatedResponse finds credentialed requests whose responses
// a shared cache may store for everyone.
var CacheableAuthenticatedResponse = &Rule{
	ID:       "cacheable-authenticated-response",
	Category: CategoryCache,
	Severity: High,
	Title:    "a response to a signed-in request is cacheable for everyone",
	Doc: `Fires when a request carried credentials (a session cookie or an
` + "`Authorization`" + ` header) and a shared cache that stores its response can serve it to other
visitors without asking the origin, while ` + "`Vary`" + ` does not cover the credential: explicit
freshness (` + "`s-maxage`" + `, ` + "`max-age`" + ` above 0, a future ` + "`Expires`" + `, a CDN-targeted field
such as ` + "`CDN-Cache-Control`" + `) without ` + "`private`" + `, or, one level lower, only a heuristic
lifetime (a cacheable status with ` + "`Last-Modified`" + `). A cache may then serve this user's
page to everyone who requests the same URL. A response stored already stale
(` + "`no-cache`" + `, ` + "`max-age=0`" + `, a past ` + "`Expires`" + `) is revalidated on every use, and a 304
only confirms what the origin would send this visitor, so it is not reported;
neither is a response behind a cache whose documented default refuses to store
it (Fastly, Varnish and nginx with ` + "`Set-Cookie`" + ` on the response).

Browsers attach cookies to every same-origin request, so a session cookie on a
request proves nothing about the response: static assets (scripts, styles,
images, fonts, hashed immutable paths) and framework prerenders built once for
everyone (Next.js ` + "`x-nextjs-prerender: 1`" + `, ` + "`x-nextjs-cache`" + `, Vercel ` + "`PRERENDER`" + `) are not
reported. Under RFC 9111 §3.5 a shared cache
stores a response to a request with ` + "`Authorization`" + ` only with ` + "`public`" + `, ` + "`s-maxage`" + ` or
` + "`must-revalidate`" + `, and the rule follows that.

Severity rises with evidence that the response is personal: high on an auth or
session route, for a request with an ` + "`Authorization`" + ` header, or when the body
contains the identity found in the session token; medium otherwise.`,
	Fix:   "Send `Cache-Control: private` (or `private, no-store`) on every response that depends on the session or the `Authorization` header; keep `public`, `s-maxage` and CDN-targeted caching for responses that are the same for every visitor.",
	Since: "0.1.0",
	Needs: NeedsCredentials,
	Check: checkCacheableAuthenticatedResponse,
}

func checkCacheableAuthenticatedResponse(p *Pass, x *Exchange) {
	if x.Aborted() || x.Status() < 200 || x.Status() > 299 || x.Static || prerendered(x) {
		return
	}
	if x.NotStored() {
		return
	}
	verdict := x.Replay(httpcache.PartBody)
	if !verdict.Replayable() {
		return
	}
	if x.OnAuthRoute() && x.Served.State.FromCache() {
		if sev, _ := authRouteRisk(x.Route.Kind); sev != 0 {
			return // auth-route-cache-hit reports the stronger fact
		}
	}
	sessions := x.SessionCookies()
	byCookie := len(sessions) > 0 && !x.Storage.VaryCookie && !x.Storage.VaryStar
	byAuthz := x.Authorization != "" && !x.Storage.VaryAuthorization && !x.Storage.VaryStar
	if !byCookie && !byAuthz {
		return
	}
	var creds []string
	var ev []Evidence
	key := ""
	if byCookie {
		creds = append(creds, fmt.Sprintf("session cookie %q", sessions[0].Name))
		ev = append(ev, p.CookieEvidence(x, sessions[0]))
		key = cookieKey(sessions[0].Info, sessions[0].Name)
	}
	if byAuthz {
		creds = append(creds, "an Authorization header")
		scheme, _, _ := strings.Cut(x.Authorization, " ")
		ev = append(ev, p.Header(x, "request header", "Authorization", scheme+" "+p.Secret(strings.TrimPrefix(x.Authorization, scheme+" "))))
		key += "+authorization"
	}
	sev, personal := Medium, ""
	switch {
	case x.OnAuthRoute() && x.Route.Kind != auth.RouteProviders:
		sev, personal = High, fmt.Sprintf("; it is the %s route", x.Route.Kind)
	case byAuthz:
		sev = High
	}
	if id, ok := identityInBody(x); ok {
		sev, personal = High, fmt.Sprintf("; the body contains the session's %s", id)
	}
	why := "a CDN or proxy may store this signed-in response under a key that ignores the credential and serve it to every visitor who requests the same URL, leaking one user's data and showing others the wrong account"
	if verdict.Replay == httpcache.ReplayHeuristic {
		// Nothing the origin sent asks for shared caching; a cache that
		// applies a heuristic lifetime still may.
		sev = sev.Lower(1)
		personal += "; only heuristically fresh"
		why = "nothing in the response forbids a shared cache to store it, and a cache that gives it a heuristic lifetime (" + verdict.Reason + ") serves this signed-in response to every visitor who requests the same URL"
	}
	ev = append(ev, cacheEvidence(p, x)...)
	p.Report(Finding{
		Severity: sev,
		Message:  fmt.Sprintf("request sent %s but the response is cacheable by shared caches (%s)%s", strings.Join(creds, " and "), verdict.Basis, personal),
		Why:      why,
		Entries:  []EntryRef{p.Ref(x, "credentialed request, shared-cacheable response")},
		Evidence: ev,
		Fix: Fix{
			Message: `send "Cache-Control: private" (or "private, no-store") on this response: it depends on the session; keep public caching only for responses that are the same for every visitor`,
			Headers: []HeaderEdit{noStore},
			Vendor:  vendorName(x.Vendor),
			Library: libraryName(x.Route.Library),
		},
		Key: key,
	})
}

// prerendered reports whether a framework built the response once for
// everyone (Next.js prerender or ISR, Vercel prerender storage).
func prerendered(x *Exchange) bool {
	return x.ResponseHeader("x-nextjs-prerender") == "1" ||
		x.ResponseHeader("x-nextjs-cache") != "" ||
		strings.EqualFold(x.ResponseHeader("x-vercel-cache"), "PRERENDER")
}

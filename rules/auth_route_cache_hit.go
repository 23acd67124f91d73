package rules

import (
	"fmt"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/httpcache"
)

// AuthRouteCacheHit finds auth routes answered by a shared cache.
var AuthRouteCacheHit = &Rule{
	ID:       "auth-route-cache-hit",
	Category: CategoryCache,
	Severity: Critical,
	Title:    "an auth route was answered from a shared cache",
	Doc: `Fires when a request to an auth route (login, OAuth/OIDC callback, logout,
session, profile, token, CSRF) was answered by a CDN or proxy cache instead of
the app, as the cache's own status header shows (` + "`X-Cache: Hit from cloudfront`" + `,
` + "`cf-cache-status: HIT`" + `, ` + "`x-vercel-cache: HIT`" + `, RFC 9211 ` + "`Cache-Status: ...; hit`" + `, ...).

Auth routes create or read per-user, per-attempt state. From a cache, a callback
replays one user's result (and its ` + "`Set-Cookie`" + `) to others while the origin never
sees the code or the transaction cookie, so login fails with a state mismatch or
a visitor is signed in as someone else; a session or profile route shows one
user's identity to others; a cached login redirect hands everyone the same
` + "`state`" + ` without its cookie; a cached CSRF token never matches the visitor's CSRF
cookie.

Severity: critical for callback, session, profile and token routes; high for
login, logout and CSRF; one level lower when the cache only revalidated with the
origin. Public routes that are cacheable by design (NextAuth's
` + "`/api/auth/providers`" + `, OpenID discovery documents) are not reported.`,
	Fix:   "Send `Cache-Control: private, no-store` from every auth route, and configure the CDN to bypass its cache for the auth base path (CloudFront: a cache behavior with the CachingDisabled policy; Cloudflare: a Cache Rule with \"Bypass cache\"; nginx: `proxy_cache off`; Varnish: `return (pass)`).",
	Since: "0.1.0",
	Check: checkAuthRouteCacheHit,
}

func checkAuthRouteCacheHit(p *Pass, x *Exchange) {
	if x.Aborted() || !x.OnAuthRoute() || !x.Served.State.FromCache() {
		return
	}
	sev, why := authRouteRisk(x.Route.Kind)
	if sev == 0 {
		return
	}
	if x.Served.State == httpcache.Revalidated {
		sev = sev.Lower(1)
	}
	msg := fmt.Sprintf("%s route %s was served from cache (%s: %q)", x.Route.Kind, x.Path(), x.Served.Header, x.Served.Value)
	if lib := libraryName(x.Route.Library); lib != "" {
		msg = fmt.Sprintf("%s %s route %s was served from cache (%s: %q)", lib, x.Route.Kind, x.Path(), x.Served.Header, x.Served.Value)
	}
	f := Finding{
		Severity: sev,
		Message:  msg,
		Why:      why,
		Entries:  []EntryRef{p.Ref(x, "served from cache")},
		Evidence: cacheEvidence(p, x),
		Fix:      cacheFix(x.Vendor, routePattern(x.Path()), libraryName(x.Route.Library)),
		Key:      x.Route.Kind.String(),
	}
	p.Report(f)
}

// authRouteRisk returns the severity and the explanation for a cache hit on
// a route of kind k; 0 for routes that are public by design.
func authRouteRisk(k auth.RouteKind) (Severity, string) {
	switch k {
	case auth.RouteCallback:
		return Critical, "the callback exchanges a one-time code for a session: from a cache, the origin never sees the code or the visitor's transaction cookie, and the cached answer (with its Set-Cookie) is replayed to others, so login fails with a state mismatch or signs a visitor in as someone else"
	case auth.RouteSession, auth.RouteProfile, auth.RouteToken, auth.RouteSessionUpdate:
		return Critical, "this route returns the signed-in user's session, profile or tokens: a cached copy shows one user's identity to others, keeps showing a session after logout, and hides session updates"
	case auth.RouteLogin, auth.RouteSignIn:
		return High, "the login route creates per-attempt state (state, nonce and PKCE cookies): a cached redirect gives every visitor the same state without the matching cookie, so the callback rejects the login"
	case auth.RouteLogout, auth.RouteBackchannelLogout:
		return High, "a cached logout never reaches the app, so the session is not ended on the server and the cookie deletions it should send may be missing or replayed to others"
	case auth.RouteCSRF:
		return High, "a cached CSRF token does not match the visitor's own CSRF cookie, so sign-in and sign-out requests are rejected"
	case auth.RouteError, auth.RouteVerify:
		return Low, "a cached error or verification page can keep showing a stale auth error to visitors whose login would now succeed"
	}
	return 0, ""
}

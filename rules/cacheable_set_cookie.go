package rules

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/httpcache"
)

// CacheableSetCookie finds responses a shared cache may store that carry
// Set-Cookie.
var CacheableSetCookie = &Rule{
	ID:       "cacheable-set-cookie",
	Category: CategoryCache,
	Severity: High,
	Title:    "a response a shared cache may store carries Set-Cookie",
	Doc: `Fires when a response carries ` + "`Set-Cookie`" + ` and RFC 9111 lets a shared cache
store it: a cacheable method and status, no ` + "`no-store`" + ` or ` + "`private`" + `, and freshness
from ` + "`s-maxage`" + `, ` + "`max-age`" + `, ` + "`Expires`" + `, ` + "`public`" + `, a CDN-targeted field
(` + "`CDN-Cache-Control`" + `, ` + "`Vercel-CDN-Cache-Control`" + `, ...) or heuristics. The next visitor
may then receive this visitor's cookie.

Caches differ here, and the finding names the default it relies on: RFC 9111
lets a shared cache store ` + "`Set-Cookie`" + ` with the response; nginx and Varnish refuse
to store such responses by default; Cloudflare (without origin cache control)
strips the cookie and caches the rest. When the response shows that its cache
did not store it (Cloudflare ` + "`DYNAMIC`" + ` or ` + "`BYPASS`" + `, nginx ` + "`BYPASS`" + `), or a qualified
` + "`private=\"set-cookie\"`" + ` / ` + "`no-cache=\"set-cookie\"`" + ` makes caches drop the field, nothing is
reported. Responses that were served from a cache are left to
` + "`cached-set-cookie`" + `.

Severity: high for session and transaction cookies, medium for a session
deletion, low for other cookies; one level lower when only heuristic freshness
makes the response storable or it is stored already stale (` + "`max-age=0`" + `, a past
` + "`Expires`" + `: reuse needs revalidation, although a 304 still replays the stored cookie), or when the cache in front refuses to store
responses with Set-Cookie by default.`,
	Fix:   "Send `Cache-Control: private, no-store` with every response that sets a cookie, or stop setting cookies on responses meant to be cached (for example, re-issue a rolling session only on dynamic, uncached routes).",
	Since: "0.1.0",
	Needs: NeedsSetCookie,
	Check: checkCacheableSetCookie,
}

func checkCacheableSetCookie(p *Pass, x *Exchange) {
	if x.Aborted() || len(x.SetCookies) == 0 || !x.Storage.Storable || x.Served.State.FromCache() {
		return
	}
	if x.NotStored() {
		return
	}
	for _, f := range x.Storage.StrippedFields {
		if strings.EqualFold(f, "set-cookie") {
			return
		}
	}
	cs := riskiestCookies(x, nil)
	if len(cs) == 0 {
		return
	}
	top := cs[0]
	// Storable but not seen replayed: one level below cached-set-cookie for
	// a live session cookie; a replayed session deletion is a logout.
	sev := cookieRisk(x, top)
	switch {
	case sev == Critical:
		sev = High
	case top.Session():
		sev = Medium
	}
	if x.Storage.Heuristic || x.Storage.TTL <= 0 {
		// Only heuristically fresh, or stored already stale: a cache must
		// revalidate before reusing it (though a 304 would still replay
		// the stored Set-Cookie).
		sev = sev.Lower(1)
	}
	policy := x.Vendor.SetCookiePolicy()
	relies := "RFC 9111: " + policy.Note + "; nginx, Varnish and Fastly refuse to store such responses by default and would not leak the cookie"
	if x.Vendor != httpcache.VendorUnknown {
		relies = fmt.Sprintf("%s: %s", x.Vendor, policy.Note)
		if policy.Behavior == httpcache.RefusesToStore {
			sev = sev.Lower(1)
		}
	}
	msg := fmt.Sprintf("response sets %s and a shared cache may store it (%s)", cookieList(x, cs), x.Storage.Basis)
	ev := cacheEvidence(p, x)
	for _, sc := range cs {
		ev = append(ev, p.SetCookieEvidence(x, sc))
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      "a shared cache that stores this response keeps the Set-Cookie with it and hands this visitor's cookie to the next ones that request the same URL",
		Entries:  []EntryRef{p.Ref(x, "storable response with Set-Cookie")},
		Evidence: ev,
		Fix:      cacheFix(vendorName(x.Vendor), routePattern(x.Path()), libraryName(top.Info.Library)),
		ReliesOn: relies,
		Key:      cookieKey(top.Info, top.Name),
	})
}

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
	Doc: `Fires when a response carries ` + "`Set-Cookie`" + ` and a shared cache that stores it can
hand the cookie to another visitor. The verdict is the one every cache rule
shares (RFC 9111 with the vendor's CDN-targeted fields and documented
defaults):

- explicit freshness (` + "`s-maxage`" + `, ` + "`max-age`" + ` above 0, a future ` + "`Expires`" + `, a
  CDN-targeted field such as ` + "`CDN-Cache-Control`" + `) without ` + "`private`" + ` or ` + "`no-store`" + `:
  the cache reuses the response, cookie and all, without asking the origin;
- only heuristic freshness (a cacheable status with ` + "`Last-Modified`" + ` and nothing
  else): the same, one level lower, and the finding says so;
- stored already stale (` + "`no-cache`" + `, ` + "`max-age=0`" + `, an ` + "`Expires`" + ` at or before
  ` + "`Date`" + `) with an ` + "`ETag`" + ` or ` + "`Last-Modified`" + `: a 304 revalidation makes the cache
  send the stored ` + "`Set-Cookie`" + ` again (RFC 9111 §4.3.4): info;
- stored stale without a validator: every reuse is a full request whose
  answer replaces the stored copy, so nothing is reported.

When the cache in front is known, its documented default decides: Fastly's
default VCL, Varnish's builtin VCL and nginx do not store responses with
` + "`Set-Cookie`" + `, so nothing is reported behind them; for CloudFront and Cloudflare the
finding names the configuration it depends on; behind an unknown cache it
states the RFC default. Nothing is reported either when the response shows
that its cache did not store it (Cloudflare ` + "`DYNAMIC`" + ` or ` + "`BYPASS`" + `, nginx
` + "`BYPASS`" + `), or when a qualified ` + "`private=\"set-cookie\"`" + ` / ` + "`no-cache=\"set-cookie\"`" + `
makes caches drop the field. Responses that were served from a cache are left
to ` + "`cached-set-cookie`" + `.

Severity: high for session and transaction cookies, medium for a session
deletion, low for other cookies; one level lower on heuristic freshness; info
when only a 304 revalidation can replay the cookie.`,
	Fix:   "Send `Cache-Control: private, no-store` with every response that sets a cookie, or stop setting cookies on responses meant to be cached (for example, re-issue a rolling session only on dynamic, uncached routes).",
	Since: "0.1.0",
	Needs: NeedsSetCookie,
	Check: checkCacheableSetCookie,
}

func checkCacheableSetCookie(p *Pass, x *Exchange) {
	if x.Aborted() || len(x.SetCookies) == 0 || x.Served.State.FromCache() || x.NotStored() {
		return
	}
	verdict := x.Replay(httpcache.PartSetCookie)
	if !verdict.Replayable() {
		return
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
	msg := fmt.Sprintf("response sets %s and a shared cache may store it (%s)", cookieList(x, cs), verdict.Basis)
	why := "a shared cache that stores this response keeps the Set-Cookie with it and hands this visitor's cookie to the next ones that request the same URL"
	switch verdict.Replay {
	case httpcache.ReplayHeuristic:
		sev = sev.Lower(1)
		msg += "; only heuristically fresh"
		why = "nothing in the response forbids a shared cache to store it, and a cache that gives it a heuristic lifetime (" + verdict.Reason + ") hands this visitor's cookie to the next ones that request the same URL"
	case httpcache.ReplayOnRevalidation:
		sev = Info
		msg += "; stored stale, replayed only on a 304 revalidation"
		why = "a shared cache may store this response, and " + verdict.Reason + " to the next visitors whose revalidation the origin answers with 304"
	}
	ev := cacheEvidence(p, x)
	if verdict.Replay == httpcache.ReplayOnRevalidation {
		name, _, _ := strings.Cut(verdict.Validator, ":")
		if e, ok := p.ResponseHeader(x, name); ok {
			ev = append(ev, e)
		}
	}
	for _, sc := range cs {
		ev = append(ev, p.SetCookieEvidence(x, sc))
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      why,
		Entries:  []EntryRef{p.Ref(x, "storable response with Set-Cookie")},
		Evidence: ev,
		Fix:      cacheFix(x.Vendor, routePattern(x.Path()), libraryName(top.Info.Library)),
		ReliesOn: verdict.ReliesOn,
		Key:      cookieKey(top.Info, top.Name),
	})
}

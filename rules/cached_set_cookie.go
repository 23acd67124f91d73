package rules

import (
	"fmt"

	"github.com/authlint/authlint/redact"
)

// CachedSetCookie finds responses served from a cache that carry Set-Cookie.
var CachedSetCookie = &Rule{
	ID:       "cached-set-cookie",
	Category: CategoryCache,
	Severity: Critical,
	Title:    "a response served from cache carries Set-Cookie",
	Doc: `Fires when a response that a CDN or proxy cache served (its status header says
HIT, STALE or similar) carries ` + "`Set-Cookie`" + `. The cache stored the cookie with the
object, so every visitor who hits the same cache key receives the cookie of the
user whose request filled the cache. When the same cookie value was already set
by an earlier response in the HAR, the finding says so: that is the replay,
seen directly.

Severity: critical for a live session cookie (visitors are signed in as
someone else, or lose their own session); high for a session deletion (a
replayed logout signs everyone out) and for transaction, state, PKCE, nonce and
CSRF cookies (a replayed login attempt fails); low for other cookies.`,
	Fix:   "Keep responses that set cookies out of shared caches: send `Cache-Control: private, no-store` with every `Set-Cookie`, and configure the CDN not to cache these paths (CloudFront: CachingDisabled cache policy; Cloudflare: Cache Rule \"Bypass cache\"; nginx: never `proxy_ignore_headers Set-Cookie`).",
	Since: "0.1.0",
	Needs: NeedsSetCookie,
	Start: func(*Pass) Checker { return &cachedSetCookie{seen: map[string]EntryRef{}} },
}

type cachedSetCookie struct {
	// seen maps the fingerprint of name=value of every cookie set so far to
	// the first entry that set it.
	seen map[string]EntryRef
}

func (c *cachedSetCookie) Visit(p *Pass, x *Exchange) {
	defer func() {
		for _, sc := range x.SetCookies {
			k := redact.Fingerprint(sc.Name + "=" + sc.Value)
			if _, ok := c.seen[k]; !ok && sc.Value != "" {
				c.seen[k] = p.Ref(x, "first set this value")
			}
		}
	}()
	if x.Aborted() || len(x.SetCookies) == 0 || !x.Served.State.FromCache() {
		return
	}
	cs := riskiestCookies(x, nil)
	if len(cs) == 0 {
		return
	}
	top := cs[0]
	msg := fmt.Sprintf("response served from cache (%s: %q) sets %s", x.Served.Header, x.Served.Value, cookieList(x, cs))
	refs := []EntryRef{p.Ref(x, "served from cache with Set-Cookie")}
	if first, ok := c.seen[redact.Fingerprint(top.Name+"="+top.Value)]; ok && top.Value != "" {
		msg += fmt.Sprintf("; entry %d already set the same value", first.Index)
		refs = append(refs, first)
	}
	ev := cacheEvidence(p, x)
	for _, sc := range cs {
		ev = append(ev, p.SetCookieEvidence(x, sc))
	}
	why := "the cache stored this response together with its Set-Cookie and replays it to every visitor that hits the same cache key, handing each of them the cookie of the user whose request filled the cache"
	if sev := cookieRisk(x, top); sev == Critical {
		why += ": visitors are signed in as that user, or have their own session replaced"
	}
	p.Report(Finding{
		Severity: cookieRisk(x, top),
		Message:  msg,
		Why:      why,
		Entries:  refs,
		Evidence: ev,
		Fix:      cacheFix(vendorName(x.Vendor), routePattern(x.Path()), libraryName(top.Info.Library)),
		Key:      cookieKey(top.Info, top.Name),
	})
}

func (c *cachedSetCookie) Finish(*Pass) {}

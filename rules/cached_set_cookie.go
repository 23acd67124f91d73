package rules

import (
	"fmt"
	"hash/maphash"
	"slices"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/httpcache"
)

// CachedSetCookie finds responses served from a cache whose Set-Cookie was
// stored with the object and replayed.
var CachedSetCookie = &Rule{
	ID:       "cached-set-cookie",
	Category: CategoryCache,
	Severity: Critical,
	Title:    "a response served from cache replays a stored Set-Cookie",
	Doc: `Fires when a response that a CDN or proxy cache served (its status header says
HIT, STALE or similar) carries a ` + "`Set-Cookie`" + ` that was stored with the object and is
now replayed: every visitor who hits the same cache key receives the cookie of
the user whose request filled the cache.

A cookie on a cache hit is not always a replay. Edges add cookies of their own
as they deliver a response (geolocation, bot management, load-balancer
stickiness, analytics), and the HAR shows it; such cookies are not reported:

- cookies the vendor documents as set by the edge itself (Cloudflare
  ` + "`__cf_bm`" + `, Akamai ` + "`ak_bmsc`" + `, AWS ` + "`AWSALB`" + `, ...);
- an expiry counted from this response's delivery rather than from the time
  the copy was stored (` + "`Date - Age`" + `), or a timestamp of the delivery time inside
  the value;
- the same value on cached objects stored at very different times (a six-day-
  old stylesheet and a 35-second-old page both set ` + "`countryCode=BG`" + `);
- a different value on objects stored at the same moment.

It is reported with evidence of a replay: a value that an earlier response
already set (the rolling session of one visit replayed), an expiry or
timestamp that dates the cookie to when the copy was stored, a session value
other than the one the request sent, or an auth route (callback, logout,
session) answered from the cache with its cookie. An auth library's own cookie
(session, transaction, CSRF) on a cache hit with no sign that the edge made it
is reported one level lower: the edge does not make the app's cookies, so the
cache most likely stored it. Other cookies without evidence of a replay are
not reported.

Severity: critical for a live session cookie (visitors are signed in as
someone else, or lose their own session); high for a session deletion (a
replayed logout signs everyone out) and for transaction, state, PKCE, nonce and
CSRF cookies (a replayed login attempt fails); low for other cookies.`,
	Fix:   "Keep responses that set cookies out of shared caches: send `Cache-Control: private, no-store` with every `Set-Cookie`, and configure the CDN not to cache these paths (CloudFront: CachingDisabled cache policy; Cloudflare: Cache Rule \"Bypass cache\"; nginx: never `proxy_ignore_headers Set-Cookie`).",
	Since: "0.1.0",
	Needs: NeedsSetCookie,
	Start: func(*Pass) Checker {
		return &cachedSetCookie{seed: maphash.MakeSeed(), setBefore: map[uint64]int32{}, hits: map[string][]hitObservation{}}
	},
}

// Bounds on what the rule keeps across entries, so memory does not grow with
// the input: values remembered for replay evidence, cookie names and hits
// per name for the cross-entry comparisons, and hits waiting for Finish.
const (
	maxRememberedValues = 1 << 15
	maxHitNames         = 1 << 12
	maxHitsPerName      = 32
	maxPendingHits      = 1 << 12
)

type cachedSetCookie struct {
	seed maphash.Seed
	// setBefore maps the hash of name=value of every auth or unique-looking
	// cookie set so far to the first entry that set it, an index in setBy
	// (one record per entry, however many cookies it set).
	setBefore map[uint64]int32
	setBy     []entryRecord
	// hits records, per cookie name, the values seen on cache hits and
	// when their objects were stored.
	hits map[string][]hitObservation
	// pending are the cache hits with cookies not yet ruled out: whether
	// they are replays depends on hits still to come.
	pending []pendingHit
}

// hitObservation is one cookie value on one cache hit.
type hitObservation struct {
	entry  int
	value  uint64
	stored time.Time
	url    uint64
}

// pendingHit is a cache hit with cookies, reduced to what its finding needs.
type pendingHit struct {
	ref      EntryRef
	msg      string
	why      string
	evidence []Evidence
	fix      Fix
	stored   time.Time
	url      uint64
	cookies  []pendingCookie
}

// pendingCookie is one Set-Cookie line of a pending hit and the evidence read
// from its own entry.
type pendingCookie struct {
	name, key, desc string
	value           uint64
	risk            Severity
	auth            bool // an auth library's session, transaction or CSRF cookie
	session         bool
	evidence        Evidence
	delivered       string    // why it was made at delivery, if it was
	replayed        string    // evidence of a replay seen in its own entry
	related         *EntryRef // the earlier entry that set the same value
}

func (c *cachedSetCookie) hash(name, value string) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(name)
	h.WriteByte(0)
	h.WriteString(value)
	return h.Sum64()
}

func (c *cachedSetCookie) Visit(p *Pass, x *Exchange) {
	defer c.remember(p, x)
	if x.Aborted() || len(x.SetCookies) == 0 || !x.Served.State.FromCache() {
		return
	}
	cs := riskiestCookies(x, nil)
	if len(cs) == 0 {
		return
	}
	times := httpcache.CacheTimes(x.Entry)
	h := pendingHit{
		ref:    p.Ref(x, "served from cache with Set-Cookie"),
		stored: times.Stored,
		url:    c.hash("", x.Request.URL),
		msg:    fmt.Sprintf("response served from cache (%s: %q) sets", x.Served.Header, x.Served.Value),
	}
	cachedRoute := ""
	if x.OnAuthRoute() {
		if sev, _ := authRouteRisk(x.Route.Kind); sev != 0 {
			cachedRoute = fmt.Sprintf("the %s route itself was answered from the cache with this cookie", x.Route.Kind)
		}
	}
	sent := map[string]string{}
	for _, rc := range x.Cookies {
		sent[rc.Name] = rc.Value
	}
	for _, sc := range cs {
		pc := pendingCookie{
			name:     sc.Name,
			key:      cookieKey(sc.Info, sc.Name),
			desc:     describeCookie(x, sc),
			value:    c.hash(sc.Name, sc.Value),
			risk:     cookieRisk(x, sc),
			auth:     sc.Known && (sc.Info.Kind == auth.CookieSession || sc.Info.Kind.Sensitive()),
			session:  sc.Session(),
			evidence: p.SetCookieEvidence(x, sc),
		}
		if edge, ok := httpcache.EdgeCookie(sc.Name); ok && edge.Layer == httpcache.LayerEdge {
			// A load balancer's cookie behind the CDN (LayerOrigin) is the
			// origin's as far as the cache goes, and may be stored.
			pc.delivered = fmt.Sprintf("%s documents it as the %s cookie its edge adds as it delivers (%s)", edge.Operator, edge.Purpose, edge.Source)
		} else if m, why := cookieMint(sc, times); m == mintAtDelivery {
			pc.delivered = why
		} else if m == mintAtStorage {
			pc.replayed = why
		}
		switch {
		case pc.delivered != "" || pc.replayed != "":
		case cachedRoute != "":
			pc.replayed = cachedRoute
			if i, ok := c.setBefore[pc.value]; ok && (pc.auth || sent[sc.Name] != sc.Value) {
				// The proof that the cookie went to someone else: the
				// response that first set this value.
				first := c.setBy[i].ref(p, "first set this value")
				pc.replayed += fmt.Sprintf(", the same value entry %d set", first.Index)
				pc.related = &first
			}
		default:
			if i, ok := c.setBefore[pc.value]; ok && (pc.auth || sent[sc.Name] != sc.Value) {
				first := c.setBy[i].ref(p, "first set this value")
				pc.replayed = fmt.Sprintf("entry %d already set the same value", first.Index)
				pc.related = &first
			} else if pc.session && sent[sc.Name] != "" && sent[sc.Name] != sc.Value && !sc.IsDeletion(x.Started) {
				pc.replayed = "the request sent another value of this session cookie, and the cache answered with a different session"
			}
		}
		h.cookies = append(h.cookies, pc)
	}
	h.evidence = cacheEvidence(p, x)
	h.why = "the cache stored this response together with its Set-Cookie and replays it to every visitor that hits the same cache key, handing each of them the cookie of the user whose request filled the cache"
	h.fix = cacheFix(x.Vendor, routePattern(x.Path()), libraryName(cs[0].Info.Library))
	if len(c.pending) < maxPendingHits {
		c.pending = append(c.pending, h)
		return
	}
	c.report(p, h) // past the bound, decide on this entry's own evidence
}

// remember records x's cookies for later entries: values for replay
// evidence, and observations on cache hits.
func (c *cachedSetCookie) remember(p *Pass, x *Exchange) {
	if x.Aborted() {
		return
	}
	var times httpcache.Times
	hit := x.Served.State.FromCache()
	if hit {
		times = httpcache.CacheTimes(x.Entry)
	}
	for _, sc := range x.SetCookies {
		if sc.Err != nil || sc.Value == "" || sc.IsDeletion(x.Started) {
			continue
		}
		k := c.hash(sc.Name, sc.Value)
		auth := sc.Known && (sc.Info.Kind == auth.CookieSession || sc.Info.Kind.Sensitive())
		if _, ok := c.setBefore[k]; !ok && len(c.setBefore) < maxRememberedValues && (auth || uniqueLooking(sc.Value)) {
			if n := len(c.setBy); n == 0 || int(c.setBy[n-1].index) != x.Index {
				c.setBy = append(c.setBy, recordOf(x))
			}
			c.setBefore[k] = int32(len(c.setBy) - 1)
		}
		if !hit {
			continue
		}
		obs, ok := c.hits[sc.Name]
		if !ok && len(c.hits) >= maxHitNames || len(obs) >= maxHitsPerName {
			continue
		}
		c.hits[sc.Name] = append(obs, hitObservation{entry: x.Index, value: k, stored: times.Stored, url: c.hash("", x.Request.URL)})
	}
}

func (c *cachedSetCookie) Finish(p *Pass) {
	for _, h := range c.pending {
		for i := range h.cookies {
			pc := &h.cookies[i]
			if pc.delivered == "" {
				pc.delivered = c.deliveredAcrossHits(h, *pc)
			}
		}
		c.report(p, h)
	}
	c.pending = nil
}

// deliveredAcrossHits compares the cookie with the same cookie on the other
// cache hits: the same value on objects stored at very different times, or
// different values on objects stored at the same moment, were made by the
// edge at delivery. An auth library's cookie is judged only against hits of
// the same object: the edge does not make the app's cookies, but two
// visitors may fill two caches at the same second.
func (c *cachedSetCookie) deliveredAcrossHits(h pendingHit, pc pendingCookie) string {
	if h.stored.IsZero() {
		return ""
	}
	for _, o := range c.hits[pc.name] {
		if o.entry == h.ref.Index || o.stored.IsZero() {
			continue
		}
		apart := o.stored.Sub(h.stored)
		if apart < 0 {
			apart = -apart
		}
		switch {
		case !pc.auth && o.value == pc.value && apart > time.Minute:
			return fmt.Sprintf("entry %d carries the same value on an object stored %s apart from this one: the edge adds it as it delivers", o.entry, seconds(apart))
		case o.value != pc.value && apart <= 2*time.Second && (!pc.auth || o.url == h.url):
			return fmt.Sprintf("entry %d carries a different value on an object stored at the same moment: the edge makes it for each delivery", o.entry)
		}
	}
	return ""
}

// report turns a hit into a finding with the cookies that show a replay, or
// nothing when none does.
func (c *cachedSetCookie) report(p *Pass, h pendingHit) {
	var kept []pendingCookie
	for _, pc := range h.cookies {
		if pc.delivered != "" || pc.replayed == "" && !pc.auth {
			continue
		}
		if pc.replayed == "" {
			pc.risk = pc.risk.Lower(1) // the app's own cookie, no direct sign of the replay
		}
		kept = append(kept, pc)
	}
	if len(kept) == 0 {
		return
	}
	slices.SortStableFunc(kept, func(a, b pendingCookie) int { return int(b.risk) - int(a.risk) })
	sev := kept[0].risk
	top := kept[0]
	msg := h.msg + " " + top.desc
	switch len(kept) {
	case 1:
	case 2:
		msg += fmt.Sprintf(" and cookie %q", kept[1].name)
	default:
		msg += fmt.Sprintf(" and %d other cookies", len(kept)-1)
	}
	why := h.why
	if top.replayed != "" {
		msg += "; " + top.replayed
	} else {
		msg += "; the edge does not make the app's own cookies, so the cache stored it"
	}
	if sev == Critical {
		why += ": visitors are signed in as that user, or have their own session replaced"
	}
	refs := []EntryRef{h.ref}
	if top.related != nil {
		refs = append(refs, *top.related)
	}
	ev := append([]Evidence(nil), h.evidence...)
	for _, pc := range kept {
		ev = append(ev, pc.evidence)
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      why,
		Entries:  refs,
		Evidence: ev,
		Fix:      h.fix,
		Key:      top.key,
	})
}

// uniqueLooking reports whether a cookie value looks minted per visitor, so
// that meeting it again means it was copied, not made again: it holds a token
// of at least 16 letters and digits (hyphens and underscores aside, as in a
// UUID) with both kinds and at least 10 distinct characters. Geolocation,
// A/B or date values ("US:OH:Columbus:39.97", "23-Oct-2018") repeat for
// everyone and do not qualify.
func uniqueLooking(v string) bool {
	var seen [128]bool
	n, distinct, letters, digits := 0, 0, false, false
	flush := func() bool {
		ok := n >= 16 && distinct >= 10 && letters && digits
		n, distinct, letters, digits = 0, 0, false, false
		seen = [128]bool{}
		return ok
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		switch {
		case b == '-' || b == '_':
			continue
		case b >= '0' && b <= '9':
			digits = true
		case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z':
			letters = true
		default:
			if flush() {
				return true
			}
			continue
		}
		n++
		if !seen[b] {
			seen[b] = true
			distinct++
		}
	}
	return flush()
}

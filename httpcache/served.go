package httpcache

import (
	"strings"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/internal/ascii"
)

// State is how a cache handled a response, normalised across vendors.
type State uint8

// Cache states.
const (
	// Unknown: no recognised cache-status signal.
	Unknown State = iota
	// Hit: served from a cache without contacting the origin.
	Hit
	// Miss: forwarded to the origin (stored or not), including "expired".
	Miss
	// Stale: served from a cache although stale (origin unreachable, or
	// background revalidation under stale-while-revalidate).
	Stale
	// Revalidated: the cache revalidated a stale stored response with the
	// origin (which saw a conditional request and answered 304) and served
	// the stored response.
	Revalidated
	// Bypass: the cache was configured or told not to handle the request.
	Bypass
	// Uncacheable: the cache judged the response not cacheable (Cloudflare
	// DYNAMIC, Azure PRIVATE_NOSTORE, Akamai NotCacheable, ...).
	Uncacheable
	// Error: the cache reported an error instead of a response.
	Error
	// Other: a recognised signal that says nothing about cache reuse
	// (redirects and responses generated at the edge, unknown values).
	Other
)

var stateNames = [...]string{
	Unknown:     "unknown",
	Hit:         "hit",
	Miss:        "miss",
	Stale:       "stale",
	Revalidated: "revalidated",
	Bypass:      "bypass",
	Uncacheable: "uncacheable",
	Error:       "error",
	Other:       "other",
}

// String returns the lower-case state name.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// FromCache reports whether the response the client received came out of a
// cache: Hit, Stale and Revalidated. Revalidated counts because, although the
// origin saw a conditional request, the client got the stored response with
// its stored headers (a stored Set-Cookie is replayed).
func (s State) FromCache() bool {
	return s == Hit || s == Stale || s == Revalidated
}

// Status is the outcome of Served: the state, the vendor that reported it,
// and the header (lower-case name) and value it was read from.
type Status struct {
	State  State
	Vendor Vendor
	Header string
	Value  string
}

// Served reports whether the response was served from a cache, from
// vendor-specific headers, RFC 9211 Cache-Status, common proxy headers and
// finally Age. Values are matched case-insensitively after trimming.
//
// Several signals: vendor-specific headers (cf-cache-status, x-vercel-cache,
// Akamai-Cache-Status, vendor forms of X-Cache, CDN-Cache, Netlify's
// Cache-Status, Fastly's X-Cache-Hits) are preferred over generic ones
// (another Cache-Status, X-Cache-Status, X-Varnish, plain X-Cache), and Age is
// used only when nothing else answers. Within the preferred tier the first
// signal that reports a response from cache wins, because with stacked CDNs
// (Cloudflare in front of Vercel) any cache that answered means the origin
// did not produce the response; without one, the first signal in the order
// above is reported.
//
// Multi-hop values: X-Cache entries are appended by each cache on the way back
// to the client (Fastly: "Fastly appends this non-standard header", and "any
// entries in this header except MISS indicate that the request was satisfied
// from cache", https://www.fastly.com/documentation/reference/http/http-headers/X-Cache/),
// so the last entry is the client-nearest; Akamai's "Hit from child, Miss from
// parent" lists the child (edge) first; RFC 9211 lists the user-nearest cache
// last. In every case a hop that served from cache wins (scanning from the
// client-nearest hop), else the client-nearest hop's state is reported.
//
// Age: RFC 9111 §5.1 says "The presence of an Age header field implies that
// the response was not generated or validated by the origin server for this
// request", so Age > 0 is reported as Hit. Age: 0 is ignored: origins and
// CDNs (Netlify, Vercel) send it on misses.
func Served(h har.Headers) Status { return ServedBy(h, DetectVendor(h)) }

// ServedBy is Served for a response whose vendor (DetectVendor) is known.
func ServedBy(h har.Headers, vendor Vendor) Status {
	var first Status
	consider := func(s Status) bool {
		if s.State == Unknown {
			return false
		}
		if first.State == Unknown {
			first = s
		}
		return s.State.FromCache()
	}
	// Tier 1: vendor-specific signals.
	for _, sig := range vendorSignals {
		if s := sig(h, vendor); consider(s) {
			return s
		}
	}
	if first.State != Unknown {
		return first
	}
	// Tier 2: generic signals.
	for _, sig := range genericSignals {
		if s := sig(h, vendor); consider(s) {
			return s
		}
	}
	if first.State != Unknown {
		return first
	}
	return ageSignal(h, vendor)
}

type signalFunc func(h har.Headers, detected Vendor) Status

var vendorSignals = []signalFunc{
	cloudflareSignal,
	cloudFrontSignal,
	akamaiStatusSignal,
	vendorXCacheSignal,
	fastlyHitsSignal,
	vercelSignal,
	netlifySignal,
	bunnySignal,
}

var genericSignals = []signalFunc{
	genericCacheStatusSignal,
	xCacheStatusSignal,
	varnishSignal,
	genericXCacheSignal,
}

// header returns the lower-case name and the joined values of a header.
func header(h har.Headers, name string) (string, bool) {
	vals := h.Values(name)
	switch len(vals) {
	case 0:
		return "", false
	case 1:
		return vals[0], true
	}
	return strings.Join(vals, ", "), true
}

// cloudflareSignal reads cf-cache-status. Values from
// https://developers.cloudflare.com/cache/concepts/cache-responses/: HIT;
// MISS; EXPIRED (found but expired, served from origin); STALE (served from
// cache, origin unreachable); UPDATING (served from cache while the origin
// updates it); REVALIDATED (served from cache after revalidation); BYPASS;
// DYNAMIC (not eligible for caching); NONE/UNKNOWN (generated before the
// cache: Workers, WAF, redirects).
func cloudflareSignal(h har.Headers, _ Vendor) Status {
	v, ok := header(h, "cf-cache-status")
	if !ok {
		return Status{}
	}
	st := Other
	switch w := trimOWS(v); {
	case ascii.EqualFold(w, "hit"):
		st = Hit
	case ascii.EqualFold(w, "miss"), ascii.EqualFold(w, "expired"):
		st = Miss
	case ascii.EqualFold(w, "stale"), ascii.EqualFold(w, "updating"):
		st = Stale
	case ascii.EqualFold(w, "revalidated"):
		st = Revalidated
	case ascii.EqualFold(w, "bypass"):
		st = Bypass
	case ascii.EqualFold(w, "dynamic"):
		st = Uncacheable
	}
	return Status{State: st, Vendor: VendorCloudflare, Header: "cf-cache-status", Value: v}
}

// cloudFrontSignal reads "<result> from cloudfront" in X-Cache. Results are
// CloudFront's x-edge-result-type values (standard logs reference,
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html):
// Hit, RefreshHit (stale in cache, origin revalidated it), Miss,
// LimitExceeded and CapacityExceeded (CloudFront refused), Error, Redirect
// (http→https redirect by CloudFront). FunctionGeneratedResponse (a
// CloudFront Function answered) was seen in real responses, not in that list.
func cloudFrontSignal(h har.Headers, _ Vendor) Status {
	v, ok := header(h, "x-cache")
	if !ok || !ascii.ContainsFold(v, "from cloudfront") {
		return Status{}
	}
	st := classifyHops(v, true, func(hop string) State {
		if !ascii.HasSuffixFold(hop, "from cloudfront") {
			return Unknown
		}
		switch w := firstWord(hop); {
		case ascii.EqualFold(w, "hit"):
			return Hit
		case ascii.EqualFold(w, "refreshhit"):
			return Revalidated
		case ascii.EqualFold(w, "miss"):
			return Miss
		case ascii.EqualFold(w, "error"), ascii.EqualFold(w, "limitexceeded"),
			ascii.EqualFold(w, "capacityexceeded"):
			return Error
		}
		return Other
	})
	return Status{State: st, Vendor: VendorCloudFront, Header: "x-cache", Value: v}
}

// akamaiStatusSignal reads Akamai's Return Cache Status behaviour header
// (default name Akamai-Cache-Status): "{status} from child[, {status} from
// parent]" with Hit, Miss, RefreshHit, HitStale, NotCacheable, Constructed,
// Redirect, Error (https://techdocs.akamai.com/property-mgr/docs/return-cache-status).
// The child (edge) comes first.
func akamaiStatusSignal(h har.Headers, _ Vendor) Status {
	v, ok := header(h, "akamai-cache-status")
	if !ok {
		return Status{}
	}
	st := classifyHops(v, false, func(hop string) State {
		switch w := firstWord(hop); {
		case ascii.EqualFold(w, "hit"):
			return Hit
		case ascii.EqualFold(w, "miss"):
			return Miss
		case ascii.EqualFold(w, "refreshhit"):
			return Revalidated
		case ascii.EqualFold(w, "hitstale"):
			return Stale
		case ascii.EqualFold(w, "notcacheable"):
			return Uncacheable
		case ascii.EqualFold(w, "error"):
			return Error
		}
		return Other
	})
	return Status{State: st, Vendor: VendorAkamai, Header: "akamai-cache-status", Value: v}
}

// vendorXCacheSignal reads X-Cache when the value or the detected vendor says
// whose it is: Akamai's and Azure's TCP_* codes, and Fastly's or KeyCDN's
// HIT/MISS.
func vendorXCacheSignal(h har.Headers, detected Vendor) Status {
	v, ok := header(h, "x-cache")
	if !ok || ascii.ContainsFold(v, "from cloudfront") {
		return Status{}
	}
	if st, vendor, ok := tcpCodes(v, detected); ok {
		return Status{State: st, Vendor: vendor, Header: "x-cache", Value: v}
	}
	switch detected {
	case VendorFastly:
		// Fastly: "any entries in this header except MISS indicate that the
		// request was satisfied from cache".
		st := classifyHops(v, true, func(hop string) State {
			if ascii.EqualFold(firstWord(hop), "miss") {
				return Miss
			}
			return Hit
		})
		return Status{State: st, Vendor: VendorFastly, Header: "x-cache", Value: v}
	case VendorKeyCDN, VendorBunny, VendorAzure, VendorAkamai, VendorGoogle:
		// KeyCDN documents X-Cache HIT/MISS (values unconfirmed here).
		if st := classifyHops(v, true, genericWord); st != Unknown {
			return Status{State: st, Vendor: detected, Header: "x-cache", Value: v}
		}
	}
	return Status{}
}

// tcpCodes classifies Akamai's Pragma debug X-Cache codes (TCP_HIT,
// TCP_MISS, TCP_REFRESH_HIT, TCP_REFRESH_MISS, TCP_REFRESH_FAIL_HIT,
// TCP_IMS_HIT, TCP_NEGATIVE_HIT, TCP_MEM_HIT:
// https://techdocs.akamai.com/edge-diagnostics/docs/pragma-headers) and Azure
// Front Door / Azure CDN codes (TCP_HIT, TCP_REMOTE_HIT, TCP_MISS,
// PRIVATE_NOSTORE, CONFIG_NOCACHE: MicrosoftDocs azure-docs
// articles/cdn/cdn-msft-http-debug-headers.md; TCP_EXPIRED_HIT,
// TCP_CLIENT_REFRESH_MISS, NONE from the legacy Azure CDN cache status codes;
// UNCACHEABLE and N/A unconfirmed). TCP_COOKIE_DENY is unconfirmed and read as
// Uncacheable.
func tcpCodes(v string, detected Vendor) (State, Vendor, bool) {
	known := false
	vendor := detected
	st := classifyHops(v, true, func(hop string) State {
		w := firstWord(hop)
		s, azureOnly, akamaiOnly, ok := tcpCode(w)
		if !ok {
			return Unknown
		}
		known = true
		switch {
		case ascii.ContainsFold(hop, "akamai"):
			vendor = VendorAkamai
		case detected == VendorAkamai || detected == VendorAzure:
		case azureOnly:
			vendor = VendorAzure
		case akamaiOnly:
			vendor = VendorAkamai
		}
		return s
	})
	return st, vendor, known
}

func tcpCode(w string) (st State, azureOnly, akamaiOnly, ok bool) {
	switch strings.ToUpper(w) {
	case "TCP_HIT":
		return Hit, false, false, true
	case "TCP_MISS":
		return Miss, false, false, true
	case "TCP_REMOTE_HIT":
		return Hit, true, false, true
	case "PRIVATE_NOSTORE", "UNCACHEABLE":
		return Uncacheable, true, false, true
	case "CONFIG_NOCACHE":
		return Bypass, true, false, true
	case "N/A", "NONE":
		return Other, true, false, true
	case "TCP_EXPIRED_HIT":
		return Stale, true, false, true
	case "TCP_CLIENT_REFRESH_MISS":
		return Miss, true, false, true
	case "TCP_MEM_HIT", "TCP_IMS_HIT", "TCP_NEGATIVE_HIT":
		return Hit, false, true, true
	case "TCP_REFRESH_HIT":
		return Revalidated, false, true, true
	case "TCP_REFRESH_FAIL_HIT":
		return Stale, false, true, true
	case "TCP_REFRESH_MISS":
		return Miss, false, true, true
	case "TCP_COOKIE_DENY":
		return Uncacheable, false, true, true
	}
	if ascii.HasPrefixFold(w, "tcp_") {
		switch {
		case ascii.HasSuffixFold(w, "_hit"):
			return Hit, false, false, true
		case ascii.HasSuffixFold(w, "_miss"):
			return Miss, false, false, true
		}
		return Other, false, false, true
	}
	return Unknown, false, false, false
}

// fastlyHitsSignal reads Fastly's X-Cache-Hits when X-Cache is absent: "any
// positive value in this header indicates that the request was satisfied from
// cache" (https://www.fastly.com/documentation/reference/http/http-headers/X-Cache-Hits/).
func fastlyHitsSignal(h har.Headers, detected Vendor) Status {
	if detected != VendorFastly || h.Has("x-cache") {
		return Status{}
	}
	v, ok := header(h, "x-cache-hits")
	if !ok {
		return Status{}
	}
	st := Unknown
	splitList(v, func(m string) bool {
		n, ok := parseDigits(m, 1<<31)
		if !ok {
			return true
		}
		if n > 0 {
			st = Hit
			return false
		}
		st = Miss
		return true
	})
	return Status{State: st, Vendor: VendorFastly, Header: "x-cache-hits", Value: v}
}

// vercelSignal reads x-vercel-cache (https://vercel.com/docs/concepts/edge-network/x-vercel-cache):
// HIT; MISS; STALE (served from the edge, background revalidation); BYPASS;
// PRERENDER ("served from static storage", a shared stored response, so Hit);
// REVALIDATED ("served from origin and the cache was refreshed", so Miss: on
// Vercel it does not mean a stored response was reused).
func vercelSignal(h har.Headers, _ Vendor) Status {
	v, ok := header(h, "x-vercel-cache")
	if !ok {
		return Status{}
	}
	st := Other
	switch w := trimOWS(v); {
	case ascii.EqualFold(w, "hit"), ascii.EqualFold(w, "prerender"):
		st = Hit
	case ascii.EqualFold(w, "miss"), ascii.EqualFold(w, "revalidated"):
		st = Miss
	case ascii.EqualFold(w, "stale"):
		st = Stale
	case ascii.EqualFold(w, "bypass"):
		st = Bypass
	}
	return Status{State: st, Vendor: VendorVercel, Header: "x-vercel-cache", Value: v}
}

// netlifySignal reads Cache-Status when a member names Netlify ("Netlify
// Edge", "Netlify Durable"), as Netlify sends it, e.g. `"Netlify Edge";
// fwd=miss`.
func netlifySignal(h har.Headers, _ Vendor) Status {
	v, ok := header(h, "cache-status")
	if !ok || !ascii.ContainsFold(v, "netlify") {
		return Status{}
	}
	return cacheStatusSignal(v, VendorNetlify)
}

func genericCacheStatusSignal(h har.Headers, detected Vendor) Status {
	v, ok := header(h, "cache-status")
	if !ok || ascii.ContainsFold(v, "netlify") {
		return Status{}
	}
	return cacheStatusSignal(v, detected)
}

// cacheStatusSignal classifies an RFC 9211 Cache-Status value: the
// user-nearest member (the last) that served from cache wins, scanning toward
// the origin, else the last member's state.
func cacheStatusSignal(v string, vendor Vendor) Status {
	entries, ok := ParseCacheStatus(v)
	if !ok || len(entries) == 0 {
		return Status{}
	}
	st := entries[len(entries)-1].State()
	for i := len(entries) - 1; i >= 0; i-- {
		if s := entries[i].State(); s.FromCache() {
			st = s
			break
		}
	}
	return Status{State: st, Vendor: vendor, Header: "cache-status", Value: v}
}

// bunnySignal reads Bunny's CDN-Cache (HIT/MISS as in its logs,
// https://docs.bunny.net/cdn/logging; other values unconfirmed and read
// generically).
func bunnySignal(h har.Headers, _ Vendor) Status {
	v, ok := header(h, "cdn-cache")
	if !ok {
		return Status{}
	}
	st := genericWord(trimOWS(v))
	if st == Unknown {
		st = Other
	}
	return Status{State: st, Vendor: VendorBunny, Header: "cdn-cache", Value: v}
}

// xCacheStatusSignal reads X-Cache-Status, usually nginx's
// $upstream_cache_status: "MISS", "BYPASS", "EXPIRED", "STALE", "UPDATING",
// "REVALIDATED", or "HIT" (nginx ngx_http_upstream_module docs). Google Cloud
// CDN users often expose {cdn_cache_status} under this name; its values were
// not confirmed and are read generically.
func xCacheStatusSignal(h har.Headers, detected Vendor) Status {
	v, ok := header(h, "x-cache-status")
	if !ok {
		return Status{}
	}
	st := classifyHops(v, true, genericWord)
	if st == Unknown {
		st = Other
	}
	vendor := detected
	if vendor == VendorUnknown {
		vendor = VendorNginx
	}
	return Status{State: st, Vendor: vendor, Header: "x-cache-status", Value: v}
}

// varnishSignal reads X-Varnish: "For a cache hit, X-Varnish will contain
// both the ID of the current request and the ID of the request that
// populated the cache" (Varnish FAQ); one ID is a miss or pass. Layered
// Varnish caches give a comma-separated hop per layer ("1 2, 3").
func varnishSignal(h har.Headers, detected Vendor) Status {
	if detected == VendorFastly {
		return Status{} // Fastly's X-Varnish IDs are per forwarding hop
	}
	v, ok := header(h, "x-varnish")
	if !ok {
		return Status{}
	}
	st := classifyHops(v, true, func(hop string) State {
		ids := 0
		for rest := hop; rest != ""; {
			w := firstWord(rest)
			rest = trimOWS(rest[len(w):])
			if _, ok := parseDigits(w, 1<<62); !ok {
				return Unknown
			}
			ids++
		}
		switch ids {
		case 1:
			return Miss
		case 2:
			return Hit
		}
		return Unknown
	})
	if st == Unknown {
		st = Other
	}
	return Status{State: st, Vendor: VendorVarnish, Header: "x-varnish", Value: v}
}

// genericXCacheSignal reads X-Cache values such as "HIT", "MISS" or Squid's
// "HIT from host".
func genericXCacheSignal(h har.Headers, detected Vendor) Status {
	v, ok := header(h, "x-cache")
	if !ok {
		return Status{}
	}
	st := classifyHops(v, true, genericWord)
	if st == Unknown {
		return Status{}
	}
	return Status{State: st, Vendor: detected, Header: "x-cache", Value: v}
}

// ageSignal reports Hit for a valid Age greater than zero. RFC 9111 §5.1: a
// list-valued Age uses its first member and an invalid Age is ignored.
func ageSignal(h har.Headers, detected Vendor) Status {
	raw := h.Get("age")
	if raw == "" {
		return Status{}
	}
	v := raw
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i]
	}
	n, ok := parseDigits(trimOWS(v), maxDeltaSeconds)
	if !ok || n == 0 {
		return Status{}
	}
	return Status{State: Hit, Vendor: detected, Header: "age", Value: raw}
}

// genericWord classifies a hop with the vocabulary shared by nginx,
// Squid-style X-Cache ("MISS from proxy"), Bunny and similar headers. It looks
// at the first two words, ignores a "/hits" suffix and falls back to the part
// before a "-", which also reads Wikimedia's "cp1089 hit/3" and "hit-front".
func genericWord(hop string) State {
	rest := trimOWS(hop)
	for n := 0; n < 2 && rest != ""; n++ {
		w := firstWord(rest)
		rest = trimOWS(rest[len(w):])
		if i := strings.IndexByte(w, '/'); i > 0 {
			w = w[:i]
		}
		if s := genericToken(w); s != Unknown {
			return s
		}
		if i := strings.IndexByte(w, '-'); i > 0 {
			if s := genericToken(w[:i]); s != Unknown {
				return s
			}
		}
	}
	return Unknown
}

func genericToken(w string) State {
	switch {
	case ascii.EqualFold(w, "hit"):
		return Hit
	case ascii.EqualFold(w, "miss"), ascii.EqualFold(w, "expired"):
		return Miss
	case ascii.EqualFold(w, "stale"), ascii.EqualFold(w, "updating"):
		return Stale
	case ascii.EqualFold(w, "revalidated"), ascii.EqualFold(w, "refreshhit"):
		return Revalidated
	case ascii.EqualFold(w, "bypass"), ascii.EqualFold(w, "pass"):
		return Bypass
	case ascii.EqualFold(w, "dynamic"), ascii.EqualFold(w, "uncacheable"):
		return Uncacheable
	case ascii.EqualFold(w, "error"):
		return Error
	}
	return Unknown
}

// classifyHops classifies a comma-separated list of hops. appended is true
// when the client-nearest hop is the last (each cache appends its entry) and
// false when it is the first. A hop that served from cache wins, scanning
// from the client-nearest hop; otherwise the client-nearest classified hop's
// state is returned. Unknown when no hop is classified.
func classifyHops(v string, appended bool, classify func(hop string) State) State {
	nearest, hit := Unknown, Unknown
	splitList(v, func(hop string) bool {
		s := classify(hop)
		if s == Unknown {
			return true
		}
		if appended || nearest == Unknown {
			nearest = s
		}
		if s.FromCache() && (appended || hit == Unknown) {
			hit = s
		}
		return true
	})
	if hit != Unknown {
		return hit
	}
	return nearest
}

// firstWord returns the first space-separated word of s (already trimmed).
func firstWord(s string) string {
	s = trimOWS(s)
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\t' {
			return s[:i]
		}
	}
	return s
}

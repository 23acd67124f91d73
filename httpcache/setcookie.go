package httpcache

// SetCookieBehavior is what a shared cache does, by default, with a response
// that is otherwise storable but carries Set-Cookie.
type SetCookieBehavior uint8

// Set-Cookie behaviours.
const (
	// StoresWithCookie: the response is stored with its Set-Cookie and the
	// cookie is replayed to every client served from the cache. This is the
	// RFC default: RFC 9111 §7.3 notes that Set-Cookie "does not inhibit
	// caching".
	StoresWithCookie SetCookieBehavior = iota
	// StripsAndStores: the cache removes Set-Cookie and stores the rest.
	StripsAndStores
	// RefusesToStore: the cache does not store responses with Set-Cookie.
	RefusesToStore
	// DependsOnConfig: the behaviour depends on vendor configuration, or the
	// default could not be confirmed from a source.
	DependsOnConfig
)

var setCookieBehaviorNames = [...]string{
	StoresWithCookie: "stores-with-cookie",
	StripsAndStores:  "strips-and-stores",
	RefusesToStore:   "refuses-to-store",
	DependsOnConfig:  "depends-on-config",
}

// String returns a stable kebab-case name.
func (b SetCookieBehavior) String() string {
	if int(b) < len(setCookieBehaviorNames) {
		return setCookieBehaviorNames[b]
	}
	return "depends-on-config"
}

// SetCookiePolicy describes a vendor's default handling of a storable
// response carrying Set-Cookie. Note is a sentence without a final period that
// a finding can quote; Source is the page the fact was read from, or the page
// that was checked without confirming it (empty when none was found).
type SetCookiePolicy struct {
	Behavior SetCookieBehavior
	Source   string
	Note     string
}

// setCookiePolicies is indexed by Vendor. Unconfirmed vendors are
// DependsOnConfig, never a guess.
var setCookiePolicies = [...]SetCookiePolicy{
	VendorUnknown: {
		Behavior: StoresWithCookie,
		Source:   "https://www.rfc-editor.org/rfc/rfc9111#section-7.3",
		Note:     "a shared cache may store a response with Set-Cookie and replay the cookie to other users (RFC 9111 §7.3: Set-Cookie does not inhibit caching)",
	},
	VendorCloudFront: {
		// Read from the CloudFront developer guide, "Cache content based on
		// cookies" (awsdocs amazon-cloudfront-developer-guide, doc_source/
		// Cookies.md): forwarding all or allowlisted cookies "caches the
		// Set-Cookie headers with the object ... and sends those Set-Cookie
		// headers to viewers on all cache hits"; not forwarding cookies
		// "removes Set-Cookie headers from responses"; no-cache="Set-Cookie"
		// keeps Set-Cookie out of the cache.
		Behavior: DependsOnConfig,
		Source:   "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Cookies.html",
		Note:     "CloudFront caches Set-Cookie with the object and sends it on every cache hit when the cache behavior forwards cookies (all or an allowlist), and strips Set-Cookie when it forwards none",
	},
	VendorVercel: {
		// Not found in Vercel's caching docs (cdn-cache, cache-control-headers,
		// cache-status pages read); unconfirmed.
		Behavior: DependsOnConfig,
		Source:   "https://vercel.com/docs/caching/cdn-cache",
		Note:     "Vercel's handling of Set-Cookie on cacheable responses is not documented in the pages checked",
	},
	VendorCloudflare: {
		// https://developers.cloudflare.com/cache/concepts/cache-behavior/
		// (Head Requests and Set-Cookie Headers).
		Behavior: DependsOnConfig,
		Source:   "https://developers.cloudflare.com/cache/concepts/cache-behavior/",
		Note:     "Cloudflare strips Set-Cookie and caches at the default cache level when origin cache control is off, does not cache (BYPASS) when it is on, and does not cache (MISS) under Cache Everything unless an edge cache TTL is set",
	},
	VendorFastly: {
		// Fastly's boilerplate VCL, vcl_fetch: `if (beresp.http.Set-Cookie)
		// { return(pass); }` (ysugimoto/falco examples/formatter/
		// boilerplate.vcl, copied from
		// https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/about-fastly-vcl/#custom-vcl).
		Behavior: RefusesToStore,
		Source:   "https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/about-fastly-vcl/#custom-vcl",
		Note:     "Fastly's default VCL passes (does not cache) responses with Set-Cookie unless custom VCL removes the header",
	},
	VendorAkamai: {
		Behavior: DependsOnConfig,
		Source:   "https://techdocs.akamai.com/property-mgr/docs/know-caching",
		Note:     "Akamai's handling of Set-Cookie depends on the property configuration; no default was confirmed",
	},
	VendorAzure: {
		Behavior: DependsOnConfig,
		Source:   "https://learn.microsoft.com/en-us/azure/frontdoor/front-door-caching",
		Note:     "Azure Front Door's handling of Set-Cookie on cacheable responses was not confirmed",
	},
	VendorGoogle: {
		// Cloud CDN cache modes: FORCE_CACHE_ALL ignores private/no-store;
		// Set-Cookie handling not confirmed.
		Behavior: DependsOnConfig,
		Source:   "https://cloud.google.com/cdn/docs/troubleshooting-steps",
		Note:     "Google Cloud CDN's handling of Set-Cookie depends on the cache mode and was not confirmed",
	},
	VendorBunny: {
		// https://bunny.net/docs/cdn/smart-cache: Bunny caches any response
		// with cacheable Cache-Control/Expires unless Smart Cache limits it.
		Behavior: DependsOnConfig,
		Source:   "https://bunny.net/docs/cdn/smart-cache",
		Note:     "Bunny CDN caches responses with cacheable headers by default; its Set-Cookie handling was not confirmed",
	},
	VendorKeyCDN: {
		Behavior: DependsOnConfig,
		Source:   "",
		Note:     "KeyCDN's handling of Set-Cookie was not confirmed",
	},
	VendorNetlify: {
		Behavior: DependsOnConfig,
		Source:   "https://docs.netlify.com/build/caching/caching-overview/",
		Note:     "Netlify's handling of Set-Cookie on cacheable responses was not confirmed",
	},
	VendorVarnish: {
		// varnishcache/varnish-cache bin/varnishd/builtin.vcl,
		// vcl_backend_response: beresp.http.Set-Cookie marks the object
		// uncacheable (hit-for-miss for 120s).
		Behavior: RefusesToStore,
		Source:   "https://github.com/varnishcache/varnish-cache/blob/master/bin/varnishd/builtin.vcl",
		Note:     "Varnish's builtin VCL does not store responses with Set-Cookie (it creates a hit-for-miss object) unless the VCL removes the header",
	},
	VendorNginx: {
		// nginx 0.8.44 CHANGES (Igor Sysoev,
		// https://nginx.org/pipermail/nginx/2010-July/021242.html) and Maxim
		// Dounin's answer (…/021313.html): use proxy_ignore_headers
		// Set-Cookie, and proxy_hide_header Set-Cookie, to cache anyway.
		Behavior: RefusesToStore,
		Source:   "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ignore_headers",
		Note:     "nginx does not store responses with Set-Cookie unless proxy_ignore_headers Set-Cookie is set, and then it replays the cookie unless proxy_hide_header Set-Cookie is also set",
	},
}

// SetCookiePolicy returns what the vendor does by default with a storable
// response that carries Set-Cookie.
func (v Vendor) SetCookiePolicy() SetCookiePolicy {
	if int(v) < len(setCookiePolicies) {
		return setCookiePolicies[v]
	}
	return setCookiePolicies[VendorUnknown]
}

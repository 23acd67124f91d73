package rules

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/httpcache"
)

// vendorBypass is how to keep a path out of one vendor's cache, checked
// against the vendor's documentation (Reference).
type vendorBypass struct {
	// How takes the path pattern ("/api/auth/*") and says what to change.
	How       func(pattern string) string
	Reference string
}

// bypassByVendor maps vendors to instructions.
var bypassByVendor = map[httpcache.Vendor]vendorBypass{
	httpcache.VendorCloudFront: {
		How: func(p string) string {
			return fmt.Sprintf("in CloudFront, add a cache behavior for the path pattern %q with the managed cache policy CachingDisabled and the managed origin request policy AllViewer (or AllViewerExceptHostHeader), so these responses are never stored and every cookie and query string reaches the origin", p)
		},
		Reference: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html",
	},
	httpcache.VendorCloudflare: {
		How: func(p string) string {
			return fmt.Sprintf("in Cloudflare, add a Cache Rule for URI paths matching %q with Cache eligibility \"Bypass cache\", and make sure no \"Cache Everything\" page rule or Edge Cache TTL override covers them", p)
		},
		Reference: "https://developers.cloudflare.com/cache/how-to/cache-rules/",
	},
	httpcache.VendorVercel: {
		How: func(p string) string {
			return fmt.Sprintf("on Vercel, remove s-maxage and stale-while-revalidate from Cache-Control, and any CDN-Cache-Control or Vercel-CDN-Cache-Control header, from responses under %q: Vercel's CDN caches function responses only when one of them allows it", p)
		},
		Reference: "https://vercel.com/docs/caching/cache-control-headers",
	},
	httpcache.VendorFastly: {
		// Fastly's boilerplate VCL passes on Set-Cookie and on
		// Cache-Control private or no-store ("we don't parse additional
		// directives like private and no-store. Private in particular should
		// be respected at the edge": vcl_fetch of the boilerplate in
		// https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/about-fastly-vcl/#custom-vcl).
		// Fastly documents Surrogate-Control for the TTL only
		// (max-age, stale-while-revalidate, stale-if-error:
		// https://www.fastly.com/documentation/guides/concepts/edge-state/cache/cache-freshness/,
		// https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Control/),
		// not no-store, so "Surrogate-Control: no-store" is not advised.
		How: func(p string) string {
			return fmt.Sprintf("in Fastly, pass requests for %q in vcl_recv (return(pass)), and keep the default vcl_fetch rule that passes responses with Cache-Control private or no-store; do not send a Surrogate-Control max-age there", p)
		},
		Reference: "https://www.fastly.com/documentation/guides/full-site-delivery/caching/about-cache-control-headers/",
	},
	httpcache.VendorAkamai: {
		How: func(p string) string {
			return fmt.Sprintf("in the Akamai property, add a Caching behavior with the option \"No store\" for paths matching %q", p)
		},
		Reference: "https://techdocs.akamai.com/property-mgr/docs/caching-2",
	},
	httpcache.VendorNginx: {
		How: func(p string) string {
			return fmt.Sprintf("in nginx, disable caching in the location for %q (\"proxy_cache off;\", or \"proxy_no_cache 1; proxy_cache_bypass 1;\") and do not set \"proxy_ignore_headers Set-Cookie\" or \"Cache-Control\" there", p)
		},
		Reference: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_no_cache",
	},
	httpcache.VendorVarnish: {
		How: func(p string) string {
			return fmt.Sprintf("in Varnish, return (pass) in vcl_recv for %q, and do not unset Set-Cookie or force a TTL for these responses in vcl_backend_response", p)
		},
		Reference: "https://varnish-cache.org/docs/trunk/users-guide/vcl-built-in-code.html",
	},
	httpcache.VendorNetlify: {
		How: func(p string) string {
			return fmt.Sprintf("on Netlify, remove any Netlify-CDN-Cache-Control or CDN-Cache-Control header that allows storing responses under %q", p)
		},
		Reference: "https://docs.netlify.com/platform/caching/",
	},
	httpcache.VendorGoogle: {
		How: func(p string) string {
			return fmt.Sprintf("in Cloud CDN, use the cache mode USE_ORIGIN_HEADERS for the backend serving %q (CACHE_ALL_STATIC and FORCE_CACHE_ALL can store responses the origin did not mark cacheable)", p)
		},
		Reference: "https://cloud.google.com/cdn/docs/caching#cache-modes",
	},
	httpcache.VendorAzure: {
		How: func(p string) string {
			return fmt.Sprintf("in Azure Front Door, add a rule set rule for paths matching %q with a route configuration override that disables caching", p)
		},
		Reference: "https://learn.microsoft.com/azure/frontdoor/front-door-rules-engine-actions",
	},
}

// bypass returns the vendor's instruction for keeping pattern out of its
// cache, or "" (and no reference) when the vendor is unknown.
func bypass(vendor httpcache.Vendor, pattern string) (string, string) {
	b, ok := bypassByVendor[vendor]
	if !ok {
		return "", ""
	}
	return b.How(pattern), b.Reference
}

// noStore is the origin-side header that keeps a response out of every
// shared cache and out of the browser's cache.
var noStore = HeaderEdit{Op: EditSet, Name: "Cache-Control", Value: "private, no-store"}

// cacheFix builds the fix for a response a shared cache must not store: the
// origin header, and the vendor setting when the vendor is known.
func cacheFix(vendor httpcache.Vendor, pattern, library string) Fix {
	msg := `send "Cache-Control: private, no-store" on these responses`
	how, ref := bypass(vendor, pattern)
	if how != "" {
		msg += "; " + how
	} else {
		msg += fmt.Sprintf(" and configure the cache in front of the app to bypass %q", pattern)
	}
	return Fix{Message: msg, Headers: []HeaderEdit{noStore}, Vendor: vendorName(vendor), Library: library, Reference: ref}
}

// routePattern returns the path pattern a cache setting should cover for an
// auth route: the library's base ("/api/auth/*", "/auth/*") when the path is
// under one, else the pattern of the path's route ("/org/repo/pull/*" for
// "/org/repo/pull/5"), never one URL of it.
func routePattern(path string) string {
	for _, base := range []string{"/api/auth/", "/auth/", "/oauth2/", "/oauth/", "/.auth/"} {
		if strings.HasPrefix(path, base) {
			return base + "*"
		}
	}
	return pathPattern(path)
}

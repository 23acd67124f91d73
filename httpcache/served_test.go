package httpcache

import (
	"testing"

	"github.com/authlint/authlint/har"
)

func TestServed(t *testing.T) {
	const cfSrv, fastlySrv = "cloudflare", "cache-iad2127-IAD"
	tests := []struct {
		name       string
		h          har.Headers
		want       State
		wantVendor Vendor
		wantHeader string
	}{
		// No signal.
		{"no headers", nil, Unknown, VendorUnknown, ""},
		{"unrelated headers", hdrs("Content-Type", "text/html", "Server", "nginx"), Unknown, VendorUnknown, ""},

		// CloudFront X-Cache.
		{"cloudfront hit", hdrs("X-Cache", "Hit from cloudfront"), Hit, VendorCloudFront, "x-cache"},
		{"cloudfront refreshhit", hdrs("X-Cache", "RefreshHit from cloudfront"), Revalidated, VendorCloudFront, "x-cache"},
		{"cloudfront miss", hdrs("X-Cache", "Miss from cloudfront"), Miss, VendorCloudFront, "x-cache"},
		{"cloudfront error", hdrs("X-Cache", "Error from cloudfront"), Error, VendorCloudFront, "x-cache"},
		{"cloudfront limitexceeded", hdrs("X-Cache", "LimitExceeded from cloudfront"), Error, VendorCloudFront, "x-cache"},
		{"cloudfront capacityexceeded", hdrs("X-Cache", "CapacityExceeded from cloudfront"), Error, VendorCloudFront, "x-cache"},
		{"cloudfront redirect", hdrs("X-Cache", "Redirect from cloudfront"), Other, VendorCloudFront, "x-cache"},
		{"cloudfront function response", hdrs("X-Cache", "FunctionGeneratedResponse from cloudfront"), Other, VendorCloudFront, "x-cache"},
		{"cloudfront lower case and spaces", hdrs("x-cache", "  hit FROM CloudFront "), Hit, VendorCloudFront, "x-cache"},

		// Vercel.
		{"vercel hit", hdrs("x-vercel-cache", "HIT"), Hit, VendorVercel, "x-vercel-cache"},
		{"vercel miss", hdrs("x-vercel-cache", "MISS"), Miss, VendorVercel, "x-vercel-cache"},
		{"vercel stale", hdrs("x-vercel-cache", "STALE"), Stale, VendorVercel, "x-vercel-cache"},
		{"vercel prerender", hdrs("x-vercel-cache", "PRERENDER"), Hit, VendorVercel, "x-vercel-cache"},
		{"vercel revalidated is served from origin", hdrs("x-vercel-cache", "REVALIDATED"), Miss, VendorVercel, "x-vercel-cache"},
		{"vercel bypass", hdrs("x-vercel-cache", "BYPASS"), Bypass, VendorVercel, "x-vercel-cache"},
		{"vercel unknown value", hdrs("x-vercel-cache", "WARM"), Other, VendorVercel, "x-vercel-cache"},
		{"vercel lower case", hdrs("X-Vercel-Cache", " hit "), Hit, VendorVercel, "x-vercel-cache"},

		// Cloudflare.
		{"cloudflare hit", hdrs("cf-cache-status", "HIT"), Hit, VendorCloudflare, "cf-cache-status"},
		{"cloudflare miss", hdrs("cf-cache-status", "MISS"), Miss, VendorCloudflare, "cf-cache-status"},
		{"cloudflare expired", hdrs("cf-cache-status", "EXPIRED"), Miss, VendorCloudflare, "cf-cache-status"},
		{"cloudflare stale", hdrs("cf-cache-status", "STALE"), Stale, VendorCloudflare, "cf-cache-status"},
		{"cloudflare updating", hdrs("cf-cache-status", "UPDATING"), Stale, VendorCloudflare, "cf-cache-status"},
		{"cloudflare revalidated", hdrs("cf-cache-status", "REVALIDATED"), Revalidated, VendorCloudflare, "cf-cache-status"},
		{"cloudflare bypass", hdrs("cf-cache-status", "BYPASS"), Bypass, VendorCloudflare, "cf-cache-status"},
		{"cloudflare dynamic", hdrs("cf-cache-status", "DYNAMIC"), Uncacheable, VendorCloudflare, "cf-cache-status"},
		{"cloudflare none", hdrs("cf-cache-status", "NONE"), Other, VendorCloudflare, "cf-cache-status"},
		{"cloudflare unknown", hdrs("cf-cache-status", "UNKNOWN"), Other, VendorCloudflare, "cf-cache-status"},
		{"cloudflare none/unknown", hdrs("cf-cache-status", "NONE/UNKNOWN"), Other, VendorCloudflare, "cf-cache-status"},
		{"cloudflare mixed case", hdrs("CF-Cache-Status", "Hit "), Hit, VendorCloudflare, "cf-cache-status"},

		// Fastly.
		{"fastly hit", hdrs("X-Served-By", fastlySrv, "X-Cache", "HIT", "X-Cache-Hits", "3"), Hit, VendorFastly, "x-cache"},
		{"fastly miss", hdrs("X-Served-By", fastlySrv, "X-Cache", "MISS", "X-Cache-Hits", "0"), Miss, VendorFastly, "x-cache"},
		{"fastly shield hit edge miss", hdrs("X-Served-By", "cache-iad2127-IAD, cache-lcy19249-LCY", "X-Cache", "HIT, MISS"), Hit, VendorFastly, "x-cache"},
		{"fastly shield miss edge hit", hdrs("X-Served-By", "cache-iad2127-IAD, cache-lcy19249-LCY", "X-Cache", "MISS, HIT"), Hit, VendorFastly, "x-cache"},
		{"fastly both miss", hdrs("X-Served-By", "cache-iad2127-IAD, cache-lcy19249-LCY", "X-Cache", "MISS, MISS"), Miss, VendorFastly, "x-cache"},
		{"fastly hits without x-cache", hdrs("X-Served-By", fastlySrv, "X-Cache-Hits", "0, 2"), Hit, VendorFastly, "x-cache-hits"},
		{"fastly zero hits without x-cache", hdrs("X-Served-By", fastlySrv, "X-Cache-Hits", "0, 0"), Miss, VendorFastly, "x-cache-hits"},
		{"fastly via varnish does not make it varnish", hdrs("X-Served-By", fastlySrv, "Via", "1.1 varnish", "X-Varnish", "123 456", "X-Cache", "MISS"), Miss, VendorFastly, "x-cache"},

		// Akamai debug X-Cache (Pragma: akamai-x-cache-on).
		{"akamai tcp_hit", hdrs("X-Cache", "TCP_HIT from a23-50-50-50.deploy.akamaitechnologies.com (AkamaiGHost/10.5.0-1) (-)"), Hit, VendorAkamai, "x-cache"},
		{"akamai tcp_mem_hit", hdrs("X-Cache", "TCP_MEM_HIT from a1.deploy.akamaitechnologies.com (AkamaiGHost/10.5.0-1) (-)"), Hit, VendorAkamai, "x-cache"},
		{"akamai tcp_ims_hit", hdrs("X-Cache", "TCP_IMS_HIT from a1.deploy.akamaitechnologies.com"), Hit, VendorAkamai, "x-cache"},
		{"akamai tcp_negative_hit", hdrs("X-Cache", "TCP_NEGATIVE_HIT from a1.deploy.akamaitechnologies.com"), Hit, VendorAkamai, "x-cache"},
		{"akamai tcp_miss", hdrs("X-Cache", "TCP_MISS from a1.deploy.akamaitechnologies.com"), Miss, VendorAkamai, "x-cache"},
		{"akamai tcp_refresh_hit", hdrs("X-Cache", "TCP_REFRESH_HIT from a1.deploy.akamaitechnologies.com"), Revalidated, VendorAkamai, "x-cache"},
		{"akamai tcp_refresh_miss", hdrs("X-Cache", "TCP_REFRESH_MISS from a1.deploy.akamaitechnologies.com"), Miss, VendorAkamai, "x-cache"},
		{"akamai tcp_refresh_fail_hit", hdrs("X-Cache", "TCP_REFRESH_FAIL_HIT from a1.deploy.akamaitechnologies.com"), Stale, VendorAkamai, "x-cache"},
		{"akamai tcp_cookie_deny", hdrs("X-Cache", "TCP_COOKIE_DENY from a1.deploy.akamaitechnologies.com"), Uncacheable, VendorAkamai, "x-cache"},
		{"akamai code without host", hdrs("X-Cache", "TCP_MEM_HIT"), Hit, VendorAkamai, "x-cache"},

		// Akamai Return Cache Status.
		{"akamai status hit", hdrs("Akamai-Cache-Status", "Hit from child"), Hit, VendorAkamai, "akamai-cache-status"},
		{"akamai status miss", hdrs("Akamai-Cache-Status", "Miss from child"), Miss, VendorAkamai, "akamai-cache-status"},
		{"akamai status child miss parent hit", hdrs("Akamai-Cache-Status", "Miss from child, Hit from parent"), Hit, VendorAkamai, "akamai-cache-status"},
		{"akamai status both miss", hdrs("Akamai-Cache-Status", "Miss from child, Miss from parent"), Miss, VendorAkamai, "akamai-cache-status"},
		{"akamai status refreshhit", hdrs("Akamai-Cache-Status", "RefreshHit from child"), Revalidated, VendorAkamai, "akamai-cache-status"},
		{"akamai status hitstale", hdrs("Akamai-Cache-Status", "HitStale from child"), Stale, VendorAkamai, "akamai-cache-status"},
		{"akamai status notcacheable", hdrs("Akamai-Cache-Status", "NotCacheable from child"), Uncacheable, VendorAkamai, "akamai-cache-status"},
		{"akamai status constructed", hdrs("Akamai-Cache-Status", "Constructed from child"), Other, VendorAkamai, "akamai-cache-status"},
		{"akamai status redirect", hdrs("Akamai-Cache-Status", "Redirect from child"), Other, VendorAkamai, "akamai-cache-status"},
		{"akamai status error", hdrs("Akamai-Cache-Status", "Error from child"), Error, VendorAkamai, "akamai-cache-status"},
		{"akamai status child wins when not a hit", hdrs("Akamai-Cache-Status", "NotCacheable from child, Miss from parent"), Uncacheable, VendorAkamai, "akamai-cache-status"},

		// Azure Front Door / Azure CDN.
		{"azure tcp_hit", hdrs("X-Azure-Ref", "0abc", "X-Cache", "TCP_HIT"), Hit, VendorAzure, "x-cache"},
		{"azure tcp_remote_hit", hdrs("X-Cache", "TCP_REMOTE_HIT"), Hit, VendorAzure, "x-cache"},
		{"azure tcp_miss", hdrs("X-Azure-Ref", "0abc", "X-Cache", "TCP_MISS"), Miss, VendorAzure, "x-cache"},
		{"azure private_nostore", hdrs("X-Cache", "PRIVATE_NOSTORE"), Uncacheable, VendorAzure, "x-cache"},
		{"azure config_nocache", hdrs("X-Cache", "CONFIG_NOCACHE"), Bypass, VendorAzure, "x-cache"},
		{"azure uncacheable", hdrs("X-Cache", "UNCACHEABLE"), Uncacheable, VendorAzure, "x-cache"},
		{"azure n/a", hdrs("X-Cache", "N/A"), Other, VendorAzure, "x-cache"},
		{"azure tcp_expired_hit", hdrs("X-Azure-Ref", "0abc", "X-Cache", "TCP_EXPIRED_HIT"), Stale, VendorAzure, "x-cache"},
		{"azure tcp_client_refresh_miss", hdrs("X-Cache", "TCP_CLIENT_REFRESH_MISS"), Miss, VendorAzure, "x-cache"},
		{"tcp_hit with no other hint", hdrs("X-Cache", "TCP_HIT"), Hit, VendorUnknown, "x-cache"},

		// Google Cloud CDN: Age, or a custom header with {cdn_cache_status}.
		{"google age", hdrs("Via", "1.1 google", "Age", "120"), Hit, VendorGoogle, "age"},
		{"google age zero", hdrs("Via", "1.1 google", "Age", "0"), Unknown, VendorUnknown, ""},
		{"google custom header hit", hdrs("Via", "1.1 google", "X-Cache-Status", "hit"), Hit, VendorGoogle, "x-cache-status"},
		{"google custom header miss", hdrs("Via", "1.1 google", "X-Cache-Status", "miss"), Miss, VendorGoogle, "x-cache-status"},

		// Bunny.
		{"bunny hit", hdrs("Server", "BunnyCDN-DE1-1054", "CDN-Cache", "HIT"), Hit, VendorBunny, "cdn-cache"},
		{"bunny miss", hdrs("CDN-PullZone", "12345", "CDN-Cache", "MISS"), Miss, VendorBunny, "cdn-cache"},
		{"bunny expired", hdrs("CDN-Cache", "EXPIRED"), Miss, VendorBunny, "cdn-cache"},
		{"bunny bypass", hdrs("CDN-Cache", "BYPASS"), Bypass, VendorBunny, "cdn-cache"},
		{"bunny unknown value", hdrs("CDN-Cache", "WHATEVER"), Other, VendorBunny, "cdn-cache"},

		// KeyCDN.
		{"keycdn hit", hdrs("Server", "keycdn-engine", "X-Cache", "HIT"), Hit, VendorKeyCDN, "x-cache"},
		{"keycdn miss", hdrs("Server", "keycdn-engine", "X-Cache", "MISS"), Miss, VendorKeyCDN, "x-cache"},

		// Netlify Cache-Status.
		{"netlify edge hit", hdrs("Server", "Netlify", "Cache-Status", `"Netlify Edge"; hit`), Hit, VendorNetlify, "cache-status"},
		{"netlify edge miss", hdrs("Cache-Status", `"Netlify Edge"; fwd=miss`), Miss, VendorNetlify, "cache-status"},
		{"netlify durable hit edge miss", hdrs("Cache-Status", `"Netlify Durable"; hit, "Netlify Edge"; fwd=miss`), Hit, VendorNetlify, "cache-status"},
		{"netlify durable stale stored edge miss", hdrs("Cache-Status", `"Netlify Durable"; fwd=stale; ttl=31534724; stored, "Netlify Edge"; fwd=miss`), Miss, VendorNetlify, "cache-status"},
		{"netlify method", hdrs("Cache-Status", `"Netlify Durable"; fwd=method, "Netlify Edge"; fwd=method`), Bypass, VendorNetlify, "cache-status"},
		{"netlify edge stale", hdrs("Cache-Status", `"Netlify Edge"; fwd=stale`), Miss, VendorNetlify, "cache-status"},
		{"netlify with next.js member", hdrs("Cache-Status", `"Next.js"; hit, "Netlify Edge"; fwd=miss`), Hit, VendorNetlify, "cache-status"},
		{"netlify 404 miss", hdrs("Cache-Status", `"Netlify Edge"; fwd=miss; fwd-status=404`), Miss, VendorNetlify, "cache-status"},

		// RFC 9211 Cache-Status, generic.
		{"rfc9211 hit", hdrs("Cache-Status", "ExampleCache; hit"), Hit, VendorUnknown, "cache-status"},
		{"rfc9211 hit ttl", hdrs("Cache-Status", "ExampleCache; hit; ttl=376"), Hit, VendorUnknown, "cache-status"},
		{"rfc9211 stale hit", hdrs("Cache-Status", "ExampleCache; hit; ttl=-412"), Stale, VendorUnknown, "cache-status"},
		{"rfc9211 uri-miss", hdrs("Cache-Status", "ExampleCache; fwd=uri-miss"), Miss, VendorUnknown, "cache-status"},
		{"rfc9211 vary-miss", hdrs("Cache-Status", "ExampleCache; fwd=vary-miss"), Miss, VendorUnknown, "cache-status"},
		{"rfc9211 revalidated", hdrs("Cache-Status", "ExampleCache; fwd=stale; fwd-status=304"), Revalidated, VendorUnknown, "cache-status"},
		{"rfc9211 bypass", hdrs("Cache-Status", "ExampleCache; fwd=bypass"), Bypass, VendorUnknown, "cache-status"},
		{"rfc9211 request", hdrs("Cache-Status", "ExampleCache; fwd=request"), Bypass, VendorUnknown, "cache-status"},
		{"rfc9211 partial", hdrs("Cache-Status", "ExampleCache; fwd=partial"), Miss, VendorUnknown, "cache-status"},
		{"rfc9211 no parameters", hdrs("Cache-Status", "ExampleCache"), Other, VendorUnknown, "cache-status"},
		{"rfc9211 two layers both hit", hdrs("Cache-Status", `OriginCache; hit; ttl=1100, "CDN Company Here"; hit; ttl=545`), Hit, VendorUnknown, "cache-status"},
		{"rfc9211 origin-side hit, cdn miss", hdrs("Cache-Status", "ReverseProxyCache; hit, CDN; fwd=uri-miss"), Hit, VendorUnknown, "cache-status"},
		{"rfc9211 repeated lines", hdrs("Cache-Status", "ReverseProxyCache; hit", "Cache-Status", "ForwardProxyCache; fwd=uri-miss; collapsed; stored", "Cache-Status", "BrowserCache; fwd=uri-miss"), Hit, VendorUnknown, "cache-status"},
		{"rfc9211 wrong parameter type", hdrs("Cache-Status", "ExampleCache; hit=yes"), Other, VendorUnknown, "cache-status"},
		{"rfc9211 invalid field ignored", hdrs("Cache-Status", `"ExampleCache; hit`), Unknown, VendorUnknown, ""},
		{"rfc9211 trailing comma ignored", hdrs("Cache-Status", "ExampleCache; hit,"), Unknown, VendorUnknown, ""},
		{"rfc9211 invalid falls back to age", hdrs("Cache-Status", "ExampleCache;", "Age", "30"), Hit, VendorUnknown, "age"},

		// Varnish.
		{"varnish two ids", hdrs("X-Varnish", "663286750 663286749"), Hit, VendorVarnish, "x-varnish"},
		{"varnish one id", hdrs("X-Varnish", "663286750"), Miss, VendorVarnish, "x-varnish"},
		{"varnish junk", hdrs("X-Varnish", "abc"), Other, VendorVarnish, "x-varnish"},
		{"varnish two layers both hit", hdrs("X-Varnish", "99421895 95975991, 538740423 526230198"), Hit, VendorVarnish, "x-varnish"},
		{"varnish two layers both miss", hdrs("X-Varnish", "547881161, 522591191"), Miss, VendorVarnish, "x-varnish"},
		{"varnish inner miss outer hit", hdrs("X-Varnish", "547881161, 538740423 526230198"), Hit, VendorVarnish, "x-varnish"},

		// Wikimedia (Varnish/ATS): "host state/hits" and "state-tier".
		{"wikimedia x-cache-status hit-front", hdrs("Via", "1.1 varnish (Varnish/5.1), 1.1 varnish (Varnish/5.1)", "X-Cache-Status", "hit-front"), Hit, VendorVarnish, "x-cache-status"},
		{"wikimedia x-cache-status int-front", hdrs("Via", "1.1 varnish (Varnish/5.1)", "X-Cache-Status", "int-front"), Other, VendorVarnish, "x-cache-status"},
		{"wikimedia x-cache host state", hdrs("X-Cache", "cp1089 miss, cp3032 hit/3"), Hit, VendorUnknown, "x-cache"},
		{"wikimedia x-cache internal", hdrs("X-Cache", "cp1089 int"), Unknown, VendorUnknown, ""},

		// nginx.
		{"nginx hit", hdrs("Server", "nginx", "X-Cache-Status", "HIT"), Hit, VendorNginx, "x-cache-status"},
		{"nginx miss", hdrs("Server", "nginx", "X-Cache-Status", "MISS"), Miss, VendorNginx, "x-cache-status"},
		{"nginx expired", hdrs("Server", "nginx", "X-Cache-Status", "EXPIRED"), Miss, VendorNginx, "x-cache-status"},
		{"nginx stale", hdrs("Server", "nginx", "X-Cache-Status", "STALE"), Stale, VendorNginx, "x-cache-status"},
		{"nginx updating", hdrs("Server", "nginx", "X-Cache-Status", "UPDATING"), Stale, VendorNginx, "x-cache-status"},
		{"nginx revalidated", hdrs("Server", "nginx", "X-Cache-Status", "REVALIDATED"), Revalidated, VendorNginx, "x-cache-status"},
		{"nginx bypass", hdrs("Server", "nginx", "X-Cache-Status", "BYPASS"), Bypass, VendorNginx, "x-cache-status"},
		{"x-cache-status without server", hdrs("X-Cache-Status", "hit"), Hit, VendorNginx, "x-cache-status"},

		// Generic X-Cache.
		{"generic hit", hdrs("X-Cache", "HIT"), Hit, VendorUnknown, "x-cache"},
		{"generic miss", hdrs("X-Cache", "MISS"), Miss, VendorUnknown, "x-cache"},
		{"squid style", hdrs("X-Cache", "MISS from proxy1, HIT from proxy2"), Hit, VendorUnknown, "x-cache"},
		{"generic lower case", hdrs("x-cache", " miss "), Miss, VendorUnknown, "x-cache"},
		{"generic unknown value ignored", hdrs("X-Cache", "maybe"), Unknown, VendorUnknown, ""},

		// Age.
		{"age positive", hdrs("Age", "45"), Hit, VendorUnknown, "age"},
		{"age zero", hdrs("Age", "0"), Unknown, VendorUnknown, ""},
		{"age invalid", hdrs("Age", "-5"), Unknown, VendorUnknown, ""},
		{"age list uses first", hdrs("Age", "10, 0"), Hit, VendorUnknown, "age"},
		{"age with vercel detected", hdrs("Server", "Vercel", "Age", "12"), Hit, VendorVercel, "age"},

		// Conflicting signals.
		{"vendor beats age", hdrs("cf-cache-status", "DYNAMIC", "Age", "300"), Uncacheable, VendorCloudflare, "cf-cache-status"},
		{"vendor miss beats generic hit", hdrs("cf-cache-status", "MISS", "X-Cache", "HIT", "Server", cfSrv), Miss, VendorCloudflare, "cf-cache-status"},
		{"cloudflare miss in front of vercel hit", hdrs("Server", cfSrv, "cf-cache-status", "MISS", "x-vercel-cache", "HIT"), Hit, VendorVercel, "x-vercel-cache"},
		{"cloudflare hit in front of vercel miss", hdrs("Server", cfSrv, "cf-cache-status", "HIT", "x-vercel-cache", "MISS"), Hit, VendorCloudflare, "cf-cache-status"},
		{"cloudflare dynamic and vercel miss", hdrs("cf-cache-status", "DYNAMIC", "x-vercel-cache", "MISS"), Uncacheable, VendorCloudflare, "cf-cache-status"},
		{"cloudfront miss with origin varnish hit", hdrs("X-Cache", "Miss from cloudfront", "X-Varnish", "1 2"), Miss, VendorCloudFront, "x-cache"},
		{"netlify beats generic age", hdrs("Cache-Status", `"Netlify Edge"; fwd=miss`, "Age", "0"), Miss, VendorNetlify, "cache-status"},
		{"vendor miss beats age", hdrs("x-vercel-cache", "MISS", "Age", "20"), Miss, VendorVercel, "x-vercel-cache"},
		{"generic cache-status beats age", hdrs("Cache-Status", "ExampleCache; fwd=miss", "Age", "20"), Miss, VendorUnknown, "cache-status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Served(tt.h)
			if got.State != tt.want || got.Vendor != tt.wantVendor || got.Header != tt.wantHeader {
				t.Errorf("Served(%v) = {%v %v %q %q}, want {%v %v %q}", tt.h,
					got.State, got.Vendor, got.Header, got.Value, tt.want, tt.wantVendor, tt.wantHeader)
			}
			if got.Header != "" && got.Value == "" {
				t.Errorf("Served(%v) has a header but no value", tt.h)
			}
		})
	}
}

func TestStateStringAndFromCache(t *testing.T) {
	tests := []struct {
		s         State
		name      string
		fromCache bool
	}{
		{Unknown, "unknown", false},
		{Hit, "hit", true},
		{Miss, "miss", false},
		{Stale, "stale", true},
		{Revalidated, "revalidated", true},
		{Bypass, "bypass", false},
		{Uncacheable, "uncacheable", false},
		{Error, "error", false},
		{Other, "other", false},
		{State(99), "unknown", false},
	}
	for _, tt := range tests {
		if tt.s.String() != tt.name || tt.s.FromCache() != tt.fromCache {
			t.Errorf("State(%d): %q %v, want %q %v", tt.s, tt.s.String(), tt.s.FromCache(), tt.name, tt.fromCache)
		}
	}
}

func TestServedMultiLineValue(t *testing.T) {
	got := Served(hdrs("X-Served-By", "cache-a-IAD", "X-Cache", "MISS", "X-Cache", "HIT"))
	if got.State != Hit || got.Value != "MISS, HIT" {
		t.Errorf("repeated X-Cache lines = %+v, want hit with joined value", got)
	}
}

package httpcache

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/har"
)

func TestDetectVendor(t *testing.T) {
	tests := []struct {
		name string
		h    har.Headers
		want Vendor
	}{
		{"nothing", hdrs("Content-Type", "text/html"), VendorUnknown},
		{"cloudflare server", hdrs("Server", "cloudflare"), VendorCloudflare},
		{"cf-ray", hdrs("CF-RAY", "8a1b2c3d4e5f6a7b-AMS"), VendorCloudflare},
		{"vercel server", hdrs("server", "Vercel"), VendorVercel},
		{"x-vercel-id", hdrs("x-vercel-id", "fra1::iad1::abc-123"), VendorVercel},
		{"cloudfront id", hdrs("X-Amz-Cf-Id", "abc=="), VendorCloudFront},
		{"cloudfront pop", hdrs("x-amz-cf-pop", "HEL50-C2"), VendorCloudFront},
		{"cloudfront via", hdrs("Via", "1.1 9f886054ff6f095f177ce8fc0f0175ee.cloudfront.net (CloudFront)"), VendorCloudFront},
		{"cloudfront x-cache", hdrs("X-Cache", "Miss from cloudfront"), VendorCloudFront},
		{"fastly served-by", hdrs("X-Served-By", "cache-iad2127-IAD, cache-lcy19249-LCY", "Via", "1.1 varnish"), VendorFastly},
		{"fastly request id", hdrs("x-fastly-request-id", "abc"), VendorFastly},
		{"akamai grn", hdrs("Akamai-GRN", "0.1234.5678"), VendorAkamai},
		{"akamai x- header", hdrs("X-Akamai-Transformed", "9 - 0 pmb=mRUM,1"), VendorAkamai},
		{"akamai server", hdrs("Server", "AkamaiGHost"), VendorAkamai},
		{"akamai x-cache", hdrs("X-Cache", "TCP_HIT from a23-50-50-50.deploy.akamaitechnologies.com (AkamaiGHost/10.5.0-1) (-)"), VendorAkamai},
		{"azure", hdrs("X-Azure-Ref", "0abc"), VendorAzure},
		{"google", hdrs("Via", "1.1 google"), VendorGoogle},
		{"bunny server", hdrs("Server", "BunnyCDN-DE1-1054"), VendorBunny},
		{"bunny pullzone", hdrs("CDN-PullZone", "12345"), VendorBunny},
		{"keycdn", hdrs("Server", "keycdn-engine"), VendorKeyCDN},
		{"netlify server", hdrs("Server", "Netlify"), VendorNetlify},
		{"netlify request id", hdrs("X-NF-Request-ID", "01K1A3YBMRZ14FJR4QEZ4ES924"), VendorNetlify},
		{"varnish header", hdrs("X-Varnish", "663286750 663286749"), VendorVarnish},
		{"varnish via", hdrs("Via", "1.1 varnish (Varnish/7.4)"), VendorVarnish},
		{"nginx with cache status", hdrs("Server", "nginx/1.27.0", "X-Cache-Status", "HIT"), VendorNginx},
		{"nginx alone is not a cache", hdrs("Server", "nginx"), VendorUnknown},
		{"server header wins over inner vendor", hdrs("Server", "cloudflare", "x-vercel-id", "fra1::x"), VendorCloudflare},
		{"cloudflare in front of vercel without server", hdrs("x-vercel-cache", "HIT", "cf-ray", "x"), VendorVercel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectVendor(tt.h); got != tt.want {
				t.Errorf("DetectVendor(%v) = %v, want %v", tt.h, got, tt.want)
			}
		})
	}
}

func TestVendorString(t *testing.T) {
	want := map[Vendor]string{
		VendorUnknown:    "unknown",
		VendorCloudFront: "CloudFront",
		VendorVercel:     "Vercel",
		VendorCloudflare: "Cloudflare",
		VendorFastly:     "Fastly",
		VendorAkamai:     "Akamai",
		VendorAzure:      "Azure Front Door",
		VendorGoogle:     "Google Cloud CDN",
		VendorBunny:      "Bunny CDN",
		VendorKeyCDN:     "KeyCDN",
		VendorNetlify:    "Netlify",
		VendorVarnish:    "Varnish",
		VendorNginx:      "nginx",
		Vendor(200):      "unknown",
	}
	for v, name := range want {
		if got := v.String(); got != name {
			t.Errorf("Vendor(%d).String() = %q, want %q", v, got, name)
		}
	}
	if got := len(Vendors()); got != len(want)-2 {
		t.Errorf("Vendors() has %d vendors, want %d", got, len(want)-2)
	}
}

func TestSetCookiePolicy(t *testing.T) {
	want := map[Vendor]SetCookieBehavior{
		VendorUnknown:    StoresWithCookie,
		VendorCloudFront: DependsOnConfig,
		VendorVercel:     DependsOnConfig,
		VendorCloudflare: DependsOnConfig,
		VendorFastly:     RefusesToStore,
		VendorAkamai:     DependsOnConfig,
		VendorAzure:      DependsOnConfig,
		VendorGoogle:     DependsOnConfig,
		VendorBunny:      DependsOnConfig,
		VendorKeyCDN:     DependsOnConfig,
		VendorNetlify:    DependsOnConfig,
		VendorVarnish:    RefusesToStore,
		VendorNginx:      RefusesToStore,
	}
	for _, v := range append([]Vendor{VendorUnknown}, Vendors()...) {
		p := v.SetCookiePolicy()
		if p.Behavior != want[v] {
			t.Errorf("%v: behaviour %v, want %v", v, p.Behavior, want[v])
		}
		if p.Note == "" || strings.HasSuffix(p.Note, ".") {
			t.Errorf("%v: note %q must be a sentence without final period", v, p.Note)
		}
		if p.Behavior != DependsOnConfig && p.Source == "" {
			t.Errorf("%v: a confirmed behaviour needs a source", v)
		}
	}
	if got := Vendor(200).SetCookiePolicy(); got.Behavior != StoresWithCookie {
		t.Errorf("out-of-range vendor should get the RFC default, got %v", got.Behavior)
	}
	names := map[SetCookieBehavior]string{
		StoresWithCookie:      "stores-with-cookie",
		StripsAndStores:       "strips-and-stores",
		RefusesToStore:        "refuses-to-store",
		DependsOnConfig:       "depends-on-config",
		SetCookieBehavior(99): "depends-on-config",
	}
	for b, n := range names {
		if b.String() != n {
			t.Errorf("SetCookieBehavior(%d).String() = %q, want %q", b, b.String(), n)
		}
	}
}

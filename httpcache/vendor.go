package httpcache

import (
	"github.com/authlint/authlint/har"
)

// Vendor is a CDN or caching proxy recognised from response headers.
type Vendor uint8

// Known vendors. VendorUnknown means no vendor could be identified; it gets
// the generic RFC behaviour (CDN-Cache-Control honoured when present).
const (
	VendorUnknown Vendor = iota
	VendorCloudFront
	VendorVercel
	VendorCloudflare
	VendorFastly
	VendorAkamai
	VendorAzure
	VendorGoogle
	VendorBunny
	VendorKeyCDN
	VendorNetlify
	VendorVarnish
	VendorNginx
)

var vendorNames = [...]string{
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
}

// String returns the vendor's stable display name ("CloudFront", "Vercel",
// ...; "unknown" for VendorUnknown).
func (v Vendor) String() string {
	if int(v) < len(vendorNames) {
		return vendorNames[v]
	}
	return "unknown"
}

// Vendors returns every known vendor except VendorUnknown, in declaration
// order.
func Vendors() []Vendor {
	out := make([]Vendor, 0, len(vendorNames)-1)
	for v := VendorCloudFront; int(v) < len(vendorNames); v++ {
		out = append(out, v)
	}
	return out
}

// serverVendors maps a Server header prefix (case-insensitive) to a vendor.
// The Server header is usually rewritten by the CDN nearest the client, so it
// is checked first: a Cloudflare zone in front of Vercel says "cloudflare".
var serverVendors = []struct {
	prefix string
	vendor Vendor
}{
	{"cloudflare", VendorCloudflare},
	{"Vercel", VendorVercel},
	{"Netlify", VendorNetlify},
	{"BunnyCDN", VendorBunny},
	{"keycdn-engine", VendorKeyCDN},
	{"AkamaiGHost", VendorAkamai},
	{"AkamaiNetStorage", VendorAkamai},
	{"CloudFront", VendorCloudFront},
}

// DetectVendor identifies the CDN or caching proxy from identifying response
// headers. The Server header wins when it names a CDN; otherwise vendors are
// tried in a fixed order (CDNs before the proxies they often run on: Fastly
// adds "Via: 1.1 varnish", so Fastly is tried before Varnish).
//
// Signals: Cloudflare cf-ray, cf-cache-status; Vercel x-vercel-id,
// x-vercel-cache; CloudFront x-amz-cf-id, x-amz-cf-pop, "(CloudFront)" in Via,
// "from cloudfront" in X-Cache; Fastly "cache-..." in X-Served-By,
// x-fastly-request-id; Akamai akamai-grn, akamai-cache-status, x-akamai-*
// headers, "akamai" in X-Cache; Azure x-azure-ref; Google "1.1 google" in Via
// (Google's load balancer; Cloud CDN sits behind it); Bunny cdn-pullzone,
// cdn-requestid, cdn-cache; KeyCDN (server only); Netlify x-nf-request-id;
// Varnish x-varnish or "varnish" in Via; nginx a Server header starting
// with nginx together with X-Cache-Status.
func DetectVendor(h har.Headers) Vendor {
	if s := h.Get("server"); s != "" {
		for _, sv := range serverVendors {
			if hasPrefixFold(s, sv.prefix) {
				return sv.vendor
			}
		}
	}
	var viaCloudFront, viaGoogle, viaVarnish, xcacheCloudFront, fastly, akamai bool
	for _, x := range h {
		n, v := x.Name, x.Value
		switch {
		case equalFold(n, "cf-ray"), equalFold(n, "cf-cache-status"):
			return VendorCloudflare
		case equalFold(n, "x-vercel-id"), equalFold(n, "x-vercel-cache"):
			return VendorVercel
		case equalFold(n, "x-amz-cf-id"), equalFold(n, "x-amz-cf-pop"):
			return VendorCloudFront
		case equalFold(n, "via"):
			viaCloudFront = viaCloudFront || containsFold(v, "cloudfront")
			viaGoogle = viaGoogle || containsFold(v, "1.1 google")
			viaVarnish = viaVarnish || containsFold(v, "varnish")
		case equalFold(n, "x-cache"):
			xcacheCloudFront = xcacheCloudFront || containsFold(v, "from cloudfront")
			akamai = akamai || containsFold(v, "akamai")
		case equalFold(n, "x-served-by"):
			fastly = fastly || containsFold(v, "cache-")
		case equalFold(n, "x-fastly-request-id"):
			fastly = true
		case equalFold(n, "akamai-grn"), equalFold(n, "akamai-cache-status"),
			hasPrefixFold(n, "x-akamai-"):
			akamai = true
		}
	}
	switch {
	case viaCloudFront, xcacheCloudFront:
		return VendorCloudFront
	case fastly:
		return VendorFastly
	case akamai:
		return VendorAkamai
	case h.Has("x-azure-ref"):
		return VendorAzure
	case viaGoogle:
		return VendorGoogle
	case h.Has("cdn-pullzone"), h.Has("cdn-requestid"), h.Has("cdn-cache"):
		return VendorBunny
	case h.Has("x-nf-request-id"):
		return VendorNetlify
	case h.Has("x-varnish"), viaVarnish:
		return VendorVarnish
	case hasPrefixFold(h.Get("server"), "nginx") && h.Has("x-cache-status"):
		return VendorNginx
	}
	return VendorUnknown
}

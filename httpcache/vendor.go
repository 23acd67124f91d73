package httpcache

import (
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/internal/ascii"
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
			if ascii.HasPrefixFold(s, sv.prefix) {
				return sv.vendor
			}
		}
	}
	var viaCloudFront, viaGoogle, viaVarnish, xcacheCloudFront, fastly, akamai bool
	for _, x := range h {
		n, v := x.Name, x.Value
		switch {
		case ascii.EqualFold(n, "cf-ray"), ascii.EqualFold(n, "cf-cache-status"):
			return VendorCloudflare
		case ascii.EqualFold(n, "x-vercel-id"), ascii.EqualFold(n, "x-vercel-cache"):
			return VendorVercel
		case ascii.EqualFold(n, "x-amz-cf-id"), ascii.EqualFold(n, "x-amz-cf-pop"):
			return VendorCloudFront
		case ascii.EqualFold(n, "via"):
			viaCloudFront = viaCloudFront || ascii.ContainsFold(v, "cloudfront")
			viaGoogle = viaGoogle || ascii.ContainsFold(v, "1.1 google")
			viaVarnish = viaVarnish || ascii.ContainsFold(v, "varnish")
		case ascii.EqualFold(n, "x-cache"):
			xcacheCloudFront = xcacheCloudFront || ascii.ContainsFold(v, "from cloudfront")
			akamai = akamai || ascii.ContainsFold(v, "akamai")
		case ascii.EqualFold(n, "x-served-by"):
			fastly = fastly || ascii.ContainsFold(v, "cache-")
		case ascii.EqualFold(n, "x-fastly-request-id"):
			fastly = true
		case ascii.EqualFold(n, "akamai-grn"), ascii.EqualFold(n, "akamai-cache-status"),
			ascii.HasPrefixFold(n, "x-akamai-"):
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
	case ascii.HasPrefixFold(h.Get("server"), "nginx") && h.Has("x-cache-status"):
		return VendorNginx
	}
	return VendorUnknown
}

package rules

import (
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/httpcache"
)

// cacheHeaders are the response headers that show how a cache treated a
// response, quoted as evidence in cache findings.
var cacheHeaders = []string{
	"Cache-Control", "CDN-Cache-Control", "Vercel-CDN-Cache-Control", "Cloudflare-CDN-Cache-Control",
	"Netlify-CDN-Cache-Control", "Surrogate-Control", "Expires", "Vary", "Age",
}

// cacheEvidence quotes the header that shows x came from (or went through) a
// cache, then the caching headers of the response.
func cacheEvidence(p *Pass, x *Exchange) []Evidence {
	var ev []Evidence
	if x.Served.Header != "" {
		ev = append(ev, p.Header(x, "response header", x.Served.Header, x.Served.Value))
	}
	for _, h := range cacheHeaders {
		if x.Served.Header != "" && strings.EqualFold(h, x.Served.Header) {
			continue
		}
		if e, ok := p.ResponseHeader(x, h); ok {
			ev = append(ev, e)
		}
	}
	return ev
}

// vendorName returns the display name of a CDN or cache, "" when unknown.
func vendorName(v httpcache.Vendor) string {
	if v == httpcache.VendorUnknown {
		return ""
	}
	return v.String()
}

// libraryName returns the display name of an auth library, "" when unknown.
func libraryName(l auth.Library) string {
	if l == auth.LibraryUnknown {
		return ""
	}
	return l.String()
}

package httpcache

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/internal/ascii"
)

// Decision is whether a shared cache of a given vendor may store a response,
// and on what grounds.
type Decision struct {
	// Storable reports whether a shared cache may store the response (RFC
	// 9111 §3, with the vendor's header precedence applied).
	Storable bool
	// Explicit reports whether storage was explicitly allowed: public,
	// s-maxage, max-age > 0 or a future Expires (without unqualified
	// private), or a CDN-targeted field that allows storing. A response
	// storable only heuristically, or only as already stale (max-age=0, a
	// past or invalid Expires), is not explicit.
	Explicit bool
	// TTL is the freshness lifetime (RFC 9111 §4.2.1), not the remaining
	// freshness: 0 when the response is stored as stale (max-age=0,
	// invalid delta-seconds, past or invalid Expires, unqualified no-cache)
	// or when a heuristic has nothing to work from.
	TTL time.Duration
	// Heuristic reports that the lifetime is heuristic (RFC 9111 §4.2.2):
	// 10% of the time since Last-Modified.
	Heuristic bool
	// Basis names the header and value that decided, ready to quote:
	// `cache-control: "public, max-age=300"`, `cdn-cache-control:
	// "max-age=60"`, `last-modified: "..."`, "status 200", "method POST" or
	// "authorization request header".
	Basis string
	// Reason is a lower-case phrase without final period, e.g. "no-store
	// forbids storing".
	Reason string
	// StrippedFields are the response fields a shared cache must not store
	// or reuse without revalidation, from qualified private="..." and
	// no-cache="..." (lower-case, in order, no duplicates).
	StrippedFields []string
	// IgnoredFields lists targeted fields (RFC 9213) that were present but
	// empty or not a valid structured-field dictionary, which a conforming
	// cache ignores, as `name: "value"`.
	IgnoredFields []string
	// VaryCookie, VaryAuthorization and VaryStar report whether Vary covers
	// Cookie, Authorization, or is "*" (VaryCookie and VaryAuthorization are
	// also true for "*").
	VaryCookie, VaryAuthorization, VaryStar bool
}

// Target lists of RFC 9213 targeted fields, most specific first.
var (
	// Vercel: "Vercel uses the following priority when you specify multiple
	// cache control headers: Vercel-CDN-Cache-Control, CDN-Cache-Control,
	// Cache-Control" (https://vercel.com/kb/guide/set-cache-control-headers).
	vercelTargets = []string{"vercel-cdn-cache-control", "cdn-cache-control"}
	// Cloudflare: with both Cloudflare-CDN-Cache-Control and
	// CDN-Cache-Control, "Cloudflare only looks at
	// Cloudflare-CDN-Cache-Control"; CDN-Cache-Control overrides
	// Cache-Control (https://developers.cloudflare.com/cache/concepts/cdn-cache-control/).
	cloudflareTargets = []string{"cloudflare-cdn-cache-control", "cdn-cache-control"}
	// Netlify: "Three headers control caching, from most to least specific:
	// Netlify-CDN-Cache-Control, CDN-Cache-Control, Cache-Control"
	// (netlify/context-and-tools skills/netlify-caching/SKILL.md).
	netlifyTargets = []string{"netlify-cdn-cache-control", "cdn-cache-control"}
	// Any other CDN that implements RFC 9213 honours CDN-Cache-Control.
	genericTargets = []string{"cdn-cache-control"}
)

// targetList returns the vendor's RFC 9213 target list. Fastly, Akamai,
// Azure, Google, Bunny and KeyCDN support for CDN-Cache-Control was not
// confirmed, and Varnish and nginx have none by default, so they get no list.
func targetList(v Vendor) []string {
	switch v {
	case VendorVercel:
		return vercelTargets
	case VendorCloudflare:
		return cloudflareTargets
	case VendorNetlify:
		return netlifyTargets
	case VendorUnknown:
		return genericTargets
	}
	return nil
}

// policy is the field that governs a shared cache's decision.
type policy struct {
	dirs     Directives
	header   string // lower-case field name; empty when there is none
	value    string // field value, lines joined with ", "
	targeted bool   // an RFC 9213 field: Cache-Control and Expires are ignored
}

func (p policy) basis() string {
	if p.header == "" {
		return ""
	}
	return fieldQuote(p.header, p.value)
}

// selectPolicy picks the first valid, non-empty targeted field in the
// vendor's target list, else Cache-Control (RFC 9213 §2.2).
func selectPolicy(h har.Headers, v Vendor, d *Decision) policy {
	for _, name := range targetList(v) {
		vals := h.Values(name)
		if len(vals) == 0 {
			continue
		}
		joined := strings.Join(vals, ", ")
		dirs, ok := ParseTargeted(vals...)
		if !ok {
			d.IgnoredFields = append(d.IgnoredFields, fieldQuote(name, joined))
			continue
		}
		return policy{dirs: dirs, header: name, value: joined, targeted: true}
	}
	vals := h.Values("cache-control")
	if len(vals) == 0 {
		return policy{}
	}
	return policy{dirs: ParseCacheControl(vals...), header: "cache-control", value: strings.Join(vals, ", ")}
}

// SharedStorable decides whether a shared cache run by vendor v may store the
// entry's response, following RFC 9111 §3 and the vendor's header
// precedence:
//
//   - the method must be GET or HEAD; POST only with explicit freshness and a
//     Content-Location equal to the request URL (RFC 9110 §9.3.3);
//   - the status must be final; a 304 freshens a stored response and is not
//     stored itself;
//   - no-store forbids storing (must-understand is not treated as
//     implemented: no CDN was confirmed to implement it, and RFC 9111
//     §5.2.2.3 makes no-store the fallback for caches that do not);
//   - unqualified private forbids a shared cache; private="f" and
//     no-cache="f" only strip the listed fields (StrippedFields);
//   - with Authorization in the request, one of must-revalidate, public or
//     s-maxage is required (RFC 9111 §3.5);
//   - otherwise the response needs s-maxage, max-age, Expires, public, or a
//     heuristically cacheable status (RFC 9110 §15.1).
//
// Freshness follows RFC 9111 §4.2.1 for a shared cache: s-maxage, then
// max-age, then Expires minus Date (Expires "0" or another invalid date is
// already expired), then a heuristic of 10% of the time since Last-Modified.
//
// Vendor precedence: Vercel reads Vercel-CDN-Cache-Control, then
// CDN-Cache-Control; Cloudflare Cloudflare-CDN-Cache-Control, then
// CDN-Cache-Control; Netlify Netlify-CDN-Cache-Control, then
// CDN-Cache-Control; an unknown vendor CDN-Cache-Control; each falls back to
// Cache-Control, and a targeted field makes Expires irrelevant (RFC 9213
// §2.2). Fastly reads Surrogate-Control max-age before Cache-Control and its
// default VCL passes on Cache-Control private or no-store; Fastly documents
// no no-store in Surrogate-Control, so there it does not refuse storage.
// Varnish's builtin VCL refuses Surrogate-Control no-store, and, without Surrogate-Control,
// Cache-Control no-cache, no-store or private, a TTL of 0 and Vary: *.
// Akamai and the rest read Cache-Control (their support for targeted fields
// was not confirmed).
//
// The decision is about response headers only. What the vendor does with
// Set-Cookie is Vendor.SetCookiePolicy; vendor default TTLs for responses
// without any freshness (CloudFront's 24 h, Fastly's 2 min, ...) and request
// rules (Varnish passing requests with Cookie) are not modelled.
func SharedStorable(e *har.Entry, v Vendor) Decision {
	var d Decision
	if e == nil || e.Aborted() {
		d.Reason = "there is no response"
		return d
	}
	resp := e.Response
	rh := resp.Headers
	d.VaryCookie = VaryCovers(rh, "cookie")
	d.VaryAuthorization = VaryCovers(rh, "authorization")
	d.VaryStar = varyStar(rh)

	method := e.Request.Method
	post := false
	switch {
	case ascii.EqualFold(method, "GET"), ascii.EqualFold(method, "HEAD"):
	case ascii.EqualFold(method, "POST"):
		post = true
	default:
		d.Basis = "method " + method
		if method == "" {
			d.Basis = `method ""`
		}
		d.Reason = fmt.Sprintf("method %q is not cacheable", method)
		return d
	}
	switch status := resp.Status; {
	case status < 200:
		d.Basis = fmt.Sprintf("status %d", status)
		d.Reason = "the status is not final"
		return d
	case status == 304:
		d.Basis = "status 304"
		d.Reason = "a 304 response is not stored; it freshens a stored response"
		return d
	}

	p := selectPolicy(rh, v, &d)
	refuse := func(basis, reason string) Decision {
		d.Storable, d.Explicit, d.TTL, d.Heuristic = false, false, 0, false
		d.Basis, d.Reason, d.StrippedFields = basis, reason, nil
		return d
	}

	// Vendor-specific refusals that come before RFC rules.
	var surrogate Directives
	var surrogateBasis string
	if !p.targeted && (v == VendorFastly || v == VendorVarnish) {
		if vals := rh.Values("surrogate-control"); len(vals) > 0 {
			surrogate = ParseSurrogateControl(vals...)
			surrogateBasis = fmt.Sprintf("surrogate-control: %q", strings.Join(vals, ", "))
			// Varnish builtin.vcl vcl_backend_response:
			// `beresp.http.Surrogate-control ~ "(?i)no-store"` makes the
			// object uncacheable. Fastly documents Surrogate-Control for
			// the TTL only (max-age, stale-while-revalidate, stale-if-error:
			// https://www.fastly.com/documentation/guides/concepts/edge-state/cache/cache-freshness/)
			// and its boilerplate vcl_fetch tests Cache-Control, not
			// Surrogate-Control, for no-store, so Fastly is not refused here.
			if v == VendorVarnish && surrogate.Has("no-store") {
				return refuse(surrogateBasis, "no-store in surrogate-control forbids storing")
			}
		}
	}
	switch v {
	case VendorFastly:
		// Fastly's default VCL: `if (beresp.http.Cache-Control ~
		// "(?:private|no-store)") { return(pass); }` (boilerplate VCL, see
		// setcookie.go), even when Surrogate-Control gives a TTL; the regexp
		// also matches qualified private.
		if !p.targeted && p.dirs.Has("private") && !p.dirs.Has("no-store") {
			return refuse(p.basis(), "private makes Fastly's default VCL pass instead of storing")
		}
	case VendorVarnish:
		// builtin.vcl vcl_backend_response: without Surrogate-Control,
		// Cache-Control ~ "(?i:no-cache|no-store|private)" marks the object
		// uncacheable; so does Vary: "*".
		if surrogate.Len() == 0 && !p.targeted {
			for _, name := range []string{"no-store", "no-cache", "private"} {
				if p.dirs.Has(name) {
					return refuse(p.basis(), name+" makes Varnish's builtin VCL skip storing it")
				}
			}
		}
		if d.VaryStar {
			return refuse(fmt.Sprintf("vary: %q", rh.Joined("vary")), "vary: * makes Varnish's builtin VCL skip storing it")
		}
	}

	dirs := p.dirs
	// With Surrogate-Control present, Varnish's builtin VCL does not look at
	// Cache-Control no-store or private at all.
	ccRefusals := !(v == VendorVarnish && surrogate.Len() > 0)
	if ccRefusals && dirs.Has("no-store") {
		return refuse(p.basis(), "no-store forbids storing")
	}
	if ccRefusals && dirs.Unqualified("private") {
		return refuse(p.basis(), "private forbids shared caches from storing it")
	}
	d.StrippedFields = appendUnique(d.StrippedFields, dirs.Fields("private")...)
	d.StrippedFields = appendUnique(d.StrippedFields, dirs.Fields("no-cache")...)
	if e.Request.Headers.Has("authorization") &&
		!dirs.Has("must-revalidate") && !dirs.Has("public") && !dirs.Has("s-maxage") {
		return refuse("authorization request header",
			"the request carried authorization and the response has no public, s-maxage or must-revalidate")
	}

	ref := referenceTime(e)
	var lifetime string // what set the lifetime: "surrogate", "policy", "expires", or "" (none)
	switch {
	case v == VendorFastly && surrogate.Has("max-age"):
		// Fastly: "Surrogate-Control: max-age={n}, otherwise Cache-Control:
		// s-maxage={n}, otherwise Cache-Control: max-age={n}, otherwise
		// Expires" (https://www.fastly.com/documentation/guides/concepts/edge-state/cache/cache-freshness/).
		// Varnish's core takes its TTL from Cache-Control and Expires only.
		d.Basis = surrogateBasis
		d.setDelta(surrogate, "max-age", "surrogate-control max-age")
		lifetime = "surrogate"
	case dirs.Has("s-maxage"):
		d.Basis = p.basis()
		d.setDelta(dirs, "s-maxage", "s-maxage")
		lifetime = "policy"
	case dirs.Has("max-age"):
		d.Basis = p.basis()
		d.setDelta(dirs, "max-age", "max-age")
		lifetime = "policy"
	case !p.targeted && rh.Has("expires"):
		d.setExpires(rh.Get("expires"), ref)
		lifetime = "expires"
	case dirs.Has("public"):
		d.Storable, d.Explicit = true, true
		d.Basis = p.basis()
		d.Reason = "public allows storing without an explicit lifetime"
		d.setHeuristic(rh, ref, false)
	case heuristicallyCacheable(resp.Status):
		d.Storable, d.Heuristic = true, true
		d.Basis = fmt.Sprintf("status %d", resp.Status)
		d.Reason = "the status is heuristically cacheable"
		if p.targeted {
			d.Basis = p.basis()
			d.Reason = p.header + " applies and the status is heuristically cacheable"
		}
		d.setHeuristic(rh, ref, !p.targeted)
	default:
		return refuse(fmt.Sprintf("status %d", resp.Status),
			"the status is not heuristically cacheable and there is no explicit freshness")
	}
	if p.targeted {
		// RFC 9213: the targeted field was selected and allows storing.
		d.Explicit = true
	}
	if post && (lifetime == "" || !contentLocationMatches(e)) {
		return refuse("method POST",
			"a POST response is storable only with explicit freshness and a content-location equal to the request url")
	}
	if v == VendorVarnish && lifetime != "" && d.TTL == 0 {
		return refuse(d.Basis, "a zero TTL makes Varnish's builtin VCL skip storing it")
	}
	if lifetime != "surrogate" && dirs.Unqualified("no-cache") {
		// Under Fastly's Surrogate-Control the usual pattern is
		// "Cache-Control: no-cache" for browsers with a CDN lifetime in
		// Surrogate-Control, so no-cache only applies when Cache-Control (or
		// the targeted field) set the lifetime.
		d.TTL = 0
		d.Reason += "; no-cache requires revalidation on every use"
		d.Basis = p.basis() // no-cache, not the status, decides how it is reused
	}
	return d
}

// setDelta sets the lifetime from a delta-seconds directive that is present.
func (d *Decision) setDelta(dirs Directives, name, label string) {
	d.Storable = true
	secs, ok := dirs.Seconds(name)
	if !ok {
		d.TTL = 0
		d.Explicit = name == "s-maxage"
		d.Reason = label + " is not a valid delta-seconds, so the response is stored as stale"
		return
	}
	d.TTL = secs
	d.Explicit = name == "s-maxage" || secs > 0
	if secs == 0 {
		d.Reason = label + "=0 stores the response as already stale"
		return
	}
	d.Reason = fmt.Sprintf("%s allows storing it for %s", label, seconds(secs))
}

// setExpires sets the lifetime from Expires minus Date (RFC 9111 §4.2.1, §5.3).
func (d *Decision) setExpires(raw string, ref time.Time) {
	d.Storable = true
	d.Basis = fmt.Sprintf("expires: %q", raw)
	exp, ok := ParseHTTPDate(raw, ref)
	switch {
	case !ok:
		d.Reason = "expires is not a valid http-date, which means already expired, so the response is stored as stale"
	case ref.IsZero():
		d.Reason = "expires has no date to be measured against, so the response is treated as stale"
	case !exp.After(ref):
		d.Reason = "expires is not after date, so the response is stored as already stale"
	default:
		d.TTL = capTTL(exp.Sub(ref))
		d.Explicit = true
		d.Reason = fmt.Sprintf("expires allows storing it for %s", seconds(d.TTL))
	}
}

// setHeuristic sets a heuristic lifetime of 10% of the time since
// Last-Modified (RFC 9111 §4.2.2: "A typical setting of this fraction might
// be 10%").
func (d *Decision) setHeuristic(h har.Headers, ref time.Time, setBasis bool) {
	raw := h.Get("last-modified")
	if raw == "" {
		d.Reason += "; without last-modified there is no basis for a lifetime"
		return
	}
	lm, ok := ParseHTTPDate(raw, ref)
	if !ok || ref.IsZero() || !ref.After(lm) {
		d.Reason += "; last-modified gives no usable lifetime"
		return
	}
	d.Heuristic = true
	if setBasis {
		d.Basis = fmt.Sprintf("last-modified: %q", raw)
	}
	d.TTL = capTTL((ref.Sub(lm) / 10).Truncate(time.Second))
	d.Reason += fmt.Sprintf("; heuristic lifetime %s (10%% of the time since last-modified)", seconds(d.TTL))
}

// referenceTime is the Date header, else the entry's start time (RFC 9111
// §4.2.1 uses the time the message was received when Date is missing).
func referenceTime(e *har.Entry) time.Time {
	if t, ok := ParseHTTPDate(e.Response.Headers.Get("date"), e.Started); ok {
		return t
	}
	return e.Started.UTC()
}

// heuristicallyCacheable reports whether the status is heuristically
// cacheable (RFC 9110 §15.1: 200, 203, 204, 206, 300, 301, 308, 404, 405,
// 410, 414 and 501).
func heuristicallyCacheable(status int) bool {
	switch status {
	case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501:
		return true
	}
	return false
}

// contentLocationMatches reports whether Content-Location, resolved against
// the request URL, equals the request URL (RFC 9110 §9.3.3).
func contentLocationMatches(e *har.Entry) bool {
	cl := trimOWS(e.Response.Headers.Get("content-location"))
	if cl == "" {
		return false
	}
	base, err := url.Parse(e.Request.URL)
	if err != nil {
		return false
	}
	ref, err := url.Parse(cl)
	if err != nil {
		return false
	}
	target := *base
	target.Fragment = ""
	return base.ResolveReference(ref).String() == target.String()
}

// capTTL caps a computed lifetime at 2^31 seconds, the value RFC 9111 §1.2.2
// prescribes when a calculation overflows.
func capTTL(d time.Duration) time.Duration {
	if d > maxDeltaSeconds*time.Second {
		return maxDeltaSeconds * time.Second
	}
	return d
}

// seconds formats d the way Cache-Control counts: "300s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%ds", int64(d/time.Second))
}

func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		dup := false
		for _, x := range list {
			if x == it {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, it)
		}
	}
	return list
}

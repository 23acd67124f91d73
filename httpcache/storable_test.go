package httpcache

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
)

const (
	testDate = "Wed, 01 Jan 2025 00:00:00 GMT"
	testURL  = "https://app.example.com/api/me"
)

// resp builds a GET entry for testURL with a Date header and the given
// response headers.
func resp(status int, kv ...string) *har.Entry {
	return req("GET", status, nil, append([]string{"Date", testDate}, kv...)...)
}

func req(method string, status int, reqHeaders har.Headers, kv ...string) *har.Entry {
	return &har.Entry{
		Request:  har.Request{Method: method, URL: testURL, Headers: reqHeaders},
		Response: &har.Response{Status: status, Headers: hdrs(kv...)},
	}
}

func withAuth(e *har.Entry) *har.Entry {
	e.Request.Headers = append(e.Request.Headers, har.Header{Name: "Authorization", Value: "Bearer test"})
	return e
}

func TestSharedStorable(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name   string
		e      *har.Entry
		v      Vendor
		want   Decision // Reason is compared by substring
		reason string
	}{
		// Methods.
		{"get public max-age", resp(200, "Cache-Control", "public, max-age=300"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: 300 * time.Second, Basis: `cache-control: "public, max-age=300"`}, "max-age allows storing it for 300s"},
		{"head", req("HEAD", 200, nil, "Cache-Control", "max-age=60"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},
		{"put", req("PUT", 200, nil, "Cache-Control", "max-age=60"), VendorUnknown,
			Decision{Basis: "method PUT"}, `method "PUT" is not cacheable`},
		{"delete", req("DELETE", 200, nil, "Cache-Control", "public"), VendorUnknown,
			Decision{Basis: "method DELETE"}, "not cacheable"},
		{"empty method", req("", 200, nil, "Cache-Control", "max-age=60"), VendorUnknown,
			Decision{Basis: `method ""`}, "not cacheable"},
		{"stripped fields cleared when refused", withAuth(resp(200, "Cache-Control", `private="set-cookie", max-age=60`)), VendorUnknown,
			Decision{Basis: "authorization request header"}, "authorization"},
		{"options", req("OPTIONS", 204, nil, "Cache-Control", "max-age=60"), VendorUnknown,
			Decision{Basis: "method OPTIONS"}, "not cacheable"},
		{"post with freshness and content-location", req("POST", 200, nil, "Cache-Control", "max-age=60", "Content-Location", testURL), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},
		{"post with relative content-location", req("POST", 200, nil, "Cache-Control", "max-age=60", "Content-Location", "/api/me"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},
		{"post without content-location", req("POST", 200, nil, "Cache-Control", "max-age=60"), VendorUnknown,
			Decision{Basis: "method POST"}, "content-location"},
		{"post with other content-location", req("POST", 200, nil, "Cache-Control", "max-age=60", "Content-Location", "/other"), VendorUnknown,
			Decision{Basis: "method POST"}, "content-location"},
		{"post heuristic only", req("POST", 200, nil, "Content-Location", testURL), VendorUnknown,
			Decision{Basis: "method POST"}, "explicit freshness"},

		// Statuses.
		{"no response", &har.Entry{Request: har.Request{Method: "GET"}}, VendorUnknown, Decision{}, "no response"},
		{"status 0", resp(0, "Cache-Control", "max-age=60"), VendorUnknown, Decision{}, "no response"},
		{"informational", resp(103, "Cache-Control", "max-age=60"), VendorUnknown, Decision{Basis: "status 103"}, "not final"},
		{"304", resp(304, "Cache-Control", "max-age=60"), VendorUnknown, Decision{Basis: "status 304"}, "freshens"},
		{"302 without freshness", resp(302, "Location", "/login"), VendorUnknown, Decision{Basis: "status 302"}, "not heuristically cacheable"},
		{"302 with max-age", resp(302, "Location", "/login", "Cache-Control", "max-age=60"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},
		{"500 without freshness", resp(500), VendorUnknown, Decision{Basis: "status 500"}, "not heuristically cacheable"},
		{"200 without any header", resp(200), VendorUnknown,
			Decision{Storable: true, Heuristic: true, Basis: "status 200"}, "no basis for a lifetime"},
		{"404 heuristic with last-modified", resp(404, "Last-Modified", "Sun, 22 Dec 2024 00:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Heuristic: true, TTL: day, Basis: `last-modified: "Sun, 22 Dec 2024 00:00:00 GMT"`}, "10% of the time since last-modified"},
		{"206 heuristic", resp(206, "Content-Range", "bytes 0-9/100", "Last-Modified", "Sun, 22 Dec 2024 00:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Heuristic: true, TTL: day, Basis: `last-modified: "Sun, 22 Dec 2024 00:00:00 GMT"`}, "heuristic"},
		{"501 heuristic", resp(501), VendorUnknown, Decision{Storable: true, Heuristic: true, Basis: "status 501"}, "heuristically cacheable"},
		{"last-modified after date", resp(200, "Last-Modified", "Thu, 02 Jan 2025 00:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Heuristic: true, Basis: "status 200"}, "no usable lifetime"},
		{"heuristic from entry start without date", &har.Entry{
			Started:  time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			Request:  har.Request{Method: "GET", URL: testURL},
			Response: &har.Response{Status: 200, Headers: hdrs("Last-Modified", "Tue, 31 Dec 2024 00:00:00 GMT")},
		}, VendorUnknown, Decision{Storable: true, Heuristic: true, TTL: day / 10, Basis: `last-modified: "Tue, 31 Dec 2024 00:00:00 GMT"`}, "heuristic"},

		// no-store.
		{"no-store alone", resp(200, "Cache-Control", "no-store"), VendorUnknown,
			Decision{Basis: `cache-control: "no-store"`}, "no-store forbids storing"},
		{"no-store in a later line", resp(200, "Cache-Control", "public, max-age=600", "Cache-Control", "no-store"), VendorUnknown,
			Decision{Basis: `cache-control: "public, max-age=600, no-store"`}, "no-store forbids storing"},
		{"no-store uppercase", resp(200, "Cache-Control", "NO-STORE"), VendorUnknown,
			Decision{Basis: `cache-control: "NO-STORE"`}, "no-store"},
		{"must-understand with no-store", resp(200, "Cache-Control", "must-understand, no-store, max-age=60"), VendorUnknown,
			Decision{Basis: `cache-control: "must-understand, no-store, max-age=60"`}, "no-store"},

		// private.
		{"private", resp(200, "Cache-Control", "private, max-age=60"), VendorUnknown,
			Decision{Basis: `cache-control: "private, max-age=60"`}, "private forbids shared caches"},
		{"private empty list", resp(200, "Cache-Control", `private="", max-age=60`), VendorUnknown,
			Decision{Basis: `cache-control: "private=\"\", max-age=60"`}, "private"},
		{"qualified private", resp(200, "Cache-Control", `private="Set-Cookie", max-age=60`, "Set-Cookie", "sid=test"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "private=\"Set-Cookie\", max-age=60"`, StrippedFields: []string{"set-cookie"}}, "max-age"},
		{"qualified no-cache", resp(200, "Cache-Control", `no-cache="Set-Cookie, X-Token", private="x-token", max-age=60`), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "no-cache=\"Set-Cookie, X-Token\", private=\"x-token\", max-age=60"`, StrippedFields: []string{"x-token", "set-cookie"}}, "max-age"},

		// Authorization (RFC 9111 §3.5).
		{"authorization with max-age", withAuth(resp(200, "Cache-Control", "max-age=60")), VendorUnknown,
			Decision{Basis: "authorization request header"}, "authorization"},
		{"authorization without headers", withAuth(resp(200)), VendorUnknown,
			Decision{Basis: "authorization request header"}, "authorization"},
		{"authorization with s-maxage", withAuth(resp(200, "Cache-Control", "s-maxage=60")), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "s-maxage=60"`}, "s-maxage"},
		{"authorization with public", withAuth(resp(200, "Cache-Control", "public")), VendorUnknown,
			Decision{Storable: true, Explicit: true, Basis: `cache-control: "public"`}, "public allows storing"},
		{"authorization with must-revalidate", withAuth(resp(200, "Cache-Control", "max-age=60, must-revalidate")), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60, must-revalidate"`}, "max-age"},

		// s-maxage and max-age.
		{"s-maxage over max-age", resp(200, "Cache-Control", "max-age=0, s-maxage=600"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: 10 * time.Minute, Basis: `cache-control: "max-age=0, s-maxage=600"`}, "s-maxage allows storing it for 600s"},
		{"s-maxage zero", resp(200, "Cache-Control", "s-maxage=0"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Basis: `cache-control: "s-maxage=0"`}, "already stale"},
		{"s-maxage invalid", resp(200, "Cache-Control", "s-maxage=soon"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Basis: `cache-control: "s-maxage=soon"`}, "not a valid delta-seconds"},
		{"max-age zero", resp(200, "Cache-Control", "max-age=0"), VendorUnknown,
			Decision{Storable: true, Basis: `cache-control: "max-age=0"`}, "already stale"},
		{"max-age negative", resp(200, "Cache-Control", "max-age=-1"), VendorUnknown,
			Decision{Storable: true, Basis: `cache-control: "max-age=-1"`}, "not a valid delta-seconds"},
		{"max-age duplicates use first", resp(200, "Cache-Control", "max-age=60, max-age=3600"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60, max-age=3600"`}, "max-age"},
		{"max-age saturates", resp(200, "Cache-Control", "max-age=99999999999999"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: (1 << 31) * time.Second, Basis: `cache-control: "max-age=99999999999999"`}, "max-age"},
		{"max-age beats expires", resp(200, "Cache-Control", "max-age=60", "Expires", "0"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},
		{"unqualified no-cache zeroes the lifetime", resp(200, "Cache-Control", "no-cache, max-age=600"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Basis: `cache-control: "no-cache, max-age=600"`}, "no-cache requires revalidation"},

		// public.
		{"public without freshness", resp(200, "Cache-Control", "public"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Basis: `cache-control: "public"`}, "public allows storing"},
		{"public with last-modified", resp(200, "Cache-Control", "public", "Last-Modified", "Sun, 22 Dec 2024 00:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Heuristic: true, TTL: day, Basis: `cache-control: "public"`}, "heuristic"},
		{"public on 302", resp(302, "Cache-Control", "public"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Basis: `cache-control: "public"`}, "public"},

		// Expires.
		{"expires in the future", resp(200, "Expires", "Wed, 01 Jan 2025 01:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Hour, Basis: `expires: "Wed, 01 Jan 2025 01:00:00 GMT"`}, "expires allows storing it for 3600s"},
		{"expires rfc850", resp(200, "Expires", "Wednesday, 01-Jan-25 01:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Hour, Basis: `expires: "Wednesday, 01-Jan-25 01:00:00 GMT"`}, "expires"},
		{"expires in the past", resp(200, "Expires", "Thu, 01 Dec 1994 16:00:00 GMT"), VendorUnknown,
			Decision{Storable: true, Basis: `expires: "Thu, 01 Dec 1994 16:00:00 GMT"`}, "already stale"},
		{"expires zero", resp(200, "Expires", "0"), VendorUnknown,
			Decision{Storable: true, Basis: `expires: "0"`}, "already expired"},
		{"expires invalid on a 302 is still storable", resp(302, "Expires", "-1"), VendorUnknown,
			Decision{Storable: true, Basis: `expires: "-1"`}, "already expired"},
		{"expires without date uses entry start", &har.Entry{
			Started:  time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			Request:  har.Request{Method: "GET", URL: testURL},
			Response: &har.Response{Status: 200, Headers: hdrs("Expires", "Wed, 01 Jan 2025 00:10:00 GMT")},
		}, VendorUnknown, Decision{Storable: true, Explicit: true, TTL: 10 * time.Minute, Basis: `expires: "Wed, 01 Jan 2025 00:10:00 GMT"`}, "expires"},
		{"expires without any reference time", &har.Entry{
			Request:  har.Request{Method: "GET", URL: testURL},
			Response: &har.Response{Status: 200, Headers: hdrs("Expires", "Wed, 01 Jan 2025 00:10:00 GMT")},
		}, VendorUnknown, Decision{Storable: true, Basis: `expires: "Wed, 01 Jan 2025 00:10:00 GMT"`}, "no date"},

		// Vary.
		{"vary cookie and authorization", resp(200, "Cache-Control", "max-age=60", "Vary", "Accept-Encoding, Cookie", "Vary", "authorization"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`, VaryCookie: true, VaryAuthorization: true}, "max-age"},
		{"vary star", resp(200, "Cache-Control", "max-age=60", "Vary", "*"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`, VaryCookie: true, VaryAuthorization: true, VaryStar: true}, "max-age"},

		// Targeted fields: Vercel.
		{"vercel: vercel-cdn-cache-control first", resp(200, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60", "Vercel-CDN-Cache-Control", "max-age=3600"), VendorVercel,
			Decision{Storable: true, Explicit: true, TTL: time.Hour, Basis: `vercel-cdn-cache-control: "max-age=3600"`}, "max-age"},
		{"vercel: cdn-cache-control over cache-control", resp(200, "Cache-Control", "private", "CDN-Cache-Control", "max-age=60"), VendorVercel,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cdn-cache-control: "max-age=60"`}, "max-age"},
		{"vercel: cdn-cache-control no-store", resp(200, "Cache-Control", "public, max-age=600", "CDN-Cache-Control", "no-store"), VendorVercel,
			Decision{Basis: `cdn-cache-control: "no-store"`}, "no-store"},
		{"vercel: invalid targeted field ignored", resp(200, "Cache-Control", "no-store", "Vercel-CDN-Cache-Control", "Max-Age=60", "CDN-Cache-Control", "s-maxage=30"), VendorVercel,
			Decision{Storable: true, Explicit: true, TTL: 30 * time.Second, Basis: `cdn-cache-control: "s-maxage=30"`, IgnoredFields: []string{`vercel-cdn-cache-control: "Max-Age=60"`}}, "s-maxage"},
		{"vercel: all targeted invalid falls back to cache-control", resp(200, "Cache-Control", "no-store", "CDN-Cache-Control", ""), VendorVercel,
			Decision{Basis: `cache-control: "no-store"`, IgnoredFields: []string{`cdn-cache-control: ""`}}, "no-store"},
		{"vercel ignores cloudflare's field", resp(200, "Cache-Control", "max-age=60", "Cloudflare-CDN-Cache-Control", "no-store"), VendorVercel,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},

		// Targeted fields: Cloudflare.
		{"cloudflare: own field first", resp(200, "Cache-Control", "no-store", "CDN-Cache-Control", "no-store", "Cloudflare-CDN-Cache-Control", "max-age=10"), VendorCloudflare,
			Decision{Storable: true, Explicit: true, TTL: 10 * time.Second, Basis: `cloudflare-cdn-cache-control: "max-age=10"`}, "max-age"},
		{"cloudflare: cdn-cache-control over no-store", resp(200, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60"), VendorCloudflare,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cdn-cache-control: "max-age=60"`}, "max-age"},
		{"cloudflare ignores vercel's field", resp(200, "Cache-Control", "max-age=60", "Vercel-CDN-Cache-Control", "no-store"), VendorCloudflare,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},

		// Targeted fields: Netlify.
		{"netlify: own field first", resp(200, "Cache-Control", "public, max-age=0, must-revalidate", "Netlify-CDN-Cache-Control", "public, durable, s-maxage=3600"), VendorNetlify,
			Decision{Storable: true, Explicit: true, TTL: time.Hour, Basis: `netlify-cdn-cache-control: "public, durable, s-maxage=3600"`}, "s-maxage"},
		{"netlify: cdn-cache-control", resp(200, "Cache-Control", "private", "CDN-Cache-Control", "max-age=60"), VendorNetlify,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cdn-cache-control: "max-age=60"`}, "max-age"},

		// Targeted fields: unknown vendor.
		{"unknown vendor honours cdn-cache-control", resp(200, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=600"), VendorUnknown,
			Decision{Storable: true, Explicit: true, TTL: 10 * time.Minute, Basis: `cdn-cache-control: "max-age=600"`}, "max-age"},
		{"cdn-cache-control none (RFC 9213 example)", resp(200, "Cache-Control", "no-store", "CDN-Cache-Control", "none"), VendorUnknown,
			Decision{Storable: true, Explicit: true, Heuristic: true, Basis: `cdn-cache-control: "none"`}, "heuristically cacheable"},
		{"targeted field makes expires irrelevant", resp(302, "Expires", "Wed, 01 Jan 2025 01:00:00 GMT", "CDN-Cache-Control", "none"), VendorUnknown,
			Decision{Basis: "status 302"}, "not heuristically cacheable"},
		{"targeted authorization rule", withAuth(resp(200, "CDN-Cache-Control", "max-age=60")), VendorUnknown,
			Decision{Basis: "authorization request header"}, "authorization"},

		// Fastly and Surrogate-Control.
		{"fastly: surrogate-control max-age first", resp(200, "Cache-Control", "max-age=0", "Surrogate-Control", "max-age=86400, stale-while-revalidate=60"), VendorFastly,
			Decision{Storable: true, Explicit: true, TTL: day, Basis: `surrogate-control: "max-age=86400, stale-while-revalidate=60"`}, "surrogate-control max-age"},
		{"fastly: surrogate-control no-store is not documented, cache-control decides", resp(200, "Cache-Control", "max-age=600", "Surrogate-Control", "no-store"), VendorFastly,
			Decision{Storable: true, Explicit: true, TTL: 10 * time.Minute, Basis: `cache-control: "max-age=600"`}, "max-age"},
		{"varnish: surrogate-control no-store refuses", resp(200, "Cache-Control", "max-age=600", "Surrogate-Control", "no-store"), VendorVarnish,
			Decision{Basis: `surrogate-control: "no-store"`}, "no-store in surrogate-control"},
		{"fastly: no-cache for browsers does not cut the cdn lifetime", resp(200, "Cache-Control", "no-cache", "Surrogate-Control", "max-age=600"), VendorFastly,
			Decision{Storable: true, Explicit: true, TTL: 10 * time.Minute, Basis: `surrogate-control: "max-age=600"`}, "surrogate-control"},
		{"fastly: private passes despite surrogate-control", resp(200, "Cache-Control", `private="set-cookie"`, "Surrogate-Control", "max-age=600"), VendorFastly,
			Decision{Basis: `cache-control: "private=\"set-cookie\""`}, "Fastly's default VCL"},
		{"fastly: cache-control s-maxage without surrogate", resp(200, "Cache-Control", "s-maxage=120"), VendorFastly,
			Decision{Storable: true, Explicit: true, TTL: 2 * time.Minute, Basis: `cache-control: "s-maxage=120"`}, "s-maxage"},
		{"fastly: cdn-cache-control not used", resp(200, "Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store"), VendorFastly,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},

		// Akamai: Cache-Control only.
		{"akamai: surrogate-control and cdn-cache-control not used", resp(200, "Cache-Control", "max-age=60", "Surrogate-Control", "no-store", "CDN-Cache-Control", "no-store"), VendorAkamai,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "max-age=60"`}, "max-age"},

		// Varnish builtin VCL.
		{"varnish: surrogate-control no-store", resp(200, "Cache-Control", "max-age=60", "Surrogate-Control", "no-store"), VendorVarnish,
			Decision{Basis: `surrogate-control: "no-store"`}, "no-store in surrogate-control"},
		{"varnish: no-cache refused", resp(200, "Cache-Control", "no-cache, max-age=60"), VendorVarnish,
			Decision{Basis: `cache-control: "no-cache, max-age=60"`}, "no-cache makes Varnish's builtin VCL skip"},
		{"varnish: private ignored under surrogate-control", resp(200, "Cache-Control", "private, max-age=60", "Surrogate-Control", "content=\"ESI/1.0\""), VendorVarnish,
			Decision{Storable: true, Explicit: true, TTL: time.Minute, Basis: `cache-control: "private, max-age=60"`}, "max-age"},
		{"varnish: zero ttl", resp(200, "Cache-Control", "max-age=0"), VendorVarnish,
			Decision{Basis: `cache-control: "max-age=0"`}, "zero TTL"},
		{"varnish: vary star", resp(200, "Cache-Control", "max-age=60", "Vary", "*"), VendorVarnish,
			Decision{Basis: `vary: "*"`, VaryCookie: true, VaryAuthorization: true, VaryStar: true}, "vary: *"},
		{"varnish: heuristic is fine", resp(200), VendorVarnish,
			Decision{Storable: true, Heuristic: true, Basis: "status 200"}, "heuristically cacheable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SharedStorable(tt.e, tt.v)
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", got.Reason, tt.reason)
			}
			if got.Reason == "" || strings.HasSuffix(got.Reason, ".") {
				t.Errorf("Reason %q must be a phrase without final period", got.Reason)
			}
			got.Reason = ""
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SharedStorable() =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestSharedStorableNilEntry(t *testing.T) {
	if d := SharedStorable(nil, VendorUnknown); d.Storable || d.Reason == "" {
		t.Errorf("nil entry: %+v", d)
	}
}

func TestHeuristicallyCacheable(t *testing.T) {
	yes := []int{200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501}
	no := []int{201, 202, 302, 303, 307, 400, 401, 403, 500, 502, 503}
	for _, s := range yes {
		if !heuristicallyCacheable(s) {
			t.Errorf("%d should be heuristically cacheable", s)
		}
	}
	for _, s := range no {
		if heuristicallyCacheable(s) {
			t.Errorf("%d should not be heuristically cacheable", s)
		}
	}
}

func TestFieldQuote(t *testing.T) {
	for _, v := range []string{"max-age=60", `private="set-cookie"`, "a\tb", "ü", ""} {
		if got, want := fieldQuote("cache-control", v), fmt.Sprintf("%s: %q", "cache-control", v); got != want {
			t.Errorf("fieldQuote(%q) = %s, want %s", v, got, want)
		}
	}
}

package httpcache

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/har"
)

// Seeds are values seen in real HARs (/work/shared/corpus/hars) and in the
// RFCs and vendor documents cited in the code, plus hostile shapes.
var cacheControlSeeds = []string{
	"no-store, no-cache, must-revalidate, post-check=0, pre-check=0",
	"public, max-age=2592000, s-maxage=2592000",
	"private, s-maxage=0, max-age=0, must-revalidate",
	"no-cache, no-store, max-age=0, no-transform, private",
	`private="set-cookie, x-foo", no-cache="Set-Cookie"`,
	`max-age="60", MAX-AGE=5, x-ext=1`,
	"max-age=99999999999999999999999, max-age=-1",
	`ext="a\"b\\c", x`,
	`private="unterminated`,
	"=, ,,, @@@, max-age = 60 junk",
	"public, max-age=31536000, immutable",
	"s-maxage=1, stale-while-revalidate=59",
	"",
}

func FuzzParseCacheControl(f *testing.F) {
	for _, s := range cacheControlSeeds {
		f.Add(s, "no-store")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		d := ParseCacheControl(a, b)
		for _, x := range d.List() {
			if x.Name == "" || !isToken(x.Name) || x.Name != strings.ToLower(x.Name) {
				t.Fatalf("bad directive name %q from %q, %q", x.Name, a, b)
			}
			d.Seconds(x.Name)
			d.Fields(x.Name)
			d.Conflicting(x.Name)
			d.Unqualified(x.Name)
		}
		canon := d.String()
		again := ParseCacheControl(canon)
		if !reflect.DeepEqual(again.List(), d.List()) && !(again.Len() == 0 && d.Len() == 0) {
			t.Fatalf("round trip of %q, %q via %q:\n got %#v\nwant %#v", a, b, canon, again.List(), d.List())
		}
		if again.String() != canon {
			t.Fatalf("String is not canonical: %q then %q", canon, again.String())
		}
		ParseSurrogateControl(a, b)
	})
}

func FuzzParseTargeted(f *testing.F) {
	for _, s := range []string{
		"max-age=60", "public, durable, s-maxage=3600", `private="set-cookie"`,
		"no-store=?0, max-age=1.5;p=1", "none", "Max-Age=60", "a=(b c);d, e=:aGk=:", "max-age=60,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseTargeted(s)
		if !ok && d.Len() != 0 {
			t.Fatalf("invalid field %q returned directives", s)
		}
		for _, x := range d.List() {
			p := sfParser{s: x.Name}
			if k, ok := p.key(); !ok || k != x.Name {
				t.Fatalf("directive name %q from %q is not an sf key", x.Name, s)
			}
		}
	})
}

func FuzzCacheStatus(f *testing.F) {
	for _, s := range []string{
		"ExampleCache; hit",
		"ExampleCache; hit; ttl=-412",
		"ExampleCache; fwd=stale; fwd-status=304",
		`OriginCache; hit; ttl=1100, "CDN Company Here"; hit; ttl=545`,
		`"Netlify Durable"; fwd=stale; ttl=31534724; stored, "Netlify Edge"; fwd=miss`,
		`C; key="/a?b"; detail=MEMORY; collapsed=?0`,
		"(a b);x, 1.5, :aGk=:, ?1",
		`"A; hit`, "A; hit,", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries, ok := ParseCacheStatus(s)
		if !ok && entries != nil {
			t.Fatalf("invalid field %q returned entries", s)
		}
		for _, e := range entries {
			if st := e.State(); st == Unknown || int(st) >= len(stateNames) {
				t.Fatalf("entry %+v has state %v", e, st)
			}
		}
		st := Served(har.Headers{{Name: "Cache-Status", Value: s}})
		if (st.State == Unknown) != (st.Header == "") {
			t.Fatalf("Served(%q) = %+v", s, st)
		}
	})
}

func FuzzParseHTTPDate(f *testing.F) {
	for _, s := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
		"thu, 01 jan 1970 00:00:00 gmt", "0", "-1", "Sun, 06 Nov 1994 08:49:37 PST",
	} {
		f.Add(s)
	}
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseHTTPDate(s, ref)
		if !ok {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseHTTPDate(%q) not in UTC: %v", s, got)
		}
		again, ok := ParseHTTPDate(got.Format(layoutIMF), ref)
		if !ok || !again.Equal(got) {
			t.Fatalf("ParseHTTPDate(%q) = %v does not survive IMF formatting (%v, %v)", s, got, again, ok)
		}
	})
}

func FuzzServed(f *testing.F) {
	for _, p := range [][2]string{
		{"X-Cache", "Hit from cloudfront"}, {"X-Cache", "MISS, HIT"}, {"cf-cache-status", "DYNAMIC"},
		{"Akamai-Cache-Status", "Miss from child, Hit from parent"}, {"X-Cache", "TCP_REFRESH_FAIL_HIT from a1.deploy.akamaitechnologies.com"},
		{"x-vercel-cache", "PRERENDER"}, {"X-Varnish", "99421895 95975991, 538740423"}, {"Age", "10, 0"},
		{"X-Cache-Status", "hit-front"}, {"CDN-Cache", "HIT"}, {"X-Cache-Hits", "0, 3"},
	} {
		f.Add(p[0], p[1], "X-Served-By", "cache-iad2127-IAD")
	}
	f.Fuzz(func(t *testing.T, n1, v1, n2, v2 string) {
		h := har.Headers{{Name: n1, Value: v1}, {Name: n2, Value: v2}}
		st := Served(h)
		if int(st.State) >= len(stateNames) || int(st.Vendor) >= len(vendorNames) {
			t.Fatalf("Served(%v) = %+v", h, st)
		}
		if (st.State == Unknown) != (st.Header == "") || st.Header != strings.ToLower(st.Header) {
			t.Fatalf("Served(%v) = %+v", h, st)
		}
		DetectVendor(h)
		VaryCovers(h, "cookie")
	})
}

func FuzzSharedStorable(f *testing.F) {
	f.Add("GET", 200, "public, max-age=300", "max-age=60", "Thu, 01 Dec 1994 16:00:00 GMT", uint8(0))
	f.Add("POST", 404, `private="set-cookie"`, "", "0", uint8(2))
	f.Add("GET", 200, "no-cache", "none", "", uint8(4))
	f.Fuzz(func(t *testing.T, method string, status int, cc, cdn, expires string, vendor uint8) {
		e := &har.Entry{
			Request: har.Request{Method: method, URL: testURL},
			Response: &har.Response{Status: status, Headers: hdrs(
				"Date", testDate, "Cache-Control", cc, "CDN-Cache-Control", cdn,
				"Vercel-CDN-Cache-Control", cdn, "Surrogate-Control", cdn, "Expires", expires,
				"Last-Modified", expires, "Content-Location", "/api/me")},
		}
		v := Vendor(vendor % uint8(len(vendorNames)))
		d := SharedStorable(e, v)
		if d.Reason == "" || strings.HasSuffix(d.Reason, ".") {
			t.Fatalf("bad reason %q", d.Reason)
		}
		if !d.Storable && (d.Explicit || d.TTL != 0 || d.Heuristic) {
			t.Fatalf("not storable but %+v", d)
		}
		if d.TTL < 0 || d.TTL > maxDeltaSeconds*time.Second {
			t.Fatalf("TTL out of range: %v", d.TTL)
		}
	})
}

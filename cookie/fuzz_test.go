package cookie

import (
	"reflect"
	"strings"
	"testing"
)

// setCookieSeeds are Set-Cookie lines copied from the HARs of
// /work/shared/corpus/hars (file named in the comment) plus auth-library
// lines, so the fuzzer starts from what servers really send.
var setCookieSeeds = []string{
	"NID=511=GucqA046Qx8EhD7nja8JR3-7O5xoGi3; expires=Sat, 10-Feb-2024 16:28:43 GMT; path=/; domain=.google.com; HttpOnly",                       // alta-proxy
	"cf_use_ob=0; path=/; expires=Sun, 07-Aug-22 16:57:53 GMT",                                                                                   // chrome-devtools-all-status-methods
	"auth=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",                                                                                               // chrome-devtools-all-status-methods
	"s_vi=[CS]v1|2B3B5837850118EB-6000010EC0045DA9[CE]; Expires=Tue, 19 Dec 2017 13:43:38 GMT; Domain=bbc.com; Path=/",                           // chrome-devtools-bbc-cookies
	"rdk=12198/52926; Domain=.rubiconproject.com; Path=/; Expires=Sun, 20-Dec-2015 13:44:39 GMT; Max-Age=60",                                     // chrome-devtools-bbc-cookies
	"btc=UTXAVEzG8dHIu3z-gzglE0;Path=/;Expires=Mon, 27 Mar 2028 08:53:29 GMT;Max-Age=315576000",                                                  // chrome-har-0.2.2-304-cookies
	"WMF-Uniq=M2xA1AaHn7ni_j55T1CNsgNeAAEBAFvd;Domain=.wikipedia.org;Path=/;HttpOnly;secure;SameSite=None;Expires=Wed, 12 May 2027 00:00:00 GMT", // chrome-har-1.3.0-chrome148
	"tryThing00=8792; Domain=.cnn.com; Path=/; Expires=Sun Apr 01 2018 00:00:00 GMT",                                                             // chrome-har-capturer-0.10.3-cnn
	"MUID=0402559BCFE66D2D3B9B5EA2CBE66E45; domain=.bing.com; expires=Sat, 08-Dec-2018 12:03:01 GMT; path=/;",                                    // chrome-har-capturer-0.10.3-cnn
	"ASP.NET_SessionId=ntk20l55nhr11v45vbrmqo45; path=/; HttpOnly",                                                                               // fiddler-2.3.3.5-no-pages
	"vmidv1=9faf31ab-1415-4b90-b367-24b670205f41;Expires=Tue, 15 Jun 2027 21:41:24 GMT;Domain=theverge.com;Path=/;SameSite=Lax;Secure",           // playwright-1.23-redirect-cookies
	"__Secure-next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def.ghi; Path=/; Expires=Fri, 31 May 2024 12:00:00 GMT; HttpOnly; Secure; SameSite=Lax",
	"__Host-authjs.csrf-token=abc%7Cdef; Path=/; HttpOnly; Secure; SameSite=Lax",
	"appSession.0=eyJhbGciOiJkaXIi; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=86400",
	"__session=; Max-Age=0; Path=/",
	"token",
	"=a=b; Domain=.; Path=x; Max-Age=-",
	"a=b;;;Secure=1;SameSite=bogus;Partitioned",
}

func FuzzParseSetCookie(f *testing.F) {
	for _, s := range setCookieSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := ParseSetCookie(line)
		if err != nil {
			return
		}
		if strings.ContainsRune(c.Name, ';') || strings.ContainsRune(c.Value, ';') {
			t.Fatalf("name %q or value %q holds ';'", c.Name, c.Value)
		}
		if strings.ContainsRune(c.Name, '=') {
			t.Fatalf("name %q holds '='", c.Name)
		}
		if c.Name == "" && c.Value == "" {
			t.Fatalf("accepted a cookie with neither name nor value: %q", line)
		}
		switch c.SameSite {
		case "", "Strict", "Lax", "None":
		default:
			t.Fatalf("SameSite = %q", c.SameSite)
		}
		if c.Path != "" && c.Path[0] != '/' {
			t.Fatalf("Path = %q", c.Path)
		}
		out := c.String()
		again, err := ParseSetCookie(out)
		if err != nil {
			t.Fatalf("re-parsing %q (from %q): %v", out, line, err)
		}
		c.Raw, again.Raw = "", ""
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("round trip of %q via %q\n got %+v\nwant %+v", line, out, again, c)
		}
	})
}

func FuzzParseCookieHeader(f *testing.F) {
	for _, s := range []string{
		"_ga=GA1.2.1031955057.1453646506; _gat=1",                              // browsertime-1.0-chrome48-h2
		"auth=true; cf_ob_info=502:73718d0afaef8c9c:EWR; cf_use_ob=443",        // chrome-devtools-all-status-methods
		"ck1=ck1; rlas3=De2zSOiova6jDgC6H8XfKiHozVlA9ZCdi4AOXqM+dPk=",          // chrome-har-0.2.2-304-cookies
		"countryCode=BG; geoData=plovdiv|16|4000|BG|EU",                        // chrome-har-capturer-0.10.3-cnn
		"SessionID=190ea21e-9769; VisitorID=6618c6c1&Exp=7/7/2014 10:40:47 PM", // fiddler-2.3.3.5-no-pages
		"optimizelySegments=%7B%22170962340%22%3A%22false%22%7D",               // firebug-1.12-cnn-cookies
		"__Secure-next-auth.session-token.0=a; __Secure-next-auth.session-token.1=b; sid=1; sid=2",
		"token; =x; ;;a=\"q\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		pairs := ParseCookieHeader(v)
		var b strings.Builder
		for i, p := range pairs {
			if strings.ContainsRune(p.Name, ';') || strings.ContainsRune(p.Value, ';') || strings.ContainsRune(p.Name, '=') {
				t.Fatalf("bad pair %q from %q", p, v)
			}
			if p.Name == "" && p.Value == "" {
				t.Fatalf("empty pair from %q", v)
			}
			if p.Name != trimWSP(p.Name) || p.Value != trimWSP(p.Value) {
				t.Fatalf("untrimmed pair %q from %q", p, v)
			}
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(p.Name + "=" + p.Value)
		}
		again := ParseCookieHeader(b.String())
		if len(pairs) != len(again) || (len(pairs) > 0 && !reflect.DeepEqual(pairs, again)) {
			t.Fatalf("round trip of %q via %q: %q != %q", v, b.String(), again, pairs)
		}
	})
}

func FuzzSplitSetCookie(f *testing.F) {
	f.Add("a=1\nb=2", "c=3")
	f.Add("visitorId=-1; Expires=Thu, 16-Mar-2079 02:51:03 GMT\r\nntad=@4|e", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, line := range SplitSetCookie([]string{a, b}) {
			if line == "" || strings.ContainsRune(line, '\n') || line != strings.TrimSpace(line) {
				t.Fatalf("bad line %q", line)
			}
		}
	})
}

package rules

import (
	"slices"
	"testing"
)

// nav is a top-level navigation as Chrome records it.
func nav(url string) testEntry {
	return testEntry{url: url, req: [][2]string{{"sec-fetch-mode", "navigate"}, {"sec-fetch-dest", "document"}}}
}

// sub is a subresource request of a page.
func sub(url string) testEntry {
	return testEntry{url: url, req: [][2]string{{"sec-fetch-mode", "no-cors"}, {"sec-fetch-dest", "script"}}}
}

func TestScopeSites(t *testing.T) {
	login := nav("https://app.example.com/api/auth/login")
	login.status = 302
	login.resp = [][2]string{{"location", "https://tenant.eu.auth0.com/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback&state=xyz"}}
	authorize := testEntry{url: "https://tenant.eu.auth0.com/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback&state=xyz"}
	frame := testEntry{url: "https://ads.example.net/frame.html", req: [][2]string{{"sec-fetch-mode", "navigate"}, {"sec-fetch-dest", "iframe"}}}
	widget := sub("https://www.social.example/connect/ping?client_id=1&redirect_uri=https%3A%2F%2Fstatic.social.example%2Fxd")
	api := sub("https://api.example-backend.io/v1/me")
	api.req = append(api.req, [2]string{"authorization", "Bearer abc"})
	tests := []struct {
		name    string
		entries []testEntry
		want    []string
	}{
		{"navigation and its redirect to the identity provider",
			[]testEntry{login, authorize, sub("https://cdn.tracker.example/t.js"), frame},
			[]string{"auth0.com", "example.com"}},
		{"a widget's own authorization ping is not the app's identity provider",
			[]testEntry{nav("https://news.example.com/"), widget},
			[]string{"example.com"}},
		{"a host that receives an Authorization header",
			[]testEntry{nav("https://app.example.com/"), api},
			[]string{"example-backend.io", "example.com"}},
		{"no navigation: the site with the most entries",
			[]testEntry{{url: "http://marker.example/start.js"}, {url: "https://www.shop.example/"}, {url: "https://static.shop.example/a.css"}, {url: "https://ads.example.net/x"}},
			[]string{"shop.example"}},
		{"a frame navigation is not the app", []testEntry{nav("https://news.example.com/"), frame}, []string{"example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}}, tt.entries...)
			if !slices.Equal(res.AppSites, tt.want) {
				t.Errorf("AppSites = %v, want %v", res.AppSites, tt.want)
			}
		})
	}
}

func TestScopeLeavesOutThirdParties(t *testing.T) {
	tracker := sub("https://pixel.tracker.example/sync")
	tracker.resp = [][2]string{{"cache-control", "public, max-age=3600"}}
	tracker.setCookies = []string{"uid=abc123; Path=/; Max-Age=31536000"}
	own := sub("https://news.example.com/assets/app.js")
	own.resp = [][2]string{{"cache-control", "public, max-age=3600"}}
	own.setCookies = []string{"ab=b; Path=/"}
	entries := []testEntry{nav("https://news.example.com/"), tracker, tracker, own}

	res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}}, entries...)
	if len(res.Findings) != 1 || res.Findings[0].Entries[0].Index != 3 {
		t.Fatalf("findings = %+v, want only the app's own entry 3", res.Findings)
	}
	if res.LeftOut == nil || *res.LeftOut != (LeftOut{Findings: 1, Responses: 2, Sites: 1}) {
		t.Errorf("LeftOut = %+v, want 1 finding about 2 responses on 1 site", res.LeftOut)
	}

	res = testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}, IncludeThirdParty: true}, entries...)
	if len(res.Findings) != 2 || res.LeftOut != nil {
		t.Errorf("with IncludeThirdParty: %d findings, LeftOut %+v; want 2 and none", len(res.Findings), res.LeftOut)
	}
}

func TestScopeKeepsSessionReceivers(t *testing.T) {
	// A host of another site that the app's session cookie reaches is the
	// app's too (a first-party API on another domain).
	page := nav("https://app.example.com/")
	page.cookie = "next-auth.session-token=abc.def.ghi"
	other := sub("https://api.example-backend.io/v1/me")
	other.cookie = "next-auth.session-token=abc.def.ghi"
	res := testAnalyze(t, Options{Rules: []*Rule{CacheableSetCookie}}, page, other)
	if !slices.Equal(res.AppSites, []string{"example-backend.io", "example.com"}) {
		t.Errorf("AppSites = %v", res.AppSites)
	}
}

package rules

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/cookie"
)

func TestWhyNotSent(t *testing.T) {
	set := func(rawURL, line string, at time.Time) cookieSet {
		u, err := url.Parse(rawURL)
		if err != nil {
			t.Fatal(err)
		}
		sc, perr := cookie.ParseSetCookie(line)
		return cookieSet{sc: SetCookie{SetCookie: sc, Line: line, Err: perr}, url: u, at: at, entry: 3}
	}
	req := func(method, rawURL, site string, age time.Duration) *Exchange {
		e := testEntry{method: method, url: rawURL, start: testStart.Add(age),
			req: [][2]string{{"user-agent", chromeUA}, {"sec-fetch-mode", "navigate"}, {"sec-fetch-dest", "document"}}}
		if site != "" {
			e.req = append(e.req, [2]string{"sec-fetch-site", site})
		}
		return testExchange(t, e)
	}
	const app = "https://app.example.com/api/auth/signin/x"
	big := "big=" + strings.Repeat("v", 4100) + "; Path=/"
	tests := []struct {
		name, setURL, line  string
		method, url, site   string
		age                 time.Duration
		cause, rule, phrase string // cause "" = nothing explains it
	}{
		{"sent normally", app, "s=1; Path=/; Secure; SameSite=Lax", "GET", "https://app.example.com/api/auth/callback/x", "cross-site", time.Second, "", "", ""},
		{"form_post with Lax", app, "s=1; Path=/; Secure; SameSite=Lax", "POST", "https://app.example.com/api/auth/callback/x", "cross-site", time.Second, "samesite", "", "cross-site POST"},
		{"same-site form_post with Lax", app, "s=1; Path=/; Secure; SameSite=Lax", "POST", "https://app.example.com/api/auth/callback/x", "same-site", time.Second, "", "", ""},
		{"form_post with None", app, "s=1; Path=/; Secure; SameSite=None", "POST", "https://app.example.com/api/auth/callback/x", "cross-site", time.Second, "", "", ""},
		{"Strict on a cross-site GET", app, "s=1; Path=/; Secure; SameSite=Strict", "GET", "https://app.example.com/api/auth/callback/x", "cross-site", time.Second, "samesite", "", "SameSite=Strict"},
		{"no SameSite, POST within 2 minutes", app, "s=1; Path=/; Secure", "POST", "https://app.example.com/api/auth/callback/x", "cross-site", time.Minute, "", "", ""},
		{"no SameSite, POST after 2 minutes", app, "s=1; Path=/; Secure", "POST", "https://app.example.com/api/auth/callback/x", "cross-site", 3 * time.Minute, "samesite", "", "2 minutes"},
		{"expired", app, "s=1; Path=/; Max-Age=900", "GET", "https://app.example.com/api/auth/callback/x", "cross-site", 20 * time.Minute, "expired", "", "Max-Age=900"},
		{"host-only on www, callback on apex", "https://www.example.com/login", "s=1; Path=/", "GET", "https://example.com/callback", "cross-site", time.Second, "host", "", `belongs to "www.example.com" alone`},
		{"Domain covers both", "https://www.example.com/login", "s=1; Path=/; Domain=example.com", "GET", "https://example.com/callback", "cross-site", time.Second, "", "", ""},
		{"Domain does not cover the request", "https://a.app.example.com/login", "s=1; Path=/; Domain=a.app.example.com", "GET", "https://b.app.example.com/callback", "cross-site", time.Second, "domain", "", "does not cover"},
		{"Path of the sign-in route", app, "s=1; Path=/api/auth/signin", "GET", "https://app.example.com/api/auth/callback/x", "cross-site", time.Second, "path", "", `Path "/api/auth/signin"`},
		{"default path", "https://app.example.com/api/auth/callback/x", "s=1", "GET", "https://app.example.com/dashboard", "same-origin", time.Second, "path", "", "no Path attribute"},
		{"Secure over http", "https://app.example.com/login", "s=1; Path=/; Secure", "GET", "http://app.example.com/callback", "cross-site", time.Second, "secure", "", "plain http"},
		{"foreign Domain", app, "s=1; Path=/; Domain=example.org", "GET", "https://app.example.com/", "same-origin", time.Second, "rejected-domain", "cookie-rejected", `Domain "example.org" does not domain-match`},
		{"public suffix Domain", "https://app.github.io/login", "s=1; Path=/; Domain=github.io", "GET", "https://app.github.io/", "same-origin", time.Second, "rejected-domain", "cookie-rejected", "public suffix"},
		{"Secure from http", "http://app.example.com/login", "s=1; Path=/; Secure", "GET", "http://app.example.com/", "same-origin", time.Second, "rejected", "cookie-rejected", "plain http"},
		{"too large", app, big, "GET", "https://app.example.com/", "same-origin", time.Second, "rejected", "oversized-cookie", "4103 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := set(tt.setURL, tt.line, testStart)
			got, ok := whyNotSent(c, req(tt.method, tt.url, tt.site, tt.age))
			if tt.cause == "" {
				if ok {
					t.Fatalf("whyNotSent = %+v, want no reason", got)
				}
				return
			}
			if !ok || got.cause != tt.cause || !strings.Contains(got.why, tt.phrase) || tt.rule != "" && got.rule != tt.rule {
				t.Fatalf("whyNotSent = %+v (%v), want cause %q, rule %q, phrase %q", got, ok, tt.cause, tt.rule, tt.phrase)
			}
		})
	}
}

package rules

import (
	"net/url"
	"strings"
	"testing"

	"github.com/authlint/authlint/cookie"
)

func TestCookieRejection(t *testing.T) {
	tests := []struct {
		name, url, line string
		want            cookieProblem // "" = stored
	}{
		{"host-only cookie", "https://app.example.com/", "sid=a; Path=/; Secure; HttpOnly", ""},
		{"parent domain", "https://app.example.com/", "sid=a; Domain=example.com; Secure", ""},
		{"leading dot parent domain", "https://app.example.com/", "sid=a; Domain=.example.com; Secure", ""},
		{"production domain from a preview host", "https://my-app-git-x.vercel.app/", "sid=a; Domain=example.com; Secure", problemDomainMismatch},
		{"sibling host", "https://app.example.com/", "sid=a; Domain=api.example.com; Secure", problemDomainMismatch},
		{"production domain from an internal IP", "http://10.0.3.7:3000/", "sid=a; Domain=example.com", problemDomainMismatch},
		{"private public suffix", "https://my-app.vercel.app/", "sid=a; Domain=vercel.app; Secure", problemPublicSuffix},
		{"ICANN public suffix", "https://app.example.co.uk/", "sid=a; Domain=co.uk; Secure", problemPublicSuffix},
		{"a %-escape in Domain", "https://app.example.com/", "sid=a; Domain=ex%61mple.com; Secure", problemDomainEscape},
		{"Secure over http", "http://app.example.com/", "sid=a; Secure", problemSecureOverHTTP},
		{"Secure over http://localhost", "http://localhost:3000/", "sid=a; Secure", ""},
		{"Domain is checked before Secure", "http://preview.example.net/", "sid=a; Domain=example.com; Secure", problemDomainMismatch},
		{"__Host- with Domain", "https://app.example.com/", "__Host-sid=a; Secure; Path=/; Domain=app.example.com", problemPrefix},
		{"__Secure- without Secure", "https://app.example.com/", "__Secure-sid=a; Path=/", problemPrefix},
		{"SameSite=None without Secure", "https://app.example.com/", "sid=a; SameSite=None", problemSameSiteNone},
		{"SameSite=None with Secure", "https://app.example.com/", "sid=a; SameSite=None; Secure", ""},
		{"control character", "https://app.example.com/", "sid=a\x01b; Path=/", problemInvalidChar},
		{"over 4096 bytes", "https://app.example.com/", "sid=" + strings.Repeat("a", 4094), problemTooLarge},
		{"exactly 4096 bytes", "https://app.example.com/", "sid=" + strings.Repeat("a", 4093), ""},
		{"empty line", "https://app.example.com/", "; Path=/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			c := parsedSetCookie(t, tt.line)
			pr, ok := cookieRefusal(u, c)
			if ok != (tt.want != "") || pr.kind != tt.want {
				t.Fatalf("cookieRefusal = %q, %v; want %q", pr.kind, ok, tt.want)
			}
			// cookieRejection keeps to Secure, prefixes and SameSite.
			pr2, ok2 := cookieRejection(u, c)
			switch tt.want {
			case problemSecureOverHTTP, problemPrefix, problemSameSiteNone:
				if !ok2 || pr2.kind != tt.want {
					t.Errorf("cookieRejection = %q, %v; want %q", pr2.kind, ok2, tt.want)
				}
			case "":
				if ok2 {
					t.Errorf("cookieRejection = %q for a stored cookie", pr2.kind)
				}
			}
			if ok && (pr.why == "" || !isRejection(pr.kind) || refusedBecause(pr) == "") {
				t.Errorf("rejection %+v lacks a why or phrase", pr)
			}
		})
	}
}

func TestCookieRejectedRule(t *testing.T) {
	const cb = "https://preview.example.net/api/auth/callback/github"
	const line = "next-auth.session-token=tok1; Domain=example.com; Path=/; HttpOnly; Secure"
	t.Run("later requests without the cookie confirm it", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: cb, status: 302, setCookies: []string{line}},
			testEntry{url: "https://preview.example.net/", cookie: "theme=dark"},
			testEntry{url: "https://preview.example.net/api/auth/session", cookie: "theme=dark"},
			testEntry{url: "https://other.example.org/", cookie: "a=b"}, // would not carry it
		)
		if len(got) != 1 || got[0].Severity != High || len(got[0].Entries) != 3 {
			t.Fatalf("want one high finding with the setter and two requests, got %+v", got)
		}
		f := got[0]
		if !strings.Contains(f.Message, "both later requests") || f.Key != "next-auth.session-token:domain-mismatch" {
			t.Errorf("message %q key %q", f.Message, f.Key)
		}
		if !strings.Contains(f.Fix.Message, "cookies.sessionToken.options") {
			t.Errorf("fix %q does not name the NextAuth option", f.Fix.Message)
		}
		if strings.Contains(f.Evidence[0].Value, "tok1") {
			t.Errorf("evidence leaks the value: %q", f.Evidence[0].Value)
		}
	})
	t.Run("a later request with the value set contradicts it", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "https://portal.example.com/api/auth/callback", setCookies: []string{"appSession=v1; Path=/; HttpOnly; SameSite=None"}},
			testEntry{url: "https://portal.example.com/", cookie: "appSession=v1"},
		)
		if len(got) != 0 {
			t.Fatalf("the browser sent the cookie back, want no finding: %+v", got)
		}
	})
	t.Run("an older value of the name is not the cookie", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "http://staging.example.com/api/auth/callback/credentials", setCookies: []string{"__Secure-next-auth.session-token=new; Path=/; Secure"}},
			testEntry{url: "http://staging.example.com/", cookie: "__Secure-next-auth.session-token=old"},
		)
		if len(got) != 1 || got[0].Severity != High || !strings.Contains(got[0].Message, "1 sent an older value") || len(got[0].Evidence) != 2 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("no later request: medium, and says so", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "https://preview.example.net/other", cookie: "x=y"},
			testEntry{url: cb, setCookies: []string{line}},
		)
		if len(got) != 1 || got[0].Severity != Medium || !strings.Contains(got[0].Message, "does not show the loss") || got[0].ReliesOn == "" {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("a request without a Cookie header in a HAR with Set-Cookie headers shows it", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: cb, setCookies: []string{line}},
			testEntry{url: "https://preview.example.net/"},
		)
		if len(got) != 1 || got[0].Severity != High {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("a path the later request is not under does not count", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "https://preview.example.net/api/auth/callback/github", setCookies: []string{"next-auth.state=s; Domain=example.com; Path=/api/auth/callback"}},
			testEntry{url: "https://preview.example.net/dashboard", cookie: "theme=dark"},
		)
		if len(got) != 1 || got[0].Severity != Medium {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("refusals of one cookie are counted on one finding", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: cb, setCookies: []string{line}},
			testEntry{url: "https://preview.example.net/", cookie: "theme=dark"},
			testEntry{url: cb, setCookies: []string{strings.Replace(line, "tok1", "tok2", 1)}},
			testEntry{url: "https://preview.example.net/", cookie: "theme=dark"},
		)
		if len(got) != 1 || !strings.Contains(got[0].Message, "set 2 times") {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("other cookies: low with evidence, silent without", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "http://shop.example.com/", setCookies: []string{"cart=1; Secure", "theme=dark; SameSite=None"}},
			testEntry{url: "http://shop.example.com/basket", cookie: "theme=dark"},
		)
		if len(got) != 1 || got[0].Severity != Low || !strings.Contains(got[0].Message, `"cart"`) {
			t.Fatalf("want only cart, low: %+v", got)
		}
	})
	t.Run("a control character drops the line", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "https://app.example.com/api/auth/signin", setCookies: []string{"next-auth.csrf-token=a\x07b; Path=/"}},
			testEntry{url: "https://app.example.com/api/auth/callback/github", cookie: "x=y"},
		)
		if len(got) != 1 || !strings.Contains(got[0].Message, `cookie "next-auth.csrf-token"`) || !strings.Contains(got[0].Message, "control character") {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("deletions, oversized and stored cookies are not reported", func(t *testing.T) {
		got := testFindings(t, CookieRejected,
			testEntry{url: "https://preview.example.net/api/auth/signout", setCookies: []string{
				"next-auth.session-token=; Domain=example.com; Path=/; Max-Age=0",
				"next-auth.csrf-token=" + strings.Repeat("a", 5000) + "; Path=/",
				"next-auth.callback-url=%2F; Path=/"}},
			testEntry{url: "https://preview.example.net/", cookie: "next-auth.callback-url=%2F"},
		)
		if len(got) != 0 {
			t.Fatalf("got %+v", got)
		}
	})
}

// TestRefusalRule checks that every refusal's why keeps its rule when the
// consequence for a stored value is cut off for a deletion.
func TestRefusalRule(t *testing.T) {
	u, _ := url.Parse("http://app.example.com/logout")
	for _, line := range []string{
		"s=; Domain=example.org; Max-Age=0",
		"s=; Domain=com; Max-Age=0",
		"s=; Secure; Max-Age=0",
		"__Host-s=; Domain=app.example.com; Path=/; Secure; Max-Age=0",
		"s=; SameSite=None; Max-Age=0",
	} {
		sc, err := cookie.ParseSetCookie(line)
		if err != nil {
			t.Fatal(err)
		}
		pr, ok := cookieRefusal(u, SetCookie{SetCookie: sc, Line: line})
		if !ok {
			t.Fatalf("%s: not refused", line)
		}
		rule := refusalRule(pr.why)
		if rule == pr.why || strings.Contains(rule, "never stored") || !strings.HasPrefix(pr.why, rule) {
			t.Errorf("%s: rule %q of why %q", line, rule, pr.why)
		}
	}
}

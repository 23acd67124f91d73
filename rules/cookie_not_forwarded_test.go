package rules

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
	"github.com/authlint/authlint/httpcache"
)

// flowCloudFront are the response headers of a CloudFront miss.
var flowCloudFront = [][2]string{
	{"via", "1.1 3f2a9c0b1d4e5f60718293a4b5c6d7e8.cloudfront.net (CloudFront)"},
	{"x-cache", "Miss from cloudfront"},
	{"x-amz-cf-id", "q1Zr7Xh0m3E2bVtY9nKpL4sAa8cD6fGhJkLmNoPq=="},
}

const flowTxnState = "Xq3v9LmP2sTn8RwK4yBzC1dF6gHjA0eU5iOoQ7rS9tV"

func TestCookieNotForwardedBranches(t *testing.T) {
	v4cb := "https://app.example.com/auth/callback?code=abc123&state=" + flowTxnState
	tests := []struct {
		name    string
		entry   testEntry
		wantSev Severity // 0: silent
		want    string   // substring of the message
	}{
		{
			name: "nextjs-auth0 v4 invalid state behind CloudFront",
			entry: testEntry{url: v4cb, status: 500, mime: "text/plain", body: "The state parameter is invalid.",
				cookie: "__txn_" + flowTxnState + "=eyJhbGciOiJkaXIifQ..a.b.c", resp: flowCloudFront},
			wantSev: High, want: `"__txn_*"`,
		},
		{
			name: "nextjs-auth0 v4 invalid state without CDN",
			entry: testEntry{url: v4cb, status: 500, mime: "text/plain", body: "The state parameter is invalid.",
				cookie: "__txn_" + flowTxnState + "=eyJhbGciOiJkaXIifQ..a.b.c"},
			wantSev: Medium, want: "The state parameter is invalid.",
		},
		{
			name: "nextjs-auth0 v4 cookie for another state",
			entry: testEntry{url: v4cb, status: 500, mime: "text/plain", body: "The state parameter is invalid.",
				cookie: "__txn_otherstate0123456789=eyJhbGciOiJkaXIifQ..a.b.c", resp: flowCloudFront},
		},
		{
			name: "nextjs-auth0 v4 bodiless 500 behind CloudFront",
			entry: testEntry{url: v4cb, status: 500,
				cookie: "__txn_" + flowTxnState + "=eyJhbGciOiJkaXIifQ..a.b.c", resp: flowCloudFront},
			wantSev: Medium, want: "status 500",
		},
		{
			name: "no transaction cookie sent",
			entry: testEntry{url: v4cb, status: 500, mime: "text/plain", body: "The state parameter is invalid.",
				cookie: "_ga=GA1.1.1.1", resp: flowCloudFront},
		},
		{
			name: "only a CSRF cookie sent",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/github?code=a&state=b", status: 302,
				cookie: "__Host-next-auth.csrf-token=abc%7Cdef",
				resp:   append([][2]string{{"location", "https://app.example.com/api/auth/error?error=OAuthCallback"}}, flowCloudFront...)},
		},
		{
			name: "nextjs-auth0 v3 rendered error without CDN",
			entry: testEntry{url: "https://app.example.com/api/auth/callback?code=a&state=b", status: 400,
				body:   "Callback handler failed. CAUSE: Missing state cookie from login request (check login URL, callback URL and cookie config).",
				cookie: "auth_verification=%7B%7D.sig"},
			wantSev: Medium, want: "Missing state cookie from login request",
		},
		{
			name: "nextjs-auth0 v3 bare 400 without CDN",
			entry: testEntry{url: "https://app.example.com/api/auth/callback?code=a&state=b", status: 400,
				cookie: "auth_verification=%7B%7D.sig"},
		},
		{
			name: "nextjs-auth0 v3 bare 400 behind CloudFront",
			entry: testEntry{url: "https://app.example.com/api/auth/callback?code=a&state=b", status: 400,
				cookie: "auth_verification=%7B%7D.sig", resp: flowCloudFront},
			wantSev: Medium, want: "status 400",
		},
		{
			name: "NextAuth v4 OAuthCallback behind CloudFront",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/github?code=a&state=b", status: 302,
				cookie: "__Secure-next-auth.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   append([][2]string{{"location", "https://app.example.com/api/auth/error?error=OAuthCallback"}}, flowCloudFront...)},
			wantSev: Medium, want: "error=OAuthCallback",
		},
		{
			name: "NextAuth v4 error=Callback is after the checks passed",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/github?code=a&state=b", status: 302,
				cookie: "__Secure-next-auth.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   append([][2]string{{"location", "https://app.example.com/api/auth/error?error=Callback"}}, flowCloudFront...)},
		},
		{
			name: "Auth.js v5 Configuration behind CloudFront",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/github?code=a&state=b", status: 302,
				cookie: "__Secure-authjs.pkce.code_verifier=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   append([][2]string{{"location", "https://app.example.com/api/auth/error?error=Configuration"}}, flowCloudFront...)},
			wantSev: Medium, want: "Auth.js v5",
		},
		{
			name: "Auth.js v5 Configuration on Vercel",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/github?code=a&state=b", status: 302,
				cookie: "__Secure-authjs.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   [][2]string{{"location", "https://app.example.com/api/auth/error?error=Configuration"}, {"x-vercel-cache", "MISS"}, {"server", "Vercel"}}},
		},
		{
			name: "NextAuth log text rendered by a custom page",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/google?code=a&state=b", status: 500,
				body:   "OAuthCallbackError: State cookie was missing.",
				cookie: "next-auth.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   [][2]string{{"server", "Vercel"}, {"x-vercel-id", "fra1::abc"}}},
			wantSev: High, want: "State cookie was missing",
		},
		{
			name: "@auth/core 0.35.3 and later: lower-case state message",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/google?code=a&state=b", status: 500,
				body:   "[auth][error] InvalidCheck: state cookie was missing. Read more at https://errors.authjs.dev#invalidcheck",
				cookie: "authjs.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   [][2]string{{"server", "Vercel"}, {"x-vercel-id", "fra1::abc"}}},
			wantSev: High, want: `failed with "state cookie was missing"`,
		},
		{
			name: "@auth/core 0.35.3 and later: pkceCodeVerifier message",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/google?code=a&state=b", status: 500,
				body:   "InvalidCheck: pkceCodeVerifier cookie was missing.",
				cookie: "authjs.pkce.code_verifier=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   [][2]string{{"server", "Vercel"}, {"x-vercel-id", "fra1::abc"}}},
			wantSev: High, want: "pkceCodeVerifier cookie was missing",
		},
		{
			name: "@auth/core value could not be parsed on Vercel: also a cookie that did not decode",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/google?code=a&state=b", status: 500,
				body:   "[auth][error] InvalidCheck: state value could not be parsed. Read more at https://errors.authjs.dev#invalidcheck",
				cookie: "authjs.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   [][2]string{{"server", "Vercel"}, {"x-vercel-id", "fra1::abc"}}},
		},
		{
			name: "@auth/core value could not be parsed behind CloudFront",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/google?code=a&state=b", status: 500,
				body:   "[auth][error] InvalidCheck: state value could not be parsed. Read more at https://errors.authjs.dev#invalidcheck",
				cookie: "authjs.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   flowCloudFront},
			wantSev: Medium, want: `failed with "state value could not be parsed"`,
		},
		{
			name: "identity provider error",
			entry: testEntry{url: "https://app.example.com/api/auth/callback/github?error=access_denied&state=b", status: 302,
				cookie: "next-auth.state=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   append([][2]string{{"location", "https://app.example.com/api/auth/error?error=OAuthCallback"}}, flowCloudFront...)},
		},
		{
			name: "callback served from cache",
			entry: testEntry{url: "https://app.example.com/callback?code=a&state=b", status: 302,
				cookie: "__txn_b=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   [][2]string{{"location", "/"}, {"x-cache", "Hit from cloudfront"}, {"via", "1.1 abc.cloudfront.net (CloudFront)"}}},
			wantSev: High, want: "answered from cache",
		},
		{
			name: "successful callback",
			entry: testEntry{url: v4cb, status: 307,
				cookie: "__txn_" + flowTxnState + "=eyJhbGciOiJkaXIifQ..a.b.c",
				resp:   append([][2]string{{"location", "/"}, {"set-cookie", "__session=eyJhbGciOiJkaXIifQ..a.b.c; Path=/; HttpOnly; Secure"}}, flowCloudFront...)},
		},
		{
			name: "not a callback",
			entry: testEntry{url: "https://app.example.com/dashboard", status: 500, mime: "text/plain", body: "The state parameter is invalid.",
				cookie: "__txn_" + flowTxnState + "=eyJhbGciOiJkaXIifQ..a.b.c", resp: flowCloudFront},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, CookieNotForwarded, tt.entry)
			if tt.wantSev == 0 {
				if len(fs) != 0 {
					t.Fatalf("want silence, got %q", fs[0].Message)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			f := fs[0]
			if f.Severity != tt.wantSev || !strings.Contains(f.Message, tt.want) {
				t.Errorf("got %s %q, want %s containing %q", f.Severity, f.Message, tt.wantSev, tt.want)
			}
			for _, ev := range f.Evidence {
				if strings.Contains(ev.Value, "eyJhbGciOiJkaXIifQ") {
					t.Errorf("evidence leaks a cookie value: %+v", ev)
				}
				if strings.Contains(ev.Name+ev.Value, flowTxnState) {
					t.Errorf("evidence leaks the state in a __txn_ cookie name: %+v", ev)
				}
			}
			if strings.Contains(f.Message, flowTxnState) {
				t.Errorf("message leaks the state: %q", f.Message)
			}
			if f.Fix.Message == "" {
				t.Error("empty fix")
			}
		})
	}
}

func TestCarriesTxnFor(t *testing.T) {
	mk := func(names ...string) []RequestCookie {
		var out []RequestCookie
		for _, n := range names {
			out = append(out, RequestCookie{Name: n, Value: "v", Known: true, Info: auth.CookieInfo{Kind: auth.CookieTransaction}})
		}
		return out
	}
	tests := []struct {
		name  string
		txn   []RequestCookie
		state string
		want  bool
	}{
		{"match", mk("__txn_abc"), "abc", true},
		{"match among several", mk("__txn_x", "__txn_abc"), "abc", true},
		{"other state", mk("__txn_x"), "abc", false},
		{"no state", mk("__txn_"), "", false},
		{"prefix only", mk("__txn_ab"), "abc", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carriesTxnFor(tt.txn, tt.state); got != tt.want {
				t.Errorf("carriesTxnFor = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResponseText(t *testing.T) {
	plain := "The state parameter is invalid."
	tests := []struct {
		name     string
		body     string
		encoding string
		limit    int
		want     string
	}{
		{"plain", plain, "", 1 << 10, plain},
		{"base64", base64.StdEncoding.EncodeToString([]byte(plain)), "base64", 1 << 10, plain},
		{"cut", plain, "", 9, plain[:9]},
		{"base64 cut", base64.StdEncoding.EncodeToString([]byte(plain + plain + plain)), "base64", 12, plain[:12]},
		{"bad base64", "!!!", "base64", 1 << 10, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := testExchange(t, testEntry{url: "https://app.example.com/", body: tt.body, encoding: tt.encoding})
			if got := responseText(x, tt.limit); got != tt.want {
				t.Errorf("responseText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCallbackParamsFormPost(t *testing.T) {
	x := testExchange(t, testEntry{method: "POST", url: "https://app.example.com/api/auth/callback"})
	x.Request.PostData = &har.PostData{MimeType: "application/x-www-form-urlencoded", Text: "code=abc&state=xyz"}
	if got := callbackParams(x).Get("state"); got != "xyz" {
		t.Errorf("state = %q, want xyz", got)
	}
}

func TestForwardCookiesFix(t *testing.T) {
	tests := []struct {
		vendor httpcache.Vendor
		want   []string
	}{
		{httpcache.VendorCloudFront, []string{"AllViewer", "CachingDisabled", "__txn_*", "legacy cache settings", "exact names only"}},
		{httpcache.VendorVarnish, []string{"return (pass)", "unset req.http.Cookie"}},
		{httpcache.VendorFastly, []string{"return(pass)", "unset req.http.Cookie"}},
		{httpcache.VendorNginx, []string{`proxy_set_header Cookie ""`, "proxy_cache off"}},
		{httpcache.VendorCloudflare, []string{"Transform Rule", "Bypass cache"}},
		{httpcache.VendorVercel, []string{"Vercel", "Cookie header"}},
		{httpcache.VendorUnknown, []string{"Cookie header"}},
	}
	for _, tt := range tests {
		t.Run(tt.vendor.String(), func(t *testing.T) {
			txn := []RequestCookie{{Name: "__txn_abc", Value: "v", Known: true, Info: auth.CookieInfo{Kind: auth.CookieTransaction}}}
			f := forwardCookiesFix(tt.vendor, "/auth/*", auth.LibraryNextjsAuth0V4, txn)
			for _, w := range tt.want {
				if !strings.Contains(f.Message, w) {
					t.Errorf("fix %q does not mention %q", f.Message, w)
				}
			}
			if !strings.Contains(f.Message, `"/auth/*"`) {
				t.Errorf("fix %q does not name the path", f.Message)
			}
		})
	}
}

func TestAllowlistNote(t *testing.T) {
	txn := func(name string) []RequestCookie {
		return []RequestCookie{{Name: name, Value: "v", Known: true, Info: auth.CookieInfo{Kind: auth.CookieTransaction}}}
	}
	if allowlistNote(httpcache.VendorCloudFront, txn("__txn_abc")) == "" {
		t.Error("CloudFront with __txn_ cookies: want the allowlist note")
	}
	if n := allowlistNote(httpcache.VendorCloudFront, txn("__Secure-next-auth.state")); n != "" {
		t.Errorf("fixed cookie names can be allowlisted, got note %q", n)
	}
	if n := allowlistNote(httpcache.VendorVarnish, txn("__txn_abc")); n != "" {
		t.Errorf("the note is CloudFront's, got %q for Varnish", n)
	}
}

// FuzzCookieNotForwarded runs the rule on callbacks with arbitrary bodies,
// cookies and locations: it must not panic, and a finding must never quote
// a cookie value.
func FuzzCookieNotForwarded(f *testing.F) {
	f.Add("The state parameter is invalid.", "__txn_abc=secretvalue1234", "", "abc", 500)
	f.Add("", "next-auth.state=secretvalue1234", "/api/auth/error?error=OAuthCallback", "s", 302)
	f.Add("Missing state cookie from login request", "auth_verification=secretvalue1234", "", "s", 400)
	f.Add("\x00\xff", "=;;==", "%zz", "", 0)
	f.Fuzz(func(t *testing.T, body, cookie, location, state string, status int) {
		if status < 0 || status > 999 {
			status = 500
		}
		e := testEntry{url: "https://app.example.com/auth/callback?code=c&state=" + state, status: status, body: body,
			req: [][2]string{{"cookie", cookie}}, resp: append([][2]string{{"location", location}}, flowCloudFront...)}
		for _, fi := range testFindings(t, CookieNotForwarded, e) {
			if fi.Severity < Info || fi.Severity > High {
				t.Fatalf("severity %v out of range", fi.Severity)
			}
			if strings.Contains(fi.Message, "secretvalue1234") {
				t.Fatalf("message leaks a cookie value: %q", fi.Message)
			}
		}
	})
}

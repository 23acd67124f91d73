package rules

import (
	"strings"
	"testing"
)

// txnLogin is a NextAuth v4 sign-in that sets a state and a PKCE cookie,
// the provider's redirect, and a callback (modified by mod) that fails the
// way NextAuth does without its state cookie, behind CloudFront.
func txnLogin(state string, mod func(*testEntry)) []testEntry {
	const cb = "https://app.example.com/api/auth/callback/auth0?code=c0d3&state=s1"
	login := nav("https://app.example.com/api/auth/signin/auth0")
	login.method, login.status = "POST", 302
	login.resp = [][2]string{{"location", "https://idp.example.net/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback%2Fauth0&state=s1"}}
	login.setCookies = []string{"next-auth.state=st4te; Path=/; HttpOnly; Secure; " + state + "; Max-Age=900",
		"next-auth.pkce.code_verifier=v3rifier; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=900"}
	authz := nav("https://idp.example.net/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fapi%2Fauth%2Fcallback%2Fauth0&state=s1")
	authz.status = 302
	authz.resp = [][2]string{{"location", cb}}
	callback := nav(cb)
	callback.req = append(callback.req, [2]string{"sec-fetch-site", "cross-site"})
	callback.status, callback.mime = 500, "text/plain"
	callback.body = "[next-auth][error][OAUTH_CALLBACK_ERROR] State cookie was missing."
	callback.resp = [][2]string{{"x-cache", "Error from cloudfront"}, {"via", "1.1 abc.cloudfront.net (CloudFront)"}}
	callback.cookie = "next-auth.pkce.code_verifier=v3rifier"
	if mod != nil {
		mod(&callback)
	}
	return []testEntry{login, authz, callback}
}

// TestTransactionCookieNotSentOrForwarded checks that a callback is the
// browser's doing or the edge's, never both.
func TestTransactionCookieNotSentOrForwarded(t *testing.T) {
	both := []*Rule{TransactionCookieNotSent, CookieNotForwarded}
	tests := []struct {
		name    string
		entries []testEntry
		want    string // the one rule that fires
		phrase  string
	}{
		{"Strict state cookie on a cross-site callback", txnLogin("SameSite=Strict", nil), "transaction-cookie-not-sent", "SameSite=Strict"},
		{"both cookies sent, the app never saw them", txnLogin("SameSite=Lax", func(e *testEntry) {
			e.cookie = "next-auth.state=st4te; next-auth.pkce.code_verifier=v3rifier"
		}), "cookie-not-forwarded", "State cookie was missing"},
		{"Lax state cookie on a top-level GET is sent", txnLogin("SameSite=Lax", func(e *testEntry) {
			e.cookie = "next-auth.state=st4te; next-auth.pkce.code_verifier=v3rifier"
			e.body, e.status = "", 302
			e.resp = [][2]string{{"location", "/"}}
		}), "", ""},
		{"provider error", txnLogin("SameSite=Strict", func(e *testEntry) {
			e.url = "https://app.example.com/api/auth/callback/auth0?error=access_denied&state=s1"
		}), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testAnalyze(t, Options{Rules: both}, tt.entries...).Findings
			if tt.want == "" {
				if len(fs) != 0 {
					t.Fatalf("got %d findings, want none: %+v", len(fs), fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != tt.want || !strings.Contains(fs[0].Message, tt.phrase) {
				t.Fatalf("got %+v, want one %s finding saying %q", fs, tt.want, tt.phrase)
			}
		})
	}
}

// TestTransactionCookieNotSentLinks checks that auth-error-response names
// the missing cookie when NextAuth's error page follows the callback.
func TestTransactionCookieNotSentLinks(t *testing.T) {
	entries := txnLogin("SameSite=Strict", func(e *testEntry) {
		e.status, e.body, e.mime = 302, "", "text/html"
		e.resp = [][2]string{{"location", "https://app.example.com/api/auth/error?error=OAuthCallback"}}
	})
	entries = append(entries, nav("https://app.example.com/api/auth/error?error=OAuthCallback"))
	fs := testAnalyze(t, Options{Rules: []*Rule{AuthErrorResponse, TransactionCookieNotSent}}, entries...).Findings
	var linked, txn bool
	for _, f := range fs {
		switch f.Rule {
		case "auth-error-response":
			linked = strings.Contains(f.Message, `arrived without the state cookie "next-auth.state" that entry 0 set (transaction-cookie-not-sent says why): that is the cause`)
		case "transaction-cookie-not-sent":
			txn = true
		}
	}
	if !linked || !txn {
		t.Fatalf("want a transaction-cookie-not-sent finding and an auth-error-response finding that names it, got %+v", fs)
	}
	// Without a missing cookie the error names the candidates only.
	entries[2].cookie = "next-auth.state=st4te; next-auth.pkce.code_verifier=v3rifier"
	for _, f := range testFindings(t, AuthErrorResponse, entries...) {
		if strings.Contains(f.Message, "that is the cause") && !strings.Contains(f.Message, "if transaction-cookie-not-sent") {
			t.Errorf("auth-error-response links a cookie that was sent: %s", f.Message)
		}
	}
}

// TestTransactionCookieNotSentTxnState checks nextjs-auth0 v4's per-login
// cookie: the callback needs __txn_<its state>, and the library's "state
// parameter is invalid" answer is linked to it.
func TestTransactionCookieNotSentTxnState(t *testing.T) {
	login := nav("https://www.example.com/auth/login")
	login.status = 302
	login.resp = [][2]string{{"location", "https://idp.example.net/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2Fexample.com%2Fauth%2Fcallback&state=s1"}}
	login.setCookies = []string{"__txn_s1=txn; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600"}
	callback := nav("https://example.com/auth/callback?code=c0d3&state=s1")
	callback.req = append(callback.req, [2]string{"sec-fetch-site", "cross-site"})
	callback.status, callback.mime, callback.body = 500, "text/plain", "The state parameter is invalid."
	fs := testAnalyze(t, Options{Rules: []*Rule{AuthErrorResponse, TransactionCookieNotSent}}, login, callback).Findings
	if len(fs) != 2 {
		t.Fatalf("got %+v, want two findings", fs)
	}
	for _, f := range fs {
		want := map[string]string{
			"transaction-cookie-not-sent": `belongs to "www.example.com" alone`,
			"auth-error-response":         "(transaction-cookie-not-sent says why): that is the cause",
		}[f.Rule]
		if want == "" || !strings.Contains(f.Message, want) {
			t.Errorf("%s: %s, want %q", f.Rule, f.Message, want)
		}
	}
	// A callback for another state needs another cookie.
	callback.url = "https://example.com/auth/callback?code=c0d3&state=s2"
	if fs := testFindings(t, TransactionCookieNotSent, login, callback); len(fs) != 0 {
		t.Errorf("callback of another login: got %+v, want no finding", fs)
	}
}

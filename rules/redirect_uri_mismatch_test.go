package rules

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/authlint/authlint/auth"
)

func flowURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestOriginOf(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"https://App.Example.com/x", "https://app.example.com"},
		{"https://app.example.com:443/x", "https://app.example.com"},
		{"http://app.example.com:80", "http://app.example.com"},
		{"http://localhost:3000/api", "http://localhost:3000"},
		{"https://[::1]:8443/", "https://[::1]:8443"},
	}
	for _, tt := range tests {
		if got := originOf(flowURL(t, tt.raw)).String(); got != tt.want {
			t.Errorf("originOf(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
	if originOf(flowURL(t, "https://a.example.com")) != originOf(flowURL(t, "https://a.example.com:443/p")) {
		t.Error("default port not filled in")
	}
}

func TestOriginDiff(t *testing.T) {
	app := originOf(flowURL(t, "https://app.example.com"))
	tests := []struct{ redirect, want string }{
		{"http://app.example.com/cb", "http instead of https"},
		{"http://localhost:3000/cb", "development host"},
		{"https://10.0.1.5/cb", "internal host"},
		{"https://app-internal/cb", "internal host"},
		{"https://preview.example.com/cb", `host "preview.example.com"`},
		{"https://app.example.com:3000/cb", "port 3000 instead of 443"},
	}
	for _, tt := range tests {
		if got := originDiff(app, originOf(flowURL(t, tt.redirect))); !strings.Contains(got, tt.want) {
			t.Errorf("originDiff(%q) = %q, want it to mention %q", tt.redirect, got, tt.want)
		}
	}
}

func TestIsAuthzRequest(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"https://idp.example.com/authorize?client_id=c&response_type=code&redirect_uri=https%3A%2F%2Fapp%2Fcb", true},
		{"https://idp.example.com/authorize?client_id=c&response_type=code", false},
		{"https://idp.example.com/authorize?redirect_uri=https%3A%2F%2Fapp%2Fcb", false},
		{"https://idp.example.com/par?client_id=c&request_uri=urn%3Aietf%3Aparams", false},
		{"https://app.example.com/cb?code=x&state=y", false},
	}
	for _, tt := range tests {
		if got := isAuthzRequest(flowURL(t, tt.raw)); got != tt.want {
			t.Errorf("isAuthzRequest(%q) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

func TestAuthzKeyIgnoresSpelling(t *testing.T) {
	a := flowURL(t, "https://IDP.example.com/authorize?client_id=c&state=s&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb")
	b := flowURL(t, "https://idp.example.com/authorize/?redirect_uri=https://app.example.com/cb&response_type=code&state=s&client_id=c&scope=openid")
	if authzKey(a) != authzKey(b) {
		t.Error("same authorization request, different keys")
	}
	c := flowURL(t, "https://idp.example.com/authorize?client_id=c&state=other&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb")
	if authzKey(a) == authzKey(c) {
		t.Error("different state, same key")
	}
}

func TestAuthJSRedirectProxy(t *testing.T) {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	tests := []struct {
		name, state string
		want        bool
	}{
		{"origin and random", enc(map[string]string{"origin": "https://preview.example.com/api/auth/callback/github", "random": "r"}), true},
		{"random only", enc(map[string]string{"random": "r"}), false},
		{"opaque state", "af0ifjsldkj", false},
		{"JWT-looking state", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := authJSRedirectProxy(tt.state); got != tt.want {
			t.Errorf("%s: authJSRedirectProxy = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPrivateHost(t *testing.T) {
	for host, want := range map[string]bool{
		"10.0.0.5": true, "192.168.1.10": true, "127.0.0.1": true, "app-internal": true, "api.local": true,
		"svc.internal": true, "app.example.com": false, "8.8.8.8": false,
	} {
		if got := privateHost(host); got != want {
			t.Errorf("privateHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestRedirectFixNamesTheSetting(t *testing.T) {
	tests := []struct {
		lib  auth.Library
		want string
	}{
		{auth.LibraryNextAuthV4, "NEXTAUTH_URL"},
		{auth.LibraryAuthJSV5, "AUTH_TRUST_HOST"},
		{auth.LibraryNextjsAuth0V3, "AUTH0_BASE_URL"},
		{auth.LibraryNextjsAuth0V4, "APP_BASE_URL"},
		{auth.LibraryUnknown, "X-Forwarded-Proto"},
	}
	for _, tt := range tests {
		f := redirectFix(tt.lib, "https://app.example.com", "https://app.example.com/cb")
		if !strings.Contains(f.Message, tt.want) || !strings.Contains(f.Message, `register "https://app.example.com/cb" exactly`) {
			t.Errorf("%v: fix %q does not name %q and the registration", tt.lib, f.Message, tt.want)
		}
	}
}

// flowAuthorizeURL builds an authorization URL for the flow tests.
func flowAuthorizeURL(endpoint, redirectURI, state string) string {
	q := url.Values{"client_id": {"c1"}, "response_type": {"code"}, "redirect_uri": {redirectURI}, "state": {state}, "scope": {"openid"}}
	return endpoint + "?" + q.Encode()
}

func TestRedirectURIMismatchFlows(t *testing.T) {
	googleAuth := "https://accounts.google.com/o/oauth2/v2/auth"
	start := func(from, authz string) testEntry {
		return testEntry{url: from, status: 302, resp: [][2]string{{"location", authz}}}
	}
	googleErr := "https://accounts.google.com/signin/oauth/error/v2?authError=" +
		base64.StdEncoding.EncodeToString([]byte("\n\x15redirect_uri_mismatch\x12\x1fBad Request")) + "&client_id=c1"
	tests := []struct {
		name    string
		entries []testEntry
		want    Severity // 0: silent
		wantMsg string
	}{
		{
			name: "wrong port",
			entries: []testEntry{
				start("https://app.example.com/api/auth/login", flowAuthorizeURL("https://idp.example.com/authorize", "https://app.example.com:3000/api/auth/callback", "s1")),
				{url: flowAuthorizeURL("https://idp.example.com/authorize", "https://app.example.com:3000/api/auth/callback", "s1")},
			},
			want: High, wantMsg: "port 3000",
		},
		{
			name: "Google error page with base64 authError",
			entries: []testEntry{
				start("https://app.example.com/api/auth/signin/google", flowAuthorizeURL(googleAuth, "https://app.example.com/api/auth/callback/google", "s2")),
				{url: flowAuthorizeURL(googleAuth, "https://app.example.com/api/auth/callback/google", "s2"), status: 302, resp: [][2]string{{"location", googleErr}}},
				{url: googleErr, status: 400},
			},
			want: High, wantMsg: "identity provider rejected",
		},
		{
			name: "login page that merely mentions the error code",
			entries: []testEntry{
				start("https://app.example.com/api/auth/login", flowAuthorizeURL("https://idp.example.com/authorize", "https://app.example.com/api/auth/callback", "s10")),
				{url: flowAuthorizeURL("https://idp.example.com/authorize", "https://app.example.com/api/auth/callback", "s10"),
					body: `<script>var errors={"redirect_uri_mismatch":"The redirect URI is not allowed"}</script>`},
			},
		},
		{
			name: "no entry started the login",
			entries: []testEntry{
				{url: flowAuthorizeURL("https://idp.example.com/authorize", "http://localhost:3000/cb", "s3"), req: [][2]string{{"referer", "https://app.example.com/"}}},
			},
		},
		{
			name: "deliberate auth host that completes the login",
			entries: []testEntry{
				start("https://www.example.com/login", flowAuthorizeURL("https://idp.example.com/authorize", "https://auth.example.com/callback", "s4")),
				{url: flowAuthorizeURL("https://idp.example.com/authorize", "https://auth.example.com/callback", "s4"), status: 302,
					resp: [][2]string{{"location", "https://auth.example.com/callback?code=c&state=s4"}}},
				{url: "https://auth.example.com/callback?code=c&state=s4", status: 302,
					resp: [][2]string{{"location", "https://www.example.com/"}, {"set-cookie", "session=abcdefghijklmnop; Path=/; Domain=example.com; Secure; HttpOnly"}}},
			},
		},
		{
			name: "internal host that fails",
			entries: []testEntry{
				start("https://app.example.com/login", flowAuthorizeURL("https://idp.example.com/authorize", "https://app-backend.internal/callback", "s5")),
				{url: flowAuthorizeURL("https://idp.example.com/authorize", "https://app-backend.internal/callback", "s5")},
			},
			want: High, wantMsg: "internal host",
		},
		{
			name: "NextAuth path that is not a callback route",
			entries: []testEntry{
				start("https://app.example.com/api/auth/signin/github", flowAuthorizeURL("https://github.com/login/oauth/authorize", "https://app.example.com/app/callback/github", "s6")),
				{url: flowAuthorizeURL("https://github.com/login/oauth/authorize", "https://app.example.com/app/callback/github", "s6")},
			},
			want: Medium, wantMsg: "not a NextAuth v4 callback route",
		},
		{
			name: "generic library with a custom callback path",
			entries: []testEntry{
				start("https://app.example.com/login", flowAuthorizeURL("https://idp.example.com/authorize", "https://app.example.com/oidc/return", "s7")),
				{url: flowAuthorizeURL("https://idp.example.com/authorize", "https://app.example.com/oidc/return", "s7")},
			},
		},
		{
			name: "identity provider redirects between its own endpoints",
			entries: []testEntry{
				start("https://login.example.com/common/oauth2/v2.0/authorize?client_id=c1&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fsignin-oidc&state=s8",
					flowAuthorizeURL("https://login.example.com/tenant/oauth2/v2.0/authorize", "https://app.example.com/signin-oidc", "s8")),
				{url: flowAuthorizeURL("https://login.example.com/tenant/oauth2/v2.0/authorize", "https://app.example.com/signin-oidc", "s8")},
			},
		},
		{
			name: "JSON url from a sign-in route",
			entries: []testEntry{
				{method: "POST", url: "https://app.example.com/api/auth/signin/github", mime: "application/json",
					resp: [][2]string{{"content-type", "application/json"}},
					body: `{"url":"` + flowAuthorizeURL("https://github.com/login/oauth/authorize", "http://app.example.com/api/auth/callback/github", "s9") + `"}`},
				{url: flowAuthorizeURL("https://github.com/login/oauth/authorize", "http://app.example.com/api/auth/callback/github", "s9")},
			},
			want: High, wantMsg: "http instead of https",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := testFindings(t, RedirectURIMismatch, tt.entries...)
			if tt.want == 0 {
				if len(fs) != 0 {
					t.Fatalf("want silence, got %q", fs[0].Message)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("got %d findings, want 1", len(fs))
			}
			if fs[0].Severity != tt.want || !strings.Contains(fs[0].Message, tt.wantMsg) {
				t.Errorf("got %s %q, want %s mentioning %q", fs[0].Severity, fs[0].Message, tt.want, tt.wantMsg)
			}
			if len(fs[0].Entries) < 2 {
				t.Errorf("finding should point at the authorization request and the app entry, got %d entries", len(fs[0].Entries))
			}
		})
	}
}

// FuzzRedirectURIMismatch feeds arbitrary redirect URIs, states and error
// bodies through a login flow: no panics, and findings only with an app
// origin.
func FuzzRedirectURIMismatch(f *testing.F) {
	f.Add("https://app.example.com/api/auth/callback", "s", "")
	f.Add("http://localhost:3000/cb", "eyJvcmlnaW4iOiJ4IiwicmFuZG9tIjoieSJ9", "AADSTS50011")
	f.Add("::bad", "", "Callback URL mismatch")
	f.Add("https://[::1", "%zz", "redirect_uri_mismatch")
	f.Fuzz(func(t *testing.T, redirectURI, state, body string) {
		authz := flowAuthorizeURL("https://idp.example.com/authorize", redirectURI, state)
		fs := testFindings(t, RedirectURIMismatch,
			testEntry{url: "https://app.example.com/login", status: 302, resp: [][2]string{{"location", authz}}},
			testEntry{url: authz, status: 400, body: body},
		)
		for _, fi := range fs {
			if len(fi.Entries) < 2 || fi.Entries[1].Index != 0 {
				t.Fatalf("finding without the app entry: %+v", fi.Entries)
			}
		}
		_ = testFindings(t, RedirectURIMismatch, testEntry{url: authz, status: 400, body: body})
	})
}

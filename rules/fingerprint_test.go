package rules

import (
	"strings"
	"testing"
)

// TestPathTemplateRealURLs covers path shapes seen in real HARs: every URL
// of one route must share a template, and named segments must survive.
func TestPathTemplateRealURLs(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"numeric id", "/org/repo/pull/5", "/org/repo/pull/:id"},
		{"github issue", "/authlint/authlint/issues/1234", "/authlint/authlint/issues/:id"},
		{"uuid", "/checkout/v3/orders/570714bf-3c2b-452e-90c5-1a2b3c4d5e6f", "/checkout/v3/orders/:id"},
		{"uuid upper case", "/orders/570714BF-3C2B-452E-90C5-1A2B3C4D5E6F/items", "/orders/:id/items"},
		{"hex hash", "/avatars/9f86d081884c7d65", "/avatars/:id"},
		{"sha256", "/blobs/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "/blobs/:id"},
		{"hashed asset", "/static/js/main.3f2a9c1b.js", "/static/js/:id"},
		{"hashed chunk with dash", "/_next/static/chunks/pages/_app-0123abcd4567ef89.js", "/_next/static/chunks/pages/:id"},
		{"next build id", "/_next/data/kx8Jd02Lq9aZ4mN7pR1sT/index.json", "/_next/data/:id/index.json"},
		{"date segments", "/2024/05/01/launch", "/:id/:id/:id/launch"},
		{"iso date", "/reports/2024-05-01", "/reports/:id"},
		{"compact date", "/archive/20240501", "/archive/:id"},
		{"dotted version", "/css/2.48.2/style.css", "/css/:id/style.css"},
		{"v-prefixed version", "/npm/react@18.2.0/umd/react.js", "/npm/:id/umd/react.js"},
		{"semver with tag", "/releases/v1.2.3-rc.1/notes", "/releases/:id/notes"},
		{"library file with version", "/js/jquery-3.6.0.min.js", "/js/:id"},
		{"slug with id", "/products/blue-widget-12345", "/products/:id"},
		{"slug with short number", "/blog/how-to-fix-login-2", "/blog/:id"},
		{"underscore id", "/items/item_42", "/items/:id"},
		{"short mixed id", "/p/B3xYz9Qk", "/p/:id"},
		{"long random token", "/invite/Xk29fjQ0aL7mZp3R", "/invite/:id"},
		{"mixed case token without digits", "/magic/QwErTyUiOpAsDfGhJkLzXcVb", "/magic/:id"},
		{"email", "/users/alice@example.com/settings", "/users/:id/settings"},
		{"percent-encoded", "/search/caf%C3%A9", "/search/:id"},
		{"path parameter", "/app;jsessionid=0123456789ABCDEF/home", "/app/home"},
		{"path parameter on id", "/cart/42;sid=abc", "/cart/:id"},
		{"tilde home", "/~alice/index.html", "/:id/index.html"},
		{"api version", "/api/v1/me", "/api/v1/me"},
		{"dotted api version", "/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize", "/:id/oauth2/v2.0/authorize"},
		{"keycloak", "/realms/demo/protocol/openid-connect/auth", "/realms/demo/protocol/openid-connect/auth"},
		{"auth0 connection", "/api/auth/callback/auth0", "/api/auth/callback/auth0"},
		{"hex short link", "/s/abc123def456", "/s/:id"},
		{"icon size", "/favicon-32x32.png", "/favicon-32x32.png"},
		{"two-factor route", "/session-2fa", "/session-2fa"},
		{"upload path", "/wp-content/uploads/2024/05/image-1.jpg", "/wp-content/uploads/:id/:id/:id"},
		{"beta version", "/apis/apps/v1beta1/deployments", "/apis/apps/v1beta1/deployments"},
		{"oauth2", "/oauth2/authorize", "/oauth2/authorize"},
		{"name with digit", "/base64/encode", "/base64/encode"},
		{"codec", "/video/h264/stream", "/video/h264/stream"},
		{"kebab route", "/api/auth/sign-in/social", "/api/auth/sign-in/social"},
		{"well-known", "/.well-known/openid-configuration", "/.well-known/openid-configuration"},
		{"callback provider", "/api/auth/callback/azure-ad", "/api/auth/callback/azure-ad"},
		{"file name", "/style.min.css", "/style.min.css"},
		{"camel case route", "/Special:CentralAutoLogin/checkLoggedIn", "/Special:CentralAutoLogin/checkLoggedIn"},
		{"wiki title", "/wiki/Barack_Obama", "/wiki/Barack_Obama"},
		{"camel case name", "/api/AuthorizationCallback", "/api/AuthorizationCallback"},
		{"root", "/", "/"},
		{"empty", "", ""},
		{"trailing slash", "/users/42/", "/users/:id/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PathTemplate(tt.in); got != tt.want {
				t.Errorf("PathTemplate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPathPattern(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"/org/repo/pull/5", "/org/repo/pull/*"},
		{"/users/42/orders", "/users/*/orders"},
		{"/css/2.48.2/style.css", "/css/*/style.css"},
		{"/account/settings", "/account/settings"},
		{"/app;jsessionid=0123456789ABCDEF", "/app"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := pathPattern(tt.in); got != tt.want {
			t.Errorf("pathPattern(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRoutePatternNeverNamesOneURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"/api/auth/callback/google", "/api/auth/*"},
		{"/auth/login", "/auth/*"},
		{"/org/repo/pull/5", "/org/repo/pull/*"},
		{"/profile/570714bf-3c2b-452e-90c5-1a2b3c4d5e6f", "/profile/*"},
		{"/api/me", "/api/me"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := routePattern(tt.in); got != tt.want {
			t.Errorf("routePattern(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFinishMergesOneRoute checks that one problem on many URLs of a route
// is one finding with its occurrences, and that the route is named.
func TestFinishMergesOneRoute(t *testing.T) {
	r := &run{}
	for i, u := range []string{
		"https://app.example.com/org/repo/pull/5",
		"https://app.example.com/org/repo/pull/6",
		"https://app.example.com/org/repo/pull/77",
		"https://app.example.com/org/repo/issues/5",
	} {
		r.findings = append(r.findings, Finding{Rule: "cached-set-cookie", Severity: Low, Key: "sid",
			Entries: []EntryRef{{Index: i, Method: "GET", URL: u}}})
	}
	out := r.finish()
	if len(out) != 2 {
		t.Fatalf("got %d findings, want 2 (pull and issues): %+v", len(out), out)
	}
	pull := out[0]
	if pull.Occurrences != 3 || len(pull.Entries) != 3 || pull.Route != "/org/repo/pull/*" {
		t.Errorf("pull finding: occurrences %d, entries %d, route %q; want 3, 3, /org/repo/pull/*", pull.Occurrences, len(pull.Entries), pull.Route)
	}
	if out[1].Occurrences != 1 || out[1].Route != "/org/repo/issues/*" {
		t.Errorf("issues finding: occurrences %d, route %q", out[1].Occurrences, out[1].Route)
	}
}

// TestOneRouteOneFinding runs a real rule over one problem on many URLs of
// a route: one finding with its occurrences, whose fix names the route
// pattern and no single URL.
func TestOneRouteOneFinding(t *testing.T) {
	var entries []testEntry
	for _, n := range []string{"5", "6", "77", "1234"} {
		entries = append(entries, testEntry{url: "https://app.example.com/org/repo/pull/" + n,
			resp:       [][2]string{{"Cache-Control", "public, max-age=300"}, {"x-cache", "Miss from cloudfront"}},
			setCookies: []string{"sid=test" + n + "; Path=/; HttpOnly; Secure"}})
	}
	got := testFindings(t, CacheableSetCookie, entries...)
	if len(got) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(got), got)
	}
	f := got[0]
	if f.Occurrences != 4 || len(f.Entries) != 4 || f.Route != "/org/repo/pull/*" {
		t.Errorf("occurrences %d, entries %d, route %q", f.Occurrences, len(f.Entries), f.Route)
	}
	if !strings.Contains(f.Fix.Message, `"/org/repo/pull/*"`) || strings.Contains(f.Fix.Message, "/pull/5") {
		t.Errorf("fix %q does not name the route pattern", f.Fix.Message)
	}
}

// FuzzPathTemplate checks that templating never panics, keeps the number of
// segments, and is stable: a template is its own template.
func FuzzPathTemplate(f *testing.F) {
	for _, s := range []string{"/org/repo/pull/5", "/css/2.48.2/global.css", "/app;jsessionid=AB12/home", "/a/v2.0/b", "/", "", "//x//", "/%zz/@/;/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got := PathTemplate(path)
		if strings.Count(got, "/") != strings.Count(path, "/") {
			t.Fatalf("PathTemplate(%q) = %q changes the segments", path, got)
		}
		if again := PathTemplate(got); again != got {
			t.Fatalf("PathTemplate(%q) = %q, but PathTemplate(%q) = %q", path, got, got, again)
		}
		if p := pathPattern(path); strings.Contains(p, ":id") {
			t.Fatalf("pathPattern(%q) = %q keeps a placeholder", path, p)
		}
	})
}

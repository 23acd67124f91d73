package auth

import (
	"net/url"
	"strings"
	"testing"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestRoute(t *testing.T) {
	tests := []struct {
		method, url string
		ok          bool
		kind        RouteKind
		lib         Library
		pattern     string
	}{
		// NextAuth v4 / Auth.js on Next.js
		{"GET", "https://app.example.com/api/auth/session", true, RouteSession, LibraryNextAuthV4, "/api/auth/session"},
		{"HEAD", "https://app.example.com/api/auth/session", true, RouteSession, LibraryNextAuthV4, "/api/auth/session"},
		{"POST", "https://app.example.com/api/auth/session", true, RouteSessionUpdate, LibraryNextAuthV4, "/api/auth/session"},
		{"post", "https://app.example.com/api/auth/session", true, RouteSessionUpdate, LibraryNextAuthV4, "/api/auth/session"},
		{"GET", "https://app.example.com/api/auth/session/", true, RouteSession, LibraryNextAuthV4, "/api/auth/session"},
		{"GET", "https://app.example.com/api/auth/session?update=1", true, RouteSession, LibraryNextAuthV4, "/api/auth/session"},
		{"GET", "https://app.example.com//api//auth/session", true, RouteSession, LibraryNextAuthV4, "/api/auth/session"},
		{"GET", "https://app.example.com/API/Auth/Session", true, RouteSession, LibraryNextAuthV4, "/api/auth/session"},
		{"GET", "/api/auth/providers", true, RouteProviders, LibraryNextAuthV4, "/api/auth/providers"},
		{"GET", "/api/auth/csrf", true, RouteCSRF, LibraryNextAuthV4, "/api/auth/csrf"},
		{"GET", "/api/auth/signin", true, RouteSignIn, LibraryNextAuthV4, "/api/auth/signin"},
		{"POST", "/api/auth/signin/github", true, RouteSignIn, LibraryNextAuthV4, "/api/auth/signin/:provider"},
		{"POST", "/api/auth/signout", true, RouteLogout, LibraryNextAuthV4, "/api/auth/signout"},
		{"GET", "/api/auth/callback/github?code=abc&state=xyz", true, RouteCallback, LibraryNextAuthV4, "/api/auth/callback/:provider"},
		{"POST", "/api/auth/callback/credentials", true, RouteCallback, LibraryNextAuthV4, "/api/auth/callback/:provider"},
		{"GET", "/api/auth/verify-request", true, RouteVerify, LibraryNextAuthV4, "/api/auth/verify-request"},
		{"GET", "/api/auth/error?error=Configuration", true, RouteError, LibraryNextAuthV4, "/api/auth/error"},
		{"POST", "/api/auth/_log", true, RouteLog, LibraryNextAuthV4, "/api/auth/_log"},
		{"GET", "/api/auth/webauthn-options/passkey", true, RouteSignIn, LibraryAuthJSV5, "/api/auth/webauthn-options/:provider"},
		// nextjs-auth0 v3
		{"GET", "/api/auth/login?returnTo=/dashboard", true, RouteLogin, LibraryNextjsAuth0V3, "/api/auth/login"},
		{"GET", "/api/auth/callback?code=abc&state=xyz", true, RouteCallback, LibraryNextjsAuth0V3, "/api/auth/callback"},
		{"GET", "/api/auth/logout", true, RouteLogout, LibraryNextjsAuth0V3, "/api/auth/logout"},
		{"GET", "/api/auth/me", true, RouteProfile, LibraryNextjsAuth0V3, "/api/auth/me"},
		{"POST", "/api/auth/backchannel-logout", true, RouteBackchannelLogout, LibraryNextjsAuth0V3, "/api/auth/backchannel-logout"},
		// nextjs-auth0 v4
		{"GET", "/auth/login", true, RouteLogin, LibraryNextjsAuth0V4, "/auth/login"},
		{"GET", "/auth/logout", true, RouteLogout, LibraryNextjsAuth0V4, "/auth/logout"},
		{"GET", "/auth/callback?code=1&state=2", true, RouteCallback, LibraryNextjsAuth0V4, "/auth/callback"},
		{"GET", "/auth/profile", true, RouteProfile, LibraryNextjsAuth0V4, "/auth/profile"},
		{"GET", "/auth/access-token", true, RouteToken, LibraryNextjsAuth0V4, "/auth/access-token"},
		{"POST", "/auth/backchannel-logout", true, RouteBackchannelLogout, LibraryNextjsAuth0V4, "/auth/backchannel-logout"},
		{"GET", "/auth/connect", true, RouteLogin, LibraryNextjsAuth0V4, "/auth/connect"},
		{"POST", "/auth/mfa/challenge", true, RouteSignIn, LibraryNextjsAuth0V4, "/auth/mfa/**"},
		// Auth.js outside Next.js
		{"GET", "/auth/session", true, RouteSession, LibraryAuthJSV5, "/auth/session"},
		{"POST", "/auth/session", true, RouteSessionUpdate, LibraryAuthJSV5, "/auth/session"},
		{"GET", "/auth/callback/google", true, RouteCallback, LibraryAuthJSV5, "/auth/callback/:provider"},
		{"GET", "/auth/signin", true, RouteSignIn, LibraryAuthJSV5, "/auth/signin"},
		{"GET", "/auth/csrf", true, RouteCSRF, LibraryAuthJSV5, "/auth/csrf"},
		// Better Auth
		{"GET", "/api/auth/get-session", true, RouteSession, LibraryBetterAuth, "/api/auth/get-session"},
		{"POST", "/api/auth/sign-in/social", true, RouteSignIn, LibraryBetterAuth, "/api/auth/sign-in/**"},
		{"POST", "/api/auth/sign-in/email", true, RouteSignIn, LibraryBetterAuth, "/api/auth/sign-in/**"},
		{"POST", "/api/auth/sign-up/email", true, RouteSignIn, LibraryBetterAuth, "/api/auth/sign-up/**"},
		{"POST", "/api/auth/sign-out", true, RouteLogout, LibraryBetterAuth, "/api/auth/sign-out"},
		// oauth2-proxy, Azure, ASP.NET Core
		{"GET", "/oauth2/start?rd=%2F", true, RouteLogin, LibraryOAuth2Proxy, "/oauth2/start"},
		{"GET", "/oauth2/callback?code=a&state=b", true, RouteCallback, LibraryGeneric, "/oauth2/callback"},
		{"GET", "/oauth2/auth", true, RouteSession, LibraryOAuth2Proxy, "/oauth2/auth"},
		{"GET", "/oauth2/sign_out", true, RouteLogout, LibraryOAuth2Proxy, "/oauth2/sign_out"},
		{"GET", "/.auth/login/aad", true, RouteLogin, LibraryAzureAppService, "/.auth/login/:provider"},
		{"GET", "/.auth/login/aad/callback", true, RouteCallback, LibraryAzureAppService, "/.auth/login/:provider/callback"},
		{"GET", "/.auth/login/done", true, RouteCallback, LibraryAzureAppService, "/.auth/login/done"},
		{"GET", "/.auth/me", true, RouteProfile, LibraryAzureAppService, "/.auth/me"},
		{"GET", "/.auth/logout", true, RouteLogout, LibraryAzureAppService, "/.auth/logout/**"},
		{"GET", "/.auth/refresh", true, RouteToken, LibraryAzureAppService, "/.auth/refresh"},
		{"POST", "/signin-oidc", true, RouteCallback, LibraryASPNETCore, "/signin-oidc"},
		{"GET", "/signout-callback-oidc", true, RouteLogout, LibraryASPNETCore, "/signout-callback-oidc"},
		{"GET", "/account/login?ReturnUrl=%2F", true, RouteLogin, LibraryASPNETCore, "/Account/Login"},
		{"GET", "/Identity/Account/Login", true, RouteLogin, LibraryASPNETCore, "/Identity/Account/Login"},
		// Django, Rails, Laravel, Spring
		{"GET", "/accounts/login/", true, RouteLogin, LibraryDjango, "/accounts/login"},
		{"GET", "/accounts/google/login/callback/?code=x&state=y", true, RouteCallback, LibraryDjango, "/accounts/:provider/login/callback"},
		{"POST", "/users/sign_in", true, RouteSignIn, LibraryRails, "/users/sign_in"},
		{"GET", "/users/auth/github/callback", true, RouteCallback, LibraryRails, "/users/auth/:provider/callback"},
		{"GET", "/auth/github/callback", true, RouteCallback, LibraryGeneric, "/auth/:provider/callback"},
		{"GET", "/sanctum/csrf-cookie", true, RouteCSRF, LibraryLaravel, "/sanctum/csrf-cookie"},
		{"GET", "/login/oauth2/code/okta", true, RouteCallback, LibraryGeneric, "/login/oauth2/code/:registration"},
		{"GET", "/oauth2/authorization/okta", true, RouteLogin, LibraryGeneric, "/oauth2/authorization/:registration"},
		// generic client paths, with matrix parameters
		{"GET", "/callback?code=1&state=2", true, RouteCallback, LibraryGeneric, "/callback"},
		{"GET", "/oauth/callback", true, RouteCallback, LibraryGeneric, "/oauth/callback"},
		{"GET", "/login/callback", true, RouteCallback, LibraryGeneric, "/login/callback"},
		{"GET", "/login;jsessionid=ABC123", true, RouteLogin, LibraryGeneric, "/login"},
		{"POST", "/logout", true, RouteLogout, LibraryGeneric, "/logout"},
		{"GET", "/api/me", true, RouteProfile, LibraryGeneric, "/api/me"},
		// identity providers
		{"GET", "https://tenant.auth0.com/authorize?response_type=code&client_id=x", true, RouteAuthorize, LibraryGeneric, "/authorize"},
		{"POST", "https://tenant.auth0.com/oauth/token", true, RouteToken, LibraryGeneric, "/oauth/token"},
		{"GET", "https://tenant.auth0.com/userinfo", true, RouteProfile, LibraryGeneric, "/userinfo"},
		{"GET", "https://tenant.auth0.com/v2/logout", true, RouteLogout, LibraryGeneric, "/v2/logout"},
		{"GET", "https://dev-1.okta.com/oauth2/default/v1/authorize", true, RouteAuthorize, LibraryGeneric, "/oauth2/:server/v1/authorize"},
		{"POST", "https://dev-1.okta.com/oauth2/v1/token", true, RouteToken, LibraryGeneric, "/oauth2/v1/token"},
		{"GET", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize", true, RouteAuthorize, LibraryGeneric, "/:tenant/oauth2/v2.0/authorize"},
		{"POST", "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", true, RouteToken, LibraryGeneric, "/:tenant/oauth2/v2.0/token"},
		{"GET", "https://kc.example.com/realms/acme/protocol/openid-connect/auth", true, RouteAuthorize, LibraryGeneric, "/**/realms/:realm/protocol/openid-connect/auth"},
		{"POST", "https://kc.example.com/auth/realms/acme/protocol/openid-connect/token", true, RouteToken, LibraryGeneric, "/**/realms/:realm/protocol/openid-connect/token"},
		{"GET", "https://accounts.google.com/o/oauth2/v2/auth", true, RouteAuthorize, LibraryGeneric, "/o/oauth2/v2/auth"},
		{"POST", "https://github.com/login/oauth/access_token", true, RouteToken, LibraryGeneric, "/login/oauth/access_token"},
		{"POST", "https://idp.example.com/connect/token", true, RouteToken, LibraryGeneric, "/connect/token"},
		{"GET", "https://cognito.example.com/oauth2/userInfo", true, RouteProfile, LibraryOAuth2Proxy, "/oauth2/userinfo"},
		// discovery: classified, but not private
		{"GET", "https://tenant.auth0.com/.well-known/openid-configuration", true, RouteDiscovery, LibraryGeneric, "/**/.well-known/openid-configuration"},
		{"GET", "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", true, RouteDiscovery, LibraryGeneric, "/**/.well-known/openid-configuration"},
		{"GET", "https://as.example.com/.well-known/oauth-authorization-server/tenant1", true, RouteDiscovery, LibraryGeneric, "/.well-known/oauth-authorization-server/:issuer/**"},
		{"GET", "https://as.example.com/.well-known/oauth-authorization-server", true, RouteDiscovery, LibraryGeneric, "/**/.well-known/oauth-authorization-server"},
		{"GET", "https://tenant.auth0.com/.well-known/jwks.json", true, RouteDiscovery, LibraryGeneric, "/**/.well-known/jwks.json"},
		{"GET", "https://www.googleapis.com/oauth2/v3/certs", true, RouteDiscovery, LibraryGeneric, "/oauth2/v3/certs"},
		{"GET", "https://login.microsoftonline.com/common/discovery/v2.0/keys", true, RouteDiscovery, LibraryGeneric, "/**/discovery/v2.0/keys"},

		// near misses
		{"GET", "/api/authors", false, 0, 0, ""},
		{"GET", "/api/authors/session", false, 0, 0, ""},
		{"GET", "/api/auth", false, 0, 0, ""},
		{"GET", "/api/auth/unknown-action", false, 0, 0, ""},
		{"GET", "/api/auth/callback/github/extra", false, 0, 0, ""},
		{"GET", "/api/auth/sessions", false, 0, 0, ""},
		{"GET", "/api/auth/\u017fession", false, 0, 0, ""},
		{"POST", "/api/auth/bac\u212achannel-logout", false, 0, 0, ""}, // Kelvin sign, not k
		{"GET", "/auth/callbacks-docs", false, 0, 0, ""},
		{"GET", "/auth/callback-docs", false, 0, 0, ""},
		{"GET", "/static/login.png", false, 0, 0, ""},
		{"GET", "/login.html", false, 0, 0, ""},
		{"GET", "/blog/login", false, 0, 0, ""},
		{"GET", "/docs/oauth/token", false, 0, 0, ""},
		{"GET", "/tokens", false, 0, 0, ""},
		{"GET", "/", false, 0, 0, ""},
		{"GET", "", false, 0, 0, ""},
		{"GET", "/.well-known/security.txt", false, 0, 0, ""},
		{"GET", "/_next/static/chunks/pages/login-3f2a9c1b.js", false, 0, 0, ""},
	}
	c := Default()
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.url, func(t *testing.T) {
			got, ok := c.Route(tt.method, mustURL(t, tt.url))
			want := Route{Kind: tt.kind, Library: tt.lib, Pattern: tt.pattern}
			if ok != tt.ok || got != want {
				t.Errorf("Route(%s %s) = %+v, %v; want %+v, %v", tt.method, tt.url, got, ok, want, tt.ok)
			}
		})
	}
	if _, ok := c.Route("GET", nil); ok {
		t.Error("Route(GET, nil) matched")
	}
}

// TestDefaultRoutesReachable builds a path from every built-in row and checks
// that the row itself classifies it: a row shadowed by an earlier one is dead
// and a sign of a table mistake.
func TestDefaultRoutesReachable(t *testing.T) {
	c := Default()
	for _, d := range defaultRoutes {
		method := "GET"
		if d.methods != nil {
			method = d.methods[0]
		}
		for _, any := range []string{"", "x/y"} {
			path := examplePath(d.path, any)
			got, ok := c.Route(method, &url.URL{Path: path})
			if !ok || got.Pattern != d.path || got.Kind != d.kind || got.Library != d.lib {
				t.Errorf("%s %s (from row %q) = %+v, %v; want the row (%v, %v)", method, path, d.path, got, ok, d.kind, d.lib)
			}
		}
	}
}

// examplePath turns a pattern into a matching path: ":x" becomes "github",
// '*' becomes "x" and "**" becomes any.
func examplePath(pattern, any string) string {
	var segs []string
	for s := range strings.SplitSeq(strings.Trim(pattern, "/"), "/") {
		switch {
		case s == "**":
			if any != "" {
				segs = append(segs, any)
			}
		case strings.HasPrefix(s, ":"):
			segs = append(segs, "github")
		default:
			segs = append(segs, strings.ReplaceAll(s, "*", "x"))
		}
	}
	return "/" + strings.Join(segs, "/")
}

func TestRouteAllocations(t *testing.T) {
	c := Default()
	urls := []*url.URL{
		mustURL(t, "https://a.example/api/auth/callback/github?code=1"),
		mustURL(t, "https://a.example/static/js/main.3f2a9c1b.js"),
		mustURL(t, "https://a.example/.well-known/openid-configuration"),
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, u := range urls {
			c.Route("GET", u)
		}
	})
	if allocs != 0 {
		t.Errorf("Route allocates %v times per 3 lookups, want 0", allocs)
	}
}

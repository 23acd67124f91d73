package auth

import (
	"net/url"

	"github.com/authlint/authlint/internal/ascii"
)

// Route is the classification of a request path.
type Route struct {
	Kind    RouteKind
	Library Library
	// Pattern is the pattern that matched, such as
	// "/api/auth/callback/:provider".
	Pattern string
}

// routeDef is one row of a route table.
type routeDef struct {
	path    string
	methods []string // nil: any method
	kind    RouteKind
	lib     Library
}

var post = []string{"POST"}

// defaultRoutes is the built-in route table. The first matching row wins,
// so specific rows come before general ones. Literal segments match
// ignoring ASCII case (paths are case-sensitive in HTTP, but IIS and
// several frameworks are not, and no app serves "/API/Auth/Session" as
// something else).
var defaultRoutes = []routeDef{
	// NextAuth v4 and Auth.js v5 on Next.js: base path /api/auth.
	// Actions: nextauthjs/next-auth packages/core/src/lib/utils/actions.ts
	// ("_log", "providers", "session", "csrf", "signin", "signout",
	// "callback", "verify-request", "error", "webauthn-options"); a provider
	// id is accepted only after signin, callback and webauthn-options
	// (packages/core/src/lib/utils/web.ts parseActionAndProviderId).
	// GET session reads the session and re-issues the cookie; POST session
	// updates it (CSRF-checked): packages/core/src/lib/index.ts and, for
	// later v4 releases, packages/next-auth/src/core/index.ts `case
	// "session"` under `method === "POST"` (the first v4 version with it was
	// not checked). next-auth v5 keeps /api/auth as its default
	// basePath (packages/next-auth/src/lib/env.ts setEnvDefaults). The two
	// versions share every route: their cookies (next-auth.* vs authjs.*)
	// tell them apart.
	{"/api/auth/session", post, RouteSessionUpdate, LibraryNextAuthV4},
	{"/api/auth/session", nil, RouteSession, LibraryNextAuthV4},
	{"/api/auth/providers", nil, RouteProviders, LibraryNextAuthV4},
	{"/api/auth/csrf", nil, RouteCSRF, LibraryNextAuthV4},
	{"/api/auth/signin", nil, RouteSignIn, LibraryNextAuthV4},
	{"/api/auth/signin/:provider", nil, RouteSignIn, LibraryNextAuthV4},
	{"/api/auth/signout", nil, RouteLogout, LibraryNextAuthV4},
	// Also Better Auth's OAuth callback (createAuthEndpoint("/callback/:id")).
	{"/api/auth/callback/:provider", nil, RouteCallback, LibraryNextAuthV4},
	{"/api/auth/verify-request", nil, RouteVerify, LibraryNextAuthV4},
	{"/api/auth/error", nil, RouteError, LibraryNextAuthV4},
	{"/api/auth/_log", nil, RouteLog, LibraryNextAuthV4},
	{"/api/auth/webauthn-options", nil, RouteSignIn, LibraryAuthJSV5},
	{"/api/auth/webauthn-options/:provider", nil, RouteSignIn, LibraryAuthJSV5},

	// nextjs-auth0 v3: handleAuth() on pages/api/auth/[auth0] serves login,
	// logout, callback, backchannel-logout and me (auth0/nextjs-auth0 branch
	// v3, src/handlers/auth.ts customHandlers).
	{"/api/auth/login", nil, RouteLogin, LibraryNextjsAuth0V3},
	{"/api/auth/callback", nil, RouteCallback, LibraryNextjsAuth0V3},
	{"/api/auth/logout", nil, RouteLogout, LibraryNextjsAuth0V3},
	{"/api/auth/me", nil, RouteProfile, LibraryNextjsAuth0V3},
	{"/api/auth/backchannel-logout", nil, RouteBackchannelLogout, LibraryNextjsAuth0V3},

	// Better Auth: base path /api/auth (better-auth init: `basePath:
	// options.basePath || "/api/auth"`); endpoints from createAuthEndpoint
	// calls: "/get-session" (GET and POST; refreshes the session cookie),
	// "/sign-in/*", "/sign-up/*", "/sign-out" (POST), "/verify-email".
	{"/api/auth/get-session", nil, RouteSession, LibraryBetterAuth},
	{"/api/auth/sign-in/**", nil, RouteSignIn, LibraryBetterAuth},
	{"/api/auth/sign-up/**", nil, RouteSignIn, LibraryBetterAuth},
	{"/api/auth/sign-out", nil, RouteLogout, LibraryBetterAuth},
	{"/api/auth/verify-email", nil, RouteVerify, LibraryBetterAuth},

	// nextjs-auth0 v4: fixed /auth/* routes (auth0/nextjs-auth0
	// src/server/client.ts `this.routes`: login, logout, callback,
	// backchannel-logout, profile, access-token, connect, mfa/*; later 4.x
	// adds passkey/* and passwordless/*). Login, profile and access-token
	// can be renamed with NEXT_PUBLIC_*_ROUTE: add those with configuration.
	{"/auth/login", nil, RouteLogin, LibraryNextjsAuth0V4},
	{"/auth/logout", nil, RouteLogout, LibraryNextjsAuth0V4},
	{"/auth/callback", nil, RouteCallback, LibraryNextjsAuth0V4},
	{"/auth/profile", nil, RouteProfile, LibraryNextjsAuth0V4},
	{"/auth/access-token", nil, RouteToken, LibraryNextjsAuth0V4},
	{"/auth/backchannel-logout", nil, RouteBackchannelLogout, LibraryNextjsAuth0V4},
	{"/auth/connect", nil, RouteLogin, LibraryNextjsAuth0V4},
	{"/auth/mfa/**", nil, RouteSignIn, LibraryNextjsAuth0V4},
	{"/auth/passkey/**", nil, RouteSignIn, LibraryNextjsAuth0V4},
	{"/auth/passwordless/**", nil, RouteSignIn, LibraryNextjsAuth0V4},

	// Auth.js v5 outside Next.js (SvelteKit, Express, Qwik, ...): default
	// basePath "/auth" (packages/core/src/lib/utils/env.ts setEnvDefaults,
	// `config.basePath ??= "/auth"`). Same actions as above.
	{"/auth/session", post, RouteSessionUpdate, LibraryAuthJSV5},
	{"/auth/session", nil, RouteSession, LibraryAuthJSV5},
	{"/auth/providers", nil, RouteProviders, LibraryAuthJSV5},
	{"/auth/csrf", nil, RouteCSRF, LibraryAuthJSV5},
	{"/auth/signin", nil, RouteSignIn, LibraryAuthJSV5},
	{"/auth/signin/:provider", nil, RouteSignIn, LibraryAuthJSV5},
	{"/auth/signout", nil, RouteLogout, LibraryAuthJSV5},
	{"/auth/callback/:provider", nil, RouteCallback, LibraryAuthJSV5},
	{"/auth/verify-request", nil, RouteVerify, LibraryAuthJSV5},
	{"/auth/error", nil, RouteError, LibraryAuthJSV5},
	{"/auth/_log", nil, RouteLog, LibraryAuthJSV5},
	{"/auth/webauthn-options", nil, RouteSignIn, LibraryAuthJSV5},
	{"/auth/webauthn-options/:provider", nil, RouteSignIn, LibraryAuthJSV5},

	// oauth2-proxy, default --proxy-prefix /oauth2
	// (https://oauth2-proxy.github.io/oauth2-proxy/features/endpoints).
	{"/oauth2/sign_in", nil, RouteSignIn, LibraryOAuth2Proxy},
	{"/oauth2/sign_out", nil, RouteLogout, LibraryOAuth2Proxy},
	{"/oauth2/start", nil, RouteLogin, LibraryOAuth2Proxy},
	{"/oauth2/auth", nil, RouteSession, LibraryOAuth2Proxy},
	{"/oauth2/userinfo", nil, RouteProfile, LibraryOAuth2Proxy},

	// Azure App Service / Static Web Apps authentication ("Easy Auth"):
	// /.auth/login/<provider>, /.auth/login/<provider>/callback (Microsoft
	// Learn, "Manage authentication in Static Web Apps"); /.auth/me,
	// /.auth/logout, /.auth/refresh and /.auth/login/done from the App
	// Service docs (not re-read here).
	{"/.auth/login/done", nil, RouteCallback, LibraryAzureAppService},
	{"/.auth/login/:provider/callback", nil, RouteCallback, LibraryAzureAppService},
	{"/.auth/login/:provider", nil, RouteLogin, LibraryAzureAppService},
	{"/.auth/logout/**", nil, RouteLogout, LibraryAzureAppService},
	{"/.auth/me", nil, RouteProfile, LibraryAzureAppService},
	{"/.auth/refresh", nil, RouteToken, LibraryAzureAppService},

	// ASP.NET Core remote authentication handlers: default CallbackPath
	// "/signin-<scheme>" (OpenID Connect "/signin-oidc"), SignedOutCallbackPath
	// "/signout-callback-oidc", RemoteSignOutPath "/signout-oidc"; cookie
	// auth LoginPath/LogoutPath "/Account/Login", "/Account/Logout";
	// Identity UI under /Identity/Account.
	{"/signin-oidc", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-google", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-microsoft", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-facebook", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-twitter", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-github", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-apple", nil, RouteCallback, LibraryASPNETCore},
	{"/signin-saml", nil, RouteCallback, LibraryASPNETCore},
	{"/signout-callback-oidc", nil, RouteLogout, LibraryASPNETCore},
	{"/signout-oidc", nil, RouteLogout, LibraryASPNETCore},
	{"/Account/Login", nil, RouteLogin, LibraryASPNETCore},
	{"/Account/Logout", nil, RouteLogout, LibraryASPNETCore},
	{"/Identity/Account/Login", nil, RouteLogin, LibraryASPNETCore},
	{"/Identity/Account/Logout", nil, RouteLogout, LibraryASPNETCore},
	{"/Identity/Account/ExternalLogin", nil, RouteLogin, LibraryASPNETCore},

	// Django (LOGIN_URL "/accounts/login/") and django-allauth provider
	// callbacks.
	{"/accounts/login", nil, RouteLogin, LibraryDjango},
	{"/accounts/logout", nil, RouteLogout, LibraryDjango},
	{"/accounts/:provider/login/callback", nil, RouteCallback, LibraryDjango},

	// Rails: Devise sessions and OmniAuth callbacks.
	{"/users/sign_in", nil, RouteSignIn, LibraryRails},
	{"/users/sign_out", nil, RouteLogout, LibraryRails},
	{"/users/auth/:provider/callback", nil, RouteCallback, LibraryRails},
	{"/auth/:provider/callback", nil, RouteCallback, LibraryGeneric}, // OmniAuth, Passport

	// Laravel Sanctum SPA CSRF bootstrap.
	{"/sanctum/csrf-cookie", nil, RouteCSRF, LibraryLaravel},

	// Spring Security OAuth2 login defaults.
	{"/login/oauth2/code/:registration", nil, RouteCallback, LibraryGeneric},
	{"/oauth2/authorization/:registration", nil, RouteLogin, LibraryGeneric},

	// Common client-side paths of OIDC/OAuth integrations.
	{"/callback", nil, RouteCallback, LibraryGeneric},
	{"/oauth/callback", nil, RouteCallback, LibraryGeneric},
	{"/oauth2/callback", nil, RouteCallback, LibraryGeneric}, // also oauth2-proxy
	{"/oidc/callback", nil, RouteCallback, LibraryGeneric},
	{"/login/callback", nil, RouteCallback, LibraryGeneric},
	{"/sso/callback", nil, RouteCallback, LibraryGeneric},
	{"/oauth2/idpresponse", nil, RouteCallback, LibraryGeneric}, // AWS ALB / Cognito
	{"/saml/acs", nil, RouteCallback, LibraryGeneric},
	{"/saml2/acs", nil, RouteCallback, LibraryGeneric},
	{"/login", nil, RouteLogin, LibraryGeneric},
	{"/logout", nil, RouteLogout, LibraryGeneric},
	{"/signin", nil, RouteSignIn, LibraryGeneric},
	{"/sign-in", nil, RouteSignIn, LibraryGeneric},
	{"/signout", nil, RouteLogout, LibraryGeneric},
	{"/sign-out", nil, RouteLogout, LibraryGeneric},
	{"/me", nil, RouteProfile, LibraryGeneric},
	{"/api/me", nil, RouteProfile, LibraryGeneric},

	// Identity-provider endpoints, as they appear when the HAR includes the
	// IdP: Auth0 (/authorize, /oauth/token, /userinfo, /v2/logout,
	// /oidc/logout), Okta (/oauth2[/<server>]/v1/...), Microsoft Entra
	// (/<tenant>/oauth2[/v2.0]/...), Keycloak
	// ([/auth]/realms/<realm>/protocol/openid-connect/...), Duende
	// IdentityServer (/connect/...), Google (/o/oauth2[/v2]/auth, /token,
	// /oauth2/v3/certs), GitHub (/login/oauth/...), Cognito (/oauth2/...).
	// These paths come from the providers' public documentation and were
	// not re-read for this table.
	{"/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/oauth/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/oauth2/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/connect/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/oauth2/v1/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/oauth2/:server/v1/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/:tenant/oauth2/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/:tenant/oauth2/v2.0/authorize", nil, RouteAuthorize, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/auth", nil, RouteAuthorize, LibraryGeneric},
	{"/o/oauth2/auth", nil, RouteAuthorize, LibraryGeneric},
	{"/o/oauth2/v2/auth", nil, RouteAuthorize, LibraryGeneric},
	{"/login/oauth/authorize", nil, RouteAuthorize, LibraryGeneric},

	{"/token", nil, RouteToken, LibraryGeneric},
	{"/oauth/token", nil, RouteToken, LibraryGeneric},
	{"/oauth2/token", nil, RouteToken, LibraryGeneric},
	{"/connect/token", nil, RouteToken, LibraryGeneric},
	{"/oauth2/v1/token", nil, RouteToken, LibraryGeneric},
	{"/oauth2/:server/v1/token", nil, RouteToken, LibraryGeneric},
	{"/:tenant/oauth2/token", nil, RouteToken, LibraryGeneric},
	{"/:tenant/oauth2/v2.0/token", nil, RouteToken, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/token", nil, RouteToken, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/token/introspect", nil, RouteToken, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/revoke", nil, RouteToken, LibraryGeneric},
	{"/login/oauth/access_token", nil, RouteToken, LibraryGeneric},
	{"/revoke", nil, RouteToken, LibraryGeneric},
	{"/oauth/revoke", nil, RouteToken, LibraryGeneric},
	{"/oauth2/revoke", nil, RouteToken, LibraryGeneric},
	{"/oauth2/introspect", nil, RouteToken, LibraryGeneric},
	{"/oauth2/v1/revoke", nil, RouteToken, LibraryGeneric},
	{"/oauth2/v1/introspect", nil, RouteToken, LibraryGeneric},
	{"/oauth2/:server/v1/revoke", nil, RouteToken, LibraryGeneric},
	{"/oauth2/:server/v1/introspect", nil, RouteToken, LibraryGeneric},
	{"/connect/revocation", nil, RouteToken, LibraryGeneric},
	{"/connect/introspect", nil, RouteToken, LibraryGeneric},

	{"/userinfo", nil, RouteProfile, LibraryGeneric},
	{"/connect/userinfo", nil, RouteProfile, LibraryGeneric},
	{"/oauth2/v1/userinfo", nil, RouteProfile, LibraryGeneric},
	{"/oauth2/:server/v1/userinfo", nil, RouteProfile, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/userinfo", nil, RouteProfile, LibraryGeneric},
	{"/v1/userinfo", nil, RouteProfile, LibraryGeneric},

	{"/v2/logout", nil, RouteLogout, LibraryGeneric},
	{"/oidc/logout", nil, RouteLogout, LibraryGeneric},
	{"/connect/endsession", nil, RouteLogout, LibraryGeneric},
	{"/oauth2/v1/logout", nil, RouteLogout, LibraryGeneric},
	{"/oauth2/:server/v1/logout", nil, RouteLogout, LibraryGeneric},
	{"/:tenant/oauth2/logout", nil, RouteLogout, LibraryGeneric},
	{"/:tenant/oauth2/v2.0/logout", nil, RouteLogout, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/logout", nil, RouteLogout, LibraryGeneric},

	// Public metadata and keys: cacheable by design (RouteKind.Private is
	// false). RFC 8414 puts the issuer path after the well-known segment,
	// OIDC Discovery before it.
	{"/**/.well-known/openid-configuration", nil, RouteDiscovery, LibraryGeneric},
	{"/**/.well-known/openid-configuration/jwks", nil, RouteDiscovery, LibraryGeneric},
	{"/.well-known/oauth-authorization-server/:issuer/**", nil, RouteDiscovery, LibraryGeneric},
	{"/**/.well-known/oauth-authorization-server", nil, RouteDiscovery, LibraryGeneric},
	{"/.well-known/oauth-protected-resource/**", nil, RouteDiscovery, LibraryGeneric},
	{"/**/.well-known/jwks.json", nil, RouteDiscovery, LibraryGeneric},
	{"/.well-known/jwks", nil, RouteDiscovery, LibraryGeneric},
	{"/jwks", nil, RouteDiscovery, LibraryGeneric},
	{"/oauth2/v1/keys", nil, RouteDiscovery, LibraryGeneric},
	{"/oauth2/:server/v1/keys", nil, RouteDiscovery, LibraryGeneric},
	{"/**/discovery/v2.0/keys", nil, RouteDiscovery, LibraryGeneric},
	{"/**/discovery/keys", nil, RouteDiscovery, LibraryGeneric},
	{"/**/realms/:realm/protocol/openid-connect/certs", nil, RouteDiscovery, LibraryGeneric},
	{"/oauth2/v3/certs", nil, RouteDiscovery, LibraryGeneric},
}

// compiledRoute is one rule of a catalog's route table.
type compiledRoute struct {
	pattern routePattern
	methods []string // upper case; nil: any
	kind    RouteKind
	lib     Library
}

// routeTable finds the first rule that matches a request. Rules are indexed
// by their first literal segment so that a lookup tries only the rules that
// can match, in table order.
type routeTable struct {
	rules []compiledRoute
	index map[string][]int // lower-cased first segment -> rule indexes, ascending
	wild  []int            // rules whose first segment is not a literal, ascending
}

func newRouteTable(rules []compiledRoute) routeTable {
	t := routeTable{rules: rules, index: make(map[string][]int)}
	for i, r := range rules {
		if first, ok := r.pattern.firstLiteral(); ok {
			t.index[first] = append(t.index[first], i)
		} else {
			t.wild = append(t.wild, i)
		}
	}
	return t
}

// lookup returns the first rule (in table order) that matches.
func (t *routeTable) lookup(method string, segs []string) (compiledRoute, bool) {
	first := ""
	if len(segs) > 0 {
		first = ascii.Lower(segs[0])
	}
	bucket := t.index[first]
	b, w := 0, 0
	for b < len(bucket) || w < len(t.wild) {
		var i int
		if w >= len(t.wild) || (b < len(bucket) && bucket[b] < t.wild[w]) {
			i = bucket[b]
			b++
		} else {
			i = t.wild[w]
			w++
		}
		r := t.rules[i]
		if r.matchesMethod(method) && r.pattern.match(segs) {
			return r, true
		}
	}
	return compiledRoute{}, false
}

func (r compiledRoute) matchesMethod(method string) bool {
	if r.methods == nil {
		return true
	}
	if ascii.EqualFold(method, "HEAD") {
		method = "GET"
	}
	for _, m := range r.methods {
		if ascii.EqualFold(m, method) {
			return true
		}
	}
	return false
}

// Route classifies a request by its method and URL path; the query is
// ignored. Matching ignores ASCII case, empty segments (a trailing '/',
// "//") and matrix parameters (";jsessionid=..."). User rules are tried
// before built-in ones. It returns false when no rule matches, or when the
// first matching rule has kind RouteUnknown (a user rule that declares a
// path not to be an auth route).
func (c *Catalog) Route(method string, u *url.URL) (Route, bool) {
	if u == nil {
		return Route{}, false
	}
	if c.routeMemo == nil {
		return c.lookUpRoute(method, u.Path)
	}
	return c.routeMemo.route(method, u.Path, c.lookUpRoute)
}

// lookUpRoute is Route without the memo.
func (c *Catalog) lookUpRoute(method, path string) (Route, bool) {
	var buf [16]string
	segs := splitPath(path, buf[:0])
	r, ok := c.routes.lookup(method, segs)
	if !ok || r.kind == RouteUnknown {
		return Route{}, false
	}
	return Route{Kind: r.kind, Library: r.lib, Pattern: r.pattern.raw}, true
}

package auth

import "strings"

// defaultExactCookies are the built-in cookie names, without their
// "__Secure-"/"__Host-" prefix (libraries add those on https). Matching is
// case-sensitive, as cookie names are.
var defaultExactCookies = []cookieRule{
	// NextAuth v4: nextauthjs/next-auth packages/next-auth/src/core/lib/cookie.ts
	// defaultCookies(): "__Secure-" prefix on https, "__Host-" for the CSRF
	// cookie; SessionStore chunks the session token as "<name>.<i>"
	// (CHUNK_SIZE = 4096 - 163).
	{name: "next-auth.session-token", kind: CookieSession, lib: LibraryNextAuthV4, chunk: chunkDot},
	{name: "next-auth.csrf-token", kind: CookieCSRF, lib: LibraryNextAuthV4},
	{name: "next-auth.callback-url", kind: CookieCallbackURL, lib: LibraryNextAuthV4},
	{name: "next-auth.state", kind: CookieState, lib: LibraryNextAuthV4},
	{name: "next-auth.pkce.code_verifier", kind: CookiePKCE, lib: LibraryNextAuthV4},
	{name: "next-auth.nonce", kind: CookieNonce, lib: LibraryNextAuthV4},

	// Auth.js v5 (@auth/core): packages/core/src/lib/utils/cookie.ts
	// defaultCookies() (CHUNK_SIZE = 4096 - 160); "authjs.challenge" is the
	// WebAuthn challenge (webauthnChallenge) of later versions.
	{name: "authjs.session-token", kind: CookieSession, lib: LibraryAuthJSV5, chunk: chunkDot},
	{name: "authjs.csrf-token", kind: CookieCSRF, lib: LibraryAuthJSV5},
	{name: "authjs.callback-url", kind: CookieCallbackURL, lib: LibraryAuthJSV5},
	{name: "authjs.state", kind: CookieState, lib: LibraryAuthJSV5},
	{name: "authjs.pkce.code_verifier", kind: CookiePKCE, lib: LibraryAuthJSV5},
	{name: "authjs.nonce", kind: CookieNonce, lib: LibraryAuthJSV5},
	{name: "authjs.challenge", kind: CookieNonce, lib: LibraryAuthJSV5},

	// nextjs-auth0 0.x: session "a0:session" (settings.cookieName default),
	// login handler sets "a0:state" and "a0:redirectTo". Seen in copies of
	// the 0.x handlers (src/handlers/login.ts, session settings); the
	// upstream files were not opened.
	{name: "a0:session", kind: CookieSession, lib: LibraryNextjsAuth0V0},
	{name: "a0:state", kind: CookieState, lib: LibraryNextjsAuth0V0},
	{name: "a0:redirectTo", kind: CookieCallbackURL, lib: LibraryNextjsAuth0V0},

	// nextjs-auth0 v3: session "appSession", chunks "appSession.<i>";
	// transaction "auth_verification" (v3 src/auth0-session/get-config.ts
	// defaults; stateless-session.ts chunking). express-openid-connect uses
	// the same names.
	{name: "appSession", kind: CookieSession, lib: LibraryNextjsAuth0V3, chunk: chunkDot},
	{name: "auth_verification", kind: CookieTransaction, lib: LibraryNextjsAuth0V3},

	// "__session": nextjs-auth0 v4 (src/server/client.ts default
	// session.cookie.name; chunks "__session__<i>", src/server/cookies.ts
	// CHUNK_PREFIX "__") and Clerk (packages/backend/src/constants.ts
	// Cookies.Session). ClassifyCookie decides by the value.
	{name: "__session", kind: CookieSession, lib: LibraryUnknown, chunk: chunkDunder, ambiguous: true},

	// Clerk: packages/backend/src/constants.ts Cookies.
	{name: "__client_uat", kind: CookieSession, lib: LibraryClerk},
	{name: "__refresh", kind: CookieSession, lib: LibraryClerk},
	{name: "__clerk_db_jwt", kind: CookieSession, lib: LibraryClerk},
	{name: "__clerk_handshake", kind: CookieTransaction, lib: LibraryClerk},

	// Better Auth: packages/better-auth/src/cookies/index.ts getCookies():
	// "<prefix>.<name>" with prefix "better-auth", "__Secure-" on https;
	// session_data and account_data are chunked as "<name>.<i>".
	// "oauth_state" is set when storeStateStrategy is "cookie".
	{name: "better-auth.session_token", kind: CookieSession, lib: LibraryBetterAuth},
	{name: "better-auth.session_data", kind: CookieSession, lib: LibraryBetterAuth, chunk: chunkDot},
	{name: "better-auth.account_data", kind: CookieSession, lib: LibraryBetterAuth, chunk: chunkDot},
	{name: "better-auth.oauth_state", kind: CookieState, lib: LibraryBetterAuth},

	// express-session default name: expressjs/session index.js
	// `var name = opts.name || opts.key || 'connect.sid'`; the value is
	// `'s:' + signature.sign(id, secret)` (setcookieDefault).
	{name: "connect.sid", kind: CookieSession, lib: LibraryExpressSession},

	// Django defaults SESSION_COOKIE_NAME = 'sessionid' and
	// CSRF_COOKIE_NAME = 'csrftoken' (django/conf/global_settings.py).
	{name: "sessionid", kind: CookieSession, lib: LibraryDjango},
	{name: "csrftoken", kind: CookieCSRF, lib: LibraryDjango},

	// Laravel: laravel/framework config/session.php (and the laravel/laravel
	// skeleton's) `env('SESSION_COOKIE', Str::slug(env('APP_NAME',
	// 'laravel'), '_').'_session')` (other app names are matched by the
	// "*_session" pattern); VerifyCsrfToken sets "XSRF-TOKEN" (Angular reads
	// the same name).
	{name: "laravel_session", kind: CookieSession, lib: LibraryLaravel},
	{name: "XSRF-TOKEN", kind: CookieCSRF, lib: LibraryLaravel},

	// ASP.NET Core: CookieAuthenticationDefaults.CookiePrefix ".AspNetCore."
	// + AuthenticationScheme "Cookies"; Identity's "Identity.Application"
	// scheme; SessionDefaults.CookieName ".AspNetCore.Session"
	// (learn.microsoft.com/dotnet/api/microsoft.aspnetcore.session.
	// sessiondefaults.cookiename). ChunkingCookieManager (dotnet/aspnetcore
	// src/Shared/ChunkingCookieManager/ChunkingCookieManager.cs
	// AppendResponseCookie) writes "<name>=chunks-N" and "<name>C1" ..
	// "<name>CN" (ChunkKeySuffix "C", ChunkCountPrefix "chunks-").
	{name: ".AspNetCore.Cookies", kind: CookieSession, lib: LibraryASPNETCore, chunk: chunkC},
	{name: ".AspNetCore.Identity.Application", kind: CookieSession, lib: LibraryASPNETCore, chunk: chunkC},
	{name: ".AspNetCore.Session", kind: CookieSession, lib: LibraryASPNETCore},

	// oauth2-proxy: default cookie "_oauth2_proxy"; splitCookie names
	// chunks "<name>_<i>" (pkg/sessions/cookie/session_store.go); the login
	// CSRF cookie carries state, nonce and PKCE verifier.
	{name: "_oauth2_proxy", kind: CookieSession, lib: LibraryOAuth2Proxy, chunk: chunkUnder},
	{name: "_oauth2_proxy_csrf", kind: CookieTransaction, lib: LibraryOAuth2Proxy},

	// Azure App Service authentication session cookie (App Service docs;
	// not re-read here).
	{name: "AppServiceAuthSession", kind: CookieSession, lib: LibraryAzureAppService},
}

// defaultFoldCookies are generic names matched ignoring case, because
// servers write them in several cases (JSESSIONID/jsessionid).
var defaultFoldCookies = []cookieRule{
	{name: "session", kind: CookieSession, lib: LibraryGeneric},
	{name: "sid", kind: CookieSession, lib: LibraryGeneric},
	{name: "session_id", kind: CookieSession, lib: LibraryGeneric},
	// Java servlet containers: Tomcat org.apache.catalina.util.SessionConfig
	// DEFAULT_SESSION_COOKIE_NAME = "JSESSIONID".
	{name: "jsessionid", kind: CookieSession, lib: LibraryGeneric},
	// PHP: php.ini-production/-development `session.name = PHPSESSID`.
	{name: "phpsessid", kind: CookieSession, lib: LibraryGeneric},
	// ASP.NET (System.Web) session state: SessionStateSection.CookieName
	// DefaultValue="ASP.NET_SessionId" (learn.microsoft.com/dotnet/api/
	// system.web.configuration.sessionstatesection.cookiename).
	{name: "asp.net_sessionid", kind: CookieSession, lib: LibraryGeneric},
	{name: ".aspxauth", kind: CookieSession, lib: LibraryGeneric}, // ASP.NET forms authentication
	{name: "_csrf", kind: CookieCSRF, lib: LibraryGeneric},        // csurf
	{name: "csrf_token", kind: CookieCSRF, lib: LibraryGeneric},
	{name: "__requestverificationtoken", kind: CookieCSRF, lib: LibraryGeneric}, // ASP.NET MVC
}

// defaultPatternCookies are tried in order after exact names.
var defaultPatternCookies = []cookieRule{
	// nextjs-auth0 v4 transaction cookies "__txn_<state>"
	// (src/server/transaction-store.ts TRANSACTION_COOKIE_PREFIX).
	{match: hasPrefixAndMore("__txn_"), kind: CookieTransaction, lib: LibraryNextjsAuth0V4},

	// Clerk multi-instance names "<name>_<suffix>" (packages/shared/src/keys.ts
	// getSuffixedCookieName; the suffix is 8 base64url characters of a
	// SHA-1 of the publishable key in current versions, longer in older
	// ones).
	{match: clerkSuffixed("__session"), kind: CookieSession, lib: LibraryClerk},
	{match: clerkSuffixed("__client_uat"), kind: CookieSession, lib: LibraryClerk},
	{match: clerkSuffixed("__refresh"), kind: CookieSession, lib: LibraryClerk},
	{match: clerkSuffixed("__clerk_db_jwt"), kind: CookieSession, lib: LibraryClerk},

	// Supabase (@supabase/ssr): storage key "sb-<first host label>-auth-token"
	// (supabase-js SupabaseClient.ts defaultStorageKey), chunks "<key>.<i>"
	// (src/utils/chunker.ts), PKCE verifier "<key>-code-verifier".
	{match: supabaseName("-auth-token-code-verifier"), kind: CookiePKCE, lib: LibrarySupabase, chunk: chunkDot},
	{match: supabaseName("-auth-token"), kind: CookieSession, lib: LibrarySupabase, chunk: chunkDot},

	// Better Auth with advanced.cookiePrefix set.
	{match: hasSuffixAndMore(".session_token"), kind: CookieSession, lib: LibraryBetterAuth},
	{match: hasSuffixAndMore(".session_data"), kind: CookieSession, lib: LibraryBetterAuth, chunk: chunkDot},

	// ASP.NET Core remote authentication: correlation cookie (binds
	// "state"; RemoteAuthenticationHandler CorrelationPrefix
	// ".AspNetCore.Correlation."), OIDC nonce (OpenIdConnectDefaults
	// CookieNoncePrefix ".AspNetCore.OpenIdConnect.Nonce."), antiforgery
	// (AntiforgeryOptions.DefaultCookiePrefix ".AspNetCore.Antiforgery.").
	{match: hasPrefixAndMore(".AspNetCore.Correlation."), kind: CookieState, lib: LibraryASPNETCore},
	{match: hasPrefixAndMore(".AspNetCore.OpenIdConnect.Nonce."), kind: CookieNonce, lib: LibraryASPNETCore},
	{match: hasPrefixAndMore(".AspNetCore.Antiforgery."), kind: CookieCSRF, lib: LibraryASPNETCore},

	// oauth2-proxy per-login CSRF cookies of newer versions
	// ("_oauth2_proxy_<id>_csrf"; naming not re-read: UNCONFIRMED).
	{match: func(s string) bool {
		return len(s) > len("_oauth2_proxy__csrf") && strings.HasPrefix(s, "_oauth2_proxy_") && strings.HasSuffix(s, "_csrf")
	}, kind: CookieTransaction, lib: LibraryOAuth2Proxy},

	// Drupal: "SESS"/"SSESS" (https) + 32 hex characters of a hash of the
	// cookie domain (naming from Drupal's session_name(); not re-read).
	{match: drupalName, kind: CookieSession, lib: LibraryGeneric},

	// Rails CookieStore key "_<app>_session": railties
	// lib/rails/application/finisher.rb setup_default_session_store
	// (`key: "_#{app_name}_session"`, app_name = railtie_name without
	// "_application"). Then "<app>_session": Laravel's formula
	// (laravel/framework config/session.php `Str::slug(env('APP_NAME',
	// 'laravel'), '_').'_session'`) but also CodeIgniter's "ci_session", so
	// it is Laravel only when the value is a Laravel Encrypter payload
	// (ClassifyCookie).
	{match: func(s string) bool {
		return len(s) > len("__session") && s[0] == '_' && s[1] != '_' && strings.HasSuffix(s, "_session")
	}, kind: CookieSession, lib: LibraryRails},
	{match: func(s string) bool {
		return len(s) > len("_session") && s[0] != '_' && strings.HasSuffix(s, "_session")
	}, kind: CookieSession, lib: LibraryGeneric, laravelByValue: true},
}

func hasPrefixAndMore(prefix string) func(string) bool {
	return func(s string) bool { return len(s) > len(prefix) && strings.HasPrefix(s, prefix) }
}

func hasSuffixAndMore(suffix string) func(string) bool {
	return func(s string) bool { return len(s) > len(suffix) && strings.HasSuffix(s, suffix) }
}

// clerkSuffixed matches "<base>_<suffix>" where suffix is at least 8
// base64url characters and is not "_<digits>" (nextjs-auth0 v4 chunks of
// "__session" look like "__session__0").
func clerkSuffixed(base string) func(string) bool {
	prefix := base + "_"
	return func(s string) bool {
		rest, ok := strings.CutPrefix(s, prefix)
		if !ok || len(rest) < 8 {
			return false
		}
		if rest[0] == '_' && allDigits(rest[1:]) {
			return false
		}
		for i := 0; i < len(rest); i++ {
			if !isBase64URLChar(rest[i]) {
				return false
			}
		}
		return true
	}
}

// supabaseName matches "sb-<ref><suffix>" where ref is a host label.
func supabaseName(suffix string) func(string) bool {
	return func(s string) bool {
		ref, ok := strings.CutPrefix(s, "sb-")
		if !ok {
			return false
		}
		ref, ok = strings.CutSuffix(ref, suffix)
		if !ok || ref == "" {
			return false
		}
		for i := 0; i < len(ref); i++ {
			b := ref[i]
			if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-') {
				return false
			}
		}
		return true
	}
}

func drupalName(s string) bool {
	hash, ok := strings.CutPrefix(s, "SSESS")
	if !ok {
		if hash, ok = strings.CutPrefix(s, "SESS"); !ok {
			return false
		}
	}
	if len(hash) != 32 {
		return false
	}
	for i := 0; i < len(hash); i++ {
		if b := hash[i]; !(b >= '0' && b <= '9' || b >= 'a' && b <= 'f') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

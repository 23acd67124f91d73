package token

import "strings"

// Default session-cookie names, each checked in the library's source:
//   - next-auth v4: "next-auth.session-token", "__Secure-" prefix on https
//     (next-auth@4.24.15 core/lib/cookie.js defaultCookies).
//   - Auth.js: "authjs.session-token", "__Secure-" prefix when secure
//     (@auth/core@0.41.3 lib/utils/cookie.js defaultCookies; nextauthjs/next-auth
//     packages/core/src/lib/utils/cookie.ts).
//   - nextjs-auth0 v3: "appSession" (auth0/nextjs-auth0 branch v3
//     src/auth0-session/get-config.ts, default('appSession')).
//   - nextjs-auth0 v4: "__session" (auth0/nextjs-auth0
//     src/server/session/abstract-session-store.ts SESSION_COOKIE_NAME); v4
//     also reads a legacy v3 "appSession" cookie (normalize-session.ts
//     LEGACY_COOKIE_NAME) with the same key.
//   - Clerk: "__session", "__session_<suffix>" for multi-instance apps
//     (clerk/javascript packages/backend/src/constants.ts).
//   - Supabase: "sb-<project-ref>-auth-token" (supabase/ssr src/cookies.ts).
//   - express-session: "connect.sid" (widely used default; upstream
//     index.js not opened, so the name alone is only a hint).
const (
	nextAuthSessionCookie = "next-auth.session-token"
	authJSSessionCookie   = "authjs.session-token"
	auth0V3SessionCookie  = "appSession"
	auth0V4SessionCookie  = "__session"
)

// BaseCookieName removes a chunk suffix from a cookie name: ".<N>" (next-auth,
// Auth.js, nextjs-auth0 v3, Supabase) or "__<N>" (nextjs-auth0 v4), where N
// is a decimal index. Prefixes such as "__Secure-" are kept: Auth.js uses the
// full name as its HKDF salt.
func BaseCookieName(name string) string {
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	if i == len(name) {
		return name
	}
	switch {
	case i > 2 && name[i-2:i] == "__":
		return name[:i-2]
	case i > 1 && name[i-1] == '.':
		return name[:i-1]
	}
	return name
}

// stripCookiePrefix removes the "__Secure-" or "__Host-" prefix.
func stripCookiePrefix(name string) string {
	if s, ok := strings.CutPrefix(name, "__Secure-"); ok {
		return s
	}
	if s, ok := strings.CutPrefix(name, "__Host-"); ok {
		return s
	}
	return name
}

// jweFamilyByName returns the library whose JWE cookies carry this (base)
// name, or UnknownLibrary.
func jweFamilyByName(base string) Library {
	n := stripCookiePrefix(base)
	switch {
	case strings.HasPrefix(n, "next-auth."):
		// session-token, and v4's encrypted state/pkce/nonce cookies.
		return NextAuthV4
	case strings.HasPrefix(n, "authjs."):
		// session-token, and the pkce/state/nonce cookies Auth.js encrypts
		// with salt = their own name (packages/core/src/lib/actions/callback/oauth/checks.ts).
		return AuthJSV5
	case n == auth0V3SessionCookie:
		return NextjsAuth0V3
	case n == auth0V4SessionCookie, strings.HasPrefix(n, "__txn_"):
		return NextjsAuth0V4
	}
	return UnknownLibrary
}

// guessLibrary names the library a value most likely comes from, from the
// cookie name, the format and (for JOSE) the protected header.
func guessLibrary(base string, f Format, header map[string]any, value string) Library {
	n := stripCookiePrefix(base)
	switch f {
	case JWE:
		if lib := jweFamilyByName(base); lib != UnknownLibrary {
			return lib
		}
		return jweFamilyByHeader(header)
	case JWS:
		if n == auth0V4SessionCookie || strings.HasPrefix(n, "__session_") {
			return Clerk
		}
	case SupabaseJSON:
		return Supabase
	case IronSeal:
		// iron-session appends "~<major version>" to the seal
		// (vvo/iron-session src/core.ts versionDelimiter, currentMajorVersion).
		if strings.Contains(value, "~") {
			return IronSession
		}
	case Opaque:
		if n == "connect.sid" || strings.HasPrefix(value, "s:") {
			return ExpressSession
		}
	}
	return UnknownLibrary
}

// jweFamilyByHeader guesses from the protected header alone: only Auth.js
// uses A256CBC-HS512 and a kid, only nextjs-auth0 v3 puts uat in the header.
func jweFamilyByHeader(h map[string]any) Library {
	if enc, _ := h["enc"].(string); enc == "A256CBC-HS512" {
		return AuthJSV5
	}
	if _, ok := h["kid"]; ok {
		return AuthJSV5
	}
	if _, ok := h["uat"]; ok {
		return NextjsAuth0V3
	}
	return UnknownLibrary
}

package auth

import (
	"fmt"
	"slices"
	"strings"
)

// CookieKind says what an auth cookie holds.
type CookieKind int

// Cookie kinds.
const (
	// CookieUnknown is not an auth cookie (or not a known one).
	CookieUnknown CookieKind = iota
	// CookieSession holds the session itself (a JWE, a signed session id,
	// an encrypted ticket) or a chunk of it.
	CookieSession
	// CookieTransaction holds the state of one login in progress (state,
	// nonce, PKCE verifier, return URL bundled together), for example
	// nextjs-auth0's "__txn_<state>".
	CookieTransaction
	// CookieCSRF holds an anti-CSRF token.
	CookieCSRF
	// CookiePKCE holds a PKCE code verifier.
	CookiePKCE
	// CookieState holds (or binds) the OAuth "state" parameter.
	CookieState
	// CookieNonce holds an OIDC nonce or a WebAuthn challenge.
	CookieNonce
	// CookieCallbackURL holds the URL to return to after login.
	CookieCallbackURL
)

var cookieKindNames = [...]string{
	CookieUnknown:     "unknown",
	CookieSession:     "session",
	CookieTransaction: "transaction",
	CookieCSRF:        "csrf",
	CookiePKCE:        "pkce",
	CookieState:       "state",
	CookieNonce:       "nonce",
	CookieCallbackURL: "callback-url",
}

// CookieKindNames returns the names configuration accepts for cookie kinds,
// in declaration order, "none" last (it declares a cookie not to be an
// auth cookie).
func CookieKindNames() []string { return append(slices.Clone(cookieKindNames[1:]), "none") }

// String returns the kind's lower-case name, as written in configuration.
func (k CookieKind) String() string {
	if k < 0 || int(k) >= len(cookieKindNames) {
		return fmt.Sprintf("CookieKind(%d)", int(k))
	}
	return cookieKindNames[k]
}

// Sensitive reports whether a cookie of this kind is a secret whose leak or
// replay lets someone else act as the user or complete their login: every
// kind except CookieUnknown and CookieCallbackURL.
func (k CookieKind) Sensitive() bool {
	switch k {
	case CookieSession, CookieTransaction, CookieCSRF, CookiePKCE, CookieState, CookieNonce:
		return true
	}
	return false
}

// ParseCookieKind parses a cookie kind as written in configuration: its
// String form, ignoring case, with '_' accepted for '-'. "none" is accepted
// for CookieUnknown (a rule of that kind declares a cookie not to be an auth
// cookie).
func ParseCookieKind(s string) (CookieKind, error) {
	n := normKindName(s)
	if n == "none" {
		return CookieUnknown, nil
	}
	for k, name := range cookieKindNames {
		if n == name {
			return CookieKind(k), nil
		}
	}
	return CookieUnknown, fmt.Errorf("unknown cookie kind %q (want one of %s, or none)", s, strings.Join(cookieKindNames[1:], ", "))
}

// RouteKind says what an auth route does.
type RouteKind int

// Route kinds.
const (
	// RouteUnknown is not an auth route (or not a known one).
	RouteUnknown RouteKind = iota
	// RouteLogin starts a login, usually by redirecting to the identity
	// provider (nextjs-auth0 "/auth/login", oauth2-proxy "/oauth2/start").
	RouteLogin
	// RouteCallback is where the identity provider sends the browser back
	// (the OAuth redirect_uri, a SAML ACS); it sets the session cookie.
	RouteCallback
	// RouteLogout ends the session.
	RouteLogout
	// RouteSession reads the session; libraries often re-issue the session
	// cookie there (Auth.js GET /api/auth/session).
	RouteSession
	// RouteProfile returns the signed-in user.
	RouteProfile
	// RouteCSRF returns or sets an anti-CSRF token.
	RouteCSRF
	// RouteToken returns or handles tokens (OAuth token, revocation and
	// introspection endpoints, nextjs-auth0 "/auth/access-token").
	RouteToken
	// RouteProviders lists the configured sign-in providers.
	RouteProviders
	// RouteSignIn is a sign-in page or a sign-in action of a library
	// (Auth.js "signin", Better Auth "sign-in/*", MFA and passkey steps).
	RouteSignIn
	// RouteError is a library's auth error page.
	RouteError
	// RouteVerify verifies an e-mail link or a one-time code.
	RouteVerify
	// RouteBackchannelLogout receives OIDC back-channel logout tokens.
	RouteBackchannelLogout
	// RouteSessionUpdate changes the session (Auth.js POST
	// /api/auth/session).
	RouteSessionUpdate
	// RouteAuthorize is an identity provider's authorization endpoint.
	RouteAuthorize
	// RouteDiscovery is public OIDC/OAuth metadata or keys
	// (/.well-known/openid-configuration, JWKS): cacheable by design.
	RouteDiscovery
	// RouteLog receives client-side auth logs (Auth.js "_log").
	RouteLog
)

var routeKindNames = [...]string{
	RouteUnknown:           "unknown",
	RouteLogin:             "login",
	RouteCallback:          "callback",
	RouteLogout:            "logout",
	RouteSession:           "session",
	RouteProfile:           "profile",
	RouteCSRF:              "csrf",
	RouteToken:             "token",
	RouteProviders:         "providers",
	RouteSignIn:            "signin",
	RouteError:             "error",
	RouteVerify:            "verify",
	RouteBackchannelLogout: "backchannel-logout",
	RouteSessionUpdate:     "session-update",
	RouteAuthorize:         "authorize",
	RouteDiscovery:         "discovery",
	RouteLog:               "log",
}

// RouteKindNames returns the names configuration accepts for route kinds,
// in declaration order, "none" last (it declares a path not to be an auth
// route).
func RouteKindNames() []string { return append(slices.Clone(routeKindNames[1:]), "none") }

// String returns the kind's lower-case name, as written in configuration.
func (k RouteKind) String() string {
	if k < 0 || int(k) >= len(routeKindNames) {
		return fmt.Sprintf("RouteKind(%d)", int(k))
	}
	return routeKindNames[k]
}

// Private reports whether responses of this kind belong to one browser (they
// set or read auth cookies, or return tokens or user data), so that a shared
// cache must never store them. It is false for RouteUnknown, for
// RouteDiscovery (public metadata) and for RouteProviders (a static list).
func (k RouteKind) Private() bool {
	switch k {
	case RouteUnknown, RouteDiscovery, RouteProviders:
		return false
	}
	return k > 0 && int(k) < len(routeKindNames)
}

// ParseRouteKind parses a route kind as written in configuration: its String
// form, ignoring case, with '_' accepted for '-'. "none" is accepted for
// RouteUnknown (a rule of that kind declares a path not to be an auth
// route).
func ParseRouteKind(s string) (RouteKind, error) {
	n := normKindName(s)
	switch n {
	case "none":
		return RouteUnknown, nil
	case "sign-in":
		return RouteSignIn, nil
	}
	for k, name := range routeKindNames {
		if n == name {
			return RouteKind(k), nil
		}
	}
	return RouteUnknown, fmt.Errorf("unknown route kind %q (want one of %s, or none)", s, strings.Join(routeKindNames[1:], ", "))
}

func normKindName(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

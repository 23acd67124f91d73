package probe

import (
	"encoding/json"
	"mime"
	"net/url"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/har"
)

// A Step is one request of a route's plan. The plan of every route is fixed
// and documented in docs/probe.md; every step is a GET.
type Step string

// Steps, in the order a route's plan sends them.
const (
	// StepAnonymous1 is the first anonymous GET; on a discovered route it is
	// also the discovery request.
	StepAnonymous1 Step = "anonymous-1"
	// StepAnonymous2 repeats StepAnonymous1: a cache that stored the first
	// answers the second.
	StepAnonymous2 Step = "anonymous-2"
	// StepCallback1 and StepCallback2 send the callback route a dummy code
	// and state, twice: the app answers with an error, and the second shows
	// whether a cache stored it.
	StepCallback1 Step = "callback-1"
	StepCallback2 Step = "callback-2"
	// StepSession sends the supplied session.
	StepSession Step = "session"
	// StepAfterSession is the anonymous GET right after StepSession, to the
	// same URL: it must not receive what the session's response held.
	StepAfterSession Step = "anonymous-after-session"
	// StepRedirect follows an on-origin redirect of the step before it
	// (only with Config.FollowRedirects).
	StepRedirect Step = "redirect"
)

// A Route is one route the probe tested.
type Route struct {
	// Path is the path (and query) requested.
	Path string
	// Kind and Library classify the route (from the catalog, or from the
	// discovery candidate that found it).
	Kind    auth.RouteKind
	Library auth.Library
	// Source says why the route was probed: "discovered", "given" (a
	// --route or config route) or "providers" (a callback listed by
	// NextAuth's /api/auth/providers).
	Source string
}

// candidate is a route discovery looks for.
type candidate struct {
	path string
	kind auth.RouteKind
	lib  auth.Library
}

// discoveryCandidates are the routes discovery GETs, under the target's base
// path. A 404 means absent. Sources, all in the libraries' handlers:
//   - NextAuth v4 / Auth.js v5 GET actions "providers", "session", "csrf"
//     (nextauthjs/next-auth packages/core/src/lib/index.ts, AuthInternal):
//     JSON bodies; providers lists {id, name, type, signinUrl, callbackUrl}
//     (packages/core/src/lib/routes/providers.ts).
//   - nextjs-auth0 v3 /api/auth/me: 204 without a session, the user as JSON
//     with one (auth0/nextjs-auth0 v3 src/handlers/profile.ts).
//   - nextjs-auth0 v4 /auth/profile: 401 (or 204 with
//     noContentProfileResponseWhenUnauthenticated) without a session;
//     /auth/access-token: 401 JSON without one (auth0/nextjs-auth0
//     src/server/auth-client.ts handleProfile, handleAccessToken).
var discoveryCandidates = []candidate{
	{"/api/auth/providers", auth.RouteProviders, auth.LibraryNextAuthV4},
	{"/api/auth/csrf", auth.RouteCSRF, auth.LibraryNextAuthV4},
	{"/api/auth/session", auth.RouteSession, auth.LibraryNextAuthV4},
	{"/api/auth/me", auth.RouteProfile, auth.LibraryNextjsAuth0V3},
	{"/auth/profile", auth.RouteProfile, auth.LibraryNextjsAuth0V4},
	{"/auth/access-token", auth.RouteToken, auth.LibraryNextjsAuth0V4},
}

// Callback routes of nextjs-auth0, probed when its other routes are found
// (v3: src/handlers/auth.ts; v4: src/server/client.ts routes).
const (
	auth0V3Callback = "/api/auth/callback"
	auth0V4Callback = "/auth/callback"
)

// present reports whether a discovery response shows the library's route:
// a status the handler returns (200, 204, 401, 403) with a JSON or empty
// body. An HTML page is an app's catch-all, not the route; a redirect is not
// followed to find out.
func present(e *har.Entry) bool {
	if e.Aborted() {
		return false
	}
	switch e.Response.Status {
	case 200, 204, 401, 403:
	default:
		return false
	}
	text := strings.TrimSpace(e.Response.Content.Text)
	if text == "" && e.Response.Content.Encoding == "" {
		return true
	}
	if mt, _, err := mime.ParseMediaType(e.Response.Headers.Get("Content-Type")); err == nil &&
		(mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return true
	}
	return e.Response.Content.Encoding == "" && (strings.HasPrefix(text, "{") || strings.HasPrefix(text, "[") || text == "null")
}

// givenPresent reports whether a given route exists: any response but 404,
// 405, 410 or 501.
func givenPresent(e *har.Entry) bool {
	if e.Aborted() {
		return false
	}
	switch e.Response.Status {
	case 404, 405, 410, 501:
		return false
	}
	return true
}

// oauthCallback returns the path of the first OAuth or OIDC provider's
// callback listed by a NextAuth providers response, or "".
func oauthCallback(e *har.Entry) string {
	if e.Aborted() || e.Response.Status != 200 || e.Response.Content.Encoding != "" {
		return ""
	}
	var providers map[string]struct {
		ID          string `json:"id"`
		Type        string `json:"type"`
		CallbackURL string `json:"callbackUrl"`
	}
	if json.Unmarshal([]byte(e.Response.Content.Text), &providers) != nil {
		return ""
	}
	bestID, bestPath := "", ""
	for id, p := range providers {
		if p.Type != "oauth" && p.Type != "oidc" || p.CallbackURL == "" {
			continue
		}
		u, err := url.Parse(p.CallbackURL)
		if err != nil || !strings.HasPrefix(u.Path, "/") {
			continue
		}
		// The path alone: the probe only ever asks the target's origin.
		// Map iteration order is random: take the smallest id.
		if bestPath == "" || id < bestID {
			bestID, bestPath = id, u.Path
		}
	}
	return bestPath
}

// sessionAllowed reports whether the session may be sent to a route of kind
// k: routes that read the session (session, profile, token, CSRF) and routes
// the catalog does not know (given by the user). Never to a login, callback,
// logout or sign-in route, where a session could start or end something.
func sessionAllowed(k auth.RouteKind) bool {
	switch k {
	case auth.RouteSession, auth.RouteProfile, auth.RouteToken, auth.RouteCSRF, auth.RouteUnknown:
		return true
	}
	return false
}

// withQuery returns u with extra query parameters appended.
func withQuery(u *url.URL, kv ...string) *url.URL {
	c := *u
	q := c.RawQuery
	for i := 0; i+1 < len(kv); i += 2 {
		if q != "" {
			q += "&"
		}
		q += url.QueryEscape(kv[i]) + "=" + url.QueryEscape(kv[i+1])
	}
	c.RawQuery = q
	return &c
}

package rules

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/authlint/authlint/auth"
)

// RedirectURIMismatch finds authorization requests whose redirect_uri does
// not point back at the app that started the login.
var RedirectURIMismatch = &Rule{
	ID:       "redirect-uri-mismatch",
	Category: CategoryConfig,
	Severity: High,
	Title:    "an authorization request's redirect_uri is not the app's",
	Doc: `Fires when an OAuth/OIDC authorization request (` + "`client_id`" + ` with ` + "`response_type`" + `,
and a ` + "`redirect_uri`" + `) sends the identity provider a ` + "`redirect_uri`" + ` that does not match
the app, or when the identity provider rejects it.

The app's origin is taken from the HAR, never guessed: it is the origin of the
entry that sent the browser to the authorization URL, either with a redirect
(` + "`Location`" + ` naming the same endpoint, ` + "`client_id`" + `, ` + "`state`" + ` and ` + "`redirect_uri`" + `) or with
a JSON ` + "`{\"url\": ...}`" + ` answer from a sign-in route (NextAuth's and Auth.js's client
` + "`signIn()`" + `), provided that entry is the client starting its login: a login or
sign-in route of the catalogue, or a response that sets a state, nonce, PKCE or
transaction cookie. Entries on the authorization endpoint's own host do not
count (identity providers and their portals redirect to their own endpoints),
and neither does the ` + "`Referer`" + `: pages on other hosts (marketing sites, SDK
iframes) start logins legitimately. When no such entry exists, the rule stays
silent.

Compared are the scheme, host and port (default ports filled in), which catches
the classic causes: ` + "`http`" + ` behind a TLS-terminating proxy, ` + "`localhost`" + ` or an
internal or preview host in production, the app's internal port. When the
library is known from the route that started the login (NextAuth v4, Auth.js
v5, nextjs-auth0 v3 or v4), the path must also be a callback route of the
catalogue (the defaults, ` + "`/api/auth/callback/<provider>`" + `, ` + "`/api/auth/callback`" + `,
` + "`/auth/callback`" + `, and routes added in the configuration); a callback that the app
answers with 404 counts too. Evidence from the identity provider wins over both:
` + "`error=redirect_uri_mismatch`" + ` (Google, GitHub), "Callback URL mismatch" or "is
not in the list of allowed callback URLs" (Auth0), ` + "`AADSTS50011`" + ` (Microsoft Entra
ID) or "Invalid parameter: redirect_uri" (Keycloak) in the authorization
response or in the identity provider's next pages.

Stays silent for Auth.js's redirect proxy (` + "`AUTH_REDIRECT_PROXY_URL`" + `: the ` + "`state`" + `
carries the origin to return to, so another host is intended) and when a
different https host is seen completing the login (its callback answered
without error and set a session cookie), which is a deliberate split between an
app host and an auth host.

Severity: high with evidence from the identity provider, or when scheme, host
or port differ; medium when only the path is wrong.`,
	Fix:   "Make the app build `redirect_uri` from its public origin (NextAuth v4: `NEXTAUTH_URL`; Auth.js v5: `AUTH_URL`, or `AUTH_TRUST_HOST=true` behind a proxy that sends `X-Forwarded-Host` and `X-Forwarded-Proto`; nextjs-auth0 v3: `AUTH0_BASE_URL`; nextjs-auth0 v4: `APP_BASE_URL`), and register that exact callback URL in the identity provider's allowed callback URLs.",
	Since: "0.1.0",
	Start: func(*Pass) Checker { return &redirectURIMismatch{} },
}

// Caps on the rule's state.
const (
	maxLoginStarts   = 32
	maxAuthzRequests = 64
	// idpFollowWindow is how many entries after an authorization request
	// are searched for the identity provider's error pages and for the
	// callback (a login page loads dozens of assets, and the user takes
	// time to sign in).
	idpFollowWindow = 400
)

// webOrigin is a scheme, host and port, with the default port filled in.
type webOrigin struct{ scheme, host, port string }

func originOf(u *url.URL) webOrigin {
	o := webOrigin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.port == "" {
		switch o.scheme {
		case "http":
			o.port = "80"
		case "https":
			o.port = "443"
		}
	}
	return o
}

func (o webOrigin) String() string {
	host := o.host
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if o.scheme == "http" && o.port == "80" || o.scheme == "https" && o.port == "443" {
		return o.scheme + "://" + host
	}
	return o.scheme + "://" + host + ":" + o.port
}

// loginStart is an app entry that sent the browser to an authorization URL.
type loginStart struct {
	key    string // authzKey of the authorization URL
	origin webOrigin
	ref    EntryRef
	lib    auth.Library
}

// authzRequest summarises one authorization request and what followed it.
type authzRequest struct {
	index    int
	ref      EntryRef
	idpHost  string
	redirect *url.URL
	start    *loginStart
	// proxied is set when Auth.js's redirect proxy is in use.
	proxied  bool
	idpError *idpRejection
	callback *callbackOutcome
}

// idpRejection is the identity provider's rejection of the redirect_uri.
type idpRejection struct {
	ref      EntryRef
	text     string
	evidence Evidence
}

// callbackOutcome is what happened when the browser reached the redirect_uri.
type callbackOutcome struct {
	ref       EntryRef
	status    int
	errParam  string
	setsLogin bool
}

type redirectURIMismatch struct {
	starts []loginStart
	reqs   []*authzRequest
}

// isAuthzRequest reports whether u is an authorization request with a
// client_id, a response_type and a redirect_uri.
func isAuthzRequest(u *url.URL) bool {
	if u == nil || !auth.LooksLikeAuthorizationRequest(u) {
		return false
	}
	q := u.Query()
	return q.Get("client_id") != "" && q.Get("response_type") != "" && q.Get("redirect_uri") != ""
}

// authzKey identifies an authorization URL across its spellings: endpoint,
// client_id, state and redirect_uri, decoded.
func authzKey(u *url.URL) string {
	q := u.Query()
	return strings.Join([]string{strings.ToLower(u.Host), strings.TrimSuffix(u.Path, "/"), q.Get("client_id"), q.Get("state"), q.Get("redirect_uri")}, "\x00")
}

func (c *redirectURIMismatch) Visit(p *Pass, x *Exchange) {
	if x.URL == nil {
		return
	}
	if isAuthzRequest(x.URL) {
		c.addRequest(p, x)
	} else {
		c.follow(p, x)
	}
	c.learnStart(p, x)
}

// addRequest records an authorization request and the app entry that
// started it, if any.
func (c *redirectURIMismatch) addRequest(p *Pass, x *Exchange) {
	ru, err := url.Parse(x.URL.Query().Get("redirect_uri"))
	if err != nil || ru.Scheme == "" || ru.Host == "" {
		return
	}
	r := &authzRequest{index: x.Index, ref: p.Ref(x, "authorization request"), idpHost: x.Host(), redirect: ru}
	key := authzKey(x.URL)
	for i := len(c.starts) - 1; i >= 0; i-- {
		if c.starts[i].key == key {
			s := c.starts[i]
			r.start = &s
			break
		}
	}
	r.proxied = authJSRedirectProxy(x.URL.Query().Get("state"))
	if rej, ok := idpRejectionIn(p, x); ok {
		r.idpError = rej
	}
	if len(c.reqs) >= maxAuthzRequests {
		c.reqs = c.reqs[1:]
	}
	c.reqs = append(c.reqs, r)
}

// follow attaches x to the authorization requests it concerns: the
// identity provider's follow-up pages and the callback.
func (c *redirectURIMismatch) follow(p *Pass, x *Exchange) {
	for _, r := range c.reqs {
		if x.Index-r.index > idpFollowWindow || r.callback != nil {
			continue
		}
		if sameEndpoint(x.URL, r.redirect) {
			q := x.URL.Query()
			out := &callbackOutcome{ref: p.Ref(x, "callback"), status: x.Status(), errParam: q.Get("error")}
			for _, sc := range x.SetCookies {
				if sc.Session() && sc.Err == nil && !sc.IsDeletion(x.Started) {
					out.setsLogin = true
				}
			}
			r.callback = out
			// GitHub sends the browser to the redirect_uri with
			// error=redirect_uri_mismatch.
			if r.idpError == nil && out.errParam == "redirect_uri_mismatch" {
				r.idpError = &idpRejection{ref: out.ref, text: "error=redirect_uri_mismatch",
					evidence: Evidence{Entry: x.Index, Where: "url", Name: "error", Value: "redirect_uri_mismatch"}}
			}
			continue
		}
		if r.idpError == nil && x.Host() == r.idpHost {
			if rej, ok := idpRejectionIn(p, x); ok {
				r.idpError = rej
			}
		}
	}
}

// learnStart records x when it sends the browser to an authorization URL.
func (c *redirectURIMismatch) learnStart(p *Pass, x *Exchange) {
	if isAuthzRequest(x.URL) || x.Aborted() {
		return
	}
	target := redirectLocation(x)
	if target == nil || !isAuthzRequest(target) {
		target = jsonSignInURL(x)
	}
	if target == nil || !isAuthzRequest(target) || strings.EqualFold(target.Hostname(), x.Host()) || !startsLogin(x) {
		return
	}
	s := loginStart{key: authzKey(target), origin: originOf(x.URL), ref: p.Ref(x, "app entry that started the login"), lib: startLibrary(x)}
	if len(c.starts) >= maxLoginStarts {
		c.starts = c.starts[1:]
	}
	c.starts = append(c.starts, s)
}

// startsLogin reports whether x looks like a client starting its own
// login, rather than a portal or an identity provider's page sending the
// browser on: x is a login or sign-in route of the catalogue, or its
// response sets a login transaction cookie (state, nonce, PKCE verifier),
// which only the client that will receive the callback does.
func startsLogin(x *Exchange) bool {
	if x.Route.Kind == auth.RouteLogin || x.Route.Kind == auth.RouteSignIn {
		return true
	}
	for _, sc := range x.SetCookies {
		if !sc.Known || sc.Err != nil || sc.IsDeletion(x.Started) {
			continue
		}
		switch sc.Info.Kind {
		case auth.CookieTransaction, auth.CookieState, auth.CookieNonce, auth.CookiePKCE:
			return true
		}
	}
	return false
}

// jsonSignInURL reads the {"url": ...} answer of NextAuth's and Auth.js's
// sign-in route to a client-side signIn() (next-auth v4 returns
// res.json({url}) for json=true; Auth.js v5 answers Response.json({url})
// when the request carries X-Auth-Return-Redirect).
func jsonSignInURL(x *Exchange) *url.URL {
	if x.Route.Kind != auth.RouteSignIn && x.Route.Kind != auth.RouteLogin {
		return nil
	}
	return jsonURL(x)
}

// startLibrary names the library of the entry that started a login: its
// route's library, with NextAuth v4 told from Auth.js v5 by the cookies it
// sets or receives.
func startLibrary(x *Exchange) auth.Library {
	lib := x.Route.Library
	for _, sc := range x.SetCookies {
		if sc.Known && sc.Info.Library == auth.LibraryAuthJSV5 {
			return auth.LibraryAuthJSV5
		}
	}
	for _, ck := range x.Cookies {
		if ck.Known && ck.Info.Library == auth.LibraryAuthJSV5 && lib == auth.LibraryNextAuthV4 {
			return auth.LibraryAuthJSV5
		}
	}
	return lib
}

// sameEndpoint reports whether u is the callback r: same origin and path,
// ignoring a trailing slash.
func sameEndpoint(u, r *url.URL) bool {
	return originOf(u) == originOf(r) && strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(r.Path, "/")
}

// authJSRedirectProxy reports whether state is Auth.js's state carrying an
// origin: base64url JSON {"origin", "random"}, which means a redirect proxy
// (AUTH_REDIRECT_PROXY_URL) sends the callback to another host on purpose
// (nextauthjs/next-auth packages/core/src/lib/actions/callback/oauth/
// checks.ts state.create, decodeState, handleState).
func authJSRedirectProxy(state string) bool {
	if state == "" || !strings.HasPrefix(state, "eyJ") {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(state, "="))
	if err != nil {
		return false
	}
	var v struct {
		Origin string `json:"origin"`
		Random string `json:"random"`
	}
	return json.Unmarshal(b, &v) == nil && v.Origin != "" && v.Random != ""
}

// idpMismatchTexts are how identity providers reject a redirect_uri.
var idpMismatchTexts = []struct{ text, idp string }{
	// OAuth error code used by Google and GitHub.
	{"redirect_uri_mismatch", ""},
	// Auth0's error page: "Callback URL mismatch. <url> is not in the list
	// of allowed callback URLs" (Auth0 support article "Callback URL
	// Mismatch Error").
	{"Callback URL mismatch", "Auth0"},
	{"is not in the list of allowed callback URLs", "Auth0"},
	// Microsoft Entra ID error code for a reply URL that is not registered.
	{"AADSTS50011", "Microsoft Entra ID"},
	// Keycloak's error page (seen in many Keycloak deployments' issue
	// reports; the message bundle itself was not opened).
	{"Invalid parameter: redirect_uri", "Keycloak"},
}

// idpRejectionIn looks for the identity provider's rejection of the
// redirect_uri in x: its URL's error parameters, its redirect target
// (including Google's authError), and, for error responses and error pages
// only, its body.
func idpRejectionIn(p *Pass, x *Exchange) (*idpRejection, bool) {
	find := func(s string) (string, bool) {
		for _, t := range idpMismatchTexts {
			if strings.Contains(s, t.text) {
				return t.text, true
			}
		}
		return "", false
	}
	check := func(u *url.URL, where, name string) (*idpRejection, bool) {
		if u == nil {
			return nil, false
		}
		q := u.Query()
		for _, k := range []string{"error", "error_description", "error_code"} {
			if t, ok := find(q.Get(k)); ok {
				return &idpRejection{ref: p.Ref(x, "identity provider rejection"), text: t,
					evidence: Evidence{Entry: x.Index, Where: where, Name: name, Value: p.URL(u.String())}}, true
			}
		}
		// Google's error page carries the reason base64-encoded in
		// authError.
		if ae := q.Get("authError"); ae != "" {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawURLEncoding, base64.RawStdEncoding} {
				if b, err := enc.DecodeString(ae); err == nil {
					if t, ok := find(string(b)); ok {
						return &idpRejection{ref: p.Ref(x, "identity provider rejection"), text: t,
							evidence: Evidence{Entry: x.Index, Where: where, Name: name, Value: p.URL(u.String())}}, true
					}
					break
				}
			}
		}
		return nil, false
	}
	if r, ok := check(x.URL, "url", "url"); ok {
		return r, true
	}
	if r, ok := check(redirectLocation(x), "response header", "location"); ok {
		return r, true
	}
	if x.Aborted() || x.Static {
		return nil, false
	}
	errorPage := x.Status() >= 400 || strings.Contains(strings.ToLower(x.URL.Path), "error")
	if !errorPage && !isAuthzRequest(x.URL) {
		return nil, false
	}
	t, ok := find(responseText(x, 256<<10))
	// A successful authorization response is the identity provider's login
	// page, whose scripts may list error codes: there, only the sentences
	// of an error page count, not the bare "redirect_uri_mismatch" code.
	if !ok || !errorPage && t == "redirect_uri_mismatch" {
		return nil, false
	}
	return &idpRejection{ref: p.Ref(x, "identity provider rejection"), text: t,
		evidence: Evidence{Entry: x.Index, Where: "body", Name: "text", Value: t}}, true
}

func (c *redirectURIMismatch) Finish(p *Pass) {
	for _, r := range c.reqs {
		if r.start != nil {
			c.evaluate(p, r)
		}
	}
}

// evaluate reports what is wrong with r's redirect_uri.
func (c *redirectURIMismatch) evaluate(p *Pass, r *authzRequest) {
	app := r.start.origin
	ru := r.redirect
	got := originOf(ru)
	lib := r.start.lib
	if l := libraryOfCallback(p, ru); lib == auth.LibraryUnknown || lib == auth.LibraryGeneric {
		lib = l
	}
	want := app.String() + ru.EscapedPath()
	key := "redirect_uri " + originAndPath(ru)
	entries := []EntryRef{r.ref, r.start.ref}
	base := Finding{
		Entries: entries,
		Key:     key,
	}
	if r.idpError != nil {
		f := base
		f.Severity = High
		if got == app || r.proxied {
			f.Message = fmt.Sprintf("identity provider rejected redirect_uri %q (%q)", p.URL(ru.String()), r.idpError.text)
			f.Why = "the identity provider accepts only the callback URLs registered for the client, compared exactly; it refuses to start the login, so nobody can sign in"
			f.Fix = Fix{Message: fmt.Sprintf("register %q exactly in the identity provider's allowed callback URLs (Auth0: Allowed Callback URLs; Google: Authorized redirect URIs; Microsoft Entra ID: the app registration's Redirect URIs)", originAndPath(ru)), Library: libraryName(lib)}
		} else {
			f.Message = fmt.Sprintf("identity provider rejected redirect_uri %q (%q); the app that started the login is served from %q", p.URL(ru.String()), r.idpError.text, app.String())
			f.Why = "the app sends the identity provider a callback URL on another origin than its own, and the identity provider refuses it, so nobody can sign in"
			f.Fix = redirectFix(lib, app.String(), want)
		}
		f.Entries = append(f.Entries, r.idpError.ref)
		f.Evidence = []Evidence{redirectURIEvidence(p, r), r.idpError.evidence}
		p.Report(f)
		return
	}
	if r.proxied {
		return
	}
	if got != app {
		if r.callback != nil && completedElsewhere(r.callback, got, app) {
			return
		}
		f := base
		f.Severity = High
		f.Message = fmt.Sprintf("authorization request sends redirect_uri %q but the app that started the login is served from %q (%s)", p.URL(ru.String()), app.String(), originDiff(app, got))
		f.Why = mismatchWhy(app, got)
		f.Evidence = []Evidence{redirectURIEvidence(p, r)}
		f.Fix = redirectFix(lib, app.String(), want)
		if r.callback != nil {
			f.Entries = append(f.Entries, r.callback.ref)
		}
		p.Report(f)
		return
	}
	knownLib := false
	switch lib {
	case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5, auth.LibraryNextjsAuth0V3, auth.LibraryNextjsAuth0V4:
		knownLib = true
	}
	notFound := r.callback != nil && r.callback.status == 404
	isCallback := false
	if rt, ok := p.Catalog().Route("GET", ru); ok && rt.Kind == auth.RouteCallback {
		isCallback = true
	}
	if !notFound && (!knownLib || isCallback) {
		return
	}
	f := base
	f.Severity = Medium
	if notFound {
		f.Message = fmt.Sprintf("redirect_uri %q is on the app's origin but the app answered the callback with 404", p.URL(ru.String()))
		f.Entries = append(f.Entries, r.callback.ref)
	} else {
		f.Message = fmt.Sprintf("redirect_uri path %q is not a %s callback route", ru.EscapedPath(), lib)
	}
	f.Why = "the identity provider sends the browser back to this path; if the app does not handle it there, the login never completes"
	f.Evidence = []Evidence{redirectURIEvidence(p, r)}
	f.Fix = Fix{
		Message: fmt.Sprintf("point redirect_uri at the route where %s handles the callback (%s), and register that exact URL at the identity provider; if %q is a custom callback route, declare it as a callback route in authlint's configuration", libraryOrApp(lib), defaultCallbackPath(lib), ru.EscapedPath()),
		Library: libraryName(lib),
	}
	p.Report(f)
}

// redirectURIEvidence quotes the authorization request's redirect_uri.
func redirectURIEvidence(p *Pass, r *authzRequest) Evidence {
	return Evidence{Entry: r.index, Where: "url", Name: "redirect_uri", Value: p.URL(r.redirect.String())}
}

// completedElsewhere reports whether the login visibly completed on another
// https host: a deliberate split between app and auth hosts.
func completedElsewhere(cb *callbackOutcome, got, app webOrigin) bool {
	return got.scheme == "https" && app.scheme == "https" && !isLoopback(got.host) && !privateHost(got.host) &&
		cb.errParam == "" && cb.status >= 200 && cb.status < 400 && cb.setsLogin
}

// privateHost reports whether host is a private IP address or an internal
// name (no dot, or a .local/.internal suffix).
func privateHost(host string) bool {
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil {
		return ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast()
	}
	return !strings.Contains(host, ".") || strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".internal")
}

// originDiff says how got differs from app, naming the classic causes.
func originDiff(app, got webOrigin) string {
	switch {
	case isLoopback(got.host) && !isLoopback(app.host):
		return fmt.Sprintf("a development host %q: the app was configured with its local URL", got.host)
	case got.host != app.host && privateHost(got.host) && !privateHost(app.host):
		return fmt.Sprintf("an internal host %q instead of %q: the app builds the URL from the host it sees behind the proxy", got.host, app.host)
	case got.host != app.host:
		return fmt.Sprintf("host %q instead of %q", got.host, app.host)
	case got.scheme == "http" && app.scheme == "https":
		return "http instead of https: the app does not know that a TLS-terminating proxy serves it over https"
	case got.scheme != app.scheme:
		return fmt.Sprintf("scheme %s instead of %s", got.scheme, app.scheme)
	default:
		return fmt.Sprintf("port %s instead of %s: the app builds the URL from the port it listens on behind the proxy", got.port, app.port)
	}
}

// mismatchWhy explains how a redirect_uri on origin got breaks a login
// started on app.
func mismatchWhy(app, got webOrigin) string {
	if got.host == app.host && got.port == app.port || got.host == app.host && got.scheme == "http" && app.scheme == "https" {
		return "the identity provider either refuses this URL (it is not the registered callback) or sends the browser and the authorization code back over plain http, readable on the network, where cookies marked Secure are not sent"
	}
	return "the identity provider sends the browser back to another origin, where the transaction cookies the app set when the login started are not sent, so the callback fails; unless that URL is registered, the identity provider refuses the login outright"
}

// libraryOfCallback names the library whose callback route ru is.
func libraryOfCallback(p *Pass, ru *url.URL) auth.Library {
	if rt, ok := p.Catalog().Route("GET", ru); ok && rt.Kind == auth.RouteCallback {
		return rt.Library
	}
	return auth.LibraryUnknown
}

// defaultCallbackPath is the library's default callback route.
func defaultCallbackPath(lib auth.Library) string {
	switch lib {
	case auth.LibraryNextAuthV4:
		return "/api/auth/callback/<provider>"
	case auth.LibraryAuthJSV5:
		return "<basePath>/callback/<provider>, /api/auth/callback/<provider> on Next.js"
	case auth.LibraryNextjsAuth0V3:
		return "/api/auth/callback, or the AUTH0_CALLBACK route"
	case auth.LibraryNextjsAuth0V4:
		return "/auth/callback"
	}
	return "its callback route"
}

func libraryOrApp(lib auth.Library) string {
	if n := libraryName(lib); n != "" && lib != auth.LibraryGeneric {
		return n
	}
	return "the app"
}

// redirectFix names the setting that makes lib build redirect_uri from the
// public origin, and the registration at the identity provider.
func redirectFix(lib auth.Library, origin, want string) Fix {
	f := Fix{Library: libraryName(lib)}
	switch lib {
	case auth.LibraryNextAuthV4:
		// next-auth v4 uses NEXTAUTH_URL, or the forwarded host only when
		// AUTH_TRUST_HOST or VERCEL is set (packages/next-auth/src/utils/
		// detect-origin.ts detectHost).
		f.Message = fmt.Sprintf("set NEXTAUTH_URL to %q (NextAuth v4 builds redirect_uri from it; it trusts X-Forwarded-Host instead only when AUTH_TRUST_HOST=true or on Vercel)", origin)
		f.Reference = "https://next-auth.js.org/configuration/options#nextauth_url"
	case auth.LibraryAuthJSV5:
		// @auth/core createActionURL: AUTH_URL ?? NEXTAUTH_URL, else
		// X-Forwarded-Host/Host and X-Forwarded-Proto (packages/core/src/
		// lib/utils/env.ts).
		f.Message = fmt.Sprintf("set AUTH_URL to the public URL the browser uses (%q, followed by the auth base path outside Next.js), or set AUTH_TRUST_HOST=true and make the proxy send X-Forwarded-Host and X-Forwarded-Proto (Auth.js builds redirect_uri from AUTH_URL, else from those headers)", origin)
		f.Reference = "https://authjs.dev/getting-started/deployment#environment-variables"
	case auth.LibraryNextjsAuth0V3:
		// v3 redirect_uri = urlJoin(config.baseURL, config.routes.callback);
		// baseURL from AUTH0_BASE_URL (src/config.ts,
		// src/auth0-session/handlers/callback.ts getRedirectUri).
		f.Message = fmt.Sprintf("set AUTH0_BASE_URL to %q (nextjs-auth0 v3 builds redirect_uri as AUTH0_BASE_URL plus the callback route)", origin)
		f.Reference = "https://github.com/auth0/nextjs-auth0/blob/v3/src/config.ts"
	case auth.LibraryNextjsAuth0V4:
		// v4 README: APP_BASE_URL. Optional, inferred from the request
		// when unset, only since 4.16.0 (src/utils/app-base-url.ts
		// resolveAppBaseUrl; auth0/nextjs-auth0@v4.16.0
		// src/server/client.ts:490-515); up to 4.15.x appBaseUrl is
		// required (@v4.15.0 src/server/client.ts:1277,1305).
		f.Message = fmt.Sprintf("set APP_BASE_URL to %q (nextjs-auth0 4.16.0 and later otherwise infer it from the request they see behind the proxy; earlier v4 releases build redirect_uri from APP_BASE_URL, so it holds the wrong origin)", origin)
		f.Reference = "https://github.com/auth0/nextjs-auth0#2-add-the-environment-variables"
	default:
		f.Message = fmt.Sprintf("make the app build redirect_uri from its public origin %q (behind a TLS-terminating proxy, trust the proxy's X-Forwarded-Proto and X-Forwarded-Host)", origin)
	}
	f.Message += fmt.Sprintf(", and register %q exactly in the identity provider's allowed callback URLs", want)
	return f
}

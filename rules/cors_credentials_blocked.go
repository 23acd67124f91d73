package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlint/authlint/httpcache"
)

// CORSCredentialsBlocked finds credentialed cross-origin requests whose
// response the browser hides because it does not allow credentials.
//
// The checks follow the WHATWG Fetch standard (whatwg/fetch fetch.bs at
// 586cd2a): §4.10 "CORS check" (https://fetch.spec.whatwg.org/#cors-check)
// for every CORS response, §4.8 "CORS-preflight fetch"
// (https://fetch.spec.whatwg.org/#cors-preflight-fetch) for preflights, and
// the "CORS non-wildcard request-header name" `Authorization`, which a `*`
// in Access-Control-Allow-Headers does not cover.
var CORSCredentialsBlocked = &Rule{
	ID:       "cors-credentials-blocked",
	Category: CategoryConfig,
	Severity: High,
	Title:    "the browser hid a credentialed cross-origin response",
	Doc: `Fires when a cross-origin request made in CORS mode (` + "`Sec-Fetch-Mode: cors`" + `; without
Fetch Metadata, a fetch/XHR entry or a GET with an ` + "`Origin`" + `) carried credentials and
its response fails the Fetch standard's CORS check (§4.10), or when its
preflight fails (§4.8). The browser then hides the response from the page:
the session call looks like a network error and the app shows the user as
signed out although the cookie or token was sent.

A request sent with cookies was made with credentials mode ` + "`include`" + `, so its
response needs ` + "`Access-Control-Allow-Origin`" + ` equal to the request's ` + "`Origin`" + ` (not
` + "`*`" + `, not another origin) and ` + "`Access-Control-Allow-Credentials: true`" + `. A request
that sent only ` + "`Authorization`" + ` may have been made without credentials mode
` + "`include`" + `, so for it only a missing or foreign ` + "`Access-Control-Allow-Origin`" + ` counts. A
preflight (` + "`OPTIONS`" + ` with ` + "`Access-Control-Request-Method`" + `) that announces
` + "`authorization`" + ` in ` + "`Access-Control-Request-Headers`" + ` fails when it is not answered with
a 2xx status (often an auth middleware answering 401 to the preflight, which
never carries credentials), when it fails the CORS check, when
` + "`Access-Control-Allow-Headers`" + ` does not name ` + "`Authorization`" + ` (` + "`*`" + ` does not cover it),
or when ` + "`Access-Control-Allow-Methods`" + ` does not allow the method. (Chromium 156 and
Firefox do not enforce the ` + "`*`" + ` rule yet: they allow the call with a deprecation
warning, so that case is low severity: it breaks when they do.)

Stays silent for same-origin requests (the ` + "`Origin`" + ` equals the request URL's
origin), navigations and no-cors requests (form posts, images, beacons), requests
without cookies or ` + "`Authorization`" + ` (a public API answering ` + "`*`" + `), and responses that
allow the request.

Severity: high when a session cookie or a bearer token was sent, and for failed
preflights; medium for other cookies; low for ` + "`Access-Control-Allow-Headers: *`" + `.

Recorders differ: a proxy capture (mitmproxy, Charles, Fiddler) keeps the
preflight and the response the browser hid; Playwright's ` + "`recordHar`" + ` (1.65, with
Chromium 156) writes a hidden call as failed (` + "`net::ERR_FAILED`" + `, no response) and
no preflight, which leaves nothing to check (both recorded in
` + "`testdata/hars/cors-credentials-blocked/record`" + `).`,
	Fix:   "On the API, answer credentialed requests from the app's origin with `Access-Control-Allow-Origin: <that exact origin>` (from an allowlist, never `*`), `Access-Control-Allow-Credentials: true` and `Vary: Origin`; answer the preflight `OPTIONS` with 204 before any auth check, listing `Authorization` in `Access-Control-Allow-Headers` and the method in `Access-Control-Allow-Methods`.",
	Since: "0.1.0",
	Needs: NeedsCredentials,
	Check: checkCORSCredentials,
}

// corsProblem is one way a response fails the CORS check.
type corsProblem struct {
	key  string // fingerprint part
	what string // completes "the response ..."
}

func checkCORSCredentials(p *Pass, x *Exchange) {
	if x.URL == nil || x.Response == nil || x.Status() == 0 {
		return
	}
	h := x.Request.Headers
	origin := strings.TrimSpace(h.Get("Origin"))
	if origin == "" || origin == serializeOrigin(x.URL) {
		return // same-origin requests carry an Origin on POST too
	}
	if strings.EqualFold(x.Request.Method, "OPTIONS") && h.Has("Access-Control-Request-Method") {
		checkPreflight(p, x, origin)
		return
	}
	if !corsMode(x) {
		return
	}
	cookies := len(x.Cookies) > 0
	bearer := x.Authorization != ""
	if !cookies && !bearer {
		return // a public API answering * to a request without credentials
	}
	pr, ok := corsCheck(x, origin, cookies)
	if !ok {
		return
	}
	sent := "an Authorization header"
	switch {
	case cookies && bearer:
		sent = "cookies and an Authorization header"
	case cookies:
		sent = "cookies"
	}
	ev := corsEvidence(p, x, origin)
	msg := fmt.Sprintf("cross-origin request from %q sent %s, but the response %s: the browser hides it from the page", origin, sent, pr.what)
	if pr.key == "other-origin" && x.Served.State == httpcache.Hit {
		// A shared cache stored the answer to another origin's request:
		// the origin's CORS headers are right, its Vary is not.
		msg += fmt.Sprintf("; a cache served it (%s: %q), stored for another origin's request", x.Served.Header, x.Served.Value)
		if !varyHasOrigin(x) {
			msg += " without Vary: Origin"
		}
		ev = append(ev, cacheEvidence(p, x)...)
	}
	p.Report(Finding{
		Severity: corsSeverity(x),
		Message:  msg,
		Why:      "the Fetch standard's CORS check fails, so the page sees a network error instead of the response: the session or API call fails and the app shows the user as signed out although the credentials were sent",
		Entries:  []EntryRef{p.Ref(x, "credentialed cross-origin request")},
		Evidence: ev,
		Fix:      corsFix(origin, cookies, false),
		Key:      pr.key,
	})
}

// checkPreflight reports a preflight for a request with Authorization that
// the browser treats as failed.
func checkPreflight(p *Pass, x *Exchange, origin string) {
	h := x.Request.Headers
	reqHeaders := listTokens(h.Joined("Access-Control-Request-Headers"))
	if !containsFold(reqHeaders, "authorization") {
		return
	}
	var pr corsProblem
	sev, outcome := High, "so the browser never sends the request"
	st := x.Status()
	switch {
	case st < 200 || st > 299:
		pr = corsProblem{key: "preflight-status", what: fmt.Sprintf("has status %d, not a 2xx status", st)}
		if st == 401 || st == 403 {
			pr.what += " (preflights never carry credentials: an auth check ran before the CORS handler)"
		}
	default:
		var ok bool
		if pr, ok = corsCheck(x, origin, false); ok {
			break
		}
		allowed := listTokens(x.Response.Headers.Joined("Access-Control-Allow-Headers"))
		method := strings.ToUpper(strings.TrimSpace(h.Get("Access-Control-Request-Method")))
		methods := listTokens(x.Response.Headers.Joined("Access-Control-Allow-Methods"))
		switch {
		case !containsFold(allowed, "authorization"):
			what := "has no Access-Control-Allow-Headers"
			if len(allowed) > 0 {
				what = fmt.Sprintf("allows headers %q, without Authorization", strings.Join(allowed, ", "))
				if containsFold(allowed, "*") {
					// Fetch §4.8 refuses it, but browsers do not enforce
					// that yet: Chromium 156 read the response in
					// testdata/hars/cors-credentials-blocked/record (it
					// logs a deprecation warning), and so does Firefox
					// (mdn/browser-compat-data#20092: behind a preference
					// since Firefox 115).
					what += " (the wildcard does not cover Authorization)"
					sev, outcome = Low, "which the Fetch standard refuses; Chromium and Firefox still allow it with a deprecation warning, so the call works today and fails once they enforce the standard"
				}
			}
			pr = corsProblem{key: "preflight-headers", what: what}
		case !safelistedMethod(method) && !containsFold(methods, method) && !containsFold(methods, "*"):
			pr = corsProblem{key: "preflight-method", what: fmt.Sprintf("does not allow the method %q (Access-Control-Allow-Methods %q)", method, strings.Join(methods, ", "))}
		default:
			return
		}
	}
	ev := corsEvidence(p, x, origin)
	ev = append(ev, p.Header(x, "request header", "Access-Control-Request-Headers", h.Joined("Access-Control-Request-Headers")))
	for _, name := range []string{"Access-Control-Allow-Headers", "Access-Control-Allow-Methods"} {
		if e, ok := p.ResponseHeader(x, name); ok {
			ev = append(ev, e)
		}
	}
	verdict := "failed"
	if sev < High {
		verdict = "breaks the Fetch standard"
	}
	p.Report(Finding{
		Severity: sev,
		Message:  fmt.Sprintf("preflight from %q for a request with Authorization %s: the response %s, %s", origin, verdict, pr.what, outcome),
		Why:      "the browser sends the API call only after a successful preflight; without it the call fails as a network error and the app shows the user as signed out",
		Entries:  []EntryRef{p.Ref(x, "failed CORS preflight")},
		Evidence: ev,
		Fix:      corsFix(origin, false, true),
		Key:      pr.key,
	})
}

// corsCheck runs the Fetch standard's CORS check (§4.10) on x's response
// for a request from origin. include says whether the request was made with
// credentials mode "include" (it sent cookies); when it is false the
// request may still have been, so only failures in any mode are reported.
func corsCheck(x *Exchange, origin string, include bool) (corsProblem, bool) {
	rh := x.Response.Headers
	if !rh.Has("Access-Control-Allow-Origin") {
		return corsProblem{key: "no-allow-origin", what: "has no Access-Control-Allow-Origin"}, true
	}
	acao := rh.Joined("Access-Control-Allow-Origin")
	if acao == "*" {
		if include {
			return corsProblem{key: "wildcard-origin", what: "answers Access-Control-Allow-Origin \"*\", which a request with credentials may not use"}, true
		}
		return corsProblem{}, false
	}
	if acao != origin {
		return corsProblem{key: "other-origin", what: fmt.Sprintf("allows the origin %q, not %q", acao, origin)}, true
	}
	if !include {
		return corsProblem{}, false
	}
	if acac := rh.Joined("Access-Control-Allow-Credentials"); acac != "true" {
		if acac == "" {
			return corsProblem{key: "no-allow-credentials", what: "has no Access-Control-Allow-Credentials: true"}, true
		}
		return corsProblem{key: "no-allow-credentials", what: fmt.Sprintf("has Access-Control-Allow-Credentials %q, not \"true\"", acac)}, true
	}
	return corsProblem{}, false
}

// varyHasOrigin reports whether x's response varies on Origin.
func varyHasOrigin(x *Exchange) bool {
	for _, v := range listTokens(x.Response.Headers.Joined("Vary")) {
		if v == "*" || strings.EqualFold(v, "origin") {
			return true
		}
	}
	return false
}

// corsMode reports whether x was a CORS request: Sec-Fetch-Mode: cors;
// without Fetch Metadata (plain-http pages get none, and some recorders
// drop it), a fetch, XHR or EventSource entry, or a GET or HEAD with an
// Origin header that is not a WebSocket handshake: a browser adds Origin to
// those only when the response tainting is "cors" (Fetch standard, "append
// a request `Origin` header", https://fetch.spec.whatwg.org/#append-a-request-origin-header).
func corsMode(x *Exchange) bool {
	h := x.Request.Headers
	if m := h.Get("Sec-Fetch-Mode"); m != "" {
		return strings.EqualFold(m, "cors")
	}
	switch strings.ToLower(x.ResourceType) {
	case "fetch", "xhr", "eventsource":
		return true
	case "websocket":
		return false
	}
	if strings.EqualFold(h.Get("Upgrade"), "websocket") {
		return false
	}
	m := strings.ToUpper(x.Request.Method)
	return m == "GET" || m == "HEAD"
}

// serializeOrigin is the ASCII serialization of u's origin, as browsers
// write it in the Origin header: scheme://host, with the port only when it
// is not the scheme's default.
func serializeOrigin(u *url.URL) string {
	return originOf(u).String()
}

// listTokens splits a comma-separated header value into trimmed items.
func listTokens(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// containsFold reports whether list has s, ignoring ASCII case.
func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// safelistedMethod reports whether m is a CORS-safelisted method (Fetch
// §2.2.1: GET, HEAD, POST).
func safelistedMethod(m string) bool { return m == "GET" || m == "HEAD" || m == "POST" }

// corsSeverity is high when the request carried a session cookie or a
// bearer token, medium otherwise.
func corsSeverity(x *Exchange) Severity {
	if len(x.SessionCookies()) > 0 || x.OnAuthRoute() {
		return High
	}
	if scheme, _, _ := strings.Cut(x.Authorization, " "); strings.EqualFold(scheme, "bearer") {
		return High
	}
	return Medium
}

// corsEvidence quotes the Origin, the credentials sent (redacted) and the
// response's CORS headers.
func corsEvidence(p *Pass, x *Exchange, origin string) []Evidence {
	ev := []Evidence{p.Header(x, "request header", "Origin", origin)}
	for _, c := range x.Cookies {
		if len(ev) > 4 {
			break
		}
		ev = append(ev, p.CookieEvidence(x, c))
	}
	if x.Authorization != "" {
		scheme, cred, _ := strings.Cut(x.Authorization, " ")
		ev = append(ev, Evidence{Entry: x.Index, Where: "request header", Name: "authorization", Value: scheme + " " + p.Secret(cred)})
	}
	for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"} {
		if e, ok := p.ResponseHeader(x, name); ok {
			ev = append(ev, e)
		}
	}
	return ev
}

// corsFix is the header change that lets origin read the response.
func corsFix(origin string, cookies, preflight bool) Fix {
	f := Fix{Reference: "https://fetch.spec.whatwg.org/#cors-check"}
	f.Headers = []HeaderEdit{{Op: EditSet, Name: "Access-Control-Allow-Origin", Value: origin}}
	if preflight {
		f.Reference = "https://fetch.spec.whatwg.org/#cors-preflight-fetch"
		f.Message = fmt.Sprintf("answer the preflight OPTIONS with 204 before any auth check, with `Access-Control-Allow-Origin: %s`, `Access-Control-Allow-Headers: Authorization, Content-Type` (a `*` does not cover Authorization) and the request's method in `Access-Control-Allow-Methods`", origin)
		f.Headers = append(f.Headers, HeaderEdit{Op: EditSet, Name: "Access-Control-Allow-Headers", Value: "Authorization, Content-Type"})
		return f
	}
	f.Message = fmt.Sprintf("answer requests from %q with `Access-Control-Allow-Origin: %s` (echo the origin from an allowlist, never `*`)", origin, origin)
	if cookies {
		f.Message += ", `Access-Control-Allow-Credentials: true`"
		f.Headers = append(f.Headers, HeaderEdit{Op: EditSet, Name: "Access-Control-Allow-Credentials", Value: "true"})
	}
	f.Message += " and `Vary: Origin`"
	f.Headers = append(f.Headers, HeaderEdit{Op: EditAppend, Name: "Vary", Value: "Origin"})
	return f
}

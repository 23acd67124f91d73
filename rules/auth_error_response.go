package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
)

// AuthErrorResponse reports the errors that an auth library or the identity
// provider showed when a login failed, with what each one means.
//
// Rules never see each other's findings, so each meaning names the rules
// that report the usual causes in the same HAR (transaction-cookie-not-sent,
// cookie-rejected, ...), and the links that the traffic itself shows are made
// here: a library error page reached from a callback that carried the
// identity provider's own error is reported once, on the callback, with both
// codes; and an error about the state, PKCE or nonce check after a callback
// that arrived without a transaction cookie the login set says so, judged by
// the same tracker transaction-cookie-not-sent uses (txnTracker).
var AuthErrorResponse = &Rule{
	ID:       "auth-error-response",
	Category: CategoryConfig,
	Severity: High,
	Title:    "the auth library or identity provider said why login failed",
	Doc: `Fires when the HAR shows the reason a login failed, as the auth library or the
identity provider stated it, and says what that reason means:

- NextAuth v4 and Auth.js v5: the ` + "`error`" + ` parameter of their error and sign-in pages
  (` + "`/api/auth/error?error=OAuthCallback`" + `, ` + "`/api/auth/signin?error=OAuthAccountNotLinked`" + `,
  or a custom page a NextAuth route redirected to). The codes and causes come
  from next-auth@4.24.11 (` + "`packages/next-auth/src/core/routes/callback.ts`" + `,
  ` + "`core/pages/signin.tsx`" + `, ` + "`core/pages/error.tsx`" + `) and @auth/core@0.41.1
  (` + "`packages/core/src/errors.ts`" + `, ` + "`src/index.ts`" + `). In Auth.js only ` + "`CredentialsSignin`" + `,
  ` + "`OAuthAccountNotLinked`" + `, ` + "`OAuthCallbackError`" + `, ` + "`AccessDenied`" + `, ` + "`Verification`" + `,
  ` + "`MissingCSRF`" + `, ` + "`AccountNotLinked`" + ` and ` + "`WebAuthnVerificationError`" + ` reach the browser; every
  other error, a missing state or PKCE cookie included, becomes ` + "`Configuration`" + `.
- The identity provider's error response on the callback: ` + "`error`" + ` (RFC 6749
  §4.1.2.1: ` + "`access_denied`" + `, ` + "`invalid_request`" + `, ` + "`unauthorized_client`" + `, ` + "`invalid_scope`" + `,
  ` + "`server_error`" + `, ...; OpenID Connect Core §3.1.2.6: ` + "`login_required`" + `,
  ` + "`consent_required`" + `, ` + "`interaction_required`" + `, ...) with its ` + "`error_description`" + `,
  in the query or a ` + "`form_post`" + ` body.
- nextjs-auth0: v4's callback answers 500 with the error's message ("The state
  parameter is invalid.", "An error occurred while trying to exchange the
  authorization code.", ...: ` + "`src/errors/index.ts`" + `@v4.13.0); v3 renders
  "Callback handler failed. CAUSE: ..." only from a custom ` + "`onError`" + ` (its default
  answers with an empty body: ` + "`src/handlers/auth.ts`" + `@v3.5.0).

The ` + "`error_description`" + ` is quoted, since it is the provider's explanation, with
words that look like tokens redacted; ` + "`state`" + ` and ` + "`code`" + ` are never shown.

Since rules do not read each other's findings, each meaning names the rules
that report its usual causes (` + "`transaction-cookie-not-sent`" + ` for an
` + "`OAuthCallback`" + ` after the state cookie was not sent, ` + "`cookie-not-forwarded`" + `,
` + "`cookie-rejected`" + `, ` + "`oversized-cookie`" + `, ` + "`redirect-uri-mismatch`" + `): a finding of theirs on
the same callback is the explanation. When the callback arrived without a
state, PKCE or nonce cookie that the login set earlier in the HAR (what
` + "`transaction-cookie-not-sent`" + ` reports), an error that such a missing cookie
causes (` + "`OAuthCallback`" + `, Auth.js ` + "`Configuration`" + `, nextjs-auth0's invalid state or
missing state cookie) says that this is the cause, with the cookie and why the
browser did not send it. When a library error page follows a callback that
carried the identity provider's error, one finding on the callback gives both.

Severity: high for errors that break every login (configuration, state, token
exchange); medium for per-user outcomes (access denied, account not linked,
expired e-mail link); info for ` + "`login_required`" + `, ` + "`consent_required`" + `,
` + "`interaction_required`" + ` and ` + "`account_selection_required`" + ` answering an authorization
request sent with ` + "`prompt=none`" + `, where they are the expected answer for a user
without a session at the provider.`,
	Fix:   "Act on the cause the finding names: fix the rule named beside it when it also fired, otherwise read the server log line the library writes for the same error (NextAuth `[next-auth][error]`, Auth.js `[auth][error]`, nextjs-auth0 `onCallback`'s error) and the identity provider's logs for its error code.",
	Since: "0.1.0",
	Start: func(*Pass) Checker {
		return &authErrorResponse{prompts: map[string]string{}, followed: map[string]string{}, from: map[string]EntryRef{}, lost: map[int]string{}}
	},
}

// Caps on the rule's state.
const (
	maxAuthErrPrompts = 64
	maxAuthErrPending = 32
)

type authErrorResponse struct {
	// prompts maps the fingerprint of an authorization request's state to
	// its prompt parameter.
	prompts map[string]string
	// pending are callback findings that a library error page may still
	// complete, keyed by the redirect target of the callback.
	pending []pendingAuthError
	// followed maps the redirect targets of reported library errors to
	// their code, so that a chain of error pages is reported once.
	followed map[string]string
	// from maps the redirect targets of NextAuth callbacks to the
	// callback, which the error page's finding then names.
	from map[string]EntryRef
	// t follows the login's transaction cookies; lost maps the callbacks
	// that transaction-cookie-not-sent reports to the clause naming it.
	t    txnTracker
	lost map[int]string
}

type pendingAuthError struct {
	target string // the callback's Location, resolved
	f      Finding
	linked bool
}

func (c *authErrorResponse) Visit(p *Pass, x *Exchange) {
	if x.URL == nil || probeRequest(x) {
		return
	}
	if m := c.t.observe(p, x); txnNotSentFires(m, x) && len(c.lost) < maxAuthErrPending {
		c.lost[x.Index] = txnNotSentSummary(p, m, x)
	}
	if isAuthzRequest(x.URL) || x.Route.Kind == auth.RouteAuthorize {
		q := x.URL.Query()
		if st := q.Get("state"); st != "" && len(c.prompts) < maxAuthErrPrompts {
			c.prompts[redact.Fingerprint(st)] = q.Get("prompt")
		}
		return
	}
	if c.idpError(p, x) {
		return
	}
	if c.nextAuthError(p, x) {
		return
	}
	c.nextjsAuth0Error(p, x)
}

func (c *authErrorResponse) Finish(p *Pass) {
	for _, e := range c.pending {
		p.Report(e.f)
	}
}

// probeRequest reports whether authlint's own prober sent x (its
// User-Agent, probe.UserAgent): its callback steps send a dummy code and
// state that every library refuses by design, which is no failed login.
func probeRequest(x *Exchange) bool {
	return strings.HasPrefix(x.Request.Headers.Get("User-Agent"), "authlint/")
}

// authResponseParams returns the parameters of an authorization response: the
// query, or the form body of a form_post callback.
func authResponseParams(x *Exchange) url.Values {
	q := x.URL.Query()
	if q.Get("error") != "" || !strings.EqualFold(x.Request.Method, "POST") || x.Request.PostData == nil {
		return q
	}
	pd := x.Request.PostData
	if len(pd.Params) > 0 {
		v := url.Values{}
		for _, nv := range pd.Params {
			name, err1 := url.QueryUnescape(nv.Name)
			val, err2 := url.QueryUnescape(nv.Value)
			if err1 != nil || err2 != nil {
				name, val = nv.Name, nv.Value
			}
			v.Add(name, val)
		}
		return v
	}
	if v, err := url.ParseQuery(pd.Text); err == nil {
		return v
	}
	return q
}

// idpError reports the identity provider's error response arriving at a
// callback, and reports whether x was one.
func (c *authErrorResponse) idpError(p *Pass, x *Exchange) bool {
	params := authResponseParams(x)
	code := params.Get("error")
	if code == "" {
		return false
	}
	onCallback := x.Route.Kind == auth.RouteCallback || params.Get("state") != "" && x.IsOIDCCallback(p.Catalog()) ||
		params.Get("state") != "" && strings.EqualFold(x.Request.Method, "POST")
	if !onCallback || nextAuthCodes[code].meaning != "" && x.Route.Kind != auth.RouteCallback {
		return false
	}
	m, known := oauthErrors[code]
	if !known {
		m = oauthError{sev: High, meaning: "a code of the identity provider's own (not one of RFC 6749 §4.1.2.1 or OpenID Connect Core §3.1.2.6): its documentation and logs say what it means"}
	}
	sev := m.sev
	prompt, sawRequest := c.prompts[redact.Fingerprint(params.Get("state"))]
	msg := fmt.Sprintf("the identity provider answered the login with error %q", code)
	if d := params.Get("error_description"); d != "" {
		msg += fmt.Sprintf(" (error_description %q)", redactWords(p, d))
	}
	msg += ": " + m.meaning
	if m.silent {
		switch {
		case sawRequest && prompt == "none":
			sev = Info
			msg += "; the authorization request asked for prompt=none, so this is the expected answer for a user without a session at the provider, not a failure"
		case sawRequest:
			msg += fmt.Sprintf("; the authorization request did not ask for prompt=none (prompt %q)", prompt)
		}
	}
	if said, lib, _, ok := nextjsAuth0Said(x); ok {
		msg += fmt.Sprintf("; %s then answered %d with %q", libraryName(lib), x.Status(), said)
	}
	ev := []Evidence{{Entry: x.Index, Where: "url", Name: "error", Value: code}}
	if d := params.Get("error_description"); d != "" {
		ev = append(ev, Evidence{Entry: x.Index, Where: "url", Name: "error_description", Value: redactWords(p, d)})
	}
	f := Finding{
		Severity: sev,
		Message:  msg,
		Why:      "the identity provider ended the login with an error instead of an authorization code, so no session is created",
		Entries:  []EntryRef{p.Ref(x, "callback with the identity provider's error")},
		Evidence: ev,
		Fix:      Fix{Message: m.fix, Library: libraryName(x.Route.Library), Reference: m.ref},
		Key:      "idp:" + code,
	}
	if loc := resolvedLocation(x); loc != "" && len(c.pending) < maxAuthErrPending {
		c.pending = append(c.pending, pendingAuthError{target: loc, f: f})
		return true
	}
	p.Report(f)
	return true
}

// resolvedLocation returns x's redirect target as an absolute URL, "" when
// x does not redirect.
func resolvedLocation(x *Exchange) string {
	if st := x.Status(); st < 300 || st > 399 {
		return ""
	}
	loc := x.ResponseHeader("Location")
	if loc == "" {
		return ""
	}
	u, err := x.URL.Parse(loc)
	if err != nil {
		return ""
	}
	return u.String()
}

// nextAuthError reports a NextAuth or Auth.js error code in the URL of its
// error or sign-in page, or in a redirect from one of its routes to a
// custom page, and reports whether it found one.
func (c *authErrorResponse) nextAuthError(p *Pass, x *Exchange) bool {
	lib := x.Route.Library
	if lib != auth.LibraryNextAuthV4 && lib != auth.LibraryAuthJSV5 {
		return false
	}
	if x.Route.Kind == auth.RouteCallback && len(c.from) < maxAuthErrPending {
		if loc := resolvedLocation(x); loc != "" {
			c.from[loc] = p.Ref(x, "callback that failed")
		}
	}
	code, at, verb := "", x.URL, "redirected to"
	switch x.Route.Kind {
	case auth.RouteError, auth.RouteSignIn:
		code = x.URL.Query().Get("error")
	}
	if code == "" {
		// A custom error page (pages.error) named by a redirect, or any
		// error page named by a {"url"} answer to a client-side signIn(),
		// signOut() or credentials callback (next-auth v4 json=true; Auth.js
		// X-Auth-Return-Redirect, @auth/core@0.41.1 src/index.ts
		// `if (isRedirect) return Response.json({ url })`), which the
		// browser may never open (redirect: false).
		u, fromJSON := (*url.URL)(nil), false
		if loc := resolvedLocation(x); loc != "" {
			u, _ = url.Parse(loc)
		} else if u = jsonURL(x); u != nil {
			fromJSON = true
		}
		if u == nil {
			return false
		}
		if r, ok := p.Catalog().Route("GET", u); !fromJSON && ok && (r.Kind == auth.RouteError || r.Kind == auth.RouteSignIn) {
			return false // the page itself is reported when the browser gets there
		}
		code = u.Query().Get("error")
		if _, ok := nextAuthCodes[code]; !ok {
			return false
		}
		at = u
		if fromJSON {
			verb = "answered with the URL"
		}
		if fromJSON && len(c.followed) < maxAuthErrPending {
			c.followed[u.String()] = code // reported here, not again if the page is opened
		}
	}
	next := resolvedLocation(x)
	if prev, ok := c.followed[x.URL.String()]; ok && prev == code {
		if next != "" {
			c.followed[next] = code // v4 sends /error?error=X on to /signin?error=X
		}
		return true
	}
	if next != "" && len(c.followed) < maxAuthErrPending {
		c.followed[next] = code
	}
	// The library error page that a callback with the identity provider's
	// error redirected to: completes that finding.
	for i := range c.pending {
		e := &c.pending[i]
		if e.target == x.URL.String() && !e.linked {
			e.linked = true
			e.f.Message += fmt.Sprintf("; %s then showed error %q", libraryName(lib), code)
			e.f.Entries = append(e.f.Entries, p.Ref(x, libraryName(lib)+" error page"))
			return true
		}
	}
	m, ok := nextAuthCodes[code]
	if !ok {
		m = authErrorMeaning{sev: High, meaning: "not a code NextAuth v4 or Auth.js sets itself: the app's own callbacks (signIn, redirect) or a custom page chose it"}
	}
	meaning, by := m.meaning, m.explainedBy
	if lib == auth.LibraryAuthJSV5 && m.v5 != "" {
		meaning, by = m.v5, m.v5ExplainedBy
	}
	entries := []EntryRef{p.Ref(x, "auth library error")}
	msg := fmt.Sprintf("%s reported error %q", libraryName(lib), code)
	callback := -1 // the callback whose failure this is
	if cb, ok := c.from[x.URL.String()]; ok && at == x.URL {
		entries = append(entries, cb)
		msg += fmt.Sprintf(" after the callback on entry %d", cb.Index)
		callback = cb.Index
	} else if at != x.URL && x.Route.Kind == auth.RouteCallback {
		callback = x.Index
	}
	if lost, ok := c.lost[callback]; ok && strings.Contains(by, txnRules) {
		by = lost
	}
	if at != x.URL {
		msg = fmt.Sprintf("%s %s %q with error %q", libraryName(lib), verb, p.URL(at.String()), code)
	}
	msg += ": " + meaning
	if by != "" {
		msg += "; " + by
	}
	p.Report(Finding{
		Severity: m.sev,
		Message:  msg,
		Why:      "the library stopped the login and shows an error page instead of signing the user in",
		Entries:  entries,
		Evidence: []Evidence{{Entry: x.Index, Where: "url", Name: "error", Value: code}},
		Fix:      Fix{Message: m.fix, Library: libraryName(lib), Reference: m.ref},
		Key:      "nextauth:" + code,
	})
	return true
}

// nextjsAuth0Error reports the error text a nextjs-auth0 route answered
// with.
func (c *authErrorResponse) nextjsAuth0Error(p *Pass, x *Exchange) {
	said, lib, m, ok := nextjsAuth0Said(x)
	if !ok {
		return
	}
	msg := fmt.Sprintf("%s answered %d with %q: %s", libraryName(lib), x.Status(), redactWords(p, said), m.meaning)
	by := m.explainedBy
	if lost, ok := c.lost[x.Index]; ok && strings.Contains(by, txnRules) {
		by = lost
	}
	if by != "" {
		msg += "; " + by
	}
	p.Report(Finding{
		Severity: m.sev,
		Message:  msg,
		Why:      "the library stopped the login on its callback and answered an error page, so no session is created",
		Entries:  []EntryRef{p.Ref(x, "auth library error")},
		Evidence: []Evidence{{Entry: x.Index, Where: "body", Name: "error", Value: redactWords(p, said)}},
		Fix:      Fix{Message: m.fix, Library: libraryName(lib), Reference: m.ref},
		Key:      "nextjs-auth0:" + said,
	})
}

// nextjsAuth0Said reads the error a nextjs-auth0 route answered with: v4's
// error message as the whole body (or within an auth route's page), v3's
// "<Handler> handler failed. CAUSE: ..." from a custom onError.
func nextjsAuth0Said(x *Exchange) (string, auth.Library, authErrorMeaning, bool) {
	if x.Status() < 400 {
		return "", 0, authErrorMeaning{}, false
	}
	body := strings.TrimSpace(responseText(x, 4096))
	if body == "" {
		return "", 0, authErrorMeaning{}, false
	}
	const v3 = "handler failed. CAUSE: "
	if i := strings.Index(body, v3); i >= 0 {
		// src/utils/errors.ts@v3.5.0 appendCause.
		start := strings.LastIndexAny(body[:i], ">\n\"") + 1
		return clipText(body[start:], 300), auth.LibraryNextjsAuth0V3, v3Meaning(body[i+len(v3):]), true
	}
	low := strings.ToLower(body)
	for _, v := range nextjsAuth0V4Errors {
		if strings.EqualFold(body, v.text) || v.alt != "" && strings.EqualFold(body, v.alt) ||
			x.OnAuthRoute() && strings.Contains(low, strings.ToLower(v.text)) {
			return v.text, auth.LibraryNextjsAuth0V4, v.authErrorMeaning, true
		}
	}
	return "", 0, authErrorMeaning{}, false
}

// clipText cuts s at the first line break and at n bytes.
func clipText(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "<"); i > 0 {
		s = s[:i]
	}
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}

// authErrorMeaning is what an error code means and what usually causes it.
type authErrorMeaning struct {
	sev     Severity
	meaning string
	// v5 is the meaning under Auth.js, when it differs.
	v5 string
	// explainedBy names the rules that report the usual causes;
	// v5ExplainedBy replaces it under Auth.js.
	explainedBy, v5ExplainedBy string
	fix, ref                   string
}

// Rules that report the usual causes of a failed callback.
const (
	txnRules      = "if transaction-cookie-not-sent, cookie-not-forwarded, cookie-rejected or oversized-cookie reports the callback in this HAR, that is the cause"
	redirectRules = "if redirect-uri-mismatch reports this login, that is the cause"
)

// nextAuthCodes are NextAuth v4's and Auth.js's error codes. Sources:
// next-auth@4.24.11 packages/next-auth/src/core/routes/callback.ts,
// routes/signin.ts, core/index.ts (assertConfig failures redirect with
// error=Configuration; sign-in errors move from /error to /signin),
// lib/oauth/callback.ts and lib/oauth/checks.ts ("State cookie was
// missing.", "PKCE code_verifier cookie was missing.", "Nonce cookie was
// missing." become OAuthCallbackError); @auth/core@0.41.1
// packages/core/src/errors.ts (clientErrors: only those reach the
// browser, the rest become "Configuration"; kind "signIn" errors go to the
// sign-in page) and src/lib/actions/callback/oauth/checks.ts (InvalidCheck
// "<name> cookie was missing").
var nextAuthCodes = map[string]authErrorMeaning{
	"Configuration": {
		sev:           High,
		meaning:       "the server's configuration check failed (NextAuth v4 assertConfig: no `secret`/`NEXTAUTH_SECRET` in production, an invalid `NEXTAUTH_URL` or callback URL, an e-mail provider without an adapter); the `[next-auth][error]` log line names it",
		v5ExplainedBy: txnRules,
		v5:            "Auth.js sends every server-side error here except the few it shows the user: a state, PKCE or nonce cookie missing or unreadable at the callback (InvalidCheck), no `AUTH_SECRET` (MissingSecret), a host not trusted behind a proxy without `AUTH_TRUST_HOST` (UntrustedHost), a provider without endpoints, a `jwt`/`signIn`/`profile` callback that threw (CallbackRouteError); the `[auth][error]` log line names it",
		fix:           "read the server log line of the same request; when it is InvalidCheck (a missing state or PKCE cookie), fix the cookie finding named here; otherwise set `AUTH_SECRET`/`NEXTAUTH_SECRET`, `AUTH_URL`/`NEXTAUTH_URL` or `AUTH_TRUST_HOST=true` as the log says",
		ref:           "https://github.com/nextauthjs/next-auth/blob/@auth/core@0.41.1/packages/core/src/errors.ts",
	},
	"OAuthSignin": {
		sev:     High,
		meaning: "NextAuth v4 could not build the authorization URL (routes/signin.ts: getAuthorizationUrl threw): the provider's `issuer`/`wellKnown` discovery failed or is unreachable from the server, or its `clientId` or `authorization` settings are wrong",
		fix:     "check the provider's `issuer` (or `wellKnown`), `clientId` and `authorization` options and that the server can reach the discovery document",
		ref:     "https://github.com/nextauthjs/next-auth/blob/next-auth@4.24.11/packages/next-auth/src/core/routes/signin.ts",
	},
	"OAuthCallback": {
		sev:         High,
		meaning:     "NextAuth v4 failed to complete the callback (OAuthCallbackError): the state, PKCE code_verifier or nonce cookie was missing (\"State cookie was missing.\"), the state did not match, the token request failed (`invalid_grant`: code reused or redirect_uri different; `invalid_client`: wrong client secret), or the ID token failed validation (issuer, audience, clock skew)",
		explainedBy: txnRules + "; " + redirectRules,
		fix:         "when a cookie finding names the callback, fix that; otherwise check `clientSecret`, that `NEXTAUTH_URL` gives the registered redirect_uri, and the server clock",
		ref:         "https://github.com/nextauthjs/next-auth/blob/next-auth@4.24.11/packages/next-auth/src/core/lib/oauth/callback.ts",
	},
	"OAuthCallbackError": {
		sev:         High,
		meaning:     "Auth.js got an error from the provider: its authorization response carried `error` (the user denied access, or the request was invalid), or the token endpoint answered an error (`invalid_grant`, `invalid_client`)",
		explainedBy: redirectRules,
		fix:         "read the provider's error in the `[auth][error]` log line (and the callback's `error` parameter): check `AUTH_<PROVIDER>_SECRET`, the registered redirect URI and the requested scopes",
		ref:         "https://github.com/nextauthjs/next-auth/blob/@auth/core@0.41.1/packages/core/src/lib/actions/callback/oauth/callback.ts",
	},
	"Callback": {
		sev:     High,
		meaning: "NextAuth v4's callback failed outside the OAuth exchange: the provider sent an `error` to the callback (access denied), or the app's `signIn`, `jwt` or `profile` code, or the adapter, threw",
		fix:     "read the `[next-auth][error]` OAUTH_CALLBACK_HANDLER_ERROR log line; fix the callback or adapter code it names",
		ref:     "https://github.com/nextauthjs/next-auth/blob/next-auth@4.24.11/packages/next-auth/src/core/routes/callback.ts",
	},
	"OAuthCreateAccount": {
		sev:     High,
		meaning: "the adapter could not create the user (createUser failed): a database error or a schema that does not match the adapter",
		fix:     "check the database logs and the adapter's schema",
	},
	"EmailCreateAccount": {
		sev:     High,
		meaning: "the adapter could not create the user of an e-mail sign-in",
		fix:     "check the database logs and the adapter's schema",
	},
	"OAuthAccountNotLinked": {
		sev:     Medium,
		meaning: "the e-mail address already belongs to an account that signed in with another provider, and the library does not link accounts automatically",
		fix:     "sign in with the provider used first, or set `allowDangerousEmailAccountLinking: true` on providers that verify e-mail addresses",
		ref:     "https://github.com/nextauthjs/next-auth/blob/@auth/core@0.41.1/packages/core/src/errors.ts",
	},
	"AccessDenied": {
		sev:     Medium,
		meaning: "the app's `signIn` callback returned false (or threw, in Auth.js): the app itself refused this user",
		fix:     "check the `signIn` callback's conditions (allowed domains, roles) for this user",
	},
	"Verification": {
		sev:     Medium,
		meaning: "the e-mail sign-in link is invalid, expired or already used (often opened first by a mail scanner)",
		fix:     "ask for a new link; if links are consumed before the user clicks, make the verification step need a click",
	},
	"MissingCSRF": {
		sev:         High,
		meaning:     "Auth.js got a POST (signIn, signOut, update) without the double-submit CSRF cookie `authjs.csrf-token` matching the form's csrfToken: the cookie was not sent (blocked, another host, cleared) or the form posted none",
		explainedBy: "a cookie-rejected finding on the csrf cookie is the cause",
		fix:         "post from the app's own origin after fetching `/api/auth/csrf`, and keep the csrf cookie's host and attributes valid",
		ref:         "https://github.com/nextauthjs/next-auth/blob/@auth/core@0.41.1/packages/core/src/lib/actions/callback/oauth/csrf-token.ts",
	},
	"CredentialsSignin": {
		sev:     Medium,
		meaning: "the Credentials provider's `authorize` returned null (wrong credentials, or a `code` the app set)",
		fix:     "check the credentials and the `authorize` function",
	},
	"EmailSignin": {
		sev:     High,
		meaning: "the e-mail with the sign-in link could not be sent (sendVerificationRequest failed) or the address was missing",
		fix:     "check the e-mail provider's server settings and the server log",
	},
	"SessionRequired": {
		sev:     Low,
		meaning: "a page that requires a session (`useSession({ required: true })`) was opened signed out",
		fix:     "none for the library: this is the sign-in prompt; if the user had signed in, find why the session was lost",
	},
	"Signin": {
		sev:     Medium,
		meaning: "NextAuth v4's generic sign-in failure",
		fix:     "read the server log for the sign-in request",
	},
	"AccountNotLinked": {
		sev:     Medium,
		meaning: "the account is linked to another user (Auth.js)",
		fix:     "sign in with the provider the account belongs to",
	},
	"WebAuthnVerificationError": {
		sev:     Medium,
		meaning: "the passkey response did not verify (Auth.js WebAuthn)",
		fix:     "check the WebAuthn relying party ID and origin against the app's host",
	},
}

// oauthError is what an identity provider's error code means.
type oauthError struct {
	sev     Severity
	meaning string
	fix     string
	ref     string
	// silent is set for the OpenID Connect codes that answer prompt=none.
	silent bool
}

// oauthErrors are the error codes of RFC 6749 §4.1.2.1 and OpenID Connect
// Core 1.0 §3.1.2.6.
var oauthErrors = map[string]oauthError{
	"access_denied":              {sev: Medium, meaning: "the user or the provider's policy refused the authorization (the user cancelled, or a provider rule, conditional access or app assignment denied this user)", fix: "if users did not cancel, check the provider's rules and the application's user assignment", ref: rfc6749Errors},
	"invalid_request":            {sev: High, meaning: "the authorization request is malformed: a required parameter is missing or invalid (often `redirect_uri`, `response_type` or PKCE parameters the client must send)", fix: "compare the authorization request's parameters with the provider's application settings", ref: rfc6749Errors},
	"unauthorized_client":        {sev: High, meaning: "this client may not use this flow: the grant type or response type is not enabled for the application at the provider", fix: "enable the authorization code grant (and the response type sent) for the application at the provider", ref: rfc6749Errors},
	"unsupported_response_type":  {sev: High, meaning: "the provider does not support the requested `response_type`", fix: "request `response_type=code`", ref: rfc6749Errors},
	"invalid_scope":              {sev: High, meaning: "a requested scope is unknown or not allowed for this client", fix: "request only scopes the application is granted at the provider", ref: rfc6749Errors},
	"server_error":               {sev: High, meaning: "the provider failed while handling the request (or a provider rule or action threw)", fix: "check the provider's logs for the request; with Auth0, the Actions and Rules logs", ref: rfc6749Errors},
	"temporarily_unavailable":    {sev: Medium, meaning: "the provider is overloaded or in maintenance", fix: "retry later; check the provider's status page", ref: rfc6749Errors},
	"login_required":             {sev: Medium, silent: true, meaning: "the provider needs the user to sign in, but the request forbade its login page (prompt=none)", fix: "start an interactive login (without prompt=none) when silent authentication answers login_required", ref: oidcErrors},
	"consent_required":           {sev: Medium, silent: true, meaning: "the user has not consented to the requested scopes and the request forbade the consent page (prompt=none)", fix: "start an interactive login, or mark the application first-party and allow skipping consent", ref: oidcErrors},
	"interaction_required":       {sev: Medium, silent: true, meaning: "the provider needs some user interaction (MFA, terms, account selection) that the request forbade (prompt=none)", fix: "start an interactive login", ref: oidcErrors},
	"account_selection_required": {sev: Medium, silent: true, meaning: "the user must choose an account, which the request forbade (prompt=none)", fix: "start an interactive login", ref: oidcErrors},
	"invalid_request_uri":        {sev: High, meaning: "the `request_uri` (pushed authorization request or request object) is invalid or expired", fix: "push the authorization request again just before redirecting", ref: oidcErrors},
	"invalid_request_object":     {sev: High, meaning: "the signed request object is invalid", fix: "check the request object's signing key and claims", ref: oidcErrors},
	"request_not_supported":      {sev: High, meaning: "the provider does not support the `request` parameter", fix: "send the parameters in the query instead", ref: oidcErrors},
	"request_uri_not_supported":  {sev: High, meaning: "the provider does not support `request_uri`", fix: "disable pushed or referenced authorization requests", ref: oidcErrors},
	"registration_not_supported": {sev: High, meaning: "the provider does not support the `registration` parameter", fix: "remove the `registration` parameter", ref: oidcErrors},
	"redirect_uri_mismatch":      {sev: High, meaning: "the provider does not accept the `redirect_uri` the app sent (GitHub, Google); " + redirectRules, fix: "register the app's exact callback URL at the provider, or make the app build the redirect_uri from its public origin", ref: "https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/troubleshooting-authorization-request-errors"},
}

const (
	rfc6749Errors = "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1"
	oidcErrors    = "https://openid.net/specs/openid-connect-core-1_0.html#AuthError"
)

// nextjsAuth0V4Error is the message of one nextjs-auth0 v4 error class.
type nextjsAuth0V4Error struct {
	text, alt string // alt: the spelling of older releases
	authErrorMeaning
}

// nextjsAuth0V4Errors are the messages nextjs-auth0 v4's callback and login
// answer with (defaultOnCallback: `new NextResponse(error.message, {
// status: 500 })`; src/server/auth-client.ts and src/errors/index.ts at
// v4.13.0; v4.0.0 spelled "occured").
var nextjsAuth0V4Errors = []nextjsAuth0V4Error{
	{text: "The state parameter is invalid.", authErrorMeaning: authErrorMeaning{
		sev:         High,
		meaning:     "InvalidStateError: the callback arrived without the transaction cookie `__txn_<state>` that the login set (handleCallback found no transaction for the state)",
		explainedBy: txnRules,
		fix:         "make the `__txn_*` cookie reach the callback: same host as the login, `SameSite=Lax` for a query callback (None and Secure for form_post), forwarded by the CDN",
		ref:         "https://github.com/auth0/nextjs-auth0/blob/v4.13.0/src/server/auth-client.ts",
	}},
	{text: "The state parameter is missing.", authErrorMeaning: authErrorMeaning{
		sev:     High,
		meaning: "MissingStateError: the callback URL has no `state` (it was opened directly, or a proxy dropped the query)",
		fix:     "make sure the identity provider redirects to the callback with its query intact",
		ref:     "https://github.com/auth0/nextjs-auth0/blob/v4.13.0/src/errors/index.ts",
	}},
	{text: "An error occurred during the authorization flow.", alt: "An error occured during the authorization flow.", authErrorMeaning: authErrorMeaning{
		sev:     High,
		meaning: "AuthorizationError: the provider's authorization response carried an error, or failed validation (its `iss` or `state` did not match)",
		fix:     "read the `error` and `error_description` of the callback URL, and the error's `cause` in an `onCallback` hook",
		ref:     "https://github.com/auth0/nextjs-auth0/blob/v4.13.0/src/errors/index.ts",
	}},
	{text: "An error occurred while trying to exchange the authorization code.", alt: "An error occured while trying to exchange the authorization code.", authErrorMeaning: authErrorMeaning{
		sev:         High,
		meaning:     "AuthorizationCodeGrantError: the token endpoint refused the code (`invalid_grant`: the code was used already, expired, or the redirect_uri or PKCE verifier differs; `invalid_client`: wrong `AUTH0_CLIENT_SECRET`)",
		explainedBy: redirectRules,
		fix:         "check `AUTH0_CLIENT_SECRET` and `APP_BASE_URL` (the redirect_uri) and that the callback is not replayed by a cache",
		ref:         "https://github.com/auth0/nextjs-auth0/blob/v4.13.0/src/errors/index.ts",
	}},
	{text: "An error occurred while preparing or performing the authorization code grant request.", authErrorMeaning: authErrorMeaning{
		sev:     High,
		meaning: "AuthorizationCodeGrantRequestError: the token request could not be made (network failure to the tenant, or invalid client authentication settings)",
		fix:     "check that the server reaches `AUTH0_DOMAIN` and the client authentication settings",
		ref:     "https://github.com/auth0/nextjs-auth0/blob/v4.13.0/src/errors/index.ts",
	}},
	{text: "Discovery failed for the OpenID Connect configuration.", authErrorMeaning: authErrorMeaning{
		sev:     High,
		meaning: "DiscoveryError: the server could not fetch the tenant's OpenID configuration (a wrong `AUTH0_DOMAIN`, or no outbound network)",
		fix:     "check `AUTH0_DOMAIN` and that the server can reach `https://<domain>/.well-known/openid-configuration`",
		ref:     "https://github.com/auth0/nextjs-auth0/blob/v4.13.0/src/errors/index.ts",
	}},
}

// v3Meaning explains the CAUSE of a nextjs-auth0 v3 handler error
// (src/auth0-session/utils/errors.ts@v3.5.0).
func v3Meaning(cause string) authErrorMeaning {
	ref := "https://github.com/auth0/nextjs-auth0/blob/v3.5.0/src/auth0-session/utils/errors.ts"
	switch {
	case strings.HasPrefix(cause, "Missing state cookie from login request"):
		return authErrorMeaning{sev: High, ref: ref,
			meaning:     "MissingStateCookieError: the callback arrived without the `auth_verification` cookie the login set",
			explainedBy: txnRules,
			fix:         "make the `auth_verification` cookie reach the callback: same host as the login (`AUTH0_BASE_URL`), SameSite suited to the response mode, forwarded by the CDN"}
	case strings.HasPrefix(cause, "Missing state parameter"):
		return authErrorMeaning{sev: High, ref: ref, meaning: "MissingStateParamError: the callback URL has no `state`", fix: "make sure the identity provider redirects to the callback with its query intact"}
	case strings.HasPrefix(cause, "Your state cookie is not valid JSON"):
		return authErrorMeaning{sev: High, ref: ref, meaning: "MalformedStateCookieError: the `auth_verification` cookie was altered or cut", fix: "check that no proxy rewrites cookies and that the cookie is not truncated"}
	}
	return authErrorMeaning{sev: High, ref: ref, meaning: "the callback handler failed; the CAUSE is the underlying error (from the identity provider or the ID token checks)", fix: "act on the CAUSE quoted here"}
}

package rules

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/auth"
	"github.com/authlint/authlint/redact"
	"github.com/authlint/authlint/token"
)

// BearerTokenRejected finds APIs that rejected a JWT bearer token, and names
// from the token's claims what is wrong with it.
var BearerTokenRejected = &Rule{
	ID:       "bearer-token-rejected",
	Category: CategoryConfig,
	Severity: High,
	Title:    "an API rejected the bearer token the app sent",
	Doc: `Fires when a request sent ` + "`Authorization: Bearer <JWT>`" + ` and got a 401 or 403 that
says the token is wrong: ` + "`WWW-Authenticate: Bearer error=\"invalid_token\"`" + ` or
` + "`error=\"insufficient_scope\"`" + ` (RFC 6750 §3), or a JSON error body with the same
` + "`error`" + ` (or ` + "`code`" + `), or the messages of the ` + "`jsonwebtoken`" + ` package (` + "`jwt expired`" + `,
` + "`jwt audience invalid. expected: ...`" + `, ` + "`jwt issuer invalid. expected: ...`" + `). The app then
shows the user as signed out or broken although the login worked.

The token is decoded without a key (its signature is not checked) and the rule
names what is wrong, in this order: an ID token sent as an access token (its
` + "`aud`" + ` is the ` + "`client_id`" + ` of the flow's authorization request, or it has ` + "`nonce`" + ` or
` + "`at_hash`" + ` and no ` + "`scope`" + `); ` + "`exp`" + ` passed (at the response's ` + "`Date`" + `, else the request's
start); a scope the error names (the ` + "`scope`" + ` auth-param) missing from the token's
` + "`scope`" + ` or ` + "`scp`" + `; an ` + "`aud`" + ` that is not the API (the audience the error description
expects; else, when every ` + "`aud`" + ` is a URL, the API's host; a token whose only
audience is the provider's ` + "`/userinfo`" + ` was requested without an audience); an ` + "`iss`" + ` that is none of the
providers the flow used (authorization requests and token endpoints in the same
HAR). When no claim explains the rejection, the finding says so (the signature
or key is then the likely cause).

Stays silent for a 401 that asks for a token rather than rejecting one (no
` + "`Authorization`" + ` header, or ` + "`WWW-Authenticate: Bearer realm=\"api\"`" + ` without ` + "`error`" + `, RFC 6750
§3.1), for opaque or encrypted tokens (nothing to read), and for Basic or other
schemes.

Severity: high when a claim explains the rejection; low when none does.`,
	Fix:   "Request an access token for the API: nextjs-auth0 v4 `new Auth0Client({ authorizationParameters: { audience, scope } })`, nextjs-auth0 v3 `AUTH0_AUDIENCE` and `AUTH0_SCOPE`, NextAuth/Auth.js the provider's `authorization: { params: { audience, scope } }`; send the access token, never the ID token; refresh it before `exp`.",
	Since: "0.1.0",
	Needs: NeedsCredentials,
	Start: func(*Pass) Checker { return &bearerRejected{clients: map[string]bool{}, issuers: map[string]bool{}} },
}

// Caps on the rule's state.
const (
	maxBearerPending = 64
	maxFlowHosts     = 32
)

// bearerRejected keeps the rejections until the end of the input, when the
// flow (client ids, providers, library) is known.
type bearerRejected struct {
	pending []bearerRejection
	// clients are the client_id values of the flow's authorization
	// requests; issuers the hosts of its authorization requests and token
	// endpoints.
	clients map[string]bool
	issuers map[string]bool
	lib     auth.Library
}

// bearerRejection is one rejected JWT, with what is needed to diagnose it.
type bearerRejection struct {
	ref      EntryRef
	fp       string // the API's host, for the fingerprint
	api      webOrigin
	token    token.Token
	raw      string // the token, for redaction in evidence
	rejected tokenError
	at       time.Time // the response's Date, else the request's start
	atFrom   string
	evidence []Evidence
}

// tokenError is what the API said about the token.
type tokenError struct {
	code        string // "invalid_token", "insufficient_scope", or "" for a jsonwebtoken message
	description string
	scope       []string // the scope auth-param
	source      string   // "www-authenticate" or "body"
}

func (c *bearerRejected) Visit(p *Pass, x *Exchange) {
	c.learnFlow(x)
	st := x.Status()
	if st != 401 && st != 403 {
		return
	}
	scheme, raw, _ := strings.Cut(strings.TrimSpace(x.Authorization), " ")
	raw = strings.TrimSpace(raw)
	if !strings.EqualFold(scheme, "bearer") || raw == "" || x.URL == nil {
		return
	}
	t := token.Inspect("", raw)
	if t.Format != token.JWS || t.Claims == nil {
		return // opaque or encrypted: no claims to read
	}
	te, ev, ok := rejectionOf(p, x)
	if !ok {
		return
	}
	at, from := x.Started, "the request's start"
	if d, err := http.ParseTime(x.ResponseHeader("Date")); err == nil {
		at, from = d, "the response's Date"
	}
	ev = append([]Evidence{{Entry: x.Index, Where: "request header", Name: "authorization", Value: "Bearer " + p.Secret(raw)}}, ev...)
	if len(c.pending) < maxBearerPending {
		c.pending = append(c.pending, bearerRejection{
			ref: p.Ref(x, "API rejected the bearer token"), fp: x.Host(), api: originOf(x.URL),
			token: t, raw: raw, rejected: te, at: at, atFrom: from, evidence: ev,
		})
	}
}

// learnFlow records the client ids and providers of the flow and the auth
// library in use.
func (c *bearerRejected) learnFlow(x *Exchange) {
	if c.lib == auth.LibraryUnknown {
		c.lib = bearerLibrary(x)
	}
	if x.URL == nil {
		return
	}
	if isAuthzRequest(x.URL) || x.Route.Kind == auth.RouteAuthorize && x.URL.Query().Get("client_id") != "" {
		if id := x.URL.Query().Get("client_id"); id != "" && len(c.clients) < maxFlowHosts {
			c.clients[id] = true
		}
		if len(c.issuers) < maxFlowHosts {
			c.issuers[x.Host()] = true
		}
		return
	}
	if strings.EqualFold(x.Request.Method, "POST") && tokenEndpoint(x) && len(c.issuers) < maxFlowHosts {
		c.issuers[x.Host()] = true
	}
}

// tokenEndpoint reports whether x is a request to an OAuth token endpoint:
// a form body with a grant_type (RFC 6749 §4.1.3).
func tokenEndpoint(x *Exchange) bool {
	pd := x.Request.PostData
	if pd == nil {
		return false
	}
	for _, nv := range pd.Params {
		if nv.Name == "grant_type" && nv.Value != "" {
			return true
		}
	}
	if !strings.Contains(strings.ToLower(pd.MimeType), "x-www-form-urlencoded") {
		return false
	}
	q, err := url.ParseQuery(pd.Text)
	return err == nil && q.Get("grant_type") != ""
}

// bearerLibrary returns the auth library x shows (its route or cookies),
// among those whose audience setting the fix names.
func bearerLibrary(x *Exchange) auth.Library {
	known := func(l auth.Library) bool {
		switch l {
		case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5, auth.LibraryNextjsAuth0V3, auth.LibraryNextjsAuth0V4:
			return true
		}
		return false
	}
	if x.Route.Kind != auth.RouteUnknown && known(x.Route.Library) {
		return x.Route.Library
	}
	for _, ck := range x.Cookies {
		if ck.Known && known(ck.Info.Library) {
			return ck.Info.Library
		}
	}
	for _, sc := range x.SetCookies {
		if sc.Known && known(sc.Info.Library) {
			return sc.Info.Library
		}
	}
	return auth.LibraryUnknown
}

// rejectionOf reads the API's verdict on the token from the
// WWW-Authenticate header (RFC 6750 §3), else from a JSON error body.
func rejectionOf(p *Pass, x *Exchange) (tokenError, []Evidence, bool) {
	for _, v := range x.Response.Headers.Values("WWW-Authenticate") {
		params, ok := bearerChallenge(v)
		if !ok {
			continue
		}
		code := params["error"]
		if code != "invalid_token" && code != "insufficient_scope" {
			continue // RFC 6750 §3.1: no error code when the request had no token
		}
		te := tokenError{code: code, description: params["error_description"], source: "www-authenticate"}
		te.scope = strings.Fields(params["scope"])
		return te, []Evidence{p.Header(x, "response header", "WWW-Authenticate", redactWords(p, v))}, true
	}
	if te, ok := jsonTokenError(responseText(x, 4096)); ok {
		return te, []Evidence{{Entry: x.Index, Where: "body", Name: "error", Value: redactWords(p, te.quoted())}}, true
	}
	return tokenError{}, nil, false
}

// quoted renders the error for evidence: code, then description.
func (te tokenError) quoted() string {
	switch {
	case te.code == "":
		return te.description
	case te.description == "":
		return te.code
	}
	return te.code + ": " + te.description
}

// jwtMessages are the messages of the jsonwebtoken package that name a
// claim (auth0/node-jsonwebtoken verify.js@v9.0.2: "jwt expired",
// "jwt audience invalid. expected: " + audiences.join(" or "), "jwt issuer
// invalid. expected: " + options.issuer; releases before 8 printed the
// token's own aud and iss after "expected:").
var jwtMessages = []string{"jwt expired", "jwt audience invalid", "jwt issuer invalid"}

// jsonTokenError reads a JSON error body: an "error" or "code" of
// invalid_token or insufficient_scope with its description, or a
// jsonwebtoken message in "message", "error", "error_description" or
// "detail".
func jsonTokenError(body string) (tokenError, bool) {
	body = strings.TrimSpace(body)
	if !strings.HasPrefix(body, "{") {
		return tokenError{}, false
	}
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) != nil {
		return tokenError{}, false
	}
	str := func(k string) string { s, _ := m[k].(string); return strings.TrimSpace(s) }
	desc := ""
	for _, k := range []string{"error_description", "message", "detail", "error_message"} {
		if s := str(k); s != "" {
			desc = s
			break
		}
	}
	for _, k := range []string{"error", "code"} {
		if c := strings.ToLower(str(k)); c == "invalid_token" || c == "insufficient_scope" {
			return tokenError{code: c, description: desc, source: "body"}, true
		}
	}
	for _, k := range []string{"message", "error", "error_description", "detail"} {
		s := str(k)
		for _, msg := range jwtMessages {
			if strings.HasPrefix(strings.ToLower(s), msg) {
				return tokenError{description: s, source: "body"}, true
			}
		}
	}
	return tokenError{}, false
}

// bearerChallenge finds the Bearer challenge in a WWW-Authenticate value
// (RFC 9110 §11.6.1: challenges separated by commas, each a scheme and
// auth-params of token or quoted-string values) and returns its
// parameters, names lower-cased.
func bearerChallenge(v string) (map[string]string, bool) {
	s := v
	for s != "" {
		s = strings.TrimLeft(s, " \t,")
		scheme := s
		if i := strings.IndexAny(s, " \t,"); i >= 0 {
			scheme = s[:i]
		}
		if scheme == "" {
			return nil, false
		}
		rest := s[len(scheme):]
		params, after := authParams(rest)
		if strings.EqualFold(scheme, "bearer") {
			return params, true
		}
		if len(after) >= len(s) {
			return nil, false
		}
		s = after
	}
	return nil, false
}

// authParams reads name=value pairs from s until the next challenge (a
// token not followed by '=') and returns them and the rest of s.
func authParams(s string) (map[string]string, string) {
	params := map[string]string{}
	for {
		t := strings.TrimLeft(s, " \t,")
		i := 0
		for i < len(t) && isTokenChar(t[i]) {
			i++
		}
		if i == 0 {
			return params, t
		}
		j := i
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		if j >= len(t) || t[j] != '=' {
			return params, t // the next challenge's scheme (or token68)
		}
		name := strings.ToLower(t[:i])
		j++
		for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
			j++
		}
		var val string
		if j < len(t) && t[j] == '"' {
			var b strings.Builder
			k := j + 1
			for ; k < len(t) && t[k] != '"'; k++ {
				if t[k] == '\\' && k+1 < len(t) {
					k++
				}
				b.WriteByte(t[k])
			}
			val, s = b.String(), t[min(k+1, len(t)):]
		} else {
			k := j
			for k < len(t) && t[k] != ',' {
				k++
			}
			val, s = strings.TrimSpace(t[j:k]), t[k:]
		}
		if _, dup := params[name]; !dup {
			params[name] = val
		}
	}
}

// isTokenChar reports whether b may appear in an HTTP token (RFC 9110 §5.6.2).
func isTokenChar(b byte) bool {
	switch {
	case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// redactWords replaces, in a provider's or API's text, the words that look
// like tokens (a JWT, or 32 or more base64url characters) with their
// fingerprint; the rest is an explanation meant to be read.
func redactWords(p *Pass, s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '"' || r == '\'' || r == ',' || r == '=' || r == ':' || r == '(' || r == ')'
	})
	for _, w := range fields {
		if redact.LooksLikeJWT(w) || longOpaque(w) {
			s = strings.ReplaceAll(s, w, p.Secret(w))
		}
	}
	return s
}

// longOpaque reports whether w is 32 or more base64url characters with
// digits and letters, the shape of a secret rather than a word or a URL.
func longOpaque(w string) bool {
	if len(w) < 32 {
		return false
	}
	digit, letter := false, false
	for i := 0; i < len(w); i++ {
		switch b := w[i]; {
		case b >= '0' && b <= '9':
			digit = true
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
			letter = true
		case b == '-' || b == '_':
		default:
			return false
		}
	}
	return digit && letter
}

func (c *bearerRejected) Finish(p *Pass) {
	for _, r := range c.pending {
		c.report(p, r)
	}
}

// tokenProblem is one thing wrong with a rejected token.
type tokenProblem int

const (
	problemIDToken tokenProblem = iota + 1
	problemTokenExpired
	problemScope
	problemAudience
	problemIssuer
)

// diagnosis is what the claims say about a rejected token.
type diagnosis struct {
	kind   tokenProblem
	detail string // completes "the token ..."
	want   string // the audience or scopes the API expects, when known
}

func (c *bearerRejected) report(p *Pass, r bearerRejection) {
	ds := c.diagnose(r)
	said := r.rejected.code
	if said == "" {
		said = redactWords(p, r.rejected.description)
	}
	msg := fmt.Sprintf("the API answered %d %q to a bearer JWT", r.ref.Status, said)
	sev := High
	var fix Fix
	key := r.fp + ":unexplained"
	if len(ds) == 0 {
		sev = Low
		msg += ": its claims (aud, scope, exp, iss) show no reason, so the signature or key is the likely cause (a token from another tenant or environment, or rotated keys)"
		fix = Fix{Message: "check that the API verifies tokens with the keys (JWKS) of the issuer that minted this one and accepts the token's `alg`", Library: libraryName(c.lib)}
	} else {
		parts := make([]string, len(ds))
		for i, d := range ds {
			parts[i] = d.detail
		}
		msg += ": the token " + strings.Join(parts, "; and it ")
		fix = bearerFix(c.lib, ds[0])
		key = fmt.Sprintf("%s:%d", r.fp, ds[0].kind)
	}
	if r.rejected.code != "" && r.rejected.description != "" {
		msg += fmt.Sprintf(" (error_description %q)", redactWords(p, r.rejected.description))
	}
	p.Report(Finding{
		Severity: sev,
		Message:  msg,
		Why:      "the API refuses every call made with this token, so the app shows the user as signed out or fails although the login worked",
		Entries:  []EntryRef{r.ref},
		Evidence: r.evidence,
		Fix:      fix,
		Key:      key,
	})
}

// diagnose names what is wrong with the token, most decisive first.
func (c *bearerRejected) diagnose(r bearerRejection) []diagnosis {
	var ds []diagnosis
	cl := r.token.Claims
	auds := claimStrings(cl["aud"])
	scopes := append(claimStrings(cl["scope"]), claimStrings(cl["scp"])...)
	if len(scopes) == 1 {
		scopes = strings.Fields(scopes[0])
	}
	_, hasScope := cl["scope"]
	_, hasScp := cl["scp"]
	_, nonce := cl["nonce"]
	_, atHash := cl["at_hash"]
	typ, _ := r.token.Header["typ"].(string)
	accessTyped := strings.EqualFold(typ, "at+jwt") || strings.EqualFold(typ, "application/at+jwt")
	idToken := false
	if !accessTyped {
		for _, a := range auds {
			if c.clients[a] {
				idToken = true
				ds = append(ds, diagnosis{kind: problemIDToken, detail: fmt.Sprintf("is an ID token: its aud %q is the client_id of the flow's authorization request", a)})
				break
			}
		}
		if !idToken && (nonce || atHash) && !hasScope && !hasScp {
			idToken = true
			ds = append(ds, diagnosis{kind: problemIDToken, detail: "is an ID token: it has " + idClaims(nonce, atHash) + " and no scope"})
		}
	}
	if r.token.HasExp && !r.token.Exp.After(r.at) {
		ds = append(ds, diagnosis{kind: problemTokenExpired, detail: fmt.Sprintf("expired at %s, %s before %s", utc(r.token.Exp), humanDuration(r.at.Sub(r.token.Exp)), r.atFrom)})
	}
	if len(r.rejected.scope) > 0 {
		var missing []string
		for _, s := range r.rejected.scope {
			if !slices.Contains(scopes, s) {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			have := "no scope"
			if len(scopes) > 0 {
				have = fmt.Sprintf("scope %q", strings.Join(scopes, " "))
			}
			ds = append(ds, diagnosis{kind: problemScope, want: strings.Join(missing, " "), detail: fmt.Sprintf("lacks the scope %q the API requires (it has %s)", strings.Join(missing, " "), have)})
		}
	}
	if idToken {
		return ds // its aud is the client, and its iss is fine: the token is the wrong kind
	}
	if d, ok := audienceProblem(r, auds); ok {
		ds = append(ds, d)
	}
	if iss, _ := cl["iss"].(string); iss != "" && len(c.issuers) > 0 {
		if u, err := url.Parse(iss); err == nil && u.Host != "" && !c.issuers[strings.ToLower(u.Hostname())] {
			ds = append(ds, diagnosis{kind: problemIssuer, detail: fmt.Sprintf("was issued by %q, which is not the provider the login used (%s)", iss, quotedNames(sortedKeys(c.issuers), 3))})
		}
	}
	return ds
}

// audienceProblem says whether the token's aud misses the API: the audience
// the error description expects, else the API's origin.
func audienceProblem(r bearerRejection, auds []string) (diagnosis, bool) {
	norm := func(s string) string { return strings.TrimSuffix(strings.ToLower(s), "/") }
	has := func(want string) bool {
		for _, a := range auds {
			if norm(a) == norm(want) {
				return true
			}
		}
		return false
	}
	got := "no aud"
	if len(auds) > 0 {
		got = fmt.Sprintf("aud %q", strings.Join(auds, " "))
	}
	if want, ok := expectedAudience(r.rejected.description); ok && !has(want) {
		return diagnosis{kind: problemAudience, want: want, detail: fmt.Sprintf("has %s, not the audience %q the API expects", got, want)}, true
	}
	if len(auds) == 1 {
		if u, err := url.Parse(auds[0]); err == nil && u.Host != "" && strings.TrimSuffix(u.Path, "/") == "/userinfo" {
			return diagnosis{kind: problemAudience, want: apiIdentifier(r.api), detail: fmt.Sprintf("has only the provider's userinfo endpoint as audience (%s): the login requested no audience, so the token is for the provider, not the API", got)}, true
		}
	}
	described := audienceDescribed(r.rejected.description)
	if len(auds) == 0 && !described {
		return diagnosis{}, false
	}
	for _, a := range auds {
		u, err := url.Parse(a)
		if err != nil || u.Host == "" {
			if described {
				continue
			}
			// An identifier that is not a URL ("urn:orders", "my-api")
			// cannot be compared with the API's origin.
			return diagnosis{}, false
		}
		if strings.EqualFold(u.Hostname(), r.api.host) {
			return diagnosis{}, false
		}
	}
	return diagnosis{kind: problemAudience, want: apiIdentifier(r.api), detail: fmt.Sprintf("has %s, which does not name the API at %s", got, r.api)}, true
}

// apiIdentifier is the placeholder for an API's audience when only its
// origin is known: the identifier is what the API is registered as at the
// provider, which is often, not always, its URL.
func apiIdentifier(api webOrigin) string {
	return "<the API's identifier at the provider, such as " + api.String() + ">"
}

// expectedAudience reads the audience an error description expects:
// jsonwebtoken's "jwt audience invalid. expected: X" (several joined with
// " or ": the first is taken).
func expectedAudience(desc string) (string, bool) {
	low := strings.ToLower(desc)
	if !strings.Contains(low, "aud") {
		return "", false
	}
	i := strings.Index(low, "expected:")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimSpace(desc[i+len("expected:"):])
	rest, _, _ = strings.Cut(rest, " or ")
	rest = strings.Trim(strings.TrimSpace(rest), `"'.,`)
	if rest == "" {
		return "", false
	}
	return strings.Fields(rest)[0], true
}

// audienceDescribed reports whether an error description is about the
// audience ("aud", "audience").
func audienceDescribed(desc string) bool {
	low := strings.ToLower(desc)
	return strings.Contains(low, "audience") || strings.Contains(low, "'aud'") || strings.Contains(low, `"aud"`) || strings.Contains(low, " aud ")
}

// idClaims names the ID-token claims present.
func idClaims(nonce, atHash bool) string {
	switch {
	case nonce && atHash:
		return "nonce and at_hash"
	case nonce:
		return "nonce"
	}
	return "at_hash"
}

// claimStrings returns a string or array-of-strings claim as a list.
func claimStrings(v any) []string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// bearerFix is the fix for the first problem found, for the library in use.
// Settings checked in the libraries' source:
//   - nextjs-auth0 v4: Auth0ClientOptions.authorizationParameters
//     ({ audience, scope }; src/server/client.ts@v4.13.0, type in
//     src/types/authorize.ts; v4 reads no AUTH0_AUDIENCE variable), and
//     getAccessToken() refreshes an expired access token with the refresh
//     token (scope offline_access; the getAccessToken doc comment there:
//     "will cause the access token to be refreshed, if it is expired").
//   - nextjs-auth0 v3: AUTH0_AUDIENCE and AUTH0_SCOPE become
//     authorizationParams.audience and .scope (src/config.ts@v3.5.0);
//     getAccessToken() refreshes an expired token when the session has a
//     refresh token (src/session/get-access-token.ts@v3.5.0).
//   - NextAuth/Auth.js keep the access token in the jwt callback and
//     refresh it there past expires_at (docs/pages/guides/
//     refresh-token-rotation.mdx in nextauthjs/next-auth at a1a16a5).
//   - NextAuth v4 and Auth.js: the provider's authorization.params, merged
//     into the authorization URL (next-auth@4.24.11
//     packages/next-auth/src/providers/oauth.ts `authorization?: string |
//     AuthorizationEndpointHandler`; @auth/core@0.41.1
//     packages/core/src/lib/actions/signin/authorization-url.ts
//     `...provider.authorization?.params`).
func bearerFix(lib auth.Library, d diagnosis) Fix {
	want := d.want
	if want == "" {
		want = "<API identifier>"
	}
	f := Fix{Library: libraryName(lib)}
	switch d.kind {
	case problemIDToken:
		switch lib {
		case auth.LibraryNextjsAuth0V4:
			f.Message = "send the access token from `await auth0.getAccessToken()` (its `token`), not `session.tokenSet.idToken`, and request it for the API with `authorizationParameters: { audience }` in `new Auth0Client()`"
		case auth.LibraryNextjsAuth0V3:
			f.Message = "send the access token from `getAccessToken()`, not `session.idToken`, and request it for the API with `AUTH0_AUDIENCE`"
		case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
			f.Message = "keep `account.access_token` (not `account.id_token`) in the `jwt` callback and send that, requested for the API with the provider's `authorization: { params: { audience } }`"
		default:
			f.Message = "send the access token of the token response (`access_token`), not the `id_token`, and request it for the API's audience"
		}
	case problemTokenExpired:
		switch lib {
		case auth.LibraryNextjsAuth0V4:
			f.Message = "get the token with `await auth0.getAccessToken()` before each API call (it refreshes an expired access token; add `offline_access` to `authorizationParameters.scope` for a refresh token) instead of reusing a stored token"
		case auth.LibraryNextjsAuth0V3:
			f.Message = "get the token with `getAccessToken()` before each API call (it refreshes an expired access token when the session has a refresh token: add `offline_access` to `AUTH0_SCOPE`)"
		case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
			f.Message = "refresh the access token in the `jwt` callback when `expires_at` has passed (request `offline_access` for a refresh token) instead of sending the one stored at login"
		default:
			f.Message = "refresh the access token before its `exp` (with the refresh token) instead of sending the one obtained at login"
		}
	case problemScope:
		switch lib {
		case auth.LibraryNextjsAuth0V4:
			f.Message = fmt.Sprintf("add %q to `authorizationParameters.scope` in `new Auth0Client()` (and grant it to the application for the API), then sign in again", want)
		case auth.LibraryNextjsAuth0V3:
			f.Message = fmt.Sprintf("add %q to `AUTH0_SCOPE` (and grant it to the application for the API), then sign in again", want)
		case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
			f.Message = fmt.Sprintf("add %q to the provider's `authorization: { params: { scope } }` (and grant it to the client), then sign in again", want)
		default:
			f.Message = fmt.Sprintf("request the scope %q in the authorization request and grant it to the client for the API", want)
		}
	case problemAudience:
		switch lib {
		case auth.LibraryNextjsAuth0V4:
			f.Message = fmt.Sprintf("set `authorizationParameters: { audience: %q }` in `new Auth0Client()` (nextjs-auth0 v4 reads no AUTH0_AUDIENCE variable), then sign in again", want)
		case auth.LibraryNextjsAuth0V3:
			f.Message = fmt.Sprintf("set `AUTH0_AUDIENCE=%s`, then sign in again", want)
		case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
			f.Message = fmt.Sprintf("set the provider's `authorization: { params: { audience: %q } }`, then sign in again", want)
		default:
			f.Message = fmt.Sprintf("request the access token for the API's audience (%q) in the authorization request", want)
		}
	case problemIssuer:
		switch lib {
		case auth.LibraryNextjsAuth0V4:
			f.Message = "point the app and the API at the same tenant: `AUTH0_DOMAIN` in the app, the issuer the API accepts"
		case auth.LibraryNextjsAuth0V3:
			f.Message = "point the app and the API at the same tenant: `AUTH0_ISSUER_BASE_URL` in the app, the issuer the API accepts"
		case auth.LibraryNextAuthV4, auth.LibraryAuthJSV5:
			f.Message = "point the app and the API at the same provider: the provider's `issuer` in the app, the issuer the API accepts"
		default:
			f.Message = "make the API accept the issuer that signs the app's tokens, or sign the app in with the provider the API trusts"
		}
	}
	return f
}
